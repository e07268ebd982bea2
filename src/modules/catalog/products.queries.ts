import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { withShopScope } from '../../db/shop-scope.ts';
import { AppError } from '../../http/errors.ts';
import type { ProductStatus } from './catalog.tables.ts';

/** Everything the product page shows. Shoppers (onSaleOnly) never see a product that is not on sale in an open shop. */
export async function getProductDetail(q: Queryable, productId: string, scope: { onSaleOnly: boolean; shopId?: string }) {
  let query = q
    .selectFrom('product as p')
    .innerJoin('shop as s', 's.id', 'p.shop_id')
    .innerJoin('category as c3', 'c3.id', 'p.category_id')
    .leftJoin('category as c2', 'c2.id', 'c3.parent_id')
    .leftJoin('category as c1', 'c1.id', 'c2.parent_id')
    .leftJoin('brand as b', 'b.id', 'p.brand_id')
    .select([
      'p.id', 'p.title', 'p.subtitle', 'p.description_html as descriptionHtml', 'p.images', 'p.params', 'p.status',
      'p.spec_dimensions as specDimensions', 'p.return_7d as return7d', 'p.purchase_limit as purchaseLimit', 'p.min_price_fen as minPriceFen',
      'p.sales_count as salesCount', 'p.rating_avg_x100 as ratingAvgX100', 'p.review_count as reviewCount',
      'p.reject_reason as rejectReason', 'p.off_shelf_reason as offShelfReason', 'p.created_at as createdAt', 'p.updated_at as updatedAt',
      's.id as shopId', 's.name as shopName', 's.kind as shopKind', 's.logo_url as shopLogoUrl',
      'p.category_id as categoryId', 'b.id as brandId', 'b.name as brandName',
      'c3.name as c3Name', 'c2.id as c2Id', 'c2.name as c2Name', 'c1.id as c1Id', 'c1.name as c1Name',
    ])
    .where('p.id', '=', productId);
  if (scope.onSaleOnly) query = query.where('p.status', '=', 'on_sale').where('s.status', '=', 'active');
  if (scope.shopId) query = query.where('p.shop_id', '=', scope.shopId);
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('PRODUCT_NOT_FOUND');
  const skus = await q
    .selectFrom('sku')
    .select(['id', 'spec', 'spec_key as specKey', 'price_fen as priceFen', 'original_price_fen as originalPriceFen', 'stock', 'weight_g as weightG', 'barcode', 'image_url as imageUrl'])
    .where('product_id', '=', productId)
    .orderBy('spec_key')
    .execute();
  // The merchant's dimension order; rows written without it fall back to the order values first appear in.
  const specs = new Map<string, string[]>(row.specDimensions.map((d) => [d.name, [...d.values]]));
  if (specs.size === 0) {
    for (const sku of skus) {
      for (const [name, value] of Object.entries(sku.spec)) {
        const values = specs.get(name) ?? [];
        if (!values.includes(value)) values.push(value);
        specs.set(name, values);
      }
    }
  }
  const { c3Name, c2Id, c2Name, c1Id, c1Name, specDimensions: _dims, ...product } = row;
  return {
    ...product,
    categoryPath: [
      ...(c1Id ? [{ id: c1Id, name: c1Name! }] : []),
      ...(c2Id ? [{ id: c2Id, name: c2Name! }] : []),
      { id: row.categoryId, name: c3Name },
    ],
    specs: [...specs].map(([name, values]) => ({ name, values })),
    skus,
  };
}

export const SELLER_PRODUCT_SORTS = ['updated', 'newest', 'price_asc', 'price_desc', 'sales'] as const;

type SellerProductFilter = { status?: ProductStatus | undefined; q?: string | undefined; soldOut?: boolean | undefined; sort: (typeof SELLER_PRODUCT_SORTS)[number]; page: number; pageSize: number };

/**
 * A shop's products for the merchant console, with counts per status for the tabs. Read under the
 * database tenant guard (src/db/shop-scope.ts): only this shop's products and SKUs are visible to it.
 */
export async function listShopProducts(q: Queryable, shopId: string, filter: SellerProductFilter) {
  return withShopScope(q, shopId, (trx) => readShopProducts(trx, shopId, filter));
}

async function readShopProducts(q: Queryable, shopId: string, filter: SellerProductFilter) {
  let base = q.selectFrom('product as p').where('p.shop_id', '=', shopId);
  if (filter.q) base = base.where('p.title', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const counts = await base.select(['p.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('p.status').execute();
  let list = base;
  if (filter.status) list = list.where('p.status', '=', filter.status);
  if (filter.soldOut) list = list.where(({ not, exists, selectFrom }) => not(exists(selectFrom('sku').select('sku.id').whereRef('sku.product_id', '=', 'p.id').where('sku.stock', '>', 0))));
  const { total } = await list.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const order = {
    updated: [sql`p.updated_at desc`],
    newest: [sql`p.created_at desc`],
    price_asc: [sql`p.min_price_fen asc`],
    price_desc: [sql`p.min_price_fen desc`],
    sales: [sql`p.sales_count desc`],
  }[filter.sort];
  const items = await list
    .select([
      'p.id', 'p.title', 'p.status', 'p.images', 'p.min_price_fen as minPriceFen', 'p.sales_count as salesCount',
      'p.reject_reason as rejectReason', 'p.updated_at as updatedAt',
      sql<number>`(select coalesce(sum(stock), 0)::int from sku where sku.product_id = p.id)`.as('stock'),
      sql<number>`(select count(*)::int from sku where sku.product_id = p.id)`.as('skuCount'),
    ])
    .orderBy(order[0]!)
    .orderBy('p.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return {
    total: Number(total),
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<ProductStatus, number>>,
    items: items.map(({ images, ...rest }) => ({ ...rest, image: images[0] ?? null })),
  };
}

/** The platform's product list / review queue across shops. */
export async function listProductsForReview(
  q: Queryable,
  filter: { status?: ProductStatus | undefined; q?: string | undefined; shopId?: string | undefined; page: number; pageSize: number },
) {
  let base = q.selectFrom('product as p').innerJoin('shop as s', 's.id', 'p.shop_id').innerJoin('category as c', 'c.id', 'p.category_id');
  if (filter.status) base = base.where('p.status', '=', filter.status);
  if (filter.shopId) base = base.where('p.shop_id', '=', filter.shopId);
  if (filter.q) base = base.where('p.title', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const items = await base
    .select(['p.id', 'p.title', 'p.status', 'p.images', 'p.min_price_fen as minPriceFen', 'p.submitted_at as submittedAt', 'p.reject_reason as rejectReason', 's.id as shopId', 's.name as shopName', 'c.name as categoryName'])
    .orderBy('p.submitted_at', (ob) => ob.asc().nullsLast())
    .orderBy('p.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(total), items: items.map(({ images, ...rest }) => ({ ...rest, image: images[0] ?? null })) };
}
