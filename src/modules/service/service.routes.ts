import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { platformArea, policy } from '../../http/policy.ts';
import { MAX_IMAGE_BYTES, storeImage } from '../catalog/images.service.ts';
import { complaintStats, getComplaintDetail, listComplaints, type ComplaintViewer } from './service.queries.ts';
import { DEFAULT_COMPLAINT_TIMERS, type ComplaintAction } from './service.rules.ts';
import {
  adminListQuery,
  assignBody,
  complaintParams,
  createComplaintBody,
  feedbackBody,
  messageBody,
  myListQuery,
  noteBody,
  rejectBody,
  resolveBody,
  shopComplaintParams,
  shopListQuery,
  shopParams,
  statsQuery,
  withdrawBody,
} from './service.schemas.ts';
import { assignComplaint, createComplaint, listPlatformStaff, postComplaintMessage, transitionComplaint, type ComplaintActor, type TransitionInput } from './service.service.ts';
import { readUploadedImage } from '../../http/uploads.ts';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import { exportComplaints } from './complaints.export.ts';

/** Who may answer in a shop's name: owners, operators and customer service (客服). */
export const COMPLAINT_SHOP_REPLIERS = policy.shop(['operator', 'customer_service']);

/** One uploaded picture from a multipart request (field "file"); too large or not a file → the image errors. */

/**
 * Complaints (投诉): the shopper's (/api/me/complaints), the shop's (read and reply,
 * /api/seller/shops/:shopId/complaints) and the platform's service queue (/api/admin/complaints).
 */
export function serviceRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fields: 2, parts: 3 } });
    const timers = DEFAULT_COMPLAINT_TIMERS;
    const detail = (complaintId: string, viewer: ComplaintViewer) => getComplaintDetail(ctx.db, ctx.clock.now(), timers, complaintId, viewer);
    const shopper = (request: FastifyRequest): ComplaintViewer => ({ role: 'shopper', userId: request.auth!.userId });
    const platform = (request: FastifyRequest): ComplaintActor => ({ id: request.auth!.userId, role: 'platform' });

    // ----- shopper ------------------------------------------------------------------------
    r.post('/api/me/complaint-photos', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['complaints'], summary: 'Upload an evidence picture (multipart field "file"; JPEG/PNG/WebP/GIF ≤ 10 MB); use its id in photoIds', consumes: ['multipart/form-data'] },
      handler: async (request, reply) => {
        const bytes = await readUploadedImage(request);
        const image = await storeImage(ctx.db, ctx.clock, ctx.media, { bytes, shopId: null, userId: request.auth!.userId });
        return reply.code(201).send(image);
      },
    });

    r.get('/api/me/complaints', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['complaints'], summary: 'My complaints (newest first)', querystring: myListQuery },
      handler: async (request) => listComplaints(ctx.db, ctx.clock.now(), timers, shopper(request), { ...request.query, sort: 'newest' }),
    });

    r.post('/api/me/complaints', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: {
        tags: ['complaints'],
        summary: 'File a complaint about one of my orders (orderId) or a shop (shopId): category, title, description, up to 9 pictures; one open complaint per order and category',
        body: createComplaintBody,
      },
      handler: async (request, reply) => {
        const userId = request.auth!.userId;
        const id = await ctx.db.transaction().execute((trx) => createComplaint(trx, ctx.clock, ctx.media, timers, userId, request.body));
        return reply.code(201).send(await detail(id, shopper(request)));
      },
    });

    r.get('/api/me/complaints/:complaintId', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['complaints'], summary: 'One of my complaints, with the conversation and its timeline', params: complaintParams },
      handler: async (request) => detail(request.params.complaintId, shopper(request)),
    });

    r.post('/api/me/complaints/:complaintId/messages', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['complaints'], summary: 'Write in my complaint’s conversation (text and/or up to 9 pictures)', params: complaintParams, body: messageBody },
      handler: async (request, reply) => {
        const userId = request.auth!.userId;
        const { complaintId } = request.params;
        await ctx.db.transaction().execute((trx) =>
          postComplaintMessage(trx, ctx.clock, ctx.media, complaintId, { id: userId, role: 'shopper' }, request.body, { userId }),
        );
        return reply.code(201).send(await detail(complaintId, shopper(request)));
      },
    });

    const shopperAction = (action: ComplaintAction, input: (body: never) => TransitionInput) => async (request: FastifyRequest<{ Params: { complaintId: string } }>) => {
      const userId = request.auth!.userId;
      const { complaintId } = request.params;
      await ctx.db.transaction().execute((trx) =>
        transitionComplaint(trx, ctx.clock, timers, complaintId, action, { id: userId, role: 'shopper' }, input(request.body as never), { userId }),
      );
      return detail(complaintId, shopper(request));
    };

    r.post('/api/me/complaints/:complaintId/feedback', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['complaints'], summary: 'Rate the resolution (1–5) and close the complaint', params: complaintParams, body: feedbackBody },
      handler: shopperAction('feedback', (b: { rating: number; comment?: string }) => ({ rating: b.rating, comment: b.comment })),
    });

    r.post('/api/me/complaints/:complaintId/withdraw', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['complaints'], summary: 'Withdraw my complaint before it is resolved', params: complaintParams, body: withdrawBody },
      handler: shopperAction('withdraw', (b: { reason?: string }) => ({ reason: b.reason })),
    });

    // ----- shop ---------------------------------------------------------------------------
    r.get('/api/seller/shops/:shopId/complaints', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: 'Complaints about this shop (by next deadline)', params: shopParams, querystring: shopListQuery },
      handler: async (request) =>
        listComplaints(ctx.db, ctx.clock.now(), timers, { role: 'shop', shopId: request.params.shopId, userId: request.auth!.userId }, request.query),
    });

    r.get('/api/seller/shops/:shopId/complaints/export', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: 'Complaints about this shop (the list’s filters, by next deadline) as .xlsx', params: shopParams, querystring: shopListQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => {
        const { shopId } = request.params;
        const file = await exportComplaints(ctx.db, ctx.clock.now(), timers, { role: 'shop', shopId, userId: request.auth!.userId }, request.query);
        return sendXlsx(reply, `投诉-${shopId}.xlsx`, file, `complaints-${shopId}.xlsx`);
      },
    });

    r.get('/api/seller/shops/:shopId/complaints/:complaintId', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: 'One complaint about this shop, with the conversation', params: shopComplaintParams },
      handler: async (request) => detail(request.params.complaintId, { role: 'shop', shopId: request.params.shopId, userId: request.auth!.userId }),
    });

    r.post('/api/seller/shops/:shopId/complaints/:complaintId/messages', {
      config: { policy: COMPLAINT_SHOP_REPLIERS },
      schema: { tags: ['seller'], summary: 'Reply in a complaint about this shop (the shop cannot change its status)', params: shopComplaintParams, body: messageBody },
      handler: async (request, reply) => {
        const { shopId, complaintId } = request.params;
        const userId = request.auth!.userId;
        await ctx.db.transaction().execute((trx) =>
          postComplaintMessage(trx, ctx.clock, ctx.media, complaintId, { id: userId, role: 'shop', shopId }, request.body, { shopId }),
        );
        return reply.code(201).send(await detail(complaintId, { role: 'shop', shopId, userId }));
      },
    });

    // ----- platform -----------------------------------------------------------------------
    const staff = platformArea.service;

    r.get('/api/admin/complaints', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'The complaints queue: status, category, shop, assignee (id | me | none), SLA state; by next deadline', querystring: adminListQuery },
      handler: async (request) => {
        const { assignee, ...rest } = request.query;
        return listComplaints(ctx.db, ctx.clock.now(), timers, { role: 'platform', userId: request.auth!.userId }, {
          ...rest,
          assigneeId: assignee === 'me' ? request.auth!.userId : assignee,
        });
      },
    });

    r.get('/api/admin/complaints/export', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'The complaints queue (the list’s filters and sort) as .xlsx, with shop and assignee', querystring: adminListQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => {
        const { assignee, ...rest } = request.query;
        const filter = { ...rest, assigneeId: assignee === 'me' ? request.auth!.userId : assignee };
        const file = await exportComplaints(ctx.db, ctx.clock.now(), timers, { role: 'platform', userId: request.auth!.userId }, filter);
        return sendXlsx(reply, '投诉.xlsx', file, 'complaints.xlsx');
      },
    });

    r.get('/api/admin/complaints/stats', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'Complaint statistics for [from, to): by category, status, shop; SLA breach rate; median times', querystring: statsQuery },
      handler: async (request) => {
        if (request.query.to.getTime() <= request.query.from.getTime()) throw new AppError('VALIDATION_FAILED', { detail: 'to must be after from' });
        return complaintStats(ctx.db, ctx.clock.now(), timers, request.query);
      },
    });

    r.get('/api/admin/complaints/staff', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'Platform staff a complaint can be assigned to' },
      handler: async () => ({ items: await listPlatformStaff(ctx.db) }),
    });

    r.get('/api/admin/complaints/:complaintId', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'One complaint: parties, order, SLA clocks, actions, conversation', params: complaintParams },
      handler: async (request) => detail(request.params.complaintId, { role: 'platform', userId: request.auth!.userId }),
    });

    const platformAction = (action: ComplaintAction, input: (body: never) => TransitionInput) => async (request: FastifyRequest<{ Params: { complaintId: string } }>) => {
      const { complaintId } = request.params;
      await ctx.db.transaction().execute((trx) => transitionComplaint(trx, ctx.clock, timers, complaintId, action, platform(request), input(request.body as never)));
      return detail(complaintId, { role: 'platform', userId: request.auth!.userId });
    };

    r.post('/api/admin/complaints/:complaintId/accept', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Accept (受理); assigns it to me when nobody has it', params: complaintParams, body: noteBody },
      handler: platformAction('accept', (b: { note?: string }) => ({ note: b.note })),
    });

    r.post('/api/admin/complaints/:complaintId/reject', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Refuse to accept (不予受理), with the reason', params: complaintParams, body: rejectBody },
      handler: platformAction('reject', (b: { reason: string }) => ({ reason: b.reason })),
    });

    r.post('/api/admin/complaints/:complaintId/investigate', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Start the investigation (调查核实)', params: complaintParams, body: noteBody },
      handler: platformAction('investigate', (b: { note?: string }) => ({ note: b.note })),
    });

    r.post('/api/admin/complaints/:complaintId/resolve', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Resolve: the resolution and the outcome (upheld / partly upheld / not upheld)', params: complaintParams, body: resolveBody },
      handler: platformAction('resolve', (b: { resolution: string; outcome: string }) => ({ resolution: b.resolution, outcome: b.outcome })),
    });

    r.post('/api/admin/complaints/:complaintId/assign', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'Assign to a platform staff member (or null: unassigned)', params: complaintParams, body: assignBody },
      handler: async (request) => {
        const { complaintId } = request.params;
        await ctx.db.transaction().execute((trx) => assignComplaint(trx, ctx.clock, complaintId, platform(request), request.body.assigneeId));
        return detail(complaintId, { role: 'platform', userId: request.auth!.userId });
      },
    });

    r.post('/api/admin/complaints/:complaintId/messages', {
      config: { policy: staff },
      schema: { tags: ['admin'], summary: 'Write in the conversation as the platform (a first response stops the first-response clock)', params: complaintParams, body: messageBody },
      handler: async (request, reply) => {
        const { complaintId } = request.params;
        await ctx.db.transaction().execute((trx) => postComplaintMessage(trx, ctx.clock, ctx.media, complaintId, platform(request), request.body));
        return reply.code(201).send(await detail(complaintId, { role: 'platform', userId: request.auth!.userId }));
      },
    });
  };
}
