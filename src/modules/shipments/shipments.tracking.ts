import crypto from 'node:crypto';
import { AppError } from '../../http/errors.ts';
import type { TrackingStatus } from './shipments.tables.ts';

/** One step of a parcel's trail, as a provider or the merchant reports it. */
export interface TrackingEventInput {
  occurredAt: Date;
  status: TrackingStatus;
  description: string;
  location: string | null;
}

/** A parcel's whole trail as the provider knows it (providers send the full trail every time). */
export interface TrackingSnapshot {
  /** The carrier's code at the provider and the number, to find our parcel(s). */
  providerCarrier: string;
  trackingNo: string;
  /** Newest first or not: the store orders them itself. */
  events: TrackingEventInput[];
  /** The provider's overall state of the parcel, when it gives one. */
  state: TrackingStatus | null;
}

export interface ParcelRef {
  /** The provider's carrier code (Kuaidi100 `com`). */
  providerCarrier: string;
  trackingNo: string;
  /** The recipient's phone: SF needs it (any phone of sender or recipient; the last four digits do). */
  phone: string | null;
  /** Destination (省市区), helps the provider judge 签收. */
  to: string | null;
}

export type SubscribeResult = { outcome: 'subscribed' } | { outcome: 'refused'; message: string };

export interface PushOutcome {
  snapshot: TrackingSnapshot;
  /** Kuaidi100 `status`: polling (watching), shutdown (done: signed), abort (gave up), updateall (re-sent). */
  monitor: string;
  message: string;
  /** Other carrier codes the push names (a corrected company code): parcels may be filed under them. */
  alsoCarriers: string[];
}

export interface ProviderAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A tracking provider: subscribe a parcel (it then pushes the trail to our webhook), query a trail
 * now (for a merchant's 刷新), and read a push (verified, or refused with TRACKING_PUSH_REJECTED).
 * The manual provider has none of these: the merchant types the events.
 */
export interface TrackingProvider {
  readonly name: 'kuaidi100' | 'manual';
  subscribe(parcel: ParcelRef): Promise<SubscribeResult>;
  query(parcel: ParcelRef): Promise<TrackingSnapshot>;
  parsePush(push: { contentType: string; rawBody: string }): PushOutcome;
  /** What to answer the provider: it retries unless it reads success. */
  pushAnswer(ok: boolean, message?: string): ProviderAnswer;
}

/** Merchant-entered events only: no subscription, no query, no pushes. */
export const manualTracking: TrackingProvider = {
  name: 'manual',
  async subscribe() {
    return { outcome: 'refused', message: 'manual tracking' };
  },
  async query() {
    throw new AppError('TRACKING_UNAVAILABLE');
  },
  parsePush() {
    throw new AppError('TRACKING_PUSH_REJECTED');
  },
  pushAnswer(ok) {
    return { status: ok ? 200 : 400, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ result: ok }) };
  },
};

/** Where a parcel stands after a sequence of events: later steps win; 已签收 / 退回 end it. */
export const STATUS_ORDER: Record<TrackingStatus, number> = {
  collected: 1,
  in_transit: 2,
  delivering: 3,
  exception: 4,
  returned: 5,
  signed: 6,
};

/** A status from the words of an event, for providers that give none (and as a fallback). */
export function statusFromText(text: string): TrackingStatus | null {
  if (/拒收|拒签|退签|退回|退件|返回寄件/.test(text)) return 'returned';
  if (/已签收|签收人|已代收|已妥投|妥投|已取件|已取出/.test(text)) return 'signed';
  if (/派件|派送|投递中|正在投递|快递员.{0,8}(电话|联系)/.test(text)) return 'delivering';
  if (/揽收|揽件|已收件|已收取|收寄/.test(text)) return 'collected';
  if (/疑难|异常|滞留|破损|丢失|无法联系/.test(text)) return 'exception';
  return null;
}

/** Dedupe key of an event: the same time and words are the same step, whoever sends them again. */
export function eventKey(e: { occurredAt: Date; description: string }): string {
  return crypto.createHash('sha256').update(`${e.occurredAt.toISOString()}|${e.description.replace(/\s+/g, ' ').trim()}`).digest('hex');
}

/** "2026-11-20 08:12:00" (China time, as carriers write it) → Date; null when it is not a time. */
export function chinaTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}
