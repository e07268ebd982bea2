import type { Queryable } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SettlementMode } from './payments.tables.ts';

export interface PaymentSettings {
  mode: SettlementMode;
  /** T+N: days after an order completes before its funds settle to the merchant. */
  settlementDays: number;
}

export async function getPaymentSettings(q: Queryable): Promise<PaymentSettings> {
  const row = await q.selectFrom('payment_setting').selectAll().executeTakeFirstOrThrow();
  return { mode: row.mode, settlementDays: row.settlement_days };
}

export async function updatePaymentSettings(q: Queryable, clock: Clock, patch: Partial<PaymentSettings>): Promise<PaymentSettings> {
  await q
    .updateTable('payment_setting')
    .set({
      ...(patch.mode ? { mode: patch.mode } : {}),
      ...(patch.settlementDays !== undefined ? { settlement_days: patch.settlementDays } : {}),
      updated_at: clock.now(),
    })
    .execute();
  return getPaymentSettings(q);
}

/**
 * The commission rate (basis points) of each line of an order: its product's category's own rate
 * (category.commission_bp, set by the platform in 类目管理 — the one place commission is configured).
 * The category is read as it is at settlement time — except for the orders of a shop that left on the
 * old terms (agreement dissent): their rates were fixed then (`exit_commission_rate`) and stay.
 */
export async function lineCommissionRates(q: Queryable, orderId: string): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom('order_line as l')
    .leftJoin('product as p', 'p.id', 'l.product_id')
    .leftJoin('category as c', 'c.id', 'p.category_id')
    .leftJoin('exit_commission_rate as x', 'x.order_line_id', 'l.id')
    .select(['l.id', 'c.commission_bp', 'x.commission_bp as fixed_bp'])
    .where('l.order_id', '=', orderId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.fixed_bp ?? r.commission_bp ?? DEFAULT_COMMISSION_BP]));
}

/** A line whose product or category is gone is charged the default rate new categories get. */
export const DEFAULT_COMMISSION_BP = 500;

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
