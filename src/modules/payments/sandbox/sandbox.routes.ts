import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { AppError } from '../../../http/errors.ts';
import { policy } from '../../../http/policy.ts';
import {
  billCsv,
  closeTrade,
  createTrade,
  dailyBill,
  effectiveStatus,
  GatewayError,
  getTradeById,
  payTrade,
  profitShare,
  queryRefund,
  queryTrade,
  refundTrade,
  resolveApp,
  setSandboxFaults,
  subOrdersOf,
  tradeView,
  type GatewayApp,
  type SandboxFaults,
} from './sandbox.gateway.ts';
import { bindSandboxGateway, sandboxGatewayBound, unbindSandboxGateway, type SandboxRuntime } from './sandbox.notify.ts';
import { renderPayPage, renderResultPage } from './sandbox.pages.ts';
import {
  fetchTransport,
  GATEWAY_API_PREFIX,
  HEADER,
  hmacHex,
  injectTransport,
  PAY_PAGE_PREFIX,
  requestMessage,
  sandboxConfigFromEnv,
  signaturesEqual,
  signedHeaders,
  withinWindow,
  type SandboxConfig,
  type SandboxTransport,
} from './sandbox.protocol.ts';

export interface SandboxGatewayOptions {
  /** The merchant app the gateway knows without a `sandbox_app` row; default from the environment. */
  config?: SandboxConfig;
  /** How notifications reach notify URLs; default: fetch while the app listens on a port, else app.inject. */
  notifyTransport?: SandboxTransport;
}

/**
 * The built-in sandbox payment gateway, mounted in the mall's process but behaving as a third party:
 * the signed merchant API under /sandbox-gateway/api, the hosted pay page under /sandbox-pay, and
 * how its asynchronous notifications reach notify URLs (see sandbox.notify.ts).
 */
export function sandboxGatewayRoutes(ctx: AppContext, options: SandboxGatewayOptions = {}) {
  return async (app: FastifyInstance) => {
    const config = options.config ?? sandboxConfigFromEnv(process.env);
    const viaFetch = fetchTransport();
    const viaInject = injectTransport(app);
    const runtime: SandboxRuntime = {
      config,
      transport: options.notifyTransport ?? { request: (...args) => (app.server.listening ? viaFetch : viaInject).request(...args) },
    };
    // Bound now if nothing is (a job worker may start before the app is ready), and when this app is
    // ready: of several apps built on one context, the last one that started delivers.
    if (!sandboxGatewayBound(ctx.jobs)) bindSandboxGateway(ctx.jobs, runtime);
    app.addHook('onReady', async () => bindSandboxGateway(ctx.jobs, runtime));
    app.addHook('onClose', async () => unbindSandboxGateway(ctx.jobs, runtime));
    await app.register(gatewayApi(ctx, config));
    await app.register(payPages(ctx, config));
  };
}

// --- the merchant API -------------------------------------------------------------------------------

const outNo = z.string().regex(/^[A-Za-z0-9_\-.|]{1,64}$/, '1–64 letters, digits or _-.|');
const subMchId = z.string().min(1).max(64);
const fen = z.number().int().min(1).max(100_000_000_000);

const createBody = z
  .object({
    out_trade_no: outNo,
    amount: fen,
    subject: z.string().min(1).max(128),
    channel: z.enum(['page', 'wap', 'native', 'jsapi']),
    notify_url: z.string().min(1).max(512),
    return_url: z.string().min(1).max(512),
    expires_at: z.string().min(1).max(40),
    client_ip: z.string().max(64).optional(),
    open_id: z.string().max(128).optional(),
    sub_orders: z
      .array(z.object({ sub_mch_id: subMchId, out_sub_trade_no: outNo, amount: fen, description: z.string().min(1).max(128) }).strict())
      .max(50)
      .optional(),
  })
  .strict();
const tradeRef = z.object({ out_trade_no: outNo }).strict();
const refundBody = z
  .object({
    out_trade_no: outNo,
    out_refund_no: outNo,
    amount: fen,
    total: fen,
    reason: z.string().max(80),
    sub_mch_id: subMchId.optional(),
    out_sub_trade_no: outNo.optional(),
    return_from_receivers: fen.optional(),
  })
  .strict();
const refundRef = z.object({ out_trade_no: outNo, out_refund_no: outNo }).strict();
const profitShareBody = z
  .object({
    out_trade_no: outNo,
    trade_no: z.string().max(64).optional(),
    sub_mch_id: subMchId,
    out_sub_trade_no: outNo,
    out_order_no: outNo,
    receivers: z.array(z.object({ account: z.string().min(1).max(64), amount: fen, description: z.string().max(80) }).strict()).max(50),
    finish: z.boolean(),
  })
  .strict();
const billBody = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), format: z.enum(['json', 'csv']).default('json') }).strict();
const faultsBody = z
  .object({
    out_trade_no: z.union([outNo, z.literal('*')]),
    duplicate: z.number().int().min(1).max(10).optional(),
    reorder: z.boolean().optional(),
    delay_ms: z.number().int().min(0).max(86_400_000).optional(),
    never: z.boolean().optional(),
  })
  .strict();

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function gatewayApi(ctx: AppContext, config: SandboxConfig) {
  return async (app: FastifyInstance) => {
    const rawBodies = new WeakMap<FastifyRequest, string>();
    const callers = new WeakMap<FastifyRequest, GatewayApp>();
    const callerOf = (request: FastifyRequest) => callers.get(request)!;

    // Signatures cover the raw bytes, so keep them.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      rawBodies.set(request, text);
      try {
        done(null, text.length === 0 ? undefined : JSON.parse(text));
      } catch {
        done(new GatewayError('INVALID_REQUEST', 'the body is not valid JSON') as unknown as FastifyError, undefined);
      }
    });

    app.addHook('preValidation', async (request) => {
      const appId = headerOf(request, HEADER.appId);
      const timestamp = headerOf(request, HEADER.timestamp);
      const nonce = headerOf(request, HEADER.nonce);
      const signature = headerOf(request, HEADER.signature);
      if (!appId || !timestamp || !nonce || !signature) throw new GatewayError('SIGN_ERROR', 'missing signature headers', 401);
      const caller = await resolveApp(ctx.db, config, appId);
      if (!caller) throw new GatewayError('APP_NOT_FOUND', `unknown app ${appId}`, 401);
      const expected = hmacHex(caller.key, requestMessage(request.method, request.url, timestamp, nonce, rawBodies.get(request) ?? ''));
      if (!signaturesEqual(expected, signature)) throw new GatewayError('SIGN_ERROR', 'the signature does not match', 401);
      if (!withinWindow(timestamp, ctx.clock.now())) throw new GatewayError('TIMESTAMP_EXPIRED', 'the timestamp is more than 5 minutes off', 401);
      callers.set(request, caller);
    });

    // Answers to authenticated callers are signed with their key (never answers to strangers).
    app.addHook('onSend', async (request, reply, payload) => {
      const caller = callers.get(request);
      if (caller && typeof payload === 'string') {
        for (const [name, value] of Object.entries(signedHeaders(caller.key, payload, ctx.clock.now()))) reply.header(name, value);
      }
      return payload;
    });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof GatewayError) return reply.code(error.status).send({ code: error.code, message: error.message });
      if (hasZodFastifySchemaValidationErrors(error)) {
        const detail = error.validation.map((v) => `${v.instancePath.replaceAll('/', '.').replace(/^\./, '') || 'body'}: ${v.message ?? ''}`).join('; ');
        return reply.code(400).send({ code: 'INVALID_REQUEST', message: detail });
      }
      if (error instanceof AppError) return reply.code(error.status).send({ code: error.code, message: error.message });
      if (error.statusCode === 413) return reply.code(413).send({ code: 'INVALID_REQUEST', message: 'the body is too large' });
      if (error.statusCode === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ code: 'INVALID_REQUEST', message: 'send application/json' });
      if (error.statusCode && error.statusCode < 500) return reply.code(400).send({ code: 'INVALID_REQUEST', message: error.message });
      request.log.error({ err: error }, 'sandbox gateway error');
      return reply.code(500).send({ code: 'SYSTEM_ERROR', message: 'the sandbox gateway failed; retry' });
    });

    const r = app.withTypeProvider<ZodTypeProvider>();
    const route = { config: { policy: policy.public() } };
    const P = GATEWAY_API_PREFIX;

    r.post(`${P}/trade/create`, { ...route, schema: { hide: true, body: createBody } }, async (request) => {
      const { trade, subOrders } = await ctx.db.transaction().execute((trx) => createTrade(trx, ctx.clock, callerOf(request), request.body));
      const payPath = `${PAY_PAGE_PREFIX}/${trade.id}`;
      return { ...tradeView(trade, subOrders, ctx.clock.now()), pay_path: payPath, pay_url: `${request.protocol}://${request.host}${payPath}` };
    });

    r.post(`${P}/trade/query`, { ...route, schema: { hide: true, body: tradeRef } }, async (request) => queryTrade(ctx.db, ctx.clock, callerOf(request), request.body.out_trade_no));

    r.post(`${P}/trade/close`, { ...route, schema: { hide: true, body: tradeRef } }, async (request) =>
      ctx.db.transaction().execute((trx) => closeTrade(trx, ctx.clock, callerOf(request), request.body.out_trade_no)),
    );

    r.post(`${P}/refund/create`, { ...route, schema: { hide: true, body: refundBody } }, async (request) =>
      ctx.db.transaction().execute((trx) => refundTrade(trx, ctx.clock, callerOf(request), request.body)),
    );

    r.post(`${P}/refund/query`, { ...route, schema: { hide: true, body: refundRef } }, async (request) =>
      queryRefund(ctx.db, callerOf(request), request.body.out_trade_no, request.body.out_refund_no),
    );

    r.post(`${P}/profit-sharing/create`, { ...route, schema: { hide: true, body: profitShareBody } }, async (request) =>
      ctx.db.transaction().execute((trx) => profitShare(trx, ctx.clock, callerOf(request), request.body)),
    );

    r.post(`${P}/bill/download`, { ...route, schema: { hide: true, body: billBody } }, async (request, reply) => {
      const lines = await dailyBill(ctx.db, callerOf(request), request.body.date);
      if (request.body.format === 'csv') return reply.type('text/csv; charset=utf-8').send(billCsv(request.body.date, lines));
      return { date: request.body.date, rows: lines };
    });

    // Sandbox administration: fault modes for a trade of the calling merchant (or '*' for all of them).
    r.post(`${P}/sandbox/faults`, { ...route, schema: { hide: true, body: faultsBody } }, async (request) => {
      const { out_trade_no, delay_ms, ...rest } = request.body;
      const f = await setSandboxFaults(ctx.db, ctx.clock, { mchId: callerOf(request).mchId, outTradeNo: out_trade_no }, { ...rest, delayMs: delay_ms });
      return { out_trade_no, duplicate: f.duplicate, reorder: f.reorder, delay_ms: f.delayMs, never: f.never };
    });
  };
}

// --- the hosted pay page --------------------------------------------------------------------------

const NOTIFY_MODES: Record<string, SandboxFaults> = {
  normal: {},
  duplicate: { duplicate: 3 },
  reorder: { reorder: true },
  delay: { delayMs: 30_000 },
  never: { never: true },
};

function sendHtml(reply: FastifyReply, status: number, html: string, formTarget?: string) {
  let formAction = "'self'";
  if (formTarget) {
    try {
      formAction += ` ${new URL(formTarget).origin}`;
    } catch {
      /* validated at creation */
    }
  }
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`)
    .send(html);
}

function payPages(ctx: AppContext, config: SandboxConfig) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    const route = { config: { policy: policy.public() }, schema: { hide: true } };
    const tradeNoOf = (request: FastifyRequest) => {
      const tradeNo = (request.params as { tradeNo?: string }).tradeNo ?? '';
      return /^sbt_[0-9a-z]{26}$/.test(tradeNo) ? tradeNo : null;
    };
    const merchantNameOf = async (appId: string) => (await resolveApp(ctx.db, config, appId))?.merchantName ?? appId;

    const notFound = (reply: FastifyReply) =>
      sendHtml(reply, 404, renderResultPage({ icon: '!', title: '交易不存在', message: '找不到这笔交易，请回到商户重新发起支付。' }));
    const unpayable = (reply: FastifyReply, status: 'CLOSED' | 'EXPIRED', returnUrl: string) =>
      sendHtml(
        reply,
        409,
        renderResultPage({
          icon: '!',
          title: status === 'EXPIRED' ? '交易已超时' : '交易已关闭',
          message: status === 'EXPIRED' ? '这笔交易已超过支付时限，不能再支付。请回到商户重新下单。' : '这笔交易已关闭，不能再支付。请回到商户重新发起支付。',
          links: [{ href: returnUrl, label: '返回商户' }],
        }),
      );
    const alreadyPaid = (reply: FastifyReply, returnUrl: string) =>
      sendHtml(reply, 200, renderResultPage({ icon: '✓', title: '订单已支付', message: '这笔交易已经支付成功，无需重复支付。', links: [{ href: returnUrl, label: '返回商户' }] }));

    app.get(`${PAY_PAGE_PREFIX}/:tradeNo`, route, async (request, reply) => {
      const tradeNo = tradeNoOf(request);
      const trade = tradeNo ? await getTradeById(ctx.db, tradeNo) : undefined;
      if (!trade) return notFound(reply);
      const now = ctx.clock.now();
      const status = effectiveStatus(trade, now);
      if (status === 'SUCCESS') return alreadyPaid(reply, trade.return_url);
      if (status === 'CLOSED') return unpayable(reply, trade.status === 'WAIT_PAY' ? 'EXPIRED' : 'CLOSED', trade.return_url);
      const html = renderPayPage({ trade, subOrders: await subOrdersOf(ctx.db, trade.id), merchantName: await merchantNameOf(trade.app_id), now });
      return sendHtml(reply, 200, html, trade.return_url);
    });

    app.post(`${PAY_PAGE_PREFIX}/:tradeNo/pay`, route, async (request, reply) => {
      const tradeNo = tradeNoOf(request);
      if (!tradeNo) return notFound(reply);
      const mode = String((request.body as Record<string, unknown> | undefined)?.notify_mode ?? 'default');
      const outcome = await ctx.db.transaction().execute(async (trx) => {
        const faults = NOTIFY_MODES[mode];
        if (faults) {
          const trade = await trx.selectFrom('sandbox_trade').select(['mch_id', 'out_trade_no', 'status', 'expires_at']).where('id', '=', tradeNo).forUpdate().executeTakeFirst();
          if (trade && effectiveStatus(trade, ctx.clock.now()) === 'WAIT_PAY') {
            await setSandboxFaults(trx, ctx.clock, { mchId: trade.mch_id, outTradeNo: trade.out_trade_no }, faults);
          }
        }
        return payTrade(trx, ctx.clock, tradeNo);
      });
      switch (outcome.kind) {
        case 'not_found':
          return notFound(reply);
        case 'closed':
        case 'expired':
          return unpayable(reply, outcome.kind === 'expired' ? 'EXPIRED' : 'CLOSED', outcome.trade.return_url);
        default:
          // Reaching the return URL proves nothing to the merchant: it waits for the notification or queries.
          return reply.code(303).header('location', outcome.trade.return_url).header('cache-control', 'no-store').send();
      }
    });

    app.post(`${PAY_PAGE_PREFIX}/:tradeNo/fail`, route, async (request, reply) => {
      const tradeNo = tradeNoOf(request);
      const trade = tradeNo ? await getTradeById(ctx.db, tradeNo) : undefined;
      if (!trade) return notFound(reply);
      const status = effectiveStatus(trade, ctx.clock.now());
      if (status === 'SUCCESS') return alreadyPaid(reply, trade.return_url);
      if (status === 'CLOSED') return unpayable(reply, trade.status === 'WAIT_PAY' ? 'EXPIRED' : 'CLOSED', trade.return_url);
      return sendHtml(
        reply,
        200,
        renderResultPage({
          icon: '✕',
          title: '支付失败',
          message: '模拟的支付失败：没有扣款，也不会通知商户。交易仍可在时限内重新支付。',
          links: [
            { href: `${PAY_PAGE_PREFIX}/${trade.id}`, label: '重新支付' },
            { href: trade.return_url, label: '返回商户', light: true },
          ],
        }),
      );
    });
  };
}
