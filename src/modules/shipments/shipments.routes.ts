import type { FastifyInstance } from 'fastify';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { policy } from '../../http/policy.ts';
import { CARRIERS } from './shipments.carriers.ts';
import { importShipments, readShipRows, shipmentImportTemplate } from './shipments.import.ts';
import { markPickupReady, verifyPickupCode } from './shipments.pickup.ts';
import { trackingFor } from './shipments.providers.ts';
import { listShipments } from './shipments.queries.ts';
import { manualEventBody, pickupVerifyBody } from './shipments.schemas.ts';
import { addManualEvent, ingestPush, refreshFromProvider } from './shipments.service.ts';

const id = z.string().min(1).max(64);
const shopParams = z.object({ shopId: id }).strict();
const shipmentParams = z.object({ shopId: id, shipmentId: id }).strict();
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Who ships, tracks and hands over: owners, operators and warehouse staff (as for 发货). */
export const FULFILMENT_ROLES = ['operator', 'warehouse'] as const;

/** Tracking pushes: the signature covers the raw form body, so it is kept as text. */
function webhookRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
    app.post<{ Body: string }>('/api/shipments/webhooks/kuaidi100', {
      config: { policy: policy.public() },
      schema: { tags: ['shipments'], summary: 'Kuaidi100 subscription push (form param + sign = MD5(param + salt)); verified, idempotent' },
      handler: async (request, reply) => {
        const provider = trackingFor(ctx);
        let ok = true;
        let message: string | undefined;
        try {
          const push = provider.parsePush({ contentType: String(request.headers['content-type'] ?? ''), rawBody: typeof request.body === 'string' ? request.body : '' });
          const result = await ingestPush(ctx.db, ctx.clock, push);
          if (result.shipments === 0) request.log.warn({ carrier: push.snapshot.providerCarrier }, 'tracking push for no known parcel');
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          request.log.warn({ code: error.code }, 'tracking push rejected');
          ok = false;
          message = error.code;
        }
        const answer = provider.pushAnswer(ok, message);
        return reply.code(answer.status).type(answer.contentType).send(answer.body);
      },
    });
  };
}

/** Parcels, tracking, 批量发货, 自提 codes. The ship call itself lives with the orders (POST …/orders/:orderId/ship). */
export function shipmentsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // Read the tracking settings now: half a Kuaidi100 configuration stops start-up with the missing names.
    trackingFor(ctx);
    await app.register(webhookRoutes(ctx));
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 } });
    const r = app.withTypeProvider<ZodTypeProvider>();
    const timers = ctx.config.orders;
    const fulfilment = policy.shop([...FULFILMENT_ROLES]);
    const merchant = (userId: string) => ({ id: userId, role: 'merchant' as const });

    r.get('/api/carriers', {
      config: { policy: policy.public() },
      schema: { tags: ['shipments'], summary: 'The carriers a parcel can go with: code, name, Kuaidi100 code, a number example' },
      handler: async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=3600');
        return { items: CARRIERS.map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn, kuaidi100: c.kuaidi100, example: c.example })) };
      },
    });

    r.get('/api/seller/shops/:shopId/shipments', {
      config: { policy: policy.shop() },
      schema: {
        tags: ['seller'],
        summary: "The shop's parcels; stale=1 → only 物流异常 (no movement for SHIPMENT_STALE_DAYS)",
        params: shopParams,
        querystring: z.object({ stale: z.enum(['0', '1']).optional(), ...page }).strict(),
      },
      handler: async (request) => listShipments(ctx.db, request.params.shopId, { stale: request.query.stale === '1', page: request.query.page, pageSize: request.query.pageSize }),
    });

    r.post('/api/seller/shops/:shopId/shipments/:shipmentId/events', {
      config: { policy: fulfilment, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: '添加物流节点: 揽收 / 运输中 / 派送中 / 已签收 (or 异常, 退回) with time and place', params: shipmentParams, body: manualEventBody },
      handler: async (request, reply) => {
        const { shopId, shipmentId } = request.params;
        const result = await ctx.db.transaction().execute((trx) => addManualEvent(trx, ctx.clock, { shopId, shipmentId, ...request.body, actorId: request.auth!.userId }));
        return reply.code(result.added ? 201 : 200).send(result);
      },
    });

    r.post('/api/seller/shops/:shopId/shipments/:shipmentId/refresh', {
      config: { policy: fulfilment },
      schema: { tags: ['seller'], summary: '刷新物流: query the tracking provider now (Kuaidi100 only)', params: shipmentParams },
      handler: async (request) => refreshFromProvider(ctx.db, ctx.clock, trackingFor(ctx), request.params.shopId, request.params.shipmentId),
    });

    r.get('/api/seller/shops/:shopId/shipments/import-template', {
      config: { policy: fulfilment },
      schema: { tags: ['seller'], summary: '批量发货 template (.xlsx): 订单号, 快递公司, 快递单号, pre-filled with the orders to ship', params: shopParams },
      handler: async (request, reply) => {
        const file = await shipmentImportTemplate(ctx.db, request.params.shopId);
        return sendXlsx(reply, '批量发货模板.xlsx', file, `ship-${request.params.shopId}.xlsx`);
      },
    });

    r.post('/api/seller/shops/:shopId/shipments/import', {
      config: { policy: fulfilment },
      schema: {
        tags: ['seller'],
        summary: '批量发货 from .xlsx or .csv (field "file"; columns 订单号, 快递公司, 快递单号): a result per row, each row all or nothing',
        params: shopParams,
        consumes: ['multipart/form-data'],
      },
      handler: async (request) => {
        const file = await request.file().catch(() => undefined);
        if (!file) throw new AppError('IMPORT_INVALID');
        const bytes = await file.toBuffer().catch(() => {
          throw new AppError('PAYLOAD_TOO_LARGE');
        });
        const rows = await readShipRows(bytes);
        return importShipments(ctx.db, ctx.clock, timers, {
          shopId: request.params.shopId,
          actor: merchant(request.auth!.userId),
          rows,
          locale: request.locale,
          subscribe: trackingFor(ctx).name !== 'manual',
        });
      },
    });

    r.post('/api/seller/shops/:shopId/orders/:orderId/pickup-ready', {
      config: { policy: fulfilment, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: '备货完成 for a paid 自提 order: the buyer gets a pickup code (asking again changes nothing)', params: z.object({ shopId: id, orderId: id }).strict() },
      handler: async (request) => {
        const { shopId, orderId } = request.params;
        return ctx.db.transaction().execute((trx) => markPickupReady(trx, ctx.clock, { shopId, orderId, actor: merchant(request.auth!.userId) }));
      },
    });

    r.post('/api/seller/shops/:shopId/pickup/verify', {
      config: { policy: fulfilment },
      schema: {
        tags: ['seller'],
        summary: '核销: check a pickup code and hand the order over (it becomes received); wrong codes are rate-limited per shop',
        params: shopParams,
        body: pickupVerifyBody,
      },
      handler: async (request) => verifyPickupCode(ctx.db, ctx.clock, timers, { shopId: request.params.shopId, code: request.body.code, actor: merchant(request.auth!.userId) }),
    });
  };
}
