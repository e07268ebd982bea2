import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ShopKind, ShopStatus } from './merchants.tables.ts';
import { LIMITS, needsReverification } from './onboarding.rules.ts';

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

/**
 * The platform's list of shops with the number of products on sale, the freeze (reason, since when),
 * the licence record (subject, `needsReverification` when it was last checked six months or more
 * before `now`) and, for the status tabs, the count per status under the other filters.
 */
export async function listShops(q: Queryable, filter: ShopListFilter, now: Date) {
  let query = q.selectFrom('shop').leftJoin('shop_licence as l', 'l.shop_id', 'shop.id');
  if (filter.q) query = query.where('shop.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.kind) query = query.where('shop.kind', '=', filter.kind);
  const byStatus = await query.select(['shop.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('shop.status').execute();
  if (filter.status) query = query.where('shop.status', '=', filter.status);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let rows = query
    .select([
      'shop.id',
      'shop.name',
      'shop.kind',
      'shop.status',
      'shop.created_at as createdAt',
      'shop.frozen_reason as frozenReason',
      'shop.frozen_at as frozenAt',
      'l.verified_at as licenceVerifiedAt',
      'l.subject_name as subjectName',
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
  const counts: Record<ShopStatus | 'all', number> = { all: 0, active: 0, frozen: 0, closing: 0, closed: 0 };
  for (const r of byStatus) {
    counts[r.status] = Number(r.n);
    counts.all += Number(r.n);
  }
  return {
    total: Number(total),
    counts,
    items: (await rows.execute()).map((r) => ({
      ...r,
      productsOnSale: Number(r.productsOnSale ?? 0),
      needsReverification: r.licenceVerifiedAt ? needsReverification(r.licenceVerifiedAt, now) : false,
    })),
  };
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

// ----- the platform's sanctions and checks -------------------------------------------------------

function checkReason(reason: string | null | undefined): string {
  const text = (reason ?? '').trim();
  if (text.length === 0 || [...text].length > LIMITS.freezeReason) throw new AppError('FREEZE_REASON_REQUIRED', { max: LIMITS.freezeReason });
  return text;
}

async function statusConflict(q: Queryable, shopId: string): Promise<never> {
  const shop = await q.selectFrom('shop').select('status').where('id', '=', shopId).executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
  throw new AppError('SHOP_STATUS_CONFLICT', { status: shop.status });
}

/**
 * 冻结: the shop's products leave the storefront (every shopper query and checkout ask for an active
 * shop) and nothing new can be bought; its members keep the console, so orders already placed are still
 * shipped, refunded and settled. Only an active shop can be frozen; the reason is kept and logged.
 */
export async function freezeShop(trx: Trx, clock: Clock, actorId: string, shopId: string, reason: string): Promise<void> {
  const text = checkReason(reason);
  const now = clock.now();
  const updated = await trx
    .updateTable('shop')
    .set({ status: 'frozen', frozen_reason: text, frozen_at: now, frozen_by: actorId })
    .where('id', '=', shopId)
    .where('status', '=', 'active')
    .returning('id')
    .executeTakeFirst();
  if (!updated) await statusConflict(trx, shopId);
  await trx.insertInto('shop_status_event').values({ shop_id: shopId, action: 'freeze', reason: text, actor_id: actorId, created_at: now }).execute();
}

/** 解冻: back to active (the reason is logged). */
export async function unfreezeShop(trx: Trx, clock: Clock, actorId: string, shopId: string, reason: string): Promise<void> {
  const text = checkReason(reason);
  const updated = await trx
    .updateTable('shop')
    .set({ status: 'active', frozen_reason: null, frozen_at: null, frozen_by: null })
    .where('id', '=', shopId)
    .where('status', '=', 'frozen')
    .returning('id')
    .executeTakeFirst();
  if (!updated) await statusConflict(trx, shopId);
  await trx.insertInto('shop_status_event').values({ shop_id: shopId, action: 'unfreeze', reason: text, actor_id: actorId, created_at: clock.now() }).execute();
}

/** 执照复核: the platform checked the licence record again (it is no longer flagged for six months). */
export async function reverifyLicence(trx: Trx, clock: Clock, actorId: string, shopId: string, note: string): Promise<void> {
  const text = checkReason(note);
  const now = clock.now();
  const updated = await trx.updateTable('shop_licence').set({ verified_at: now, verified_by: actorId }).where('shop_id', '=', shopId).returning('shop_id').executeTakeFirst();
  if (!updated) throw new AppError('SHOP_NOT_FOUND');
  await trx.insertInto('shop_status_event').values({ shop_id: shopId, action: 'reverify', reason: text, actor_id: actorId, created_at: now }).execute();
}

/** The platform's actions on a shop, newest first. */
export async function shopStatusEvents(q: Queryable, shopId: string, limit = 20) {
  return q
    .selectFrom('shop_status_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.reason', 'e.created_at as at', 'u.display_name as actorName'])
    .where('e.shop_id', '=', shopId)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
