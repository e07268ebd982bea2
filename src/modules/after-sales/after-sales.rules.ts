import { AppError } from '../../http/errors.ts';
import { DAY, HOUR } from '../../shared/clock.ts';
import type { OrderStatus } from '../orders/orders.tables.ts';

/**
 * After-sales (售后) as data: kinds, reasons, the state machine, who may take each step, and
 * what the system does when a deadline passes. Pure: no database, no clock.
 */

export const AFTER_SALES_KINDS = ['refund_only', 'return_refund', 'exchange', 'repair'] as const;
export type AfterSalesKind = (typeof AFTER_SALES_KINDS)[number];

export const AFTER_SALES_KIND_LABELS: Record<AfterSalesKind, { zh: string; en: string }> = {
  refund_only: { zh: '仅退款', en: 'Refund only' },
  return_refund: { zh: '退货退款', en: 'Return and refund' },
  exchange: { zh: '换货', en: 'Exchange' },
  repair: { zh: '维修', en: 'Repair' },
};

/** Kinds that ask for money; exchange and repair only refund if arbitration rules so. */
export const REFUND_KINDS: readonly AfterSalesKind[] = ['refund_only', 'return_refund'];

export const AFTER_SALES_STATUSES = [
  'requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated',
  'refunded', 'completed', 'cancelled', 'closed',
] as const;
export type AfterSalesStatus = (typeof AFTER_SALES_STATUSES)[number];

export const AFTER_SALES_STATUS_LABELS: Record<AfterSalesStatus, { zh: string; en: string }> = {
  requested: { zh: '待商家处理', en: 'Awaiting the merchant' },
  awaiting_return: { zh: '待买家退货', en: 'Awaiting the return' },
  returned: { zh: '买家已退货', en: 'Returned, awaiting receipt' },
  received_by_merchant: { zh: '商家已收货', en: 'Received by the merchant' },
  replacement_shipped: { zh: '商家已寄出', en: 'Sent back to the buyer' },
  rejected: { zh: '商家已拒绝', en: 'Rejected by the merchant' },
  escalated: { zh: '平台介入中', en: 'In platform arbitration' },
  refunded: { zh: '退款成功', en: 'Refunded' },
  completed: { zh: '售后完成', en: 'Completed' },
  cancelled: { zh: '已撤销', en: 'Withdrawn' },
  closed: { zh: '售后关闭', en: 'Closed' },
};

/** A request in one of these is open: one per order line, and its order's escrow is not released. */
export const OPEN_STATUSES = ['requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated'] as const satisfies readonly AfterSalesStatus[];
export const TERMINAL_STATUSES = ['refunded', 'completed', 'cancelled', 'closed'] as const satisfies readonly AfterSalesStatus[];

export function isOpen(status: AfterSalesStatus): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** Reason codes a shopper picks from; each kind offers some of them. */
export const AFTER_SALES_REASONS = {
  no_reason_7d: { zh: '七天无理由退货', en: '7-day no-reason return', kinds: ['return_refund'] },
  quality_issue: { zh: '质量问题', en: 'Quality problem', kinds: ['return_refund', 'exchange', 'repair'] },
  missing_or_wrong_item: { zh: '少件/错发', en: 'Missing or wrong item', kinds: ['refund_only', 'return_refund', 'exchange'] },
  not_as_described: { zh: '与商品描述不符', en: 'Not as described', kinds: ['return_refund', 'exchange'] },
  damaged: { zh: '商品破损', en: 'Arrived damaged', kinds: ['return_refund', 'exchange', 'repair'] },
  not_received: { zh: '未收到货', en: 'Not received', kinds: ['refund_only'] },
  late_shipment: { zh: '未按约定时间发货', en: 'Not shipped in time', kinds: ['refund_only'] },
  changed_mind: { zh: '不想要了/拍错了', en: 'Changed my mind / ordered by mistake', kinds: ['refund_only'] },
  other: { zh: '其他', en: 'Other', kinds: ['refund_only', 'return_refund', 'exchange', 'repair'] },
} as const satisfies Record<string, { zh: string; en: string; kinds: readonly AfterSalesKind[] }>;
export type AfterSalesReason = keyof typeof AFTER_SALES_REASONS;
export const AFTER_SALES_REASON_CODES = Object.keys(AFTER_SALES_REASONS) as [AfterSalesReason, ...AfterSalesReason[]];

export function reasonsFor(kind: AfterSalesKind): AfterSalesReason[] {
  return AFTER_SALES_REASON_CODES.filter((r) => (AFTER_SALES_REASONS[r].kinds as readonly string[]).includes(kind));
}

export const AFTER_SALES_ACTIONS = [
  'approve', 'reject', 'submit_return', 'confirm_return', 'ship_replacement', 'confirm_replacement', 'escalate', 'cancel', 'close',
  'arbitrate_refund', 'arbitrate_close',
] as const;
export type AfterSalesAction = (typeof AFTER_SALES_ACTIONS)[number];
export type ActorRole = 'buyer' | 'merchant' | 'platform' | 'system';
export type DeadlineParty = 'buyer' | 'merchant';

/** Where an action leads: one status, or one per kind (a kind not listed cannot take the step). */
type Target = AfterSalesStatus | Partial<Record<AfterSalesKind, AfterSalesStatus>>;

interface ActionRule {
  /** Who may take the step; `system` is the deadline job. */
  by: readonly ActorRole[];
  from: Partial<Record<AfterSalesStatus, Target>>;
}

/**
 *   requested ──approve──▶ refunded (refund only) | awaiting_return (return, exchange, repair)
 *   requested ──reject──▶ rejected ──escalate──▶ escalated ──arbitrate_refund──▶ refunded
 *                                                         └─arbitrate_close──▶ closed
 *   awaiting_return ──submit_return (tracking)──▶ returned ──confirm_return──▶ refunded (return)
 *                                                                           | received_by_merchant (exchange, repair)
 *   returned ──reject──▶ rejected   (the goods came back not as described)
 *   received_by_merchant ──ship_replacement──▶ replacement_shipped ──confirm_replacement──▶ completed
 *   received_by_merchant ──escalate──▶ escalated   (the merchant does not send the replacement)
 *   requested | awaiting_return | rejected | escalated ──cancel (buyer)──▶ cancelled
 *   awaiting_return | rejected ──close (deadline)──▶ closed
 *   requested | returned ──close (system)──▶ closed   (a timed refund that can no longer run: the order was cancelled)
 */
export const AFTER_SALES_TRANSITIONS: Record<AfterSalesAction, ActionRule> = {
  approve: {
    by: ['merchant', 'system'],
    from: { requested: { refund_only: 'refunded', return_refund: 'awaiting_return', exchange: 'awaiting_return', repair: 'awaiting_return' } },
  },
  reject: { by: ['merchant'], from: { requested: 'rejected', returned: 'rejected' } },
  submit_return: { by: ['buyer'], from: { awaiting_return: 'returned' } },
  confirm_return: {
    by: ['merchant', 'system'],
    from: { returned: { return_refund: 'refunded', exchange: 'received_by_merchant', repair: 'received_by_merchant' } },
  },
  ship_replacement: { by: ['merchant'], from: { received_by_merchant: { exchange: 'replacement_shipped', repair: 'replacement_shipped' } } },
  confirm_replacement: { by: ['buyer', 'system'], from: { replacement_shipped: 'completed' } },
  escalate: { by: ['buyer', 'system'], from: { rejected: 'escalated', received_by_merchant: 'escalated' } },
  cancel: { by: ['buyer'], from: { requested: 'cancelled', awaiting_return: 'cancelled', rejected: 'cancelled', escalated: 'cancelled' } },
  // The timers: no return tracking in time, no escalation in time; or a timed refund that can no longer run.
  close: { by: ['system'], from: { awaiting_return: 'closed', rejected: 'closed', requested: 'closed', returned: 'closed' } },
  arbitrate_refund: { by: ['platform'], from: { escalated: 'refunded' } },
  arbitrate_close: { by: ['platform'], from: { escalated: 'closed' } },
};

function targetOf(kind: AfterSalesKind, from: AfterSalesStatus, action: AfterSalesAction): AfterSalesStatus | undefined {
  const target = AFTER_SALES_TRANSITIONS[action].from[from];
  if (target === undefined) return undefined;
  return typeof target === 'string' ? target : target[kind];
}

/** The status `action` leads to, or AFTER_SALES_STATUS_CONFLICT (and FORBIDDEN for a role that may not take the step). */
export function nextAfterSalesStatus(kind: AfterSalesKind, from: AfterSalesStatus, action: AfterSalesAction, role: ActorRole): AfterSalesStatus {
  const to = targetOf(kind, from, action);
  if (!to) throw new AppError('AFTER_SALES_STATUS_CONFLICT', { from, action });
  if (!AFTER_SALES_TRANSITIONS[action].by.includes(role)) throw new AppError('FORBIDDEN');
  return to;
}

/**
 * The after-sales deadlines. The platform sets them in 系统设置 (`getOrderTimers` in
 * orders/timer-settings.service.ts gives those in force); these are the defaults.
 */
export interface AfterSalesTimers {
  /** The merchant approves or rejects within this (default 48 h); silence = approved. */
  merchantDecisionMs: number;
  /** The shopper enters the return tracking number within this (default 7 days), else the request closes. */
  buyerReturnMs: number;
  /** The merchant confirms the return's receipt within this after the tracking number (default 7 days); silence = confirmed (and refunded). */
  merchantReceiptMs: number;
  /** The merchant sends the replacement / repaired item within this after receipt (default 7 days), else the platform steps in. */
  merchantReshipMs: number;
  /** The shopper confirms the replacement within this after it is sent (default 10 days); silence = confirmed. */
  buyerConfirmMs: number;
  /** A rejection may be escalated to the platform within this (default 7 days), else the request closes. */
  escalationMs: number;
}

export const DEFAULT_AFTER_SALES_TIMERS: AfterSalesTimers = {
  merchantDecisionMs: 48 * HOUR,
  buyerReturnMs: 7 * DAY,
  merchantReceiptMs: 7 * DAY,
  merchantReshipMs: 7 * DAY,
  buyerConfirmMs: 10 * DAY,
  escalationMs: 7 * DAY,
};

export interface TimeoutRule {
  timer: keyof AfterSalesTimers;
  /** Who is expected to act before the deadline. */
  party: DeadlineParty;
  /** What the system does when they do not. */
  action: AfterSalesAction;
  note: string;
}

/** Every waiting status with its deadline; `escalated` waits for the platform, with no timer. */
export const AFTER_SALES_TIMEOUTS: Partial<Record<AfterSalesStatus, TimeoutRule>> = {
  requested: { timer: 'merchantDecisionMs', party: 'merchant', action: 'approve', note: '商家超时未处理，系统自动同意' },
  awaiting_return: { timer: 'buyerReturnMs', party: 'buyer', action: 'close', note: '买家超时未填写退货物流，售后关闭' },
  returned: { timer: 'merchantReceiptMs', party: 'merchant', action: 'confirm_return', note: '商家超时未确认收货，系统自动确认' },
  received_by_merchant: { timer: 'merchantReshipMs', party: 'merchant', action: 'escalate', note: '商家超时未寄出商品，平台介入' },
  replacement_shipped: { timer: 'buyerConfirmMs', party: 'buyer', action: 'confirm_replacement', note: '买家超时未确认，系统自动确认收货' },
  rejected: { timer: 'escalationMs', party: 'buyer', action: 'close', note: '买家未在期限内申请平台介入，售后关闭' },
};

/**
 * Once a deadline has passed, the party it was for can no longer take another step than the one the
 * system takes for them (a late merchant may still approve, not reject; a late shopper may not enter
 * tracking or escalate). Cancelling stays open to the shopper.
 */
export function deadlineBlocks(status: AfterSalesStatus, action: AfterSalesAction, role: ActorRole, deadlineAt: Date | null, now: Date): boolean {
  const timeout = AFTER_SALES_TIMEOUTS[status];
  if (!timeout || !deadlineAt || role === 'system' || now.getTime() < deadlineAt.getTime()) return false;
  return role === timeout.party && action !== timeout.action && action !== 'cancel';
}

/** The steps `role` can take now (what the UI offers as buttons). */
export function allowedActions(kind: AfterSalesKind, status: AfterSalesStatus, role: Exclude<ActorRole, 'system'>, deadlineAt: Date | null, now: Date): AfterSalesAction[] {
  return AFTER_SALES_ACTIONS.filter(
    (action) => targetOf(kind, status, action) !== undefined && AFTER_SALES_TRANSITIONS[action].by.includes(role) && !deadlineBlocks(status, action, role, deadlineAt, now),
  );
}

// ---------------------------------------------------------------------------------------------
// windows

const CHINA_OFFSET_MS = 8 * HOUR;

/** `YYYY-MM-DD HH:mm` in China time (deadlines in messages). */
export function formatChinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** 00:00 China time of the day `at` falls on. */
export function startOfChinaDay(at: Date): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  return new Date(local - (local % DAY) - CHINA_OFFSET_MS);
}

/**
 * 七天无理由: seven days counted from the day after receipt, so the last moment is 23:59:59.999
 * (China time) of the seventh day after the day of receipt.
 */
export function noReasonReturnUntil(receivedAt: Date): Date {
  return new Date(startOfChinaDay(receivedAt).getTime() + 8 * DAY - 1);
}

export interface EligibilityInput {
  kind: AfterSalesKind;
  reason: AfterSalesReason;
  orderStatus: OrderStatus;
  receivedAt: Date | null;
  /** The product allows 7-day no-reason returns (`product.return_7d`). */
  noReasonReturn: boolean;
  /** The end of the order's after-sales window, set at receipt (`shop_order.after_sales_until`). */
  afterSalesUntil: Date | null;
  now: Date;
}

/**
 * May the shopper open this kind of request now? Refund only before receipt (not shipped, or shipped
 * but not received) — no window applies; return, exchange and repair after receipt within the order's
 * after-sales window, or, for a no-reason return of a product flagged for it, within the 7 days after
 * the day of receipt (which can outlast the order's window). Throws the catalogued reason.
 */
export function checkEligibility(input: EligibilityInput): void {
  const { kind, reason, orderStatus, receivedAt, now } = input;
  if (!['paid', 'shipped', 'received', 'completed'].includes(orderStatus)) throw new AppError('AFTER_SALES_NOT_ELIGIBLE', { status: orderStatus });
  if (!reasonsFor(kind).includes(reason)) throw new AppError('AFTER_SALES_REASON_NOT_ALLOWED', { reason, kind });
  if (kind === 'refund_only') {
    if (orderStatus !== 'paid' && orderStatus !== 'shipped') throw new AppError('AFTER_SALES_KIND_NOT_ALLOWED', { kind, status: orderStatus });
    return;
  }
  if ((orderStatus !== 'received' && orderStatus !== 'completed') || !receivedAt) throw new AppError('AFTER_SALES_KIND_NOT_ALLOWED', { kind, status: orderStatus });
  if (reason === 'no_reason_7d') {
    if (!input.noReasonReturn) throw new AppError('AFTER_SALES_NO_REASON_NOT_ALLOWED');
    const until = noReasonReturnUntil(receivedAt);
    if (now.getTime() > until.getTime()) throw new AppError('AFTER_SALES_WINDOW_CLOSED', { until: formatChinaTime(until) });
    return;
  }
  const until = input.afterSalesUntil;
  if (!until || now.getTime() >= until.getTime()) throw new AppError('AFTER_SALES_WINDOW_CLOSED', { until: until ? formatChinaTime(until) : '' });
}

/** What a line can still get back: its price less its discount less what was already refunded for it. */
export function lineRefundable(line: { lineTotalFen: number; discountFen: number }, refundedFen: number): number {
  return Math.max(0, line.lineTotalFen - line.discountFen - refundedFen);
}
