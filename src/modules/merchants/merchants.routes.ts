import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { platformArea, policy } from '../../http/policy.ts';
import { freezeShop, getShop, listShops, reverifyLicence, shopOverview, shopStatusEvents, SHOP_SORTS, unfreezeShop } from './merchants.service.ts';
import { LIMITS } from './onboarding.rules.ts';
import { exportShops } from './merchant-lists.export.ts';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import { getShopProfile, updateShopProfile } from './shop-profile.service.ts';

const shopKind = z.enum(['self_operated', 'flagship', 'specialty', 'franchise', 'individual']);
const shopStatus = z.enum(['active', 'frozen', 'closing', 'closed']);
const shopListQuery = z
  .object({
    q: z.string().max(50).optional(),
    kind: shopKind.optional(),
    status: shopStatus.optional(),
    sort: z.enum(SHOP_SORTS).default('newest'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
const shopView = z.object({
  id: z.string(),
  name: z.string(),
  kind: shopKind,
  status: shopStatus,
  intro: z.string(),
  logoUrl: z.string().nullable(),
  createdAt: z.date(),
});

export function merchantsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/api/seller/shops', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: ['seller'],
        summary: 'The shops the caller works for, with their role',
        response: { 200: z.object({ items: z.array(z.object({ shopId: z.string(), shopName: z.string(), role: z.string() })) }) },
      },
      handler: async (request) => ({ items: request.auth!.shops }),
    });

    r.get('/api/seller/shops/:shopId', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: "The caller's shop", params: z.object({ shopId: z.string().max(64) }).strict(), response: { 200: shopView } },
      handler: async (request) => getShop(ctx.db, request.params.shopId),
    });

    // 店铺设置: owners and operators.
    const profileParams = z.object({ shopId: z.string().max(64) }).strict();
    const profileBody = z
      .object({
        intro: z.string().max(400).optional(),
        announcement: z.string().max(600).optional(),
        serviceHours: z.string().max(100).optional(),
        returnAddress: z.string().max(400).optional(),
        logoUrl: z.string().max(500).nullable().optional(),
        bannerUrl: z.string().max(500).nullable().optional(),
      })
      .strict();
    r.get('/api/seller/shops/:shopId/profile', {
      config: { policy: policy.shop(['operator']) },
      schema: { tags: ['seller'], summary: "The shop's page settings: intro, announcement, service hours, return address, logo and banner", params: profileParams },
      handler: async (request) => getShopProfile(ctx.db, request.params.shopId),
    });
    r.put('/api/seller/shops/:shopId/profile', {
      config: { policy: policy.shop(['operator']) },
      schema: { tags: ['seller'], summary: 'Change the shop page settings (fields left out stay as they are); pictures must be ones this shop uploaded', params: profileParams, body: profileBody },
      handler: async (request) => ctx.db.transaction().execute((trx) => updateShopProfile(trx, request.params.shopId, request.body)),
    });

    r.get('/api/seller/shops/:shopId/overview', {
      config: { policy: policy.shop() },
      schema: {
        tags: ['seller'],
        summary: 'Counts for the merchant console overview (概况)',
        params: z.object({ shopId: z.string().max(64) }).strict(),
        response: { 200: z.object({ productsOnSale: z.number(), productsPendingReview: z.number(), productsTotal: z.number(), skusOutOfStock: z.number() }) },
      },
      handler: async (request) => shopOverview(ctx.db, request.params.shopId),
    });

    r.get('/api/admin/shops', {
      config: { policy: policy.platform() },
      schema: {
        tags: ['admin'],
        summary: 'All shops, filtered and sorted (sorts come from a fixed list), with the count per status for the tabs',
        querystring: shopListQuery,
        response: {
          200: z.object({
            total: z.number(),
            counts: z.record(z.enum(['all', ...shopStatus.options]), z.number()),
            items: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                kind: shopKind,
                status: z.string(),
                createdAt: z.date(),
                productsOnSale: z.number(),
                frozenReason: z.string().nullable(),
                frozenAt: z.date().nullable(),
                licenceVerifiedAt: z.date().nullable(),
                subjectName: z.string().nullable(),
                needsReverification: z.boolean(),
              }),
            ),
          }),
        },
      },
      handler: async (request) => listShops(ctx.db, request.query, ctx.clock.now()),
    });

    r.get('/api/admin/shops/export', {
      config: { policy: policy.platform() },
      schema: { tags: ['admin'], summary: 'All shops (filtered and sorted as the list) as .xlsx', querystring: shopListQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => {
        const file = await exportShops(ctx.db, request.query, ctx.clock.now());
        return sendXlsx(reply, '商家.xlsx', file, 'shops.xlsx');
      },
    });

    // ----- freezing (冻结) and licence re-verification, by platform staff --------------------------
    const shopParams = z.object({ shopId: z.string().max(64) }).strict();
    const reasonBody = z.object({ reason: z.string().max(LIMITS.freezeReason * 2) }).strict();
    const staff = platformArea.operations;
    const shopState = async (shopId: string) => {
      const shop = await getShop(ctx.db, shopId);
      const row = await ctx.db.selectFrom('shop').select(['frozen_reason as frozenReason', 'frozen_at as frozenAt']).where('id', '=', shopId).executeTakeFirstOrThrow();
      return { ...shop, ...row, events: await shopStatusEvents(ctx.db, shopId) };
    };

    r.get('/api/admin/shops/:shopId', {
      config: { policy: policy.platform() },
      schema: { tags: ['admin'], summary: 'One shop with its freeze state and the platform’s actions on it (newest first)', params: shopParams },
      handler: async (request) => shopState(request.params.shopId),
    });

    r.post('/api/admin/shops/:shopId/freeze', {
      config: { policy: staff, idempotency: 'optional' },
      schema: {
        tags: ['admin'],
        summary: 'Freeze (冻结) an active shop, with the reason: its products leave the storefront and checkout refuses them; existing orders continue',
        params: shopParams,
        body: reasonBody,
      },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => freezeShop(trx, ctx.clock, request.auth!.userId, request.params.shopId, request.body.reason));
        return shopState(request.params.shopId);
      },
    });

    r.post('/api/admin/shops/:shopId/unfreeze', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Unfreeze (解冻) a frozen shop, with the reason', params: shopParams, body: reasonBody },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => unfreezeShop(trx, ctx.clock, request.auth!.userId, request.params.shopId, request.body.reason));
        return shopState(request.params.shopId);
      },
    });

    r.post('/api/admin/shops/:shopId/licence/reverify', {
      config: { policy: staff, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Record that the shop’s licence was checked again (clears the six-month re-verification flag)', params: shopParams, body: reasonBody },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => reverifyLicence(trx, ctx.clock, request.auth!.userId, request.params.shopId, request.body.reason));
        return shopState(request.params.shopId);
      },
    });
  };
}
