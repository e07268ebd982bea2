import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { ShopKind, ShopStatus } from './merchants.tables.ts';

export const SHOP_SORTS = ['newest', 'oldest', 'name'] as const;
export type ShopSort = (typeof SHOP_SORTS)[number];

export interface ShopListFilter {
  q?: string | undefined;
  kind?: ShopKind | undefined;
  status?: ShopStatus | undefined;
  sort: ShopSort;
  page: number;
  pageSize: number;
}

// Sorts are looked up in this table, never spliced from input.
const ORDER_BY = {
  newest: [['created_at', 'desc'], ['id', 'desc']],
  oldest: [['created_at', 'asc'], ['id', 'asc']],
  name: [['name', 'asc'], ['id', 'asc']],
} as const;

/** The platform's list of shops, with the owner's masked mobile and the number of products on sale. */
export async function listShops(q: Queryable, filter: ShopListFilter) {
  let query = q.selectFrom('shop');
  if (filter.q) query = query.where('shop.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.kind) query = query.where('shop.kind', '=', filter.kind);
  if (filter.status) query = query.where('shop.status', '=', filter.status);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let rows = query
    .select([
      'shop.id',
      'shop.name',
      'shop.kind',
      'shop.status',
      'shop.created_at as createdAt',
      (eb) =>
        eb
          .selectFrom('product')
          .whereRef('product.shop_id', '=', 'shop.id')
          .where('product.status', '=', 'on_sale')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('productsOnSale'),
    ])
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  for (const [column, direction] of ORDER_BY[filter.sort]) rows = rows.orderBy(`shop.${column}`, direction);
  return { total: Number(total), items: (await rows.execute()).map((r) => ({ ...r, productsOnSale: Number(r.productsOnSale ?? 0) })) };
}

export async function getShop(q: Queryable, shopId: string) {
  const shop = await q
    .selectFrom('shop')
    .select(['id', 'name', 'kind', 'status', 'intro', 'logo_url as logoUrl', 'created_at as createdAt'])
    .where('id', '=', shopId)
    .executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
  return shop;
}

/** Counts the merchant console's overview shows. */
export async function shopOverview(q: Queryable, shopId: string) {
  const row = await q
    .selectFrom('product')
    .select([
      sql<number>`count(*) filter (where status = 'on_sale')`.as('onSale'),
      sql<number>`count(*) filter (where status = 'pending_review')`.as('pendingReview'),
      sql<number>`count(*)`.as('total'),
    ])
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  const soldOut = await q
    .selectFrom('sku')
    .innerJoin('product', 'product.id', 'sku.product_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('product.shop_id', '=', shopId)
    .where('sku.stock', '=', 0)
    .executeTakeFirstOrThrow();
  return { productsOnSale: Number(row.onSale), productsPendingReview: Number(row.pendingReview), productsTotal: Number(row.total), skusOutOfStock: Number(soldOut.n) };
}
