import type { FastifyInstance } from 'fastify';
import { sendXlsx } from '../../shared/spreadsheet.ts';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { platformArea, policy } from '../../http/policy.ts';
import { listCategoryTree } from './catalog.queries.ts';
import {
  bulkIds, createProductBody, optionalReasonBody, productInput, productStatus, reasonBody, searchQuerystring, sellerListQuery, skuPriceStockBody,
} from './catalog.schemas.ts';
import { importImageFromUrl, MAX_IMAGE_BYTES, storeImage } from './images.service.ts';
import { exportProducts, importProducts, readRows } from './import-export.ts';
import { getProductDetail, listProductsForReview, listShopProducts } from './products.queries.ts';
import { changeProductStatus, createProduct, productHistory, updateProduct, updateSkuPriceStock, type Actor } from './products.service.ts';
import type { SearchQuery } from './search/search.ts';
import { readUploadedImage } from '../../http/uploads.ts';

const shopParams = z.object({ shopId: z.string().max(64) }).strict();
const shopProductParams = z.object({ shopId: z.string().max(64), productId: z.string().max(64) }).strict();
const productParams = z.object({ productId: z.string().max(64) }).strict();
const idOut = z.object({ id: z.string(), status: productStatus });
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parseSpecs(values: string[]): Record<string, string> {
  const specs: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf(':');
    if (at <= 0 || at === v.length - 1) throw new AppError('SPEC_INVALID', { detail: v });
    specs[v.slice(0, at)] = v.slice(at + 1);
  }
  return specs;
}

/** Storefront (public), merchant (/api/seller/shops/:shopId/…) and platform (/api/admin/…) catalog routes. */
export function catalogRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fields: 5, parts: 6 } });
    const merchant = (userId: string): Actor => ({ userId, role: 'merchant' });
    const platform = (userId: string): Actor => ({ userId, role: 'platform' });

    // ----- storefront ---------------------------------------------------------------
    r.get('/api/categories', {
      config: { policy: policy.public() },
      schema: { tags: ['catalog'], summary: 'The enabled 3-level category tree' },
      handler: async () => ({ items: await listCategoryTree(ctx.db) }),
    });

    r.get('/api/search', {
      config: { policy: policy.public() },
      schema: { tags: ['catalog'], summary: 'Search products: Chinese words, pinyin, initials; filters, facets and sorts', querystring: searchQuerystring },
      handler: async (request) => {
        const qs = request.query;
        const query: SearchQuery = {
          q: qs.q,
          categoryId: qs.categoryId,
          brandIds: asList(qs.brandId),
          priceMinFen: qs.priceMin,
          priceMaxFen: qs.priceMax,
          specs: parseSpecs(asList(qs.spec)),
          inStock: qs.inStock,
          shopId: qs.shopId,
          selfOperated: qs.selfOperated,
          sort: qs.sort,
          page: qs.page,
          pageSize: qs.pageSize,
        };
        return ctx.search.search(query);
      },
    });

    r.get('/api/search/suggest', {
      config: { policy: policy.public() },
      schema: { tags: ['catalog'], summary: 'Autocomplete for the search box', querystring: z.object({ q: z.string().max(50) }).strict(), response: { 200: z.object({ items: z.array(z.string()) }) } },
      handler: async (request) => ({ items: await ctx.search.suggest(request.query.q) }),
    });

    r.get('/api/products/:productId', {
      config: { policy: policy.public() },
      schema: { tags: ['catalog'], summary: 'A product on sale: SKUs with price and stock, parameters, shop, category path', params: productParams },
      handler: async (request) => getProductDetail(ctx.db, request.params.productId, { onSaleOnly: true }),
    });

    // ----- merchant ------------------------------------------------------------------
    const productEditors = policy.shop(['operator']);

    r.get('/api/seller/shops/:shopId/products', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: "The shop's products with status counts (出售中/审核中/仓库中…)", params: shopParams, querystring: sellerListQuery },
      handler: async (request) => listShopProducts(ctx.db, request.params.shopId, request.query),
    });

    r.post('/api/seller/shops/:shopId/products', {
      config: { policy: productEditors, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Create a product (draft, or straight to review with submit: true)', params: shopParams, body: createProductBody, response: { 201: idOut } },
      handler: async (request, reply) => {
        const { submit, ...input } = request.body;
        const id = await ctx.db.transaction().execute((trx) => createProduct(trx, ctx.clock, request.params.shopId, merchant(request.auth!.userId), input, submit));
        return reply.code(201).send({ id, status: submit ? 'pending_review' : 'draft' });
      },
    });

    r.get('/api/seller/shops/:shopId/products/:productId', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: "One of the shop's products, any status, with its change history", params: shopProductParams },
      handler: async (request) => {
        const product = await getProductDetail(ctx.db, request.params.productId, { onSaleOnly: false, shopId: request.params.shopId });
        return { ...product, history: await productHistory(ctx.db, product.id) };
      },
    });

    r.put('/api/seller/shops/:shopId/products/:productId', {
      config: { policy: productEditors, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Edit a product; an on-sale product goes back to review', params: shopProductParams, body: productInput, response: { 200: idOut } },
      handler: async (request) => {
        const { shopId, productId } = request.params;
        const status = await ctx.db.transaction().execute((trx) => updateProduct(trx, ctx.clock, shopId, merchant(request.auth!.userId), productId, request.body));
        return { id: productId, status };
      },
    });

    r.patch('/api/seller/shops/:shopId/products/:productId/skus', {
      config: { policy: productEditors, idempotency: 'optional' },
      schema: { tags: ['seller'], summary: 'Change SKU prices and stock (stays on sale)', params: shopProductParams, body: skuPriceStockBody, response: { 204: z.null() } },
      handler: async (request, reply) => {
        const { shopId, productId } = request.params;
        await ctx.db.transaction().execute((trx) => updateSkuPriceStock(trx, ctx.clock, shopId, merchant(request.auth!.userId), productId, request.body.skus));
        return reply.code(204).send(null);
      },
    });

    for (const [path, action, summary] of [
      ['submit', 'submit', 'Submit for platform review'],
      ['off-shelf', 'take_off_shelf', 'Take off the shelf (下架)'],
    ] as const) {
      r.post(`/api/seller/shops/:shopId/products/:productId/${path}`, {
        config: { policy: productEditors },
        schema: { tags: ['seller'], summary, params: shopProductParams, body: optionalReasonBody.optional(), response: { 200: idOut } },
        handler: async (request) => {
          const { shopId, productId } = request.params;
          const status = await ctx.db.transaction().execute((trx) => changeProductStatus(trx, ctx.clock, merchant(request.auth!.userId), productId, action, { shopId, reason: request.body?.reason }));
          return { id: productId, status };
        },
      });
    }

    r.post('/api/seller/shops/:shopId/products/bulk', {
      config: { policy: productEditors },
      schema: {
        tags: ['seller'],
        summary: 'Submit or take off many products at once: all or nothing',
        params: shopParams,
        body: z.object({ action: z.enum(['submit', 'take_off_shelf']), productIds: bulkIds }).strict(),
        response: { 200: z.object({ items: z.array(idOut) }) },
      },
      handler: async (request) => {
        const { shopId } = request.params;
        const { action, productIds } = request.body;
        const items = await ctx.db.transaction().execute(async (trx) => {
          const out = [];
          for (const productId of [...new Set(productIds)].sort()) {
            out.push({ id: productId, status: await changeProductStatus(trx, ctx.clock, merchant(request.auth!.userId), productId, action, { shopId }) });
          }
          return out;
        });
        return { items };
      },
    });

    r.post('/api/seller/shops/:shopId/images', {
      config: { policy: productEditors },
      schema: { tags: ['seller'], summary: 'Upload a product image (multipart field "file"; JPEG/PNG/WebP/GIF ≤ 10 MB)', params: shopParams, consumes: ['multipart/form-data'] },
      handler: async (request, reply) => {
        const bytes = await readUploadedImage(request);
        const image = await storeImage(ctx.db, ctx.clock, ctx.media, { bytes, shopId: request.params.shopId, userId: request.auth!.userId });
        return reply.code(201).send(image);
      },
    });

    r.post('/api/seller/shops/:shopId/products/import', {
      config: { policy: productEditors },
      schema: {
        tags: ['seller'],
        summary: 'Import products from .xlsx or .csv (one row per SKU; field "file"): a report per product, each all or nothing',
        params: shopParams,
        consumes: ['multipart/form-data'],
      },
      handler: async (request) => {
        const file = await request.file().catch(() => undefined);
        if (!file) throw new AppError('IMPORT_INVALID');
        const bytes = await file.toBuffer().catch(() => {
          throw new AppError('PAYLOAD_TOO_LARGE');
        });
        const format = bytes.subarray(0, 2).toString() === 'PK' ? 'xlsx' : 'csv';
        const rows = await readRows(bytes, format);
        return importProducts(ctx.db, ctx.clock, request.params.shopId, merchant(request.auth!.userId), rows);
      },
    });

    r.get('/api/seller/shops/:shopId/products/export', {
      config: { policy: policy.shop() },
      schema: { tags: ['seller'], summary: "The shop's products as .xlsx, in the import layout", params: shopParams },
      handler: async (request, reply) => {
        const file = await exportProducts(ctx.db, request.params.shopId);
        return sendXlsx(reply, `products-${request.params.shopId}.xlsx`, file);
      },
    });

    r.post('/api/seller/shops/:shopId/images/import', {
      config: { policy: productEditors },
      schema: { tags: ['seller'], summary: 'Import an image from a public https URL', params: shopParams, body: z.object({ url: z.string().max(2000) }).strict() },
      handler: async (request, reply) => {
        const image = await importImageFromUrl(ctx.db, ctx.clock, ctx.media, { url: request.body.url, shopId: request.params.shopId, userId: request.auth!.userId });
        return reply.code(201).send(image);
      },
    });

    // ----- platform --------------------------------------------------------------------
    const reviewers = platformArea.review;

    r.get('/api/admin/products', {
      config: { policy: reviewers },
      schema: {
        tags: ['admin'],
        summary: 'Products across shops; status=pending_review is the review queue (oldest first)',
        querystring: z
          .object({
            status: productStatus.optional(),
            q: z.string().max(50).optional(),
            shopId: z.string().max(64).optional(),
            page: z.coerce.number().int().min(1).max(10_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(100).default(20),
          })
          .strict(),
      },
      handler: async (request) => listProductsForReview(ctx.db, request.query),
    });

    r.get('/api/admin/products/:productId', {
      config: { policy: reviewers },
      schema: { tags: ['admin'], summary: 'A product in any status, with its change history', params: productParams },
      handler: async (request) => {
        const product = await getProductDetail(ctx.db, request.params.productId, { onSaleOnly: false });
        return { ...product, history: await productHistory(ctx.db, product.id) };
      },
    });

    for (const [path, action, body] of [
      ['approve', 'approve', optionalReasonBody],
      ['reject', 'reject', reasonBody],
      ['force-off-shelf', 'force_off_shelf', reasonBody],
    ] as const) {
      r.post(`/api/admin/products/:productId/${path}`, {
        config: { policy: reviewers },
        schema: { tags: ['admin'], summary: `Review: ${path}`, params: productParams, body, response: { 200: idOut } },
        handler: async (request) => {
          const status = await ctx.db.transaction().execute((trx) =>
            changeProductStatus(trx, ctx.clock, platform(request.auth!.userId), request.params.productId, action, { shopId: null, reason: request.body.reason }),
          );
          return { id: request.params.productId, status };
        },
      });
    }

    r.post('/api/admin/products/review', {
      config: { policy: reviewers },
      schema: {
        tags: ['admin'],
        summary: 'Approve or reject many products at once: all or nothing',
        body: z.object({ action: z.enum(['approve', 'reject']), productIds: bulkIds, reason: z.string().trim().max(200).optional() }).strict(),
        response: { 200: z.object({ items: z.array(idOut) }) },
      },
      handler: async (request) => {
        const { action, productIds, reason } = request.body;
        const items = await ctx.db.transaction().execute(async (trx) => {
          const out = [];
          for (const productId of [...new Set(productIds)].sort()) {
            out.push({ id: productId, status: await changeProductStatus(trx, ctx.clock, platform(request.auth!.userId), productId, action, { shopId: null, reason }) });
          }
          return out;
        });
        return { items };
      },
    });
  };
}
