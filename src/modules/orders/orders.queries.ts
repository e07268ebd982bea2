import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { withShopScope } from '../../db/shop-scope.ts';
import { ORDER_TABS, type OrderTab } from './orders.rules.ts';
import { ORDER_STATUSES, type OrderStatus } from './orders.tables.ts';
import { orderTimeline } from './orders.service.ts';
import { orderFulfilment } from '../shipments/shipments.queries.ts';
import { OPEN_STATUSES } from '../after-sales/after-sales.rules.ts';

const SHOP_ORDER_COLUMNS = [
  'o.id', 'o.status', 'o.shop_id as shopId', 's.name as shopName', 'o.items_total_fen as itemsTotalFen', 'o.shipping_fee_fen as shippingFeeFen',
  'o.discount_fen as discountFen', 'o.payable_fen as payableFen', 'o.delivery_method as deliveryMethod', 'o.created_at as createdAt',
  'o.paid_at as paidAt', 'o.shipped_at as shippedAt', 'o.received_at as receivedAt', 'o.cancelled_at as cancelledAt', 'o.auto_confirm_at as autoConfirmAt',
  'o.payment_order_id as paymentOrderId',
] as const;
const ORDER_COLUMNS = [...SHOP_ORDER_COLUMNS, 'p.expires_at as payBefore'] as const;

async function linesOf(q: Queryable, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return q
    .selectFrom('order_line')
    .select(['order_id as orderId', 'id', 'product_id as productId', 'sku_id as skuId', 'title', 'spec', 'image_url as imageUrl', 'unit_price_fen as unitPriceFen', 'qty', 'line_total_fen as lineTotalFen'])
    .where('order_id', 'in', orderIds)
    .orderBy('id')
    .execute();
}

/** The shopper's orders for one tab, with the count of every tab (全部 / 待付款 / 待发货 / 待收货 / 待评价 / 退款售后). */
export async function listBuyerOrders(q: Queryable, userId: string, tab: OrderTab, page: number, pageSize: number) {
  const counts = await q.selectFrom('shop_order').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('user_id', '=', userId).groupBy('status').execute();
  const countOf = (statuses: readonly OrderStatus[] | null) => counts.filter((c) => !statuses || statuses.includes(c.status)).reduce((s, c) => s + Number(c.n), 0);
  // 退款售后: orders with any after-sales request (listed), of which those with one in progress (the badge).
  const afterSales = await q
    .selectFrom('after_sales_request')
    .select([
      (eb) => eb.fn.count<number>('order_id').distinct().as('any'),
      (eb) => eb.fn.count<number>(eb.case().when('status', 'in', [...OPEN_STATUSES]).then(eb.ref('order_id')).end()).distinct().as('open'),
    ])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  let query = q.selectFrom('shop_order as o').innerJoin('shop as s', 's.id', 'o.shop_id').innerJoin('payment_order as p', 'p.id', 'o.payment_order_id').where('o.user_id', '=', userId);
  const filter = ORDER_TABS[tab];
  if (filter === 'after_sales') query = query.where((eb) => eb.exists(eb.selectFrom('after_sales_request as r').select('r.id').whereRef('r.order_id', '=', 'o.id')));
  else if (filter) query = query.where('o.status', 'in', [...filter]);
  const orders = await query.select([...ORDER_COLUMNS]).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  const lines = await linesOf(q, orders.map((o) => o.id));
  return {
    tabs: Object.fromEntries(Object.entries(ORDER_TABS).map(([name, s]) => [name, s === 'after_sales' ? Number(afterSales.open) : countOf(s)])) as Record<OrderTab, number>,
    total: filter === 'after_sales' ? Number(afterSales.any) : countOf(filter),
    items: orders.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id) })),
  };
}

/**
 * One order with lines, snapshots and timeline. `scope` keeps callers to their own orders (buyer, or shop);
 * a shop's is read under the database tenant guard, as its list is.
 */
export async function getOrderDetail(q: Queryable, orderId: string, scope: { userId?: string; shopId?: string }) {
  const { shopId } = scope;
  if (shopId) return withShopScope(q, shopId, (trx) => readOrderDetail(trx, orderId, scope));
  return readOrderDetail(q, orderId, scope);
}

async function readOrderDetail(q: Queryable, orderId: string, scope: { userId?: string; shopId?: string }) {
  let query = q
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .innerJoin(orderBuyers(q, scope.shopId ?? null), (join) => join.onRef('b.order_id', '=', 'o.id'))
    // Merchants and platform staff see the buyer only masked (or by name: an e-mail account, or 已注销用户 once
    // closed); the delivery address carries the recipient's own number.
    .select([...SHOP_ORDER_COLUMNS, 'b.pay_before as payBefore', 'b.buyer_masked as buyer'])
    .select(['o.address', 'o.pickup_point as pickupPoint', 'o.buyer_note as buyerNote', 'o.invoice', 'o.adjustments', 'o.cancel_reason as cancelReason'])
    .where('o.id', '=', orderId);
  if (scope.userId) query = query.where('o.user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('o.shop_id', '=', scope.shopId);
  const order = await query.executeTakeFirst();
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  return {
    ...order,
    lines: await linesOf(q, [order.id]),
    timeline: await orderTimeline(q, order.id),
    // Parcels with their trails, shipped counts per line, and 自提 state; the pickup code itself only for the buyer.
    fulfilment: await orderFulfilment(q, order.id, { revealCode: Boolean(scope.userId) }),
  };
}

/**
 * Each order's pay-by time and its buyer as consoles show them (`b`): the mobile masked (mask_mobile = maskMobile),
 * else the account's name. A shop's reads take them from the view shop_order_buyer, which the tenant guard allows.
 */
function orderBuyers(q: Queryable, shopId: string | null) {
  return shopId
    ? q.selectFrom('shop_order_buyer').select(['order_id', 'pay_before', 'buyer_masked', 'mobile_suffix']).as('b')
    : q
        .selectFrom('shop_order as bo')
        .innerJoin('payment_order as p', 'p.id', 'bo.payment_order_id')
        .innerJoin('app_user as u', 'u.id', 'bo.user_id')
        .select(['bo.id as order_id', 'p.expires_at as pay_before', sql<string | null>`coalesce(mask_mobile(u.mobile), u.display_name)`.as('buyer_masked'), sql<string | null>`right(u.mobile, 4)`.as('mobile_suffix')])
        .as('b');
}

export interface ShopOrderFilter {
  status?: OrderStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The last four digits of the buyer's mobile. */
  phoneSuffix?: string | undefined;
  orderId?: string | undefined;
  /** '1': only orders with a parcel flagged 物流异常. */
  stale?: '0' | '1' | undefined;
  page: number;
  pageSize: number;
}

/**
 * Orders for the merchant console (one shop) or the platform (shopId null: every shop). A shop's list
 * is read under the database tenant guard (src/db/shop-scope.ts): as the role jishi_merchant, which
 * sees this shop's rows only and may not read app_user or payment_order — the buyer's masked number
 * and the pay-by time come from the view shop_order_buyer, made for it (migration 0021).
 */
export async function listOrders(q: Queryable, shopId: string | null, filter: ShopOrderFilter) {
  if (shopId) return withShopScope(q, shopId, (trx) => readOrders(trx, shopId, filter));
  return readOrders(q, null, filter);
}

/** How many of the console's orders are in each status, under the list's other filters (for its status tabs). */
export async function countOrdersByStatus(q: Queryable, shopId: string | null, filter: Omit<ShopOrderFilter, 'page' | 'pageSize'>): Promise<Record<OrderStatus | 'all', number>> {
  const count = async (reader: Queryable) => {
    const rows = await filteredOrders(reader, shopId, filter).select(['o.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('o.status').execute();
    const counts = { all: 0 } as Record<OrderStatus | 'all', number>;
    for (const status of ORDER_STATUSES) counts[status] = 0;
    for (const r of rows) {
      counts[r.status] = Number(r.n);
      counts.all += Number(r.n);
    }
    return counts;
  };
  return shopId ? withShopScope(q, shopId, count) : count(q);
}

/** How many of a shop's orders have a parcel flagged 物流异常 (the merchant's tab of that name). */
export async function countStaleOrders(q: Queryable, shopId: string): Promise<number> {
  return withShopScope(q, shopId, async (trx) => {
    const row = await trx.selectFrom('shipment').select((eb) => eb.fn.count<number>('order_id').distinct().as('n')).where('shop_id', '=', shopId).where('stale', '=', true).executeTakeFirst();
    return Number(row?.n ?? 0);
  });
}

/** The console filter's conditions but its tabs (status, 物流异常), over orders joined with their masked buyer `b`. */
function filteredOrders(q: Queryable, shopId: string | null, filter: Omit<ShopOrderFilter, 'page' | 'pageSize'>) {
  let query = q
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .innerJoin(orderBuyers(q, shopId), (join) => join.onRef('b.order_id', '=', 'o.id'));
  if (shopId) query = query.where('o.shop_id', '=', shopId);
  if (filter.from) query = query.where('o.created_at', '>=', filter.from);
  if (filter.to) query = query.where('o.created_at', '<', filter.to);
  if (filter.phoneSuffix) query = query.where('b.mobile_suffix', '=', filter.phoneSuffix);
  if (filter.orderId) query = query.where('o.id', '=', filter.orderId);
  return query;
}

async function readOrders(q: Queryable, shopId: string | null, filter: ShopOrderFilter) {
  let query = filteredOrders(q, shopId, filter);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  if (filter.stale === '1') query = query.where((eb) => eb.exists(eb.selectFrom('shipment as sh').select('sh.id').whereRef('sh.order_id', '=', 'o.id').where('sh.stale', '=', true)));
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const orders = await query
    .select([...SHOP_ORDER_COLUMNS, 'b.pay_before as payBefore', 'b.buyer_masked as buyer'])
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const lines = await linesOf(q, orders.map((o) => o.id));
  return {
    total: Number(total),
    items: orders.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id) })),
  };
}
