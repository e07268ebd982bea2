import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { platformArea, policy } from '../../http/policy.ts';
import { MAX_IMAGE_BYTES, storeImage } from '../catalog/images.service.ts';
import {
  AFTER_SALES_KIND_LABELS, AFTER_SALES_KINDS, AFTER_SALES_REASON_CODES, AFTER_SALES_REASONS, AFTER_SALES_STATUS_LABELS, AFTER_SALES_STATUSES, AFTER_SALES_TIMEOUTS,
  isOpen, reasonsFor, type AfterSalesAction,
} from './after-sales.rules.ts';
import { afterSalesOptions, getAfterSalesDetail, listAfterSales, STATUS_GROUPS, type Viewer } from './after-sales.queries.ts';
import {
  adminListQuery, applyBody, approveBody, arbitrationQuery, decideBody, detailOut, listOut, listQuery, messageBody, messageOut, metaOut, noteBody, optionsOut,
  optionsQuery, photoOut, platformMessageBody, reasonBody, requestParams, shopParams, shopRequestParams, trackingBody,
} from './after-sales.schemas.ts';
import { actOnAfterSales, addAfterSalesMessage, applyForAfterSales, MAX_PHOTOS, type ActInput, type AfterSalesActor, type AfterSalesDeps, type RequestScope } from './after-sales.service.ts';
import { readUploadedImage } from '../../http/uploads.ts';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import { exportPlatformAfterSales, exportShopAfterSales } from './after-sales.export.ts';
import { getOrderTimers } from '../orders/timer-settings.service.ts';

/** Reads the one multipart file field; a missing, unreadable or oversized file is a catalogued error. */

/**
 * After-sales (售后): the shopper's `/api/me/after-sales…`, the shop's queue `/api/seller/shops/:shopId/after-sales…`
 * (owner, operator, customer service) and the platform's `/api/admin/after-sales…` with the arbitration queue.
 * Every write answers with the request as the caller sees it afterwards (detail with timeline, deadline and next steps).
 */
export function afterSalesRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fields: 5, parts: 6 } });
    const deps: AfterSalesDeps = { orderTimers: ctx.config.orders };
    const detail = (viewer: Viewer, requestId: string) => getAfterSalesDetail(ctx.db, ctx.clock, viewer, requestId);
    const act = async (viewer: Viewer, requestId: string, action: AfterSalesAction, actor: AfterSalesActor, scope: RequestScope, input: ActInput = {}) => {
      await ctx.db.transaction().execute((trx) => actOnAfterSales(trx, ctx.clock, deps, requestId, action, actor, scope, input));
      return detail(viewer, requestId);
    };
    const photoSchema = (tags: string[], summary: string) => ({
      tags, summary: `${summary} (multipart field "file"; JPEG/PNG/WebP/GIF ≤ 10 MB, re-encoded; attach by id, at most ${MAX_PHOTOS})`,
      consumes: ['multipart/form-data'], response: { 201: photoOut },
    });

    // ----- reference ------------------------------------------------------------------------------
    r.get('/api/after-sales/meta', {
      config: { policy: policy.public() },
      schema: { tags: ['after-sales'], summary: 'Kinds, reason codes, statuses with their labels (zh-CN, en) and deadlines', response: { 200: metaOut } },
      handler: async () => {
        const timers = await getOrderTimers(ctx.db, ctx.config.orders);
        return {
          kinds: AFTER_SALES_KINDS.map((code) => ({ code, label: AFTER_SALES_KIND_LABELS[code], reasons: reasonsFor(code) })),
          reasons: AFTER_SALES_REASON_CODES.map((code) => ({ code, label: { zh: AFTER_SALES_REASONS[code].zh, en: AFTER_SALES_REASONS[code].en }, kinds: [...AFTER_SALES_REASONS[code].kinds] })),
          statuses: AFTER_SALES_STATUSES.map((code) => {
            const t = AFTER_SALES_TIMEOUTS[code];
            return { code, label: AFTER_SALES_STATUS_LABELS[code], open: isOpen(code), deadline: t ? { party: t.party, action: t.action, afterMs: timers[t.timer] } : null };
          }),
          maxPhotos: MAX_PHOTOS,
          statusGroups: Object.fromEntries(Object.entries(STATUS_GROUPS).map(([k, v]) => [k, [...v]])),
        };
      },
    });

    // ----- shopper --------------------------------------------------------------------------------
    const me = (request: FastifyRequest) => request.auth!.userId;
    const buyerView = (request: FastifyRequest): Viewer => ({ role: 'buyer', userId: me(request) });
    const buyer = (request: FastifyRequest): AfterSalesActor => ({ id: me(request), role: 'buyer' });

    r.get('/api/me/after-sales/options', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['after-sales'], summary: 'For each line of one of my orders: the kinds I can ask for now, reasons, refundable amount, windows', querystring: optionsQuery, response: { 200: optionsOut } },
      handler: async (request) => afterSalesOptions(ctx.db, ctx.clock, me(request), request.query.orderId),
    });

    r.post('/api/me/after-sales/photos', {
      config: { policy: policy.signedIn() },
      schema: photoSchema(['after-sales'], 'Upload an evidence picture'),
      handler: async (request, reply) => {
        const bytes = await readUploadedImage(request);
        const image = await storeImage(ctx.db, ctx.clock, ctx.media, { bytes, shopId: null, userId: me(request) });
        return reply.code(201).send(image);
      },
    });

    r.post('/api/me/after-sales', {
      config: { policy: policy.signedIn(), idempotency: 'required' },
      schema: {
        tags: ['after-sales'],
        summary: 'Apply for after-sales on one order line (needs an Idempotency-Key); the merchant has 48 h, silence = approved',
        body: applyBody,
        response: { 201: detailOut },
      },
      handler: async (request, reply) => {
        const created = await ctx.db.transaction().execute((trx) => applyForAfterSales(trx, ctx.clock, deps, me(request), request.body));
        return reply.code(201).send(await detail(buyerView(request), created.id));
      },
    });

    r.get('/api/me/after-sales', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['after-sales'], summary: 'My after-sales requests (status or group filter), with counts per status', querystring: listQuery, response: { 200: listOut } },
      handler: async (request) => listAfterSales(ctx.db, buyerView(request), request.query),
    });

    r.get('/api/me/after-sales/:requestId', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['after-sales'], summary: 'One of my requests: evidence, deadline, refunds, timeline, negotiation record, next steps', params: requestParams, response: { 200: detailOut } },
      handler: async (request) => detail(buyerView(request), request.params.requestId),
    });

    r.post('/api/me/after-sales/:requestId/return-shipment', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['after-sales'], summary: 'Enter the return parcel’s carrier and tracking number (within 7 days of approval, else the request closes)', params: requestParams, body: trackingBody, response: { 200: detailOut } },
      handler: async (request) => act(buyerView(request), request.params.requestId, 'submit_return', buyer(request), { userId: me(request) }, request.body),
    });

    r.post('/api/me/after-sales/:requestId/confirm-replacement', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['after-sales'], summary: 'Confirm the replacement / repaired item arrived (else automatic after 10 days)', params: requestParams, body: noteBody, response: { 200: detailOut } },
      handler: async (request) => act(buyerView(request), request.params.requestId, 'confirm_replacement', buyer(request), { userId: me(request) }, request.body),
    });

    r.post('/api/me/after-sales/:requestId/escalate', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['after-sales'], summary: 'Ask the platform to arbitrate a rejection (within 7 days of it)', params: requestParams, body: reasonBody, response: { 200: detailOut } },
      handler: async (request) => act(buyerView(request), request.params.requestId, 'escalate', buyer(request), { userId: me(request) }, { note: request.body.reason }),
    });

    r.post('/api/me/after-sales/:requestId/cancel', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['after-sales'], summary: 'Withdraw my request (before the goods are sent back, or while rejected or in arbitration)', params: requestParams, body: noteBody, response: { 200: detailOut } },
      handler: async (request) => act(buyerView(request), request.params.requestId, 'cancel', buyer(request), { userId: me(request) }, request.body),
    });

    r.post('/api/me/after-sales/:requestId/messages', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['after-sales'], summary: 'Add a message with pictures to the negotiation record (while the request is open)', params: requestParams, body: messageBody, response: { 201: messageOut } },
      handler: async (request, reply) => {
        const userId = me(request);
        const message = await ctx.db.transaction().execute((trx) => addAfterSalesMessage(trx, ctx.clock, request.params.requestId, { id: userId, role: 'buyer' }, { userId }, request.body));
        return reply.code(201).send(message);
      },
    });

    // ----- merchant -------------------------------------------------------------------------------
    const handlers = policy.shop(['operator', 'customer_service']);
    const shopView = (shopId: string): Viewer => ({ role: 'merchant', shopId });
    const merchant = (request: FastifyRequest): AfterSalesActor => ({ id: me(request), role: 'merchant' });

    r.get('/api/seller/shops/:shopId/after-sales', {
      config: { policy: handlers },
      schema: {
        tags: ['seller'],
        summary: 'The shop’s after-sales queue: status or group filter (awaiting_merchant = needs us), sort=deadline for the most urgent first',
        params: shopParams,
        querystring: listQuery,
        response: { 200: listOut },
      },
      handler: async (request) => listAfterSales(ctx.db, shopView(request.params.shopId), request.query),
    });

    r.get('/api/seller/shops/:shopId/after-sales/export', {
      config: { policy: handlers },
      schema: { tags: ['seller'], summary: 'The shop’s after-sales requests (the queue’s filters and sort) as .xlsx', params: shopParams, querystring: listQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => {
        const file = await exportShopAfterSales(ctx.db, request.params.shopId, request.query);
        return sendXlsx(reply, `售后-${request.params.shopId}.xlsx`, file, `after-sales-${request.params.shopId}.xlsx`);
      },
    });

    r.post('/api/seller/shops/:shopId/after-sales/photos', {
      config: { policy: handlers },
      schema: { ...photoSchema(['seller'], 'Upload an evidence picture for the shop'), params: shopParams },
      handler: async (request, reply) => {
        const bytes = await readUploadedImage(request);
        const image = await storeImage(ctx.db, ctx.clock, ctx.media, { bytes, shopId: request.params.shopId, userId: me(request) });
        return reply.code(201).send(image);
      },
    });

    r.get('/api/seller/shops/:shopId/after-sales/:requestId', {
      config: { policy: handlers },
      schema: { tags: ['seller'], summary: 'One request of the shop, with the shopper’s evidence, timeline and messages', params: shopRequestParams, response: { 200: detailOut } },
      handler: async (request) => detail(shopView(request.params.shopId), request.params.requestId),
    });

    r.post('/api/seller/shops/:shopId/after-sales/:requestId/approve', {
      config: { policy: handlers, idempotency: 'optional' },
      schema: {
        tags: ['seller'],
        summary: 'Approve: refund only is refunded at once; return, exchange and repair wait for the goods (give the return address)',
        params: shopRequestParams,
        body: approveBody,
        response: { 200: detailOut },
      },
      handler: async (request) => {
        const { shopId, requestId } = request.params;
        return act(shopView(shopId), requestId, 'approve', merchant(request), { shopId }, request.body);
      },
    });

    r.post('/api/seller/shops/:shopId/after-sales/:requestId/reject', {
      config: { policy: handlers, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Reject with a reason (the shopper may escalate to the platform within 7 days)', params: shopRequestParams, body: reasonBody, response: { 200: detailOut } },
      handler: async (request) => {
        const { shopId, requestId } = request.params;
        return act(shopView(shopId), requestId, 'reject', merchant(request), { shopId }, { note: request.body.reason });
      },
    });

    r.post('/api/seller/shops/:shopId/after-sales/:requestId/confirm-return', {
      config: { policy: handlers, idempotency: 'optional' },
      schema: {
        tags: ['seller'],
        summary: 'Confirm the returned goods arrived: a return is refunded at once; exchange and repair wait for the item sent back',
        params: shopRequestParams,
        body: noteBody,
        response: { 200: detailOut },
      },
      handler: async (request) => {
        const { shopId, requestId } = request.params;
        return act(shopView(shopId), requestId, 'confirm_return', merchant(request), { shopId }, request.body);
      },
    });

    r.post('/api/seller/shops/:shopId/after-sales/:requestId/ship-replacement', {
      config: { policy: handlers, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Send the replacement (exchange) or the repaired item (repair): carrier and tracking number', params: shopRequestParams, body: trackingBody, response: { 200: detailOut } },
      handler: async (request) => {
        const { shopId, requestId } = request.params;
        return act(shopView(shopId), requestId, 'ship_replacement', merchant(request), { shopId }, request.body);
      },
    });

    r.post('/api/seller/shops/:shopId/after-sales/:requestId/messages', {
      config: { policy: handlers, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Add a message with pictures to the negotiation record', params: shopRequestParams, body: messageBody, response: { 201: messageOut } },
      handler: async (request, reply) => {
        const { shopId, requestId } = request.params;
        const message = await ctx.db.transaction().execute((trx) => addAfterSalesMessage(trx, ctx.clock, requestId, { id: me(request), role: 'merchant' }, { shopId }, request.body));
        return reply.code(201).send(message);
      },
    });

    // ----- platform -------------------------------------------------------------------------------
    const staff = platformArea.service;
    const platformView: Viewer = { role: 'platform' };

    r.get('/api/admin/after-sales', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'Every after-sales request: status or group, kind, shop, order filters', querystring: adminListQuery, response: { 200: listOut } },
      handler: async (request) => listAfterSales(ctx.db, platformView, request.query),
    });

    r.get('/api/admin/after-sales/export', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'Every after-sales request (the list’s filters, shop included) as .xlsx, with the shop', querystring: adminListQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => sendXlsx(reply, '售后.xlsx', await exportPlatformAfterSales(ctx.db, request.query), 'after-sales.xlsx'),
    });

    r.get('/api/admin/after-sales/arbitration', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'The arbitration queue: escalated requests, longest waiting first', querystring: arbitrationQuery, response: { 200: listOut } },
      handler: async (request) => listAfterSales(ctx.db, platformView, { status: 'escalated', sort: 'escalated', page: request.query.page, pageSize: request.query.pageSize }),
    });

    r.post('/api/admin/after-sales/photos', {
      config: { policy: staff },
      schema: photoSchema(['admin'], 'Upload a picture for a platform note'),
      handler: async (request, reply) => {
        const bytes = await readUploadedImage(request);
        const image = await storeImage(ctx.db, ctx.clock, ctx.media, { bytes, shopId: null, userId: me(request) });
        return reply.code(201).send(image);
      },
    });

    r.get('/api/admin/after-sales/:requestId', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'One request with both sides’ evidence, the timeline, every message and internal note', params: requestParams, response: { 200: detailOut } },
      handler: async (request) => detail(platformView, request.params.requestId),
    });

    r.post('/api/admin/after-sales/:requestId/decide', {
      config: { policy: staff, idempotency: 'required' },
      schema: {
        tags: ['admin'],
        summary: 'Rule on an escalated request (needs an Idempotency-Key): refund (executed at once through payments) or close',
        params: requestParams,
        body: decideBody,
        response: { 200: detailOut },
      },
      handler: async (request) => {
        const { decision, amountFen, note } = request.body;
        return act(platformView, request.params.requestId, decision === 'refund' ? 'arbitrate_refund' : 'arbitrate_close', { id: me(request), role: 'platform' }, {}, { note, amountFen });
      },
    });

    r.post('/api/admin/after-sales/:requestId/messages', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Add a platform message or an internal note (internal: true) to a request', params: requestParams, body: platformMessageBody, response: { 201: messageOut } },
      handler: async (request, reply) => {
        const message = await ctx.db.transaction().execute((trx) => addAfterSalesMessage(trx, ctx.clock, request.params.requestId, { id: me(request), role: 'platform' }, {}, request.body));
        return reply.code(201).send(message);
      },
    });
  };
}
