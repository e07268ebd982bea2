import { data, type AppLoadContext } from 'react-router';
import { countOrdersByStatus, countStaleOrders, getOrderDetail, listBuyerOrders, listOrders, type ShopOrderFilter } from '../../src/modules/orders/orders.queries.ts';
import { transitionOrder } from '../../src/modules/orders/orders.service.ts';
import type { OrderTab } from '../../src/modules/orders/orders.rules.ts';
import type { InvoiceRequest, PriceAdjustment } from '../../src/modules/orders/orders.tables.ts';
import { maskMobile } from '../../src/modules/identity/identity.rules.ts';
import { formatFen, imageVariant, webPaths } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { policy, requireShopRole, requireUser } from './guards.server.ts';
import { translate, type Locale, type MessageKey } from '../i18n/messages.ts';
import { field } from './forms.ts';
import type {
  BuyerOrderCard,
  BuyerOrderDetail,
  ConsoleOrderDetail,
  ConsoleOrderRow,
  LineView,
  OrderAmounts,
  OrderDeliveryView,
  OrderStatusName,
  TimelineEntry,
} from './buying-views.ts';
import { ORDER_STATUSES } from './buying-views.ts';
import { fulfilmentAction, fulfilmentBadges, fulfilmentView, FULFILMENT_STAFF } from './shipments.server.ts';
import type { FulfilmentBadge, FulfilmentView } from './shipment-views.ts';

export { getOrderDetail, listBuyerOrders, listOrders };

/** Who may ship, track and hand over 自提 orders (the API's POST …/orders/:orderId/ship). */
export const SHIPPERS = FULFILMENT_STAFF;
/** Who may download the .xlsx (the API's GET …/orders/export). */
export const EXPORTERS = policy.shop(['operator', 'customer_service', 'warehouse', 'finance']);

type Detail = Awaited<ReturnType<typeof getOrderDetail>>;
type Listed = Awaited<ReturnType<typeof listBuyerOrders>>['items'][number];
type Line = Listed['lines'][number];

const specText = (spec: Record<string, string>) => Object.values(spec).join(' ');

function lineView(l: Line, locale: Locale): LineView {
  return {
    id: l.id,
    title: l.title,
    spec: specText(l.spec),
    image: l.imageUrl ? imageVariant(l.imageUrl, 'thumb') : null,
    price: formatFen(Number(l.unitPriceFen), locale),
    qty: l.qty,
    lineTotal: formatFen(Number(l.lineTotalFen), locale),
    href: webPaths.product(l.productId),
  };
}

const TIMELINE_ACTIONS: Record<string, MessageKey> = {
  place: 'order.action.place',
  pay: 'order.action.pay',
  cancel: 'order.action.cancel',
  ship: 'order.action.ship',
  ship_partial: 'order.action.ship_partial',
  pickup_ready: 'order.action.pickup_ready',
  confirm_receipt: 'order.action.confirm_receipt',
  complete: 'order.action.complete',
  close: 'order.action.close',
};

function timeline(events: Detail['timeline'], locale: Locale): TimelineEntry[] {
  // Newest first, as a logistics trail reads.
  return [...events].reverse().map((e) => ({
    label: TIMELINE_ACTIONS[e.action] ? translate(locale, TIMELINE_ACTIONS[e.action]!) : e.action,
    at: dateTimeText(e.at, locale),
    actor: translate(locale, `order.actor.${e.actorRole}`),
    note: e.note,
  }));
}

function amounts(o: { itemsTotalFen: number; payableFen: number; adjustments: PriceAdjustment[] }, locale: Locale): OrderAmounts {
  return {
    itemsTotal: formatFen(Number(o.itemsTotalFen), locale),
    adjustments: o.adjustments.map((a) => {
      const key = `order.adj.${a.kind}` as MessageKey;
      const sign = a.amountFen < 0 ? '-' : '+';
      return { label: locale === 'en' ? translate(locale, key) : a.label || translate(locale, key), amount: `${sign}${formatFen(Math.abs(a.amountFen), locale)}` };
    }),
    payable: formatFen(Number(o.payableFen), locale),
  };
}

function deliveryInfo(o: Detail, showMobile: (m: string) => string): OrderDeliveryView {
  const a = o.address;
  const p = o.pickupPoint;
  return {
    method: o.deliveryMethod,
    address: a
      ? {
          recipient: a.recipient,
          mobile: showMobile(a.mobile),
          full: `${a.province}${a.city === a.province ? '' : a.city}${a.district}${a.street ?? ''}${a.detail}`,
        }
      : null,
    pickup: p ? { name: p.name, address: p.address, hours: p.hours, phone: p.phone } : null,
  };
}

function invoiceText(invoice: InvoiceRequest | null, locale: Locale): string | null {
  if (!invoice) return null;
  const kind = translate(locale, invoice.kind === 'company' ? 'checkout.invoice.company' : 'checkout.invoice.personal');
  return [kind, invoice.title, invoice.taxNumber, invoice.email].filter(Boolean).join(' · ');
}

function times(o: Detail, locale: Locale) {
  const rows: [MessageKey, Date | null][] = [
    ['order.time.created', o.createdAt],
    ['order.time.paid', o.paidAt],
    ['order.time.shipped', o.shippedAt],
    ['order.time.received', o.receivedAt],
    ['order.time.cancelled', o.cancelledAt],
  ];
  return rows.filter(([, at]) => at).map(([key, at]) => ({ label: translate(locale, key), at: dateTimeText(at, locale) }));
}

/** ms until the payment deadline by the server's clock (never below 0); null unless the order awaits payment. */
function payRemaining(o: { status: OrderStatusName; payBefore: Date }, now: Date): number | null {
  return o.status === 'pending_payment' ? Math.max(0, o.payBefore.getTime() - now.getTime()) : null;
}

function buyerCard(o: Listed, locale: Locale, now: Date): BuyerOrderCard {
  return {
    id: o.id,
    href: `/me/orders/${encodeURIComponent(o.id)}`,
    payHref: `/pay/${encodeURIComponent(o.paymentOrderId)}`,
    status: o.status,
    shopName: o.shopName,
    shopHref: webPaths.shop(o.shopId),
    lines: o.lines.map((l) => lineView(l, locale)),
    pieces: o.lines.reduce((s, l) => s + l.qty, 0),
    payable: formatFen(Number(o.payableFen), locale),
    shippingFee: Number(o.shippingFeeFen) > 0 ? formatFen(Number(o.shippingFeeFen), locale) : null,
    createdAt: dateTimeText(o.createdAt, locale),
    payRemainingMs: payRemaining(o, now),
    canCancel: o.status === 'pending_payment' || o.status === 'paid',
    canConfirm: o.status === 'shipped',
    delivery: o.deliveryMethod,
  };
}

/** 我的订单: one tab, a page of it, and every tab's count. */
export async function buyerOrders(context: AppLoadContext, userId: string, tab: OrderTab, page: number, pageSize: number) {
  const { app, locale } = context;
  const result = await listBuyerOrders(app.db, userId, tab, page, pageSize);
  const now = app.clock.now();
  return { counts: result.tabs, total: result.total, items: result.items.map((o) => buyerCard(o, locale, now)) };
}

/** 订单详情 for its buyer; someone else's order (or none) → null. */
export async function buyerOrderDetail(context: AppLoadContext, userId: string, orderId: string): Promise<(BuyerOrderDetail & { tracking: FulfilmentView }) | null> {
  const { app, locale } = context;
  let o: Detail;
  try {
    o = await getOrderDetail(app.db, orderId, { userId });
  } catch (error) {
    if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') return null;
    throw error;
  }
  const card = buyerCard(o, locale, app.clock.now());
  return {
    ...card,
    // Once a parcel has left, the order is no longer the buyer's to cancel (after-sales takes over).
    canCancel: card.canCancel && o.fulfilment.state === 'none',
    ...amounts(o, locale),
    deliveryInfo: deliveryInfo(o, maskMobile),
    buyerNote: o.buyerNote,
    invoice: invoiceText(o.invoice, locale),
    times: times(o, locale),
    cancelReason: o.cancelReason,
    autoConfirmAt: o.status === 'shipped' && o.autoConfirmAt ? dateTimeText(o.autoConfirmAt, locale) : null,
    timeline: timeline(o.timeline, locale),
    // Parcels with their trails (newest first), 部分发货, and the pickup code with its QR code when ready.
    tracking: await fulfilmentView(o.fulfilment, context),
  };
}

type ConsoleListed = Awaited<ReturnType<typeof listOrders>>['items'][number];

function consoleRow(o: ConsoleListed | Detail, base: string, locale: Locale): ConsoleOrderRow {
  return {
    id: o.id,
    href: `${base}/${encodeURIComponent(o.id)}`,
    status: o.status,
    shopId: o.shopId,
    shopName: o.shopName,
    buyer: o.buyer,
    lines: o.lines.map((l) => lineView(l, locale)),
    pieces: o.lines.reduce((s, l) => s + l.qty, 0),
    payable: formatFen(Number(o.payableFen), locale),
    shippingFee: Number(o.shippingFeeFen) > 0 ? formatFen(Number(o.shippingFeeFen), locale) : null,
    delivery: o.deliveryMethod,
    createdAt: dateTimeText(o.createdAt, locale),
  };
}

/** The consoles' order filters, read leniently from the URL (anything malformed is dropped). */
export interface OrderFilterState {
  status: OrderStatusName | 'all';
  /** yyyy-mm-dd, China time. */
  from: string;
  to: string;
  phone: string;
  orderId: string;
  shopId: string;
  page: number;
  /** 物流异常 (?stale=1): orders with a parcel that has not moved for days. */
  stale: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readOrderFilter(url: URL): OrderFilterState {
  const p = url.searchParams;
  const status = p.get('status') ?? 'all';
  const date = (v: string | null) => (v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`)) ? v : '');
  const phone = (p.get('phone') ?? '').trim();
  const page = Number(p.get('page') ?? '1');
  return {
    status: (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatusName) : 'all',
    from: date(p.get('from')),
    to: date(p.get('to')),
    phone: /^\d{4}$/.test(phone) ? phone : '',
    orderId: (p.get('orderId') ?? '').trim().slice(0, 64),
    shopId: (p.get('shopId') ?? '').trim().slice(0, 64),
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, 10_000) : 1,
    stale: p.get('stale') === '1',
  };
}

/** Dates are days in China time: `to` includes its whole day. */
function filterOf(state: OrderFilterState, pageSize: number): ShopOrderFilter {
  const to = state.to ? new Date(Date.parse(`${state.to}T00:00:00+08:00`) + 86_400_000) : undefined;
  return {
    status: state.status === 'all' ? undefined : state.status,
    from: state.from ? new Date(`${state.from}T00:00:00+08:00`) : undefined,
    to,
    phoneSuffix: state.phone || undefined,
    orderId: state.orderId || undefined,
    stale: state.stale ? '1' : undefined,
    page: state.page,
    pageSize,
  };
}

/** The export route's query for the same filters (its from/to are instants); the platform's also names the shop. */
export function exportQuery(state: OrderFilterState, withShop = false): string {
  const f = filterOf(state, 1);
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.from) q.set('from', f.from.toISOString());
  if (f.to) q.set('to', f.to.toISOString());
  if (f.phoneSuffix) q.set('phoneSuffix', f.phoneSuffix);
  if (f.orderId) q.set('orderId', f.orderId);
  if (f.stale) q.set('stale', f.stale);
  if (withShop && state.shopId) q.set('shopId', state.shopId);
  return q.size ? `?${q}` : '';
}

/** A console's order list: one shop's (seller) or every shop's (platform). */
export async function consoleOrders(context: AppLoadContext, shopId: string | null, state: OrderFilterState, base: string, pageSize: number) {
  const { db } = context.app;
  const f = filterOf(state, pageSize);
  const [result, counts] = await Promise.all([listOrders(db, shopId, f), countOrdersByStatus(db, shopId, f)]);
  const badges = await fulfilmentBadges(db, result.items);
  // 物流异常 is a merchant's tab: how many of the shop's orders have a parcel that stopped moving.
  const staleCount = shopId ? await countStaleOrders(db, shopId) : undefined;
  return {
    total: result.total,
    counts,
    staleCount,
    items: result.items.map((o) => consoleRow(o, base, context.locale)),
    badges: Object.fromEntries(badges) as Record<string, FulfilmentBadge>,
  };
}

/** One order for a console: the shop's own (seller) or any (platform); null when there is none. */
export async function consoleOrderDetail(context: AppLoadContext, orderId: string, shopId: string | null, base: string): Promise<(ConsoleOrderDetail & { tracking: FulfilmentView }) | null> {
  const { app, locale } = context;
  let o: Detail;
  try {
    o = await getOrderDetail(app.db, orderId, shopId ? { shopId } : {});
  } catch (error) {
    if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') return null;
    throw error;
  }
  return {
    ...consoleRow(o, base, locale),
    ...amounts(o, locale),
    paymentOrderId: o.paymentOrderId,
    // The merchant ships to this address, so the recipient's own number is shown whole.
    deliveryInfo: deliveryInfo(o, (m) => m.replace(/^\+86/, '')),
    buyerNote: o.buyerNote,
    invoice: invoiceText(o.invoice, locale),
    times: times(o, locale),
    cancelReason: o.cancelReason,
    timeline: timeline(o.timeline, locale),
    tracking: await fulfilmentView(o.fulfilment, context),
  };
}

/** The 收银台 page: a payment order of the caller's, with its shop orders. */
export async function paymentSummary(context: AppLoadContext, userId: string, paymentOrderId: string) {
  const { app, locale } = context;
  const payment = await app.db
    .selectFrom('payment_order')
    .select(['id', 'status', 'amount_fen', 'expires_at'])
    .where('id', '=', paymentOrderId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!payment) return null;
  const orders = await app.db
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .select(['o.id', 'o.status', 'o.payable_fen', 's.name as shopName'])
    .where('o.payment_order_id', '=', payment.id)
    .orderBy('o.id')
    .execute();
  const now = app.clock.now();
  return {
    id: payment.id,
    status: payment.status,
    amount: formatFen(Number(payment.amount_fen), locale),
    payBefore: dateTimeText(payment.expires_at, locale),
    payRemainingMs: payment.status === 'pending' ? Math.max(0, payment.expires_at.getTime() - now.getTime()) : null,
    orders: orders.map((o) => ({
      id: o.id,
      href: `/me/orders/${encodeURIComponent(o.id)}`,
      status: o.status,
      shopName: o.shopName,
      payable: formatFen(Number(o.payable_fen), locale),
    })),
  };
}

const CANCEL_REASONS = ['order.cancelReason.noLonger', 'order.cancelReason.address', 'order.cancelReason.spec', 'order.cancelReason.duplicate', 'order.cancelReason.other'] as const satisfies readonly MessageKey[];
export const CANCEL_REASON_KEYS = CANCEL_REASONS;

/**
 * 取消订单 / 确认收货 by the buyer, from the order list or detail (form posts: intent, orderId,
 * reason). Someone else's order is "not found", like the API.
 */
export async function buyerOrderAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = form.get('intent');
  const orderId = field(form, 'orderId', 64);
  if ((intent !== 'cancel' && intent !== 'confirm') || !orderId) throw data(null, { status: 400 });
  const buyer = { id: auth.userId, role: 'buyer' as const };
  try {
    if (intent === 'cancel') {
      const reason = field(form, 'reason', 64);
      const key = CANCEL_REASONS.find((k) => k === reason);
      const note = key ? translate(locale, key) : translate(locale, 'order.cancelReason.default');
      await app.db.transaction().execute((trx) => transitionOrder(trx, app.clock, app.config.orders, orderId, 'cancel', buyer, { scope: { userId: auth.userId }, note }));
      return { ok: true as const, orderId, message: translate(locale, 'order.cancelled') };
    }
    await app.db.transaction().execute((trx) => transitionOrder(trx, app.clock, app.config.orders, orderId, 'confirm_receipt', buyer, { scope: { userId: auth.userId } }));
    return { ok: true as const, orderId, message: translate(locale, 'order.received') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, orderId, message }, { status });
  }
}

/**
 * 发货 in the merchant console and the other fulfilment posts of the order pages (备货完成, 物流节点,
 * 刷新物流): owners, operators and warehouse staff. See shipments.server.ts fulfilmentAction.
 */
export function shipAction({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  return fulfilmentAction({ request, context, shopId });
}
