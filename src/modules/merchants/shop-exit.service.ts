import type { Queryable, Trx } from '../../db/database.ts';
import type { ErrorCode } from '../../http/error-catalogue.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatFen } from '../../shared/money.ts';
import { OPEN_STATUSES as OPEN_AFTER_SALES } from '../after-sales/after-sales.rules.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance } from '../ledger/ledger.service.ts';

/**
 * 退出经营: a shop whose owner did not accept a new merchant service agreement (agreements.service.ts
 * `dissentFromMerchantAgreement`) is `closing` (退出中): its products are off the storefront and nothing
 * new can be bought (every shopper query and checkout ask for an active shop), while the orders already
 * placed are shipped, refunded and settled under the old terms — at the commission rates fixed when the
 * owner dissented (`exit_commission_rate`). Once nothing is left open and its money is cleared, the owner
 * closes it (已退出); from then on the console no longer lists it and the owner may close the account.
 */

/** Shop statuses bound by the merchant service agreement: shops still in business. */
export const OPERATING_SHOP_STATUSES = ['active', 'frozen'] as const;

const OPEN_ORDER_STATUSES = ['pending_payment', 'paid', 'shipped'] as const;
const OPEN_COMPLAINT_STATUSES = ['submitted', 'accepted', 'investigating'] as const;

export interface ExitBlocker {
  code: ErrorCode;
  params: Record<string, string | number>;
}

/** What keeps the exiting shop from closing now (empty: it may close). */
export async function exitBlockers(q: Queryable, shopId: string): Promise<ExitBlocker[]> {
  const blockers: ExitBlocker[] = [];
  const n = (row: { n: unknown }) => Number(row.n ?? 0);
  const [orders, afterSales, complaints, funds, withdrawals] = await Promise.all([
    q.selectFrom('shop_order').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', 'in', OPEN_ORDER_STATUSES).executeTakeFirstOrThrow(),
    q.selectFrom('after_sales_request').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', 'in', OPEN_AFTER_SALES).executeTakeFirstOrThrow(),
    q.selectFrom('complaint').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', 'in', OPEN_COMPLAINT_STATUSES).executeTakeFirstOrThrow(),
    // Paid orders whose money is still held or falls due later (received orders inside their after-sales window too).
    q
      .selectFrom('order_funds')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb(eb.ref('captured_fen'), '-', eb.ref('refunded_fen'))), eb.lit(0)).as('n'))
      .where('shop_id', '=', shopId)
      .where('status', 'in', ['held', 'due'])
      .executeTakeFirstOrThrow(),
    q.selectFrom('withdrawal').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('n')).where('shop_id', '=', shopId).where('status', '=', 'requested').executeTakeFirstOrThrow(),
  ]);
  if (n(orders) > 0) blockers.push({ code: 'SHOP_EXIT_ORDERS_OPEN', params: { count: n(orders) } });
  if (n(afterSales) + n(complaints) > 0) blockers.push({ code: 'SHOP_EXIT_AFTER_SALES_OPEN', params: { count: n(afterSales) + n(complaints) } });
  const [pending, available] = await Promise.all([accountBalance(q, accountCode('merchant_pending', shopId)), accountBalance(q, accountCode('merchant_available', shopId))]);
  const uncleared = n(funds) + n(withdrawals) + pending + available;
  if (uncleared > 0) blockers.push({ code: 'SHOP_EXIT_FUNDS_UNSETTLED', params: { amount: formatFen(uncleared) } });
  return blockers;
}

/** 关闭店铺: an exiting shop with nothing left open closes for good (已退出). */
export async function closeExitingShop(trx: Trx, clock: Clock, actorId: string, shopId: string): Promise<void> {
  const shop = await trx.selectFrom('shop').select(['status']).where('id', '=', shopId).forUpdate().executeTakeFirst();
  if (!shop) throw new AppError('SHOP_NOT_FOUND');
  if (shop.status !== 'closing') throw new AppError('SHOP_STATUS_CONFLICT', { status: shop.status });
  const blockers = await exitBlockers(trx, shopId);
  if (blockers.length > 0) throw new AppError(blockers[0]!.code, blockers[0]!.params, { blockers: blockers.map((b) => b.code) });
  await trx.updateTable('shop').set({ status: 'closed' }).where('id', '=', shopId).execute();
  await trx
    .insertInto('shop_status_event')
    .values({ shop_id: shopId, action: 'close', reason: '按原协议退出经营，订单与资金已结清，店铺关闭', actor_id: actorId, created_at: clock.now() })
    .execute();
}
