import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SettlementMode } from './payments.tables.ts';

export interface PaymentSettings {
  mode: SettlementMode;
  /** T+N: days after an order completes before its funds settle to the merchant. */
  settlementDays: number;
  /** Commission for categories without their own rate, in basis points (500 = 5%). */
  defaultCommissionBp: number;
}

export async function getPaymentSettings(q: Queryable): Promise<PaymentSettings> {
  const row = await q.selectFrom('payment_setting').selectAll().executeTakeFirstOrThrow();
  return { mode: row.mode, settlementDays: row.settlement_days, defaultCommissionBp: row.default_commission_bp };
}

export async function updatePaymentSettings(q: Queryable, clock: Clock, patch: Partial<PaymentSettings>): Promise<PaymentSettings> {
  await q
    .updateTable('payment_setting')
    .set({
      ...(patch.mode ? { mode: patch.mode } : {}),
      ...(patch.settlementDays !== undefined ? { settlement_days: patch.settlementDays } : {}),
      ...(patch.defaultCommissionBp !== undefined ? { default_commission_bp: patch.defaultCommissionBp } : {}),
      updated_at: clock.now(),
    })
    .execute();
  return getPaymentSettings(q);
}

/** Commission rates by category (only categories with their own rate). */
export async function listCommissionRates(q: Queryable) {
  return q
    .selectFrom('commission_rate as r')
    .innerJoin('category as c', 'c.id', 'r.category_id')
    .select(['r.category_id as categoryId', 'c.name as categoryName', 'r.rate_bp as rateBp', 'r.updated_at as updatedAt'])
    .orderBy('c.name')
    .execute();
}

/** Sets (or with null, removes) a category's own commission rate. */
export async function setCommissionRate(q: Queryable, clock: Clock, categoryId: string, rateBp: number | null): Promise<void> {
  if (rateBp === null) {
    await q.deleteFrom('commission_rate').where('category_id', '=', categoryId).execute();
    return;
  }
  await q
    .insertInto('commission_rate')
    .values({ category_id: categoryId, rate_bp: rateBp, updated_at: clock.now() })
    .onConflict((oc) => oc.column('category_id').doUpdateSet({ rate_bp: rateBp, updated_at: clock.now() }))
    .execute();
}

/**
 * The commission rate of each line of an order: the line's category's own rate, else its parent's,
 * else its grandparent's (3-level categories), else the platform default.
 */
export async function lineCommissionRates(q: Queryable, orderId: string, defaultBp: number): Promise<Map<string, number>> {
  const rows = await sql<{ line_id: string; rate_bp: number | null }>`
    select l.id as line_id,
      coalesce(r1.rate_bp, r2.rate_bp, r3.rate_bp) as rate_bp
    from order_line l
    left join product p on p.id = l.product_id
    left join category c1 on c1.id = p.category_id
    left join category c2 on c2.id = c1.parent_id
    left join commission_rate r1 on r1.category_id = c1.id
    left join commission_rate r2 on r2.category_id = c2.id
    left join commission_rate r3 on r3.category_id = c2.parent_id
    where l.order_id = ${orderId}`.execute(q);
  return new Map(rows.rows.map((r) => [r.line_id, r.rate_bp ?? defaultBp]));
}

/** The shop's sub-merchant id at the provider (marketplace mode). */
export async function shopPayee(q: Queryable, shopId: string): Promise<string | null> {
  const row = await q.selectFrom('shop_payee').select('sub_merchant_id').where('shop_id', '=', shopId).executeTakeFirst();
  return row?.sub_merchant_id ?? null;
}

export async function setShopPayee(q: Queryable, clock: Clock, shopId: string, subMerchantId: string): Promise<void> {
  await q
    .insertInto('shop_payee')
    .values({ shop_id: shopId, sub_merchant_id: subMerchantId, updated_at: clock.now() })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ sub_merchant_id: subMerchantId, updated_at: clock.now() }))
    .execute();
}
