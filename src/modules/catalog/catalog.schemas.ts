import { z } from 'zod';
import { SEARCH_SORTS } from './search/search.ts';
import { SELLER_PRODUCT_SORTS } from './products.queries.ts';

export const fen = z.number().int().min(0).max(100_000_000_00).describe('integer fen (分)');
const text = (max: number) => z.string().max(max);
const id = z.string().min(1).max(64);
const imageUrl = z.string().max(300).regex(/^\/media\/[\w./-]+\.webp$/, 'an uploaded image URL (/media/….webp)');

export const productStatus = z.enum(['draft', 'pending_review', 'on_sale', 'rejected', 'off_shelf']);

export const skuInput = z
  .object({
    spec: z.record(text(20), text(30)),
    priceFen: fen,
    originalPriceFen: fen.nullable().optional(),
    stock: z.number().int().min(0).max(10_000_000),
    weightG: z.number().int().min(0).max(1_000_000).optional(),
    barcode: z.string().regex(/^\d{8,14}$/).nullable().optional(),
    imageUrl: imageUrl.nullable().optional(),
  })
  .strict();

export const productInput = z
  .object({
    categoryId: id,
    brandId: id.nullable().optional(),
    title: z.string().trim().min(2).max(60),
    subtitle: text(120).optional(),
    descriptionHtml: text(50_000).optional(),
    images: z.array(imageUrl).max(9),
    params: z.array(z.object({ name: z.string().trim().min(1).max(20), value: z.string().trim().min(1).max(100) }).strict()).max(30),
    return7d: z.boolean(),
    purchaseLimit: z.number().int().min(1).max(9999).nullable().optional(),
    specs: z.array(z.object({ name: z.string().trim().min(1).max(20), values: z.array(z.string().trim().min(1).max(30)).min(1).max(30) }).strict()).max(3),
    skus: z.array(skuInput).min(1).max(600),
  })
  .strict();

export const createProductBody = productInput.extend({ submit: z.boolean().default(false) }).strict();

export const skuPriceStockBody = z
  .object({
    skus: z
      .array(z.object({ skuId: id, priceFen: fen.optional(), originalPriceFen: fen.nullable().optional(), stock: z.number().int().min(0).max(10_000_000).optional() }).strict())
      .min(1)
      .max(600),
  })
  .strict();

export const reasonBody = z.object({ reason: z.string().trim().min(1).max(200) }).strict();
export const optionalReasonBody = z.object({ reason: z.string().trim().max(200).optional() }).strict();

export const bulkIds = z.array(id).min(1).max(100);

export const sellerListQuery = z
  .object({
    status: productStatus.optional(),
    q: text(50).optional(),
    soldOut: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(SELLER_PRODUCT_SORTS).default('updated'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const searchQuerystring = z
  .object({
    q: text(50).optional(),
    categoryId: id.optional(),
    brandId: z.union([id, z.array(id).max(20)]).optional(),
    priceMin: z.coerce.number().int().min(0).optional().describe('fen'),
    priceMax: z.coerce.number().int().min(0).optional().describe('fen'),
    spec: z.union([text(60), z.array(text(60)).max(10)]).optional().describe('name:value, repeatable, e.g. 颜色:黑色'),
    inStock: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    shopId: id.optional(),
    selfOperated: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    page: z.coerce.number().int().min(1).max(500).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
