import { formatFen } from '../../shared/money.ts';
import type { Locale } from '../../http/errors.ts';
import { AFTER_SALES_KIND_LABELS, AFTER_SALES_STATUS_LABELS } from '../after-sales/after-sales.rules.ts';
import type { AfterSalesKind, AfterSalesStatus } from '../after-sales/after-sales.rules.ts';

/**
 * 站内消息 kinds, the parameters each one stores, and how each is worded. Messages are rendered when
 * they are read, in the reader's language, so a message written in Chinese reads in English after the
 * shopper switches, and wording fixes reach old messages too. Only platform announcements carry their
 * own text (written by the operator, in one language).
 */
export const NOTIFICATION_KINDS = ['order_paid', 'order_shipped', 'refund_succeeded', 'after_sales_update', 'announcement'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One payment (which may pay several shops' orders at once). */
export interface OrderPaidParams {
  paymentOrderId: string;
  amountFen: number;
  orders: { id: string; shopName: string; payableFen: number }[];
}

/** One parcel of an order left the shop (the last one moves the order to 已发货; earlier ones are 部分发货). */
export interface OrderShippedParams {
  orderId: string;
  shipmentId: string;
  carrier: string;
  carrierName: string;
  carrierNameEn: string;
  trackingNo: string;
  /** Pieces of the order still waiting for a parcel after this one. */
  partial: boolean;
}

/** Money came back: to where it was paid from, or to the balance. */
export interface RefundSucceededParams {
  refundId: string;
  amountFen: number;
  /** The shop order refunded; null for a whole payment sent back (paid twice, paid after the cancel). */
  orderId: string | null;
  destination: 'original' | 'balance';
}

/** An after-sales request moved (approved, rejected, refunded, replacement sent …). */
export interface AfterSalesUpdateParams {
  afterSalesId: string;
  orderId: string;
  afterSalesKind: AfterSalesKind;
  status: AfterSalesStatus;
  amountFen?: number;
}

/** The platform's announcement, in the operator's words. */
export interface AnnouncementParams {
  title: string;
  body: string;
}

export interface NotificationParams {
  order_paid: OrderPaidParams;
  order_shipped: OrderShippedParams;
  refund_succeeded: RefundSucceededParams;
  after_sales_update: AfterSalesUpdateParams;
  announcement: AnnouncementParams;
}

/** What `notifyUser` takes: kind and its params are checked together at compile time. */
export type NotificationInput = {
  [K in NotificationKind]: { userId: string; kind: K; params: NotificationParams[K]; link?: string | null; causeKey: string };
}[NotificationKind];

export interface RenderedNotification {
  title: string;
  body: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The title and body of a message in `locale`. Params come from the database, so every field is
 * read defensively: a message written by an older version still renders.
 */
export function renderNotification(kind: NotificationKind, params: Record<string, unknown>, locale: Locale): RenderedNotification {
  const en = locale === 'en';
  const money = (fen: unknown) => formatFen(num(fen), locale);
  switch (kind) {
    case 'order_paid': {
      const orders = Array.isArray(params.orders) ? (params.orders as Record<string, unknown>[]) : [];
      const amount = money(params.amountFen);
      if (orders.length === 1) {
        const o = orders[0]!;
        return en
          ? { title: 'Payment received', body: `You paid ${amount} for order ${str(o.id)} (${str(o.shopName)}). The shop will ship it soon.` }
          : { title: '支付成功', body: `您已为订单 ${str(o.id)}（${str(o.shopName)}）付款 ${amount}，商家将尽快发货。` };
      }
      const shops = orders.map((o) => str(o.shopName)).join(en ? ', ' : '、');
      return en
        ? { title: 'Payment received', body: `You paid ${amount} for ${orders.length} orders (${shops}). Each shop will ship its own.` }
        : { title: '支付成功', body: `您已付款 ${amount}，共 ${orders.length} 笔订单（${shops}），各店铺将分别发货。` };
    }
    case 'order_shipped': {
      const carrier = en ? str(params.carrierNameEn) || str(params.carrierName) : str(params.carrierName);
      const partial = params.partial === true;
      if (en) {
        return {
          title: partial ? 'Part of your order has shipped' : 'Your order has shipped',
          body: `${partial ? 'A parcel of order' : 'Order'} ${str(params.orderId)} is on its way with ${carrier}, tracking number ${str(params.trackingNo)}.${partial ? ' The rest follows separately.' : ''}`,
        };
      }
      return {
        title: partial ? '订单部分发货' : '订单已发货',
        body: `您的订单 ${str(params.orderId)} ${partial ? '有一个包裹' : ''}已由${carrier}发出，运单号 ${str(params.trackingNo)}。${partial ? '其余商品将另行发出。' : ''}`,
      };
    }
    case 'refund_succeeded': {
      const amount = money(params.amountFen);
      const toBalance = params.destination === 'balance';
      const orderId = str(params.orderId);
      if (en) {
        const where = toBalance ? 'to your balance' : 'to the account you paid with';
        return { title: 'Refund completed', body: orderId ? `${amount} for order ${orderId} has been refunded ${where}.` : `${amount} has been refunded ${where}.` };
      }
      const where = toBalance ? '账户余额' : '原支付账户';
      return { title: '退款成功', body: orderId ? `订单 ${orderId} 的退款 ${amount} 已退回${where}。` : `${amount} 已退回${where}。` };
    }
    case 'after_sales_update': {
      const status = AFTER_SALES_STATUS_LABELS[params.status as AfterSalesStatus];
      const what = AFTER_SALES_KIND_LABELS[params.afterSalesKind as AfterSalesKind];
      const statusText = status ? (en ? status.en : status.zh) : str(params.status);
      const kindText = what ? (en ? what.en : what.zh) : '';
      const amount = typeof params.amountFen === 'number' && params.amountFen > 0 ? money(params.amountFen) : '';
      return en
        ? { title: 'After-sales update', body: `Your ${kindText ? `${kindText.toLowerCase()} ` : ''}request for order ${str(params.orderId)}: ${statusText}${amount ? ` (${amount})` : ''}.` }
        : { title: '售后进度更新', body: `您的订单 ${str(params.orderId)} 的${kindText}申请：${statusText}${amount ? `（${amount}）` : ''}。` };
    }
    case 'announcement':
      return { title: str(params.title), body: str(params.body) };
    default:
      return en ? { title: 'Message', body: '' } : { title: '消息', body: '' };
  }
}
