import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJob } from '../../shared/jobs.ts';
import { releaseStock } from '../inventory/inventory.service.ts';
import { nextOrderStatus, type OrderAction, type OrderTimers } from './orders.rules.ts';
import type { OrderStatus } from './orders.tables.ts';
import { getOrderTimers } from './timer-settings.service.ts';

/** Enqueued with order changes that move money; the payments module handles it. */
export const ORDER_CHANGED_JOB = 'payments.order-changed';

export interface OrderActor {
  id: string | null;
  role: 'buyer' | 'merchant' | 'platform' | 'system';
}

export async function recordOrderEvent(
  trx: Trx,
  clock: Clock,
  event: { orderId: string; action: string; from: OrderStatus | null; to: OrderStatus; actor: OrderActor; note?: string | null },
): Promise<void> {
  await trx
    .insertInto('order_event')
    .values({
      id: newId('oev'),
      order_id: event.orderId,
      action: event.action,
      from_status: event.from,
      to_status: event.to,
      actor_id: event.actor.id,
      actor_role: event.actor.role,
      note: event.note ?? null,
      created_at: clock.now(),
    })
    .execute();
}

/** Locks a shop order; `scope` keeps buyers and merchants to their own (someone else's order is "not found"). */
export async function lockOrder(trx: Trx, orderId: string, scope: { userId?: string; shopId?: string } = {}) {
  let query = trx.selectFrom('shop_order').selectAll().where('id', '=', orderId);
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('shop_id', '=', scope.shopId);
  const order = await query.forUpdate().executeTakeFirst();
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  return order;
}

async function orderStockLines(trx: Trx, orderId: string) {
  const lines = await trx.selectFrom('order_line').select(['sku_id', 'qty']).where('order_id', '=', orderId).execute();
  return lines.map((l) => ({ skuId: l.sku_id, qty: l.qty }));
}

/**
 * Moves one shop order through its lifecycle, with its side effects: a cancellation gives the stock
 * back (exactly once — only the move out of pending_payment/paid does it), a shipment sets the
 * auto-confirm timer, a receipt starts the after-sales window. Both deadlines are the 系统设置 in force
 * now (`getOrderTimers`; `timerDefaults` is the environment's config.orders) and are stored on the order,
 * so a later change of the setting never moves them.
 */
export async function transitionOrder(
  trx: Trx,
  clock: Clock,
  timerDefaults: OrderTimers,
  orderId: string,
  action: OrderAction,
  actor: OrderActor,
  options: { scope?: { userId?: string; shopId?: string }; note?: string } = {},
): Promise<OrderStatus> {
  const order = await lockOrder(trx, orderId, options.scope);
  const to = nextOrderStatus(order.status, action);
  // A paid order of which a parcel already left (部分发货) cannot be cancelled: what shipped cannot come back by a click.
  if (action === 'cancel' && order.status === 'paid') {
    const shipped = await trx.selectFrom('shipment').select('id').where('order_id', '=', orderId).limit(1).executeTakeFirst();
    if (shipped) throw new AppError('ORDER_STATUS_CONFLICT', { from: 'partly_shipped', action });
  }
  const now = clock.now();
  const set: Record<string, unknown> = { status: to };
  if (action === 'pay') set.paid_at = now;
  if (action === 'ship') {
    set.shipped_at = now;
    set.auto_confirm_at = new Date(now.getTime() + (await getOrderTimers(trx, timerDefaults)).autoConfirmMs);
    await enqueueJob(trx, clock, { kind: 'orders.auto-confirm', payload: { orderId }, runAt: set.auto_confirm_at as Date, dedupeKey: `orders.auto-confirm:${orderId}` });
  }
  if (action === 'confirm_receipt') {
    set.received_at = now;
    set.after_sales_until = new Date(now.getTime() + (await getOrderTimers(trx, timerDefaults)).afterSalesWindowMs);
    await enqueueJob(trx, clock, { kind: 'orders.complete', payload: { orderId }, runAt: set.after_sales_until as Date, dedupeKey: `orders.complete:${orderId}` });
  }
  if (action === 'complete') {
    set.completed_at = now;
    await addToSalesCounts(trx, orderId);
  }
  if (action === 'cancel') {
    set.cancelled_at = now;
    set.cancel_reason = options.note ?? null;
    await releaseStock(trx, await orderStockLines(trx, orderId));
  }
  await trx.updateTable('shop_order').set(set).where('id', '=', orderId).execute();
  await recordOrderEvent(trx, clock, { orderId, action, from: order.status, to, actor, note: options.note ?? null });
  // Money follows through the outbox: a paid order cancelled is refunded, a received one may settle COD, a completed one falls due.
  if ((action === 'cancel' && order.status === 'paid') || action === 'confirm_receipt' || action === 'complete') {
    await enqueueJob(trx, clock, { kind: ORDER_CHANGED_JOB, payload: { orderId, action }, dedupeKey: `${ORDER_CHANGED_JOB}:${orderId}:${action}` });
  }
  if (action === 'cancel' && order.status === 'pending_payment') await settlePaymentOrderAfterCancel(trx, clock, order.payment_order_id, order.payable_fen);
  return to;
}

/** An unpaid shop order was cancelled: its amount leaves the payment order; with nothing left, the payment order is cancelled. */
async function settlePaymentOrderAfterCancel(trx: Trx, clock: Clock, paymentOrderId: string, amountFen: number): Promise<void> {
  const payment = await trx.selectFrom('payment_order').select(['status']).where('id', '=', paymentOrderId).forUpdate().executeTakeFirstOrThrow();
  if (payment.status !== 'pending') return;
  const open = await trx.selectFrom('shop_order').select('id').where('payment_order_id', '=', paymentOrderId).where('status', '=', 'pending_payment').execute();
  await trx
    .updateTable('payment_order')
    .set({
      amount_fen: sql`amount_fen - ${amountFen}`,
      ...(open.length === 0 ? { status: 'cancelled' as const, cancelled_at: clock.now() } : {}),
    })
    .where('id', '=', paymentOrderId)
    .execute();
}

/**
 * 销量 is derived, never written by a route: a completed order adds its quantities to its products.
 * `recomputeSalesCounts` derives the same figures from scratch (and the tests check they agree).
 */
async function addToSalesCounts(trx: Trx, orderId: string): Promise<void> {
  await sql`update product p set sales_count = p.sales_count + l.qty
    from (select product_id, sum(qty)::int as qty from order_line where order_id = ${orderId} group by product_id) l
    where p.id = l.product_id`.execute(trx);
}

export async function recomputeSalesCounts(q: Queryable): Promise<{ productId: string; salesCount: number }[]> {
  const rows = await sql<{ product_id: string; n: number }>`select l.product_id, sum(l.qty)::int as n from order_line l
    join shop_order o on o.id = l.order_id where o.status = 'completed' group by l.product_id`.execute(q);
  return rows.rows.map((r) => ({ productId: r.product_id, salesCount: r.n }));
}

export type PaymentOutcome = 'paid' | 'already_paid' | 'late_after_cancel';

/**
 * A verified payment for a payment order (called by the payments module). Locks the payment order, so
 * it and the unpaid-order timeout run one after the other: the order ends either paid, or cancelled
 * with this payment reported as late (to be refunded).
 */
export async function markPaymentOrderPaid(trx: Trx, clock: Clock, timerDefaults: OrderTimers, paymentOrderId: string): Promise<PaymentOutcome> {
  const payment = await trx.selectFrom('payment_order').selectAll().where('id', '=', paymentOrderId).forUpdate().executeTakeFirst();
  if (!payment) throw new AppError('ORDER_NOT_FOUND');
  if (payment.status === 'paid') return 'already_paid';
  if (payment.status === 'cancelled') return 'late_after_cancel';
  await trx.updateTable('payment_order').set({ status: 'paid', paid_at: clock.now() }).where('id', '=', paymentOrderId).execute();
  const orders = await trx.selectFrom('shop_order').select('id').where('payment_order_id', '=', paymentOrderId).where('status', '=', 'pending_payment').orderBy('id').execute();
  for (const order of orders) await transitionOrder(trx, clock, timerDefaults, order.id, 'pay', { id: null, role: 'system' });
  return 'paid';
}

/** The unpaid-order timeout: if the payment order is still unpaid at its deadline, cancel its orders and give the stock back. */
export async function cancelIfUnpaid(trx: Trx, clock: Clock, timerDefaults: OrderTimers, paymentOrderId: string): Promise<boolean> {
  const payment = await trx.selectFrom('payment_order').selectAll().where('id', '=', paymentOrderId).forUpdate().executeTakeFirst();
  if (!payment || payment.status !== 'pending' || payment.expires_at.getTime() > clock.now().getTime()) return false;
  const orders = await trx.selectFrom('shop_order').select('id').where('payment_order_id', '=', paymentOrderId).where('status', '=', 'pending_payment').orderBy('id').execute();
  for (const order of orders) {
    await transitionOrder(trx, clock, timerDefaults, order.id, 'cancel', { id: null, role: 'system' }, { note: '超时未支付，系统自动取消' });
  }
  await trx.updateTable('payment_order').set({ status: 'cancelled', cancelled_at: clock.now() }).where('id', '=', paymentOrderId).where('status', '=', 'pending').execute();
  return true;
}

/** Shipped orders the buyer has not confirmed are received automatically when their timer runs out. */
export async function autoConfirmReceipt(trx: Trx, clock: Clock, timerDefaults: OrderTimers, orderId: string): Promise<boolean> {
  const order = await trx.selectFrom('shop_order').select(['status', 'auto_confirm_at']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order || order.status !== 'shipped' || !order.auto_confirm_at || order.auto_confirm_at.getTime() > clock.now().getTime()) return false;
  await transitionOrder(trx, clock, timerDefaults, orderId, 'confirm_receipt', { id: null, role: 'system' }, { note: '超时自动确认收货' });
  return true;
}

/** Received orders complete when the after-sales window they were given at receipt closes. */
export async function completeIfDue(trx: Trx, clock: Clock, timerDefaults: OrderTimers, orderId: string): Promise<boolean> {
  const order = await trx.selectFrom('shop_order').select(['status', 'after_sales_until']).where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order || order.status !== 'received' || !order.after_sales_until) return false;
  if (order.after_sales_until.getTime() > clock.now().getTime()) return false;
  await transitionOrder(trx, clock, timerDefaults, orderId, 'complete', { id: null, role: 'system' });
  return true;
}

export async function orderTimeline(q: Queryable, orderId: string) {
  return q
    .selectFrom('order_event')
    .select(['action', 'from_status as from', 'to_status as to', 'actor_role as actorRole', 'note', 'created_at as at'])
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
