/**
 * Display-ready shapes for the complaint pages (storefront 我的投诉, seller 投诉, platform 投诉 and
 * its statistics). Times arrive formatted for the page's language; no server types here.
 */
import { durationText, type Translate } from './durations.ts';

export type ComplaintCategoryName = 'quality' | 'description_mismatch' | 'service_attitude' | 'logistics' | 'fake_goods' | 'other';
export const COMPLAINT_CATEGORY_NAMES: readonly ComplaintCategoryName[] = ['quality', 'description_mismatch', 'service_attitude', 'logistics', 'fake_goods', 'other'];

export type ComplaintStatusName = 'submitted' | 'accepted' | 'investigating' | 'resolved' | 'closed' | 'rejected' | 'withdrawn';
export const COMPLAINT_STATUS_NAMES: readonly ComplaintStatusName[] = ['submitted', 'accepted', 'investigating', 'resolved', 'closed', 'rejected', 'withdrawn'];

export type ComplaintOutcomeName = 'upheld' | 'partly_upheld' | 'not_upheld';
export const COMPLAINT_OUTCOME_NAMES: readonly ComplaintOutcomeName[] = ['upheld', 'partly_upheld', 'not_upheld'];

export type SlaStateName = 'ok' | 'due_soon' | 'breached';
export const SLA_STATE_NAMES: readonly SlaStateName[] = ['ok', 'due_soon', 'breached'];

export type ComplaintActionName = 'accept' | 'reject' | 'investigate' | 'resolve' | 'feedback' | 'auto_close' | 'withdraw';

/** 我的投诉 tabs: 全部 / 处理中 / 待评价 / 已完成. */
export const MY_COMPLAINT_TABS = ['all', 'open', 'resolved', 'closed'] as const;
export type MyComplaintsTab = (typeof MY_COMPLAINT_TABS)[number];

/** Up to 9 pictures, 10 MB each (the server checks again). */
export const COMPLAINT_PHOTO_MAX = 9;
export const COMPLAINT_TEXT_MAX = { title: 60, description: 2000, message: 1000, resolution: 2000, reason: 500, feedback: 500 } as const;

export interface SlaClockView {
  state: SlaStateName;
  dueAt: string;
  /** Still running: ms left (negative when overdue); null once stopped. */
  remainingMs: number | null;
  stoppedAt: string | null;
}

export interface ComplaintSlaView {
  state: SlaStateName;
  firstResponse: SlaClockView;
  resolution: SlaClockView;
}

export interface ComplaintRowView {
  id: string;
  href: string;
  status: ComplaintStatusName;
  category: ComplaintCategoryName;
  title: string;
  shopId: string;
  shopName: string;
  orderId: string | null;
  shopperName: string | null;
  assignee: { id: string; name: string } | null;
  createdAt: string;
  sla: ComplaintSlaView;
}

export interface PhotoView {
  /** 800 px */
  url: string;
  /** 200 px */
  thumb: string;
}

export interface ThreadEntryView {
  id: string;
  kind: 'message' | 'event';
  authorRole: 'shopper' | 'shop' | 'platform' | 'system';
  authorName: string | null;
  mine: boolean;
  body: string;
  photos: PhotoView[];
  action: string | null;
  to: ComplaintStatusName | null;
  at: string;
}

export interface ComplaintDetailView extends ComplaintRowView {
  description: string;
  photos: PhotoView[];
  resolution: string | null;
  outcome: ComplaintOutcomeName | null;
  rejectReason: string | null;
  rating: number | null;
  feedback: string | null;
  closedBy: 'shopper' | 'system' | null;
  resolvedAt: string | null;
  closedAt: string | null;
  autoCloseAt: string | null;
  shopper: { name: string; mobile: string | null } | null;
  order: { id: string; href: string | null; status: string; payable: string; lines: { id: string; title: string; spec: string; image: string | null; qty: number }[] } | null;
  actions: ComplaintActionName[];
  canMessage: boolean;
  thread: ThreadEntryView[];
}

/** The running clock that matters now (first response, else resolution), or null when both stopped. */
export function runningClock(sla: ComplaintSlaView): { which: 'firstResponse' | 'resolution'; clock: SlaClockView } | null {
  if (sla.firstResponse.remainingMs !== null) return { which: 'firstResponse', clock: sla.firstResponse };
  if (sla.resolution.remainingMs !== null) return { which: 'resolution', clock: sla.resolution };
  return null;
}

/** The SLA in words: "首次响应剩 3 小时 20 分" / "处理已超时 2 小时" / "已按时处理" / "曾超时". */
export function slaText(sla: ComplaintSlaView, t: Translate): string {
  const running = runningClock(sla);
  if (!running) return t(sla.state === 'breached' ? 'complaint.sla.wasBreached' : 'complaint.sla.met');
  const left = running.clock.remainingMs!;
  const what = t(running.which === 'firstResponse' ? 'complaint.sla.firstResponse' : 'complaint.sla.resolution');
  return left > 0 ? t('complaint.sla.left', { what, time: durationText(left, t) }) : t('complaint.sla.overdue', { what, time: durationText(left, t) });
}

export interface ComplaintStatsView {
  from: string;
  to: string;
  total: number;
  open: number;
  breached: number;
  slaBreachRate: number;
  responded: number;
  resolved: number;
  medianFirstResponseMs: number | null;
  medianResolutionMs: number | null;
  averageRating: number | null;
  rated: number;
  byCategory: { category: ComplaintCategoryName; count: number }[];
  byStatus: { status: ComplaintStatusName; count: number }[];
  byOutcome: { outcome: ComplaintOutcomeName; count: number }[];
  topShops: { shopId: string; shopName: string; count: number; breached: number }[];
  byDay: { day: string; count: number }[];
}
