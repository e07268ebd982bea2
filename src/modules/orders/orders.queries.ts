import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { withShopScope } from '../../db/shop-scope.ts';
import { maskMobile } from '../identity/identity.rules.ts';
import { ORDER_TABS, type OrderTab } from './orders.rules.ts';
import type { OrderStatus } from './orders.tables.ts';
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

/** One order with lines, snapshots and timeline. `scope` keeps callers to their own orders (buyer, or shop). */
export async function getOrderDetail(q: Queryable, orderId: string, scope: { userId?: string; shopId?: string }) {
  let query = q
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .innerJoin('payment_order as p', 'p.id', 'o.payment_order_id')
    .innerJoin('app_user as u', 'u.id', 'o.user_id')
    .select([...ORDER_COLUMNS, 'o.address', 'o.pickup_point as pickupPoint', 'o.buyer_note as buyerNote', 'o.invoice', 'o.adjustments', 'o.cancel_reason as cancelReason', 'u.mobile as buyerMobile', 'u.display_name as buyerName'])
    .where('o.id', '=', orderId);
  if (scope.userId) query = query.where('o.user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('o.shop_id', '=', scope.shopId);
  const order = await query.executeTakeFirst();
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const { buyerMobile, buyerName, ...rest } = order;
  return {
    ...rest,
    // Merchants and platform staff see the buyer only masked (or by name: an e-mail account, or 已注销用户 once
    // closed — as the list's shop_order_buyer does); the delivery address carries the recipient's own number.
    buyer: buyerMobile ? maskMobile(buyerMobile) : buyerName,
    lines: await linesOf(q, [order.id]),
    timeline: await orderTimeline(q, order.id),
    // Parcels with their trails, shipped counts per line, and 自提 state; the pickup code itself only for the buyer.
    fulfilment: await orderFulfilment(q, order.id, { revealCode: Boolean(scope.userId) }),
  };
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

async function readOrders(q: Queryable, shopId: string | null, filter: ShopOrderFilter) {
  let query = q
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .innerJoin(
      (eb) =>
        shopId
          ? eb.selectFrom('shop_order_buyer').select(['order_id', 'pay_before', 'buyer_masked', 'mobile_suffix']).as('b')
          : eb
              .selectFrom('shop_order as bo')
              .innerJoin('payment_order as p', 'p.id', 'bo.payment_order_id')
              .innerJoin('app_user as u', 'u.id', 'bo.user_id')
              .select(['bo.id as order_id', 'p.expires_at as pay_before', sql<string | null>`coalesce(mask_mobile(u.mobile), u.display_name)`.as('buyer_masked'), sql<string | null>`right(u.mobile, 4)`.as('mobile_suffix')])
              .as('b'),
      (join) => join.onRef('b.order_id', '=', 'o.id'),
    );
  if (shopId) query = query.where('o.shop_id', '=', shopId);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  if (filter.from) query = query.where('o.created_at', '>=', filter.from);
  if (filter.to) query = query.where('o.created_at', '<', filter.to);
  if (filter.phoneSuffix) query = query.where('b.mobile_suffix', '=', filter.phoneSuffix);
  if (filter.orderId) query = query.where('o.id', '=', filter.orderId);
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
    // The buyer only masked (mask_mobile = maskMobile), else by name, for the platform as for the merchant.
    items: orders.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id) })),
  };
}
