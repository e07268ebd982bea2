import { AppError } from '../../http/errors.ts';
import type { OrderStatus } from './orders.tables.ts';

export type OrderAction = 'pay' | 'cancel' | 'ship' | 'confirm_receipt' | 'complete' | 'close';

/**
 * The order lifecycle as data: pending_payment → paid → shipped → received → completed;
 * cancelled before shipment; closed when everything was refunded (after-sales, later).
 */
const transitions: Record<OrderAction, Partial<Record<OrderStatus, OrderStatus>>> = {
  pay: { pending_payment: 'paid' },
  cancel: { pending_payment: 'cancelled', paid: 'cancelled' },
  ship: { paid: 'shipped' },
  confirm_receipt: { shipped: 'received' },
  complete: { received: 'completed' },
  close: { paid: 'closed', shipped: 'closed', received: 'closed' },
};

export function nextOrderStatus(from: OrderStatus, action: OrderAction): OrderStatus {
  const to = transitions[action][from];
  if (!to) throw new AppError('ORDER_STATUS_CONFLICT', { from, action });
  return to;
}

/**
 * The shopper's order tabs: 全部 / 待付款 / 待发货 / 待收货 / 待评价 / 退款售后. A tab is a list of order
 * statuses, or `after_sales`: orders with any after-sales request whatever their status (the tab's
 * count — the badge — is of those with a request still in progress).
 */
export const ORDER_TABS = {
  all: null,
  pending_payment: ['pending_payment'],
  to_ship: ['paid'],
  to_receive: ['shipped'],
  to_review: ['received'],
  after_sales: 'after_sales',
} as const satisfies Record<string, readonly OrderStatus[] | null | 'after_sales'>;
export type OrderTab = keyof typeof ORDER_TABS;

/**
 * The order timers as the environment gives them (ORDER_UNPAID_MINUTES, ORDER_AUTO_CONFIRM_DAYS,
 * ORDER_AFTER_SALES_DAYS → `config.orders`): the defaults until the platform saves its own in 系统设置.
 * Never schedule with these directly — `getOrderTimers(trx, defaults)` (timer-settings.service.ts) gives
 * the timers in force.
 */
export interface OrderTimers {
  /** Unpaid orders are cancelled this long after checkout (default 30 min). */
  unpaidCancelMs: number;
  /** Shipped orders count as received this long after shipment (default 10 days). */
  autoConfirmMs: number;
  /** Received orders complete after the after-sales window (default 7 days). */
  afterSalesWindowMs: number;
}

export const DEFAULT_ORDER_TIMERS: OrderTimers = {
  unpaidCancelMs: 30 * 60_000,
  autoConfirmMs: 10 * 86_400_000,
  afterSalesWindowMs: 7 * 86_400_000,
};
