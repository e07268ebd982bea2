import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { Trx } from '../../db/database.ts';
import { platformArea, policy } from '../../http/policy.ts';
import {
  acceptAgreements,
  agreementPage,
  createAgreementDraft,
  deleteAgreementDraft,
  dissentFromMerchantAgreement,
  shopAgreementState,
  getConsents,
  listAcceptances,
  listAgreementsAdmin,
  pendingAgreements,
  publishAgreementVersion,
  setConsents,
  updateAgreementDraft,
} from './agreements.service.ts';
import {
  createAnnouncement,
  createBanner,
  createGrid,
  deleteBanner,
  deleteGrid,
  getAnnouncement,
  listAnnouncements,
  listBanners,
  listGrids,
  activeGridCategories,
  updateAnnouncement,
  updateBanner,
  updateGrid,
  withdrawAnnouncement,
} from './content.service.ts';
import { createSuggestion, listSuggestions, processSuggestion, processSuggestions } from './suggestions.service.ts';
import { exportSuggestions } from './suggestions.export.ts';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import { closeExitingShop, exitBlockers } from '../merchants/shop-exit.service.ts';
import { renderMessage } from '../../http/errors.ts';
import {
  acceptBody,
  acceptanceQuery,
  adminSuggestionQuery,
  agreementQuery,
  announcementBody,
  announcementListQuery,
  bannerBody,
  consentsBody,
  dissentBody,
  draftBody,
  emptyBody,
  gridBody,
  gridParams,
  idParams,
  kindParams,
  myListQuery,
  processBody,
  publishBody,
  shopParams,
  suggestionBody,
  suggestionStatus,
  versionParams,
} from './content.schemas.ts';

/** Who publishes agreements: platform admins only (a legal act). Announcements, banners and the grid: any platform staff. */
export const AGREEMENT_PUBLISHERS = policy.platform('platform_admin');
export const CONTENT_EDITORS = platformArea.operations;

/**
 * Agreements and consent (/api/agreements, /api/me/agreements, /api/me/consents), announcements
 * (公告), home banners and category grid, the suggestion box (建议箱), and the platform's side of
 * each under /api/admin.
 */
export function contentRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const meta = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });
    const tx = <T>(fn: (trx: Trx) => Promise<T>) => ctx.db.transaction().execute(fn);
    const ownsShop = (request: FastifyRequest) => ({ ownsShop: request.auth!.shops.some((s) => s.role === 'owner') });

    // ----- agreements (public and the account's own) ------------------------------------------
    r.get('/api/agreements/:kind', {
      config: { policy: policy.public() },
      schema: { tags: ['agreements'], summary: 'An agreement: the version in force (or ?version=N) with its text, announced versions and the history', params: kindParams, querystring: agreementQuery },
      handler: async (request) => agreementPage(ctx.db, ctx.clock.now(), request.params.kind, request.query.version),
    });

    r.get('/api/me/agreements/pending', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['agreements'], summary: 'Versions in force that I have not accepted yet (shown at login)' },
      handler: async (request) => ({ items: await pendingAgreements(ctx.db, ctx.clock, request.auth!.userId, ownsShop(request)) }),
    });

    r.post('/api/me/agreements/accept', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['agreements'], summary: 'Accept agreement versions; recorded once per version with time, IP and user agent', body: acceptBody },
      handler: async (request) => {
        const userId = request.auth!.userId;
        const accepted = await tx((trx) => acceptAgreements(trx, ctx.clock, userId, request.body.versionIds, meta(request), 'api'));
        return { accepted, pending: await pendingAgreements(ctx.db, ctx.clock, userId, ownsShop(request)) };
      },
    });

    r.get('/api/me/consents', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['agreements'], summary: 'My optional consents (marketing messages, personalised recommendations); null = never asked' },
      handler: async (request) => getConsents(ctx.db, request.auth!.userId),
    });

    r.put('/api/me/consents', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['agreements'], summary: 'Grant or withdraw optional consents; each change is kept with time and IP', body: consentsBody },
      handler: async (request) => tx((trx) => setConsents(trx, ctx.clock, request.auth!.userId, request.body, meta(request))),
    });

    // ----- 不同意新版商家服务协议，按原协议退出经营 (the shop owner) ------------------------------------
    const shopOwner = policy.shop(['owner']);
    const agreementState = async (request: FastifyRequest, shopId: string) => {
      const state = await shopAgreementState(ctx.db, ctx.clock, shopId, request.auth!.userId);
      const blockers = state.shopStatus === 'closing' ? await exitBlockers(ctx.db, shopId) : [];
      return { ...state, exitBlockers: blockers.map((b) => ({ code: b.code, message: renderMessage(b.code, request.locale, b.params) })) };
    };

    r.get('/api/seller/shops/:shopId/agreement', {
      config: { policy: shopOwner },
      schema: {
        tags: ['seller'],
        summary: 'The shop and the merchant service agreement: the version in force, announced ones, those the owner has not accepted, the dissent (退出中) and what keeps an exiting shop from closing',
        params: shopParams,
      },
      handler: async (request) => agreementState(request, request.params.shopId),
    });

    r.post('/api/seller/shops/:shopId/agreement/dissent', {
      config: { policy: shopOwner, idempotency: 'optional' },
      schema: {
        tags: ['seller'],
        summary: '不同意，按原协议退出经营: refuse a merchant agreement version (in force or announced); the shop stops taking orders, existing orders, after-sales and settlement continue under the old terms',
        params: shopParams,
        body: dissentBody,
      },
      handler: async (request) => {
        const { shopId } = request.params;
        await tx((trx) => dissentFromMerchantAgreement(trx, ctx.clock, request.auth!.userId, shopId, request.body, meta(request)));
        return agreementState(request, shopId);
      },
    });

    r.post('/api/seller/shops/:shopId/exit/close', {
      config: { policy: shopOwner, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Close an exiting shop (已退出) once no order, after-sales request or complaint is open and its money is settled and withdrawn', params: shopParams, body: emptyBody },
      handler: async (request) => {
        const { shopId } = request.params;
        await tx((trx) => closeExitingShop(trx, ctx.clock, request.auth!.userId, shopId));
        return { shopId, status: 'closed' as const };
      },
    });

    // ----- announcements, banners, home ----------------------------------------------------------
    r.get('/api/announcements', {
      config: { policy: policy.public() },
      schema: { tags: ['content'], summary: 'Storefront announcements shown now (pinned first, newest first)', querystring: announcementListQuery },
      handler: async (request) => listAnnouncements(ctx.db, ctx.clock.now(), 'storefront', request.query),
    });

    r.get('/api/announcements/:id', {
      config: { policy: policy.public() },
      schema: { tags: ['content'], summary: 'One storefront announcement', params: idParams },
      handler: async (request) => getAnnouncement(ctx.db, ctx.clock.now(), request.params.id, 'storefront'),
    });

    r.get('/api/seller/shops/:shopId/announcements', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: 'Announcements to merchants shown now', params: shopParams, querystring: announcementListQuery },
      handler: async (request) => listAnnouncements(ctx.db, ctx.clock.now(), 'merchants', request.query),
    });

    r.get('/api/home', {
      config: { policy: policy.public() },
      schema: { tags: ['content'], summary: 'The home page’s banners and category grid (null: the top-level categories) shown now' },
      handler: async () => {
        const now = ctx.clock.now();
        return { banners: await listBanners(ctx.db, now, 'active'), categories: await activeGridCategories(ctx.db, now) };
      },
    });

    // ----- 建议箱 ---------------------------------------------------------------------------------
    r.get('/api/me/suggestions', {
      config: { policy: policy.signedIn() },
      schema: { tags: ['suggestions'], summary: 'My suggestions and the platform’s answers', querystring: myListQuery },
      handler: async (request) => listSuggestions(ctx.db, { ...request.query, userId: request.auth!.userId, role: 'shopper' }),
    });

    r.post('/api/me/suggestions', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags: ['suggestions'], summary: 'Send a suggestion to the platform (建议箱)', body: suggestionBody },
      handler: async (request, reply) => {
        const id = await tx((trx) => createSuggestion(trx, ctx.clock, { userId: request.auth!.userId, role: 'shopper' }, request.body));
        return reply.code(201).send({ id });
      },
    });

    r.get('/api/seller/shops/:shopId/suggestions', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: 'Suggestions this shop sent to the platform', params: shopParams, querystring: myListQuery },
      handler: async (request) => listSuggestions(ctx.db, { ...request.query, shopId: request.params.shopId, role: 'merchant' }),
    });

    r.post('/api/seller/shops/:shopId/suggestions', {
      config: { policy: policy.shop(), idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Send a suggestion to the platform for this shop', params: shopParams, body: suggestionBody },
      handler: async (request, reply) => {
        const author = { userId: request.auth!.userId, role: 'merchant' as const, shopId: request.params.shopId };
        const id = await tx((trx) => createSuggestion(trx, ctx.clock, author, request.body));
        return reply.code(201).send({ id });
      },
    });

    // ----- the platform ---------------------------------------------------------------------------
    r.get('/api/admin/agreements', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Every agreement with its versions (draft, scheduled, in force, superseded) and acceptance counts' },
      handler: async () => ({ items: await listAgreementsAdmin(ctx.db, ctx.clock.now()) }),
    });

    r.post('/api/admin/agreements/:kind/versions', {
      config: { policy: AGREEMENT_PUBLISHERS },
      schema: { tags: ['admin'], summary: 'Start a new version as a draft (one draft per agreement)', params: kindParams, body: draftBody },
      handler: async (request, reply) => {
        const id = await tx((trx) => createAgreementDraft(trx, ctx.clock, request.auth!.userId, request.params.kind, request.body));
        return reply.code(201).send({ id });
      },
    });

    r.put('/api/admin/agreement-versions/:versionId', {
      config: { policy: AGREEMENT_PUBLISHERS },
      schema: { tags: ['admin'], summary: 'Edit a draft version (published versions never change)', params: versionParams, body: draftBody },
      handler: async (request) => {
        await tx((trx) => updateAgreementDraft(trx, ctx.clock, request.params.versionId, request.body));
        return { id: request.params.versionId };
      },
    });

    r.delete('/api/admin/agreement-versions/:versionId', {
      config: { policy: AGREEMENT_PUBLISHERS },
      schema: { tags: ['admin'], summary: 'Discard a draft version', params: versionParams },
      handler: async (request, reply) => {
        await tx((trx) => deleteAgreementDraft(trx, request.params.versionId));
        return reply.code(204).send();
      },
    });

    r.post('/api/admin/agreement-versions/:versionId/publish', {
      config: { policy: AGREEMENT_PUBLISHERS, idempotency: 'optional' },
      schema: {
        tags: ['admin'],
        summary: 'Publish a draft: it takes effect at effectiveAt (≥ 7 days ahead, 电子商务法 Art. 34) and an announcement goes out now',
        params: versionParams,
        body: publishBody,
      },
      handler: async (request) => tx((trx) => publishAgreementVersion(trx, ctx.clock, request.auth!.userId, request.params.versionId, request.body.effectiveAt)),
    });

    r.get('/api/admin/agreement-acceptances', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'The acceptance record (account, version, time, IP), newest first; by account (id, mobile or email), agreement or version', querystring: acceptanceQuery },
      handler: async (request) => listAcceptances(ctx.db, request.query),
    });

    r.get('/api/admin/announcements', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Every announcement (scheduled, shown, expired), newest first', querystring: announcementListQuery },
      handler: async (request) => listAnnouncements(ctx.db, ctx.clock.now(), 'platform', request.query),
    });

    r.post('/api/admin/announcements', {
      config: { policy: CONTENT_EDITORS, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Publish an announcement (公告) to shoppers, merchants or both, now or at publishAt', body: announcementBody },
      handler: async (request, reply) => {
        const id = await tx((trx) => createAnnouncement(trx, ctx.clock, request.auth!.userId, request.body));
        return reply.code(201).send(await getAnnouncement(ctx.db, ctx.clock.now(), id, 'platform'));
      },
    });

    r.put('/api/admin/announcements/:id', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Change an announcement', params: idParams, body: announcementBody },
      handler: async (request) => {
        await tx((trx) => updateAnnouncement(trx, ctx.clock, request.params.id, request.body));
        return getAnnouncement(ctx.db, ctx.clock.now(), request.params.id, 'platform');
      },
    });

    r.post('/api/admin/announcements/:id/withdraw', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Take an announcement down now (one not yet shown is removed)', params: idParams },
      handler: async (request, reply) => {
        await tx((trx) => withdrawAnnouncement(trx, ctx.clock, request.params.id));
        return reply.code(204).send();
      },
    });

    r.get('/api/admin/banners', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Every home banner with its schedule' },
      handler: async () => ({ items: await listBanners(ctx.db, ctx.clock.now(), 'all') }),
    });

    r.post('/api/admin/banners', {
      config: { policy: CONTENT_EDITORS, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Add a home banner (picture or text on a colour), link and schedule', body: bannerBody },
      handler: async (request, reply) => reply.code(201).send({ id: await tx((trx) => createBanner(trx, ctx.clock, request.body)) }),
    });

    r.put('/api/admin/banners/:id', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Change a home banner', params: idParams, body: bannerBody },
      handler: async (request) => {
        await tx((trx) => updateBanner(trx, ctx.clock, request.params.id, request.body));
        return { id: request.params.id };
      },
    });

    r.delete('/api/admin/banners/:id', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Remove a home banner', params: idParams },
      handler: async (request, reply) => {
        await tx((trx) => deleteBanner(trx, request.params.id));
        return reply.code(204).send();
      },
    });

    r.get('/api/admin/home-grids', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Home category grid configurations with their schedules' },
      handler: async () => ({ items: await listGrids(ctx.db, ctx.clock.now()) }),
    });

    r.post('/api/admin/home-grids', {
      config: { policy: CONTENT_EDITORS, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Add a home category grid (categories in order) with a schedule', body: gridBody },
      handler: async (request, reply) => reply.code(201).send({ id: await tx((trx) => createGrid(trx, ctx.clock, request.body)) }),
    });

    r.put('/api/admin/home-grids/:id', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Change a home category grid', params: gridParams, body: gridBody },
      handler: async (request) => {
        await tx((trx) => updateGrid(trx, ctx.clock, request.params.id, request.body));
        return { id: request.params.id };
      },
    });

    r.delete('/api/admin/home-grids/:id', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'Remove a home category grid', params: gridParams },
      handler: async (request, reply) => {
        await tx((trx) => deleteGrid(trx, request.params.id));
        return reply.code(204).send();
      },
    });

    r.get('/api/admin/suggestions', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'The 建议箱 queue (oldest first), by status and author role, with counts', querystring: adminSuggestionQuery },
      handler: async (request) => listSuggestions(ctx.db, request.query, 'oldest'),
    });

    r.get('/api/admin/suggestions/export', {
      config: { policy: CONTENT_EDITORS },
      schema: { tags: ['admin'], summary: 'The 建议箱 queue (filtered as the list) as .xlsx', querystring: adminSuggestionQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => sendXlsx(reply, '建议箱.xlsx', await exportSuggestions(ctx.db, request.query), 'suggestions.xlsx'),
    });

    r.post('/api/admin/suggestions/bulk', {
      config: { policy: CONTENT_EDITORS, idempotency: 'optional' },
      schema: {
        tags: ['admin'],
        summary: 'Move many suggestions the same way, with one optional answer: all or nothing (an error names the suggestion in details.id)',
        body: z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100), status: suggestionStatus, reply: processBody.shape.reply }).strict(),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), status: suggestionStatus })) }) },
      },
      handler: async (request) => {
        const { ids, status, reply } = request.body;
        return { items: await tx((trx) => processSuggestions(trx, ctx.clock, ids, request.auth!.userId, { status, reply })) };
      },
    });

    r.post('/api/admin/suggestions/:id/process', {
      config: { policy: CONTENT_EDITORS, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Move a suggestion (reviewing, adopted, declined, closed) and/or answer its author', params: idParams, body: processBody },
      handler: async (request) => {
        await tx((trx) => processSuggestion(trx, ctx.clock, request.params.id, request.auth!.userId, request.body));
        return { id: request.params.id };
      },
    });
  };
}
