import type { FastifyInstance } from 'fastify';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { platformArea, policy } from '../../http/policy.ts';
import { exportShopStatement, listWithdrawals, platformFinance, recentSettlements, shopFinanceSummary, shopStatement, walletView } from './finance.queries.ts';
import { getAttempt, queryAttempt, receiveNotification, startPayment, startTopUp, type PaymentDeps } from './payments.service.ts';
import { getPaymentSettings, setShopPayee, updatePaymentSettings } from './payments.settings.ts';
import { listReconciliations, reconcileDay } from './reconciliation.service.ts';
import { decideWithdrawal, requestWithdrawal, settleDue } from './settlement.service.ts';
import { paymentOrderView } from './payments.queries.ts';

const id = z.string().min(1).max(64);
const fenAmount = z.number().int().min(1).max(100_000_000);
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const channel = z.enum(['page', 'wap', 'native', 'jsapi']).default('page');
const shopParams = z.object({ shopId: id }).strict();

export function paymentDeps(ctx: AppContext): PaymentDeps {
  return { db: ctx.db, clock: ctx.clock, timers: ctx.config.orders, gateways: ctx.payments };
}

/** Provider notifications: the raw body is what the signature covers, so it is kept as text. */
function notifyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    app.post<{ Params: { provider: string }; Body: string }>('/api/payments/notify/:provider', {
      config: { policy: policy.public() },
      schema: { tags: ['payments'], summary: 'Asynchronous payment / refund notification from a provider (verified, idempotent)' },
      handler: async (request, reply) => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v]));
        const ack = await receiveNotification(paymentDeps(ctx), request.params.provider, {
          headers,
          rawBody: typeof request.body === 'string' ? request.body : '',
          ip: request.ip,
        });
        return reply.code(ack.status).type(ack.contentType).send(ack.body);
      },
    });
  };
}

/** 收银台, wallet, merchant finance and platform finance. */
export function paymentsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(notifyRoutes(ctx));
    const r = app.withTypeProvider<ZodTypeProvider>();
    const deps = paymentDeps(ctx);

    r.get('/api/payments/:paymentOrderId', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['payments'], summary: 'The cashier: amount, deadline, orders, methods, balance', params: z.object({ paymentOrderId: id }).strict() },
      handler: async (request) => paymentOrderView(ctx.db, ctx.clock, ctx.payments, request.params.paymentOrderId, request.auth!.userId),
    });

    r.post('/api/payments/:paymentOrderId/pay', {
      config: { policy: policy.signedIn(), idempotency: 'required' },
      schema: {
        tags: ['payments'],
        summary: 'Pay with one method: an online provider (returns where to go), balance (paid at once) or cash on delivery',
        params: z.object({ paymentOrderId: id }).strict(),
        body: z.object({ method: z.enum(['sandbox', 'alipay', 'wechatpay', 'balance', 'cod']), channel }).strict(),
      },
      handler: async (request, reply) => {
        const key = request.headers['idempotency-key'] as string;
        const result = await startPayment(deps, request.auth!.userId, request.params.paymentOrderId, request.body, key, request.ip);
        return reply.code(result.replayed ? 200 : 201).send(result);
      },
    });

    r.get('/api/payments/attempts/:attemptId', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: ['payments'],
        summary: "A payment's status; with refresh=1 an unpaid one is first checked with the provider (主动查单) — the return URL alone proves nothing",
        params: z.object({ attemptId: id }).strict(),
        querystring: z.object({ refresh: z.enum(['0', '1']).default('0') }).strict(),
      },
      handler: async (request) => {
        const userId = request.auth!.userId;
        let attempt = await getAttempt(ctx.db, request.params.attemptId, userId);
        if (attempt.status === 'created' && request.query.refresh === '1') {
          await queryAttempt(deps, attempt.id).catch((error: unknown) => request.log.warn({ err: error }, 'active query failed'));
          attempt = await getAttempt(ctx.db, attempt.id, userId);
        }
        return { id: attempt.id, purpose: attempt.purpose, paymentOrderId: attempt.payment_order_id, method: attempt.provider, status: attempt.status, amountFen: attempt.amount_fen };
      },
    });

    r.get('/api/me/wallet', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['payments'], summary: 'My balance (余额) and its history', querystring: z.object(page).strict() },
      handler: async (request) => walletView(ctx.db, request.auth!.userId, request.query.page, request.query.pageSize),
    });

    r.post('/api/me/wallet/topups', {
      config: { policy: policy.signedIn(), idempotency: 'required' },
      schema: {
        tags: ['payments'],
        summary: 'Top up the balance through an online provider',
        body: z.object({ amountFen: z.number().int().min(100).max(5_000_000), method: z.enum(['sandbox', 'alipay', 'wechatpay']), channel }).strict(),
      },
      handler: async (request, reply) => {
        const result = await startTopUp(deps, request.auth!.userId, request.body.amountFen, request.body, request.headers['idempotency-key'] as string);
        return reply.code(result.replayed ? 200 : 201).send(result);
      },
    });

    // --- merchant finance ---------------------------------------------------------------------

    r.get('/api/seller/shops/:shopId/finance', {
      config: { policy: policy.shop(['finance']) },
      schema: { tags: ['seller'], summary: 'Held, due, available, paid out, commission', params: shopParams },
      handler: async (request) => ({ ...(await shopFinanceSummary(ctx.db, request.params.shopId)), settings: await getPaymentSettings(ctx.db) }),
    });

    r.get('/api/seller/shops/:shopId/finance/statement', {
      config: { policy: policy.shop(['finance']) },
      schema: {
        tags: ['seller'],
        summary: 'Statement: one row per paid order',
        params: shopParams,
        querystring: z.object({ status: z.enum(['held', 'due', 'settled', 'refunded']).optional(), ...page }).strict(),
      },
      handler: async (request) => shopStatement(ctx.db, request.params.shopId, request.query),
    });

    r.get('/api/seller/shops/:shopId/finance/statement.xlsx', {
      config: { policy: policy.shop(['finance']) },
      schema: { tags: ['seller'], summary: 'The statement as .xlsx', params: shopParams },
      handler: async (request, reply) => sendXlsx(reply, `statement-${request.params.shopId}.xlsx`, await exportShopStatement(ctx.db, request.params.shopId)),
    });

    r.get('/api/seller/shops/:shopId/withdrawals', {
      config: { policy: policy.shop(['finance']) },
      schema: { tags: ['seller'], summary: "The shop's withdrawals", params: shopParams, querystring: z.object(page).strict() },
      handler: async (request) => listWithdrawals(ctx.db, { shopId: request.params.shopId, ...request.query }),
    });

    r.post('/api/seller/shops/:shopId/withdrawals', {
      config: { policy: policy.shop(['finance']), idempotency: 'required' },
      schema: {
        tags: ['seller'],
        summary: 'Request a withdrawal from the available balance (the platform approves it)',
        params: shopParams,
        body: z.object({ amountFen: fenAmount, accountNote: z.string().trim().min(2).max(200) }).strict(),
      },
      handler: async (request, reply) => {
        const withdrawalId = await ctx.db.transaction().execute((trx) =>
          requestWithdrawal(trx, ctx.clock, request.params.shopId, request.auth!.userId, request.body.amountFen, request.body.accountNote),
        );
        return reply.code(201).send({ id: withdrawalId });
      },
    });

    // --- platform finance ---------------------------------------------------------------------

    r.get('/api/admin/finance', {
      config: { policy: platformArea.finance },
      schema: { tags: ['admin'], summary: 'Held funds per shop, commission, settlements due, refunds needing attention, withdrawals, reconciliation' },
      handler: async () => ({ ...(await platformFinance(ctx.db)), recentSettlements: await recentSettlements(ctx.db) }),
    });

    r.put('/api/admin/finance/settings', {
      config: { policy: platformArea.finance },
      schema: {
        tags: ['admin'],
        summary: 'Settlement mode and T+N days (commission rates are set per category in the taxonomy)',
        body: z.object({ mode: z.enum(['marketplace', 'platform_collect']).optional(), settlementDays: z.number().int().min(0).max(90).optional() }).strict(),
      },
      handler: async (request) => updatePaymentSettings(ctx.db, ctx.clock, request.body),
    });

    r.put('/api/admin/shops/:shopId/payee', {
      config: { policy: platformArea.finance },
      schema: {
        tags: ['admin'],
        summary: "The shop's sub-merchant id at the payment provider (marketplace mode: WeChat sub_mchid / Alipay smid)",
        params: shopParams,
        body: z.object({ subMerchantId: z.string().trim().regex(/^[A-Za-z0-9_-]{4,64}$/) }).strict(),
      },
      handler: async (request) => {
        const shop = await ctx.db.selectFrom('shop').select('id').where('id', '=', request.params.shopId).executeTakeFirst();
        if (!shop) throw new AppError('SHOP_NOT_FOUND');
        await setShopPayee(ctx.db, ctx.clock, shop.id, request.body.subMerchantId);
        return { shopId: shop.id, subMerchantId: request.body.subMerchantId };
      },
    });

    r.post('/api/admin/finance/withdrawals/:withdrawalId/decide', {
      config: { policy: platformArea.finance, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Approve (pay out) or reject a withdrawal', params: z.object({ withdrawalId: id }).strict(), body: z.object({ approve: z.boolean(), note: z.string().trim().max(200).default('') }).strict() },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) =>
          decideWithdrawal(trx, ctx.clock, request.params.withdrawalId, request.body.approve, request.auth!.userId, request.body.note, ctx.payments.names[0] ?? 'sandbox'),
        );
        return { id: request.params.withdrawalId, status: request.body.approve ? 'approved' : 'rejected' };
      },
    });

    r.post('/api/admin/finance/settle-due', {
      config: { policy: platformArea.finance },
      schema: { tags: ['admin'], summary: 'Settle what is due now (the hourly job does the same)' },
      handler: async () => ctx.db.transaction().execute((trx) => settleDue(trx, ctx.clock)),
    });

    r.get('/api/admin/finance/reconciliations', {
      config: { policy: platformArea.finance },
      schema: { tags: ['admin'], summary: 'Daily reconciliation reports (provider bill vs ledger)' },
      handler: async () => listReconciliations(ctx.db),
    });

    r.post('/api/admin/finance/reconciliations', {
      config: { policy: platformArea.finance },
      schema: {
        tags: ['admin'],
        summary: "Reconcile one provider's bill for one China date now",
        body: z.object({ provider: z.enum(['sandbox', 'alipay', 'wechatpay']), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
      },
      handler: async (request) => {
        if (!ctx.payments.has(request.body.provider)) throw new AppError('PAYMENT_METHOD_UNAVAILABLE', { method: request.body.provider });
        return reconcileDay(deps, request.body.provider, request.body.date);
      },
    });
  };
}
