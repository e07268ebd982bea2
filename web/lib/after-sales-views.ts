/**
 * Display-ready shapes for the 售后 pages (storefront 退款/售后, merchant 售后, platform 售后仲裁) and
 * the pure helpers they share. Times arrive formatted for the page's language, amounts as text; the
 * codes mirror src/modules/after-sales/after-sales.rules.ts (after-sales.server.ts checks they match).
 */
import type { MessageKey, MessageParams } from '../i18n/messages.ts';
import { durationText, type Translate } from './durations.ts';

export type AfsKind = 'refund_only' | 'return_refund' | 'exchange' | 'repair';
export const AFS_KINDS: readonly AfsKind[] = ['refund_only', 'return_refund', 'exchange', 'repair'];
/** Kinds that ask for money (the form asks for an amount). */
export const AFS_REFUND_KINDS: readonly AfsKind[] = ['refund_only', 'return_refund'];

export type AfsStatus =
  | 'requested'
  | 'awaiting_return'
  | 'returned'
  | 'received_by_merchant'
  | 'replacement_shipped'
  | 'rejected'
  | 'escalated'
  | 'refunded'
  | 'completed'
  | 'cancelled'
  | 'closed';
export const AFS_STATUSES: readonly AfsStatus[] = [
  'requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated', 'refunded', 'completed', 'cancelled', 'closed',
];
export const AFS_OPEN_STATUSES: readonly AfsStatus[] = ['requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated'];

export type AfsReason = 'no_reason_7d' | 'quality_issue' | 'missing_or_wrong_item' | 'not_as_described' | 'damaged' | 'not_received' | 'late_shipment' | 'changed_mind' | 'other';
export const AFS_REASONS: readonly AfsReason[] = ['no_reason_7d', 'quality_issue', 'missing_or_wrong_item', 'not_as_described', 'damaged', 'not_received', 'late_shipment', 'changed_mind', 'other'];

export type AfsAction =
  | 'approve'
  | 'reject'
  | 'submit_return'
  | 'confirm_return'
  | 'ship_replacement'
  | 'confirm_replacement'
  | 'escalate'
  | 'cancel'
  | 'close'
  | 'arbitrate_refund'
  | 'arbitrate_close';

export type AfsRole = 'buyer' | 'merchant' | 'platform' | 'system';

/** Status groups: the tabs of the queues (one status is also a filter). */
export const AFS_GROUPS = {
  open: AFS_OPEN_STATUSES,
  ended: ['refunded', 'completed', 'cancelled', 'closed'],
  awaiting_merchant: ['requested', 'returned', 'received_by_merchant'],
  awaiting_buyer: ['awaiting_return', 'replacement_shipped', 'rejected'],
} as const satisfies Record<string, readonly AfsStatus[]>;
export type AfsGroup = keyof typeof AFS_GROUPS;

/** 退款/售后 (shopper) tabs. */
export const MY_AFS_TABS = ['all', 'open', 'ended'] as const;
export type MyAfsTab = (typeof MY_AFS_TABS)[number];

/** 商家后台 · 售后 tabs: needs us, waits for the shopper, with the platform, ended, all. */
export const SELLER_AFS_TABS = ['awaiting_merchant', 'awaiting_buyer', 'escalated', 'ended', 'all'] as const;
export type SellerAfsTab = (typeof SELLER_AFS_TABS)[number];

export const AFS_PHOTO_MAX = 9;
export const AFS_TEXT_MAX = { description: 500, message: 1000, reason: 500, note: 500, address: 200, decision: 1000 } as const;
/** Under this much time left a deadline shows red in the consoles. */
export const AFS_URGENT_MS = 12 * 3_600_000;

export interface PhotoView {
  /** 800 px */
  url: string;
  /** 200 px */
  thumb: string;
}

export interface DeadlineView {
  /** Formatted in the page's language (China time). */
  at: string;
  /** ms left by the server's clock when the page was made (negative: passed, the system is about to act). */
  remainingMs: number;
  party: 'buyer' | 'merchant';
  action: AfsAction;
}

export interface AfsLineView {
  title: string;
  spec: string;
  image: string | null;
  price: string;
  qty: number;
}

export interface AfsRowView {
  id: string;
  href: string;
  kind: AfsKind;
  status: AfsStatus;
  reason: AfsReason;
  qty: number;
  /** What the shopper asked for (refund kinds), as text; null for exchange and repair. */
  amount: string | null;
  /** What was refunded (line + shipping), as text; null when nothing. */
  refunded: string | null;
  orderId: string;
  orderHref: string | null;
  shopId: string;
  shopName: string;
  line: AfsLineView;
  /** Masked mobile (merchant and platform views). */
  buyer: string | null;
  deadline: DeadlineView | null;
  escalatedAt: string | null;
  /** Platform queue: ms since the shopper escalated. */
  waitingMs: number | null;
  createdAt: string;
}

export interface ShipmentView {
  carrier: string;
  carrierName: string;
  trackingNo: string;
  at: string;
}

export type RefundTo = 'balance' | 'sandbox' | 'alipay' | 'wechatpay' | 'cod';

export interface RefundView {
  id: string;
  amount: string;
  status: 'processing' | 'succeeded' | 'failed';
  /** Where the money goes: the balance, or back the way it was paid. */
  to: RefundTo;
  forShipping: boolean;
  at: string;
  finishedAt: string | null;
}

export interface StepView {
  status: AfsStatus | 'decision';
  state: 'done' | 'current' | 'todo' | 'stopped';
  at: string | null;
}

export interface TimelineView {
  action: string;
  to: AfsStatus;
  actorRole: AfsRole;
  note: string | null;
  amount: string | null;
  at: string;
}

export interface MessageView {
  id: string;
  authorRole: AfsRole;
  mine: boolean;
  body: string;
  photos: PhotoView[];
  internal: boolean;
  at: string;
}

export interface AfsDetailView extends AfsRowView {
  description: string;
  photos: PhotoView[];
  orderStatus: string;
  amountFen: number;
  refundableFen: number;
  refundable: string;
  returnAddress: string | null;
  returnShipment: ShipmentView | null;
  replacementShipment: ShipmentView | null;
  merchantNote: string | null;
  rejectReason: string | null;
  escalationReason: string | null;
  decision: { outcome: 'refund' | 'close'; note: string | null; at: string } | null;
  refunds: RefundView[];
  steps: StepView[];
  /** Oldest first. */
  timeline: TimelineView[];
  /** Oldest first (platform: with internal notes). */
  messages: MessageView[];
  actions: AfsAction[];
  canMessage: boolean;
}

/** What the order page shows under its lines: 申请售后, a request's status, 已退款 ¥x. */
export interface OrderLineAfsView {
  lineId: string;
  title: string;
  /** 申请售后 link when some kind can be asked for now. */
  applyHref: string | null;
  /** The line's request in progress, else its latest one. */
  request: { id: string; href: string; status: AfsStatus; open: boolean } | null;
  /** Refunded for this line (all requests), as text. */
  refunded: string | null;
}

export interface CarrierOption {
  value: string;
  label: string;
  example: string | null;
}

/** The 申请售后 form's choices for one order line. */
export interface ApplyKindView {
  kind: AfsKind;
  allowed: boolean;
  /** Why not (a message in the page's language) when not allowed. */
  whyNot: string | null;
  reasons: AfsReason[];
  maxAmountFen: number;
  maxAmount: string;
}

/** The after-sales steps a request of this kind goes through when all goes well. */
export function happyPath(kind: AfsKind): AfsStatus[] {
  if (kind === 'refund_only') return ['requested', 'refunded'];
  if (kind === 'return_refund') return ['requested', 'awaiting_return', 'returned', 'refunded'];
  return ['requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'completed'];
}

const ENDED: readonly string[] = AFS_GROUPS.ended;

/**
 * The progress stepper: the statuses the request went through (from its timeline), then the ones
 * still ahead — the happy path from where it stands, or, after a rejection, the platform and its ruling.
 */
export function progressSteps(kind: AfsKind, status: AfsStatus, visited: { to: AfsStatus; at: string }[]): StepView[] {
  const steps: StepView[] = [];
  for (const v of visited) {
    const last = steps[steps.length - 1];
    if (last && last.status === v.to) continue;
    steps.push({ status: v.to, state: 'done', at: v.at });
  }
  if (steps.length === 0) steps.push({ status, state: 'done', at: null });
  const current = steps[steps.length - 1]!;
  if (ENDED.includes(status)) {
    current.state = status === 'cancelled' || status === 'closed' ? 'stopped' : 'done';
    return steps;
  }
  current.state = 'current';
  let ahead: (AfsStatus | 'decision')[];
  if (status === 'rejected') ahead = ['escalated', 'decision'];
  else if (status === 'escalated') ahead = ['decision'];
  else {
    const path = happyPath(kind);
    const at = path.indexOf(status);
    ahead = at >= 0 ? path.slice(at + 1) : [];
  }
  for (const s of ahead) steps.push({ status: s, state: 'todo', at: null });
  return steps;
}

/** A configured time limit: "7 天" when it is whole days of three or more, else "48 小时". */
export function periodText(ms: number, t: Translate): string {
  const hours = Math.round(ms / 3_600_000);
  return hours >= 72 && hours % 24 === 0 ? t('afs.period.days', { n: hours / 24 }) : t('afs.period.hours', { n: hours });
}

/** 47:59:12 under three days, "6 天 23:59:12" beyond (a ticking countdown's text). */
export function countdownText(ms: number, t: Translate): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const rest = days >= 3 ? total - days * 86_400 : total;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${h}:${two(m)}:${two(s)}`;
  return days >= 3 ? t('afs.countdown.days', { d: days, clock }) : clock;
}

/**
 * The sentence that goes with a running deadline, keyed by the status (and kind where the outcome
 * differs): "商家 {time} 内未处理，系统将自动同意". `{time}` is where the countdown goes.
 */
export function deadlineKey(status: AfsStatus, kind: AfsKind, viewer: 'buyer' | 'merchant' | 'platform'): MessageKey | null {
  const side = viewer === 'buyer' ? 'buyer' : 'staff';
  switch (status) {
    case 'requested':
      return kind === 'refund_only' ? `afs.deadline.${side}.requestedRefund` : `afs.deadline.${side}.requested`;
    case 'awaiting_return':
      return `afs.deadline.${side}.awaiting_return`;
    case 'returned':
      return kind === 'return_refund' ? `afs.deadline.${side}.returnedRefund` : `afs.deadline.${side}.returned`;
    case 'received_by_merchant':
      return `afs.deadline.${side}.received_by_merchant`;
    case 'replacement_shipped':
      return `afs.deadline.${side}.replacement_shipped`;
    case 'rejected':
      return `afs.deadline.${side}.rejected`;
    default:
      return null;
  }
}

/** Splits a translated sentence around its `{time}` slot, so a live countdown can sit in the middle. */
export function aroundTime(t: Translate, key: MessageKey, params: MessageParams = {}): [string, string] {
  const MARK = '\u0000';
  const text = t(key, { ...params, time: MARK });
  const at = text.indexOf(MARK);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + MARK.length)];
}

/** The amount box of the form: yuan text → fen, exactly (null for anything not a plain amount). */
export function yuanInputToFen(text: string): number | null {
  const clean = text.replace(/[,，¥￥\s]/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 12900 → "129.00" (the amount box's initial value). */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
