import { sql } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import type { Locale } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { renderNotification, type NotificationInput, type NotificationKind, type OrderPaidParams, type OrderShippedParams, type RefundSucceededParams } from './notifications.rules.ts';

/**
 * 站内消息 to one user, written inside the caller's transaction — the one that makes the state change
 * the message is about — so the message exists exactly when the change committed. The cause key is
 * unique per user (ON CONFLICT DO NOTHING): a second call for the same cause (a repeated notification,
 * a retried job) writes nothing. Returns whether a message was written.
 */
export async function notifyUser(trx: Trx, clock: Clock, input: NotificationInput): Promise<boolean> {
  const inserted = await trx
    .insertInto('notification')
    .values({
      id: newId('ntf'),
      user_id: input.userId,
      kind: input.kind,
      params: JSON.stringify(input.params),
      link: input.link ?? null,
      cause_key: input.causeKey,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'cause_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

// ---------------------------------------------------------------------------------------------
// the messages the mall sends (one line at each state change)

const orderLink = (orderId: string) => `/me/orders/${encodeURIComponent(orderId)}`;

/**
 * 支付成功: one message per payment, not per shop order. The shopper paid once (one amount, one
 * confirmation from Alipay or WeChat), so one receipt is what they expect; it lists each shop's order
 * and leads to the order itself when there is one, else to the orders waiting to ship. Shipping is
 * per shop, so 已发货 messages are per order (per parcel).
 */
export async function notifyOrderPaid(trx: Trx, clock: Clock, userId: string, params: OrderPaidParams): Promise<boolean> {
  const orders = params.orders.map((o) => ({ id: o.id, shopName: o.shopName, payableFen: Number(o.payableFen) }));
  return notifyUser(trx, clock, {
    userId,
    kind: 'order_paid',
    params: { paymentOrderId: params.paymentOrderId, amountFen: Number(params.amountFen), orders },
    link: orders.length === 1 ? orderLink(orders[0]!.id) : '/me/orders?tab=to_ship',
    causeKey: `order_paid:${params.paymentOrderId}`,
  });
}

/** 已发货 / 部分发货: one message per parcel. */
export async function notifyOrderShipped(trx: Trx, clock: Clock, userId: string, params: OrderShippedParams): Promise<boolean> {
  return notifyUser(trx, clock, { userId, kind: 'order_shipped', params, link: orderLink(params.orderId), causeKey: `order_shipped:${params.shipmentId}` });
}

/** 退款成功: one message per refund, when it has reached the shopper. */
export async function notifyRefundSucceeded(trx: Trx, clock: Clock, userId: string, params: RefundSucceededParams): Promise<boolean> {
  return notifyUser(trx, clock, {
    userId,
    kind: 'refund_succeeded',
    params: { ...params, amountFen: Number(params.amountFen) },
    link: params.orderId ? orderLink(params.orderId) : params.destination === 'balance' ? '/me/wallet' : null,
    causeKey: `refund_succeeded:${params.refundId}`,
  });
}

// ---------------------------------------------------------------------------------------------
// reading

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  params: Record<string, unknown>;
  read: boolean;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationPage {
  items: NotificationView[];
  page: number;
  pageSize: number;
  total: number;
  unread: number;
}

/** A user's messages, newest first, rendered in `locale`; with the unread count for the badge. */
export async function listNotifications(
  q: Queryable,
  userId: string,
  options: { page?: number; pageSize?: number; unreadOnly?: boolean; locale: Locale },
): Promise<NotificationPage> {
  const page = Math.max(1, options.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 20));
  let list = q.selectFrom('notification').where('user_id', '=', userId);
  if (options.unreadOnly) list = list.where('read_at', 'is', null);
  const [rows, counts] = await Promise.all([
    list.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q
      .selectFrom('notification')
      .select([sql<number>`count(*)::int`.as('total'), sql<number>`(count(*) filter (where read_at is null))::int`.as('unread')])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      ...renderNotification(r.kind, r.params, options.locale),
      link: r.link,
      params: r.params,
      read: r.read_at !== null,
      readAt: r.read_at,
      createdAt: r.created_at,
    })),
    page,
    pageSize,
    total: options.unreadOnly ? Number(counts.unread) : Number(counts.total),
    unread: Number(counts.unread),
  };
}

/** The unread badge: one indexed count. */
export async function unreadCount(q: Queryable, userId: string): Promise<number> {
  const row = await q.selectFrom('notification').select(sql<number>`count(*)::int`.as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks messages read: the given ids, or all. Only the user's own rows are touched — another user's
 * id changes nothing and is not reported (it looks like an id that does not exist). Returns how many
 * changed and how many are left unread.
 */
export async function markRead(q: Queryable, clock: Clock, userId: string, target: { ids: string[] } | { all: true }): Promise<{ marked: number; unread: number }> {
  let update = q.updateTable('notification').set({ read_at: clock.now() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if ('ids' in target) {
    if (target.ids.length === 0) return { marked: 0, unread: await unreadCount(q, userId) };
    update = update.where('id', 'in', target.ids);
  }
  const result = await update.executeTakeFirst();
  return { marked: Number(result.numUpdatedRows), unread: await unreadCount(q, userId) };
}
