import type { FastifyInstance } from 'fastify';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { policy } from '../../http/policy.ts';
import { quoteCheckout, submitCheckout, type CheckoutInput } from './checkout.service.ts';
import { getOrderDetail, listBuyerOrders, listOrders } from './orders.queries.ts';
import { ORDER_TABS, type OrderTab } from './orders.rules.ts';
import { ORDER_STATUSES } from './orders.tables.ts';
import { transitionOrder } from './orders.service.ts';
import { exportOrders, exportPlatformOrders } from './orders.export.ts';
import { shipBody } from '../shipments/shipments.schemas.ts';
import { shipOrder } from '../shipments/shipments.service.ts';
import { trackingFor } from '../shipments/shipments.providers.ts';

const id = z.string().min(1).max(64);
const orderStatus = z.enum(ORDER_STATUSES);
const checkoutBody = z
  .object({
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cart') }).strict(),
      z.object({ kind: z.literal('buy_now'), skuId: id, qty: z.number().int().min(1).max(9999) }).strict(),
    ]),
    addressId: id.optional(),
    shops: z
      .record(
        id,
        z
          .object({
            delivery: z.enum(['express', 'pickup']),
            pickupPointId: id.optional(),
            buyerNote: z.string().max(200).optional(),
            invoice: z
              .object({
                kind: z.enum(['personal', 'company']),
                title: z.string().trim().min(1).max(100),
                taxNumber: z.string().trim().max(20).optional(),
                email: z.email().max(254).optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .default({}),
  })
  .strict();
const orderParams = z.object({ orderId: id }).strict();
const shopOrderParams = z.object({ shopId: id, orderId: id }).strict();
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const orderFilter = z
  .object({
    status: orderStatus.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    phoneSuffix: z.string().regex(/^\d{4}$/).optional(),
    orderId: id.optional(),
    /** 1 → only orders with a parcel flagged 物流异常 (no movement for days). */
    stale: z.enum(['0', '1']).optional(),
    ...page,
  })
  .strict();
const adminOrderFilter = orderFilter.extend({ shopId: id.optional() }).strict();

/** Checkout (确认订单 / 提交订单), the shopper's orders, the merchant's and the platform's. */
export function ordersRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const timers = ctx.config.orders;
    const buyer = (userId: string) => ({ id: userId, role: 'buyer' as const });

    r.post('/api/checkout/quote', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['checkout'], summary: 'The confirmation page: per shop items, delivery and fee, discounts, payable; nothing is written', body: checkoutBody },
      handler: async (request) => quoteCheckout(ctx.db, request.auth!.userId, request.body as CheckoutInput, false),
    });

    r.post('/api/checkout', {
      config: { policy: policy.signedIn(), idempotency: 'required' },
      schema: {
        tags: ['checkout'],
        summary: 'Place the orders: one payment order, one order per shop; stock is reserved; needs an Idempotency-Key',
        body: checkoutBody,
        response: { 201: z.object({ paymentOrderId: z.string(), orderIds: z.array(z.string()), amountFen: z.number(), expiresAt: z.date(), replayed: z.boolean() }) },
      },
      handler: async (request, reply) => {
        const key = request.headers['idempotency-key'] as string;
        const placed = await submitCheckout(ctx.db, ctx.clock, timers, request.auth!.userId, request.body as CheckoutInput, key);
        return reply.code(201).send(placed);
      },
    });

    r.get('/api/me/orders', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['orders'], summary: 'My orders by tab, with the count of every tab', querystring: z.object({ tab: z.enum(Object.keys(ORDER_TABS) as [OrderTab, ...OrderTab[]]).default('all'), ...page }).strict() },
      handler: async (request) => listBuyerOrders(ctx.db, request.auth!.userId, request.query.tab, request.query.page, request.query.pageSize),
    });

    r.get('/api/me/orders/:orderId', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['orders'], summary: 'One of my orders, with its timeline', params: orderParams },
      handler: async (request) => getOrderDetail(ctx.db, request.params.orderId, { userId: request.auth!.userId }),
    });

    r.post('/api/me/orders/:orderId/cancel', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['orders'], summary: 'Cancel before shipment (stock goes back)', params: orderParams, body: z.object({ reason: z.string().trim().max(100).optional() }).strict() },
      handler: async (request) => {
        const userId = request.auth!.userId;
        const status = await ctx.db.transaction().execute((trx) =>
          transitionOrder(trx, ctx.clock, timers, request.params.orderId, 'cancel', buyer(userId), { scope: { userId }, note: request.body.reason || '买家取消' }),
        );
        return { id: request.params.orderId, status };
      },
    });

    r.post('/api/me/orders/:orderId/confirm-receipt', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['orders'], summary: 'Confirm receipt (确认收货)', params: orderParams },
      handler: async (request) => {
        const userId = request.auth!.userId;
        const status = await ctx.db.transaction().execute((trx) => transitionOrder(trx, ctx.clock, timers, request.params.orderId, 'confirm_receipt', buyer(userId), { scope: { userId } }));
        return { id: request.params.orderId, status };
      },
    });

    r.get('/api/seller/shops/:shopId/orders', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: "The shop's orders: status, date range, buyer's mobile suffix", params: z.object({ shopId: id }).strict(), querystring: orderFilter },
      handler: async (request) => listOrders(ctx.db, request.params.shopId, request.query),
    });

    r.get('/api/seller/shops/:shopId/orders/export', {
      config: { policy: policy.shop(['operator', 'customer_service', 'warehouse', 'finance']) },
      schema: { tags: ['seller'], summary: "The shop's orders (filtered) as .xlsx", params: z.object({ shopId: id }).strict(), querystring: orderFilter.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => {
        const file = await exportOrders(ctx.db, request.params.shopId, request.query);
        return sendXlsx(reply, `orders-${request.params.shopId}.xlsx`, file);
      },
    });

    r.get('/api/seller/shops/:shopId/orders/:orderId', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: 'One of the shop’s orders, with its timeline', params: shopOrderParams },
      handler: async (request) => getOrderDetail(ctx.db, request.params.orderId, { shopId: request.params.shopId }),
    });

    r.post('/api/seller/shops/:shopId/orders/:orderId/ship', {
      config: { policy: policy.shop(['operator', 'warehouse']), idempotency: 'required' },
      schema: {
        tags: ['seller'],
        summary: '发货: one parcel (carrier + tracking number) with all that is left, or the given lines and quantities (部分发货); the last parcel moves the order to shipped and starts the auto-confirm timer; needs an Idempotency-Key',
        params: shopOrderParams,
        body: shipBody,
      },
      handler: async (request, reply) => {
        const { shopId, orderId } = request.params;
        const shipped = await ctx.db.transaction().execute((trx) =>
          shipOrder(
            trx,
            ctx.clock,
            timers,
            { shopId, orderId, ...request.body, idempotencyKey: request.headers['idempotency-key'] as string, actor: { id: request.auth!.userId, role: 'merchant' } },
            { subscribe: trackingFor(ctx).name !== 'manual' },
          ),
        );
        return reply.code(shipped.replayed ? 200 : 201).send({ id: orderId, status: shipped.orderStatus, ...shipped });
      },
    });

    r.get('/api/admin/orders', {
      config: { policy: policy.platform() },
      schema: { tags: ['admin'], summary: 'Search every order (order id, status, shop, date, buyer mobile suffix)', querystring: adminOrderFilter },
      handler: async (request) => listOrders(ctx.db, request.query.shopId ?? null, request.query),
    });

    r.get('/api/admin/orders/export', {
      config: { policy: policy.platform() },
      schema: { tags: ['admin'], summary: 'Every order (the list’s filters, shop included) as .xlsx, one row per line, with the shop', querystring: adminOrderFilter.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => sendXlsx(reply, '订单.xlsx', await exportPlatformOrders(ctx.db, request.query), 'orders.xlsx'),
    });

  };
}
