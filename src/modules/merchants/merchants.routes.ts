import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { getShop, listShops, shopOverview, SHOP_SORTS } from './merchants.service.ts';

const shopKind = z.enum(['self_operated', 'flagship', 'specialty', 'franchise', 'individual']);
const shopView = z.object({
  id: z.string(),
  name: z.string(),
  kind: shopKind,
  status: z.enum(['active', 'frozen', 'closed']),
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
        summary: 'All shops, filtered and sorted (sorts come from a fixed list)',
        querystring: z
          .object({
            q: z.string().max(50).optional(),
            kind: shopKind.optional(),
            status: z.enum(['active', 'frozen', 'closed']).optional(),
            sort: z.enum(SHOP_SORTS).default('newest'),
            page: z.coerce.number().int().min(1).max(10_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(100).default(20),
          })
          .strict(),
        response: {
          200: z.object({
            total: z.number(),
            items: z.array(z.object({ id: z.string(), name: z.string(), kind: shopKind, status: z.string(), createdAt: z.date(), productsOnSale: z.number() })),
          }),
        },
      },
      handler: async (request) => listShops(ctx.db, request.query),
    });
  };
}
