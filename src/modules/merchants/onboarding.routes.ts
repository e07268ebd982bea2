import type { FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { decide, platformArea, policy } from '../../http/policy.ts';
import { readUploadedImage } from '../../http/uploads.ts';
import { MAX_IMAGE_BYTES } from '../catalog/images.service.ts';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import { exportApplications } from './merchant-lists.export.ts';
import {
  addDocument,
  approveApplication,
  countApplications,
  createApplication,
  documentFile,
  getApplication,
  listApplications,
  listMyApplications,
  removeDocument,
  reviewApplication,
  submitApplication,
  updateApplication,
} from './onboarding.service.ts';
import { applicationParams, createApplicationBody, documentFileParams, documentParams, documentQuery, noteBody, queueQuery, updateApplicationBody } from './onboarding.schemas.ts';

/** Who reviews 入驻 applications and freezes shops: platform staff (and platform_admin, who always passes). */
export const ONBOARDING_REVIEWERS = platformArea.review;

/**
 * 入驻 (merchant onboarding): the applicant's application under /api/me/merchant-applications (any
 * signed-in account may apply) and the platform's review queue under /api/admin/merchant-applications.
 */
export function onboardingRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fields: 2, parts: 3 } });
    const mine = (applicationId: string, userId: string) => getApplication(ctx.db, applicationId, { role: 'applicant', userId });
    const platform = (applicationId: string) => getApplication(ctx.db, applicationId, { role: 'platform' });

    // ----- applicant ----------------------------------------------------------------------------
    r.get('/api/me/merchant-applications', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['onboarding'], summary: 'My 入驻 applications, newest first' },
      handler: async (request) => ({ items: await listMyApplications(ctx.db, request.auth!.userId) }),
    });

    r.post('/api/me/merchant-applications', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: {
        tags: ['onboarding'],
        summary: 'Start an application (a draft): subject type and any fields known so far; one application in progress per account',
        body: createApplicationBody,
      },
      handler: async (request, reply) => {
        const userId = request.auth!.userId;
        const id = await ctx.db.transaction().execute((trx) => createApplication(trx, ctx.clock, userId, request.body));
        return reply.code(201).send(await mine(id, userId));
      },
    });

    r.get('/api/me/merchant-applications/:applicationId', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['onboarding'], summary: 'One of my applications: fields, documents, what is missing, the reviewer’s note', params: applicationParams },
      handler: async (request) => mine(request.params.applicationId, request.auth!.userId),
    });

    r.patch('/api/me/merchant-applications/:applicationId', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: ['onboarding'],
        summary: 'Change a draft or an application sent back for more information (absent fields stay; null clears)',
        params: applicationParams,
        body: updateApplicationBody,
      },
      handler: async (request) => {
        const userId = request.auth!.userId;
        await ctx.db.transaction().execute((trx) => updateApplication(trx, ctx.clock, userId, request.params.applicationId, request.body));
        return mine(request.params.applicationId, userId);
      },
    });

    r.post('/api/me/merchant-applications/:applicationId/documents', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: ['onboarding'],
        summary: 'Upload a qualification document (multipart field "file": JPEG/PNG/WebP ≤ 10 MB) of a kind; a licence or ID side replaces the previous one',
        params: applicationParams,
        querystring: documentQuery,
        consumes: ['multipart/form-data'],
      },
      handler: async (request, reply) => {
        const userId = request.auth!.userId;
        const bytes = await readUploadedImage(request);
        await ctx.db.transaction().execute((trx) => addDocument(trx, ctx.clock, ctx.media, userId, request.params.applicationId, request.query.kind, bytes));
        return reply.code(201).send(await mine(request.params.applicationId, userId));
      },
    });

    r.delete('/api/me/merchant-applications/:applicationId/documents/:documentId', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['onboarding'], summary: 'Remove a document from a draft or an application sent back for more information', params: documentParams },
      handler: async (request) => {
        const userId = request.auth!.userId;
        const { applicationId, documentId } = request.params;
        await ctx.db.transaction().execute((trx) => removeDocument(trx, ctx.clock, userId, applicationId, documentId));
        return mine(applicationId, userId);
      },
    });

    r.get('/api/qualification-documents/:documentId/:file', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: ['onboarding'],
        summary: 'A qualification document picture (file-200/400/800.webp): private, for its applicant and the platform’s reviewers only',
        params: documentFileParams,
      },
      handler: async (request, reply) => {
        const auth = request.auth!;
        const viewer = decide(ONBOARDING_REVIEWERS, auth, {}).allow ? ({ role: 'platform' } as const) : ({ role: 'applicant', userId: auth.userId } as const);
        const bytes = await documentFile(ctx.db, ctx.media, request.params.documentId, request.params.file, viewer);
        return reply.type('image/webp').header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(bytes);
      },
    });

    r.post('/api/me/merchant-applications/:applicationId/submit', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['onboarding'], summary: 'Send the application for review (again, after 需补充资料): every field and document it needs must be there', params: applicationParams },
      handler: async (request) => {
        const userId = request.auth!.userId;
        await ctx.db.transaction().execute((trx) => submitApplication(trx, ctx.clock, userId, request.params.applicationId));
        return mine(request.params.applicationId, userId);
      },
    });

    // ----- platform ------------------------------------------------------------------------------
    r.get('/api/admin/merchant-applications', {
      config: { policy: ONBOARDING_REVIEWERS },
      schema: { tags: ['admin'], summary: '入驻审核 queue: by status (waiting: oldest submission first), with counts per status', querystring: queueQuery },
      handler: async (request) => {
        const [list, counts] = await Promise.all([listApplications(ctx.db, request.query), countApplications(ctx.db)]);
        return { ...list, counts };
      },
    });

    r.get('/api/admin/merchant-applications/export', {
      config: { policy: ONBOARDING_REVIEWERS },
      schema: {
        tags: ['admin'],
        summary: '入驻审核 (filtered as the queue) as .xlsx: one row per application; contact mobiles masked, no ID numbers',
        querystring: queueQuery.omit({ page: true, pageSize: true }),
      },
      handler: async (request, reply) => {
        const file = await exportApplications(ctx.db, request.query);
        return sendXlsx(reply, '入驻申请.xlsx', file, 'merchant-applications.xlsx');
      },
    });

    r.get('/api/admin/merchant-applications/:applicationId', {
      config: { policy: ONBOARDING_REVIEWERS },
      schema: { tags: ['admin'], summary: 'One application with its documents and whether its credit code is valid', params: applicationParams },
      handler: async (request) => platform(request.params.applicationId),
    });

    r.post('/api/admin/merchant-applications/:applicationId/approve', {
      config: { policy: ONBOARDING_REVIEWERS, idempotency: 'optional' },
      schema: {
        tags: ['admin'],
        summary: 'Approve: opens the shop, records its licence, makes the applicant its owner (one transaction; approving again answers the same shop)',
        params: applicationParams,
      },
      handler: async (request) => {
        const { applicationId } = request.params;
        await ctx.db.transaction().execute((trx) => approveApplication(trx, ctx.clock, request.auth!.userId, applicationId));
        return platform(applicationId);
      },
    });

    r.post('/api/admin/merchant-applications/:applicationId/reject', {
      config: { policy: ONBOARDING_REVIEWERS, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Reject (驳回) with the reason the applicant will read', params: applicationParams, body: noteBody },
      handler: async (request) => {
        const { applicationId } = request.params;
        await ctx.db.transaction().execute((trx) => reviewApplication(trx, ctx.clock, request.auth!.userId, applicationId, 'reject', request.body.note));
        return platform(applicationId);
      },
    });

    r.post('/api/admin/merchant-applications/:applicationId/request-info', {
      config: { policy: ONBOARDING_REVIEWERS, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Send it back for more information (需补充资料), saying what to add', params: applicationParams, body: noteBody },
      handler: async (request) => {
        const { applicationId } = request.params;
        await ctx.db.transaction().execute((trx) => reviewApplication(trx, ctx.clock, request.auth!.userId, applicationId, 'needs_info', request.body.note));
        return platform(applicationId);
      },
    });
  };
}
