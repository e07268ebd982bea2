import { AppError } from '../../http/errors.ts';
import { DAY, HOUR } from '../../shared/clock.ts';
import type { ComplaintCategory, ComplaintOutcome, ComplaintPartyRole, ComplaintStatus } from './service.tables.ts';

export const COMPLAINT_CATEGORIES = ['quality', 'description_mismatch', 'service_attitude', 'logistics', 'fake_goods', 'other'] as const satisfies readonly ComplaintCategory[];
export const COMPLAINT_STATUSES = ['submitted', 'accepted', 'investigating', 'resolved', 'closed', 'rejected', 'withdrawn'] as const satisfies readonly ComplaintStatus[];
export const COMPLAINT_OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const satisfies readonly ComplaintOutcome[];

/** Still being handled: one open complaint per order + category, messages allowed. */
export const OPEN_STATUSES = ['submitted', 'accepted', 'investigating', 'resolved'] as const satisfies readonly ComplaintStatus[];
/** The platform owes an answer: the SLA clocks run. */
export const ACTIVE_STATUSES = ['submitted', 'accepted', 'investigating'] as const satisfies readonly ComplaintStatus[];
export const FINISHED_STATUSES = ['closed', 'rejected', 'withdrawn'] as const satisfies readonly ComplaintStatus[];

export type ComplaintAction = 'accept' | 'reject' | 'investigate' | 'resolve' | 'feedback' | 'auto_close' | 'withdraw';
export const COMPLAINT_ACTIONS = ['accept', 'reject', 'investigate', 'resolve', 'feedback', 'auto_close', 'withdraw'] as const satisfies readonly ComplaintAction[];

/**
 * The handling process as data — confirm (受理), record, investigate, solve, execute, feed back:
 * each action, who takes it, and the moves it makes.
 */
export const COMPLAINT_TRANSITIONS: Record<ComplaintAction, { by: ComplaintPartyRole; moves: Partial<Record<ComplaintStatus, ComplaintStatus>> }> = {
  accept: { by: 'platform', moves: { submitted: 'accepted' } },
  reject: { by: 'platform', moves: { submitted: 'rejected' } },
  investigate: { by: 'platform', moves: { accepted: 'investigating' } },
  resolve: { by: 'platform', moves: { accepted: 'resolved', investigating: 'resolved' } },
  feedback: { by: 'shopper', moves: { resolved: 'closed' } },
  auto_close: { by: 'system', moves: { resolved: 'closed' } },
  withdraw: { by: 'shopper', moves: { submitted: 'withdrawn', accepted: 'withdrawn', investigating: 'withdrawn' } },
};

export function nextComplaintStatus(from: ComplaintStatus, action: ComplaintAction): ComplaintStatus {
  const to = COMPLAINT_TRANSITIONS[action].moves[from];
  if (!to) throw new AppError('COMPLAINT_STATUS_CONFLICT', { from, action });
  return to;
}

/** The actions a party may take on a complaint in this status (for buttons; the server checks again). */
export function allowedActions(status: ComplaintStatus, by: ComplaintPartyRole): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => COMPLAINT_TRANSITIONS[a].by === by && COMPLAINT_TRANSITIONS[a].moves[status]);
}

export const isOpen = (status: ComplaintStatus) => (OPEN_STATUSES as readonly string[]).includes(status);
export const isActive = (status: ComplaintStatus) => (ACTIVE_STATUSES as readonly string[]).includes(status);

export interface ComplaintTimers {
  /** First response (受理 / 不予受理 / a platform message) due this long after submission (default 24 h). */
  firstResponseMs: number;
  /** Resolution due this long after submission (default 72 h). */
  resolutionMs: number;
  /** A resolved complaint closes by itself this long after the resolution without feedback (default 7 days). */
  autoCloseMs: number;
  /** "Due soon" (orange) when this little time is left before a deadline. */
  firstResponseSoonMs: number;
  resolutionSoonMs: number;
}

export const DEFAULT_COMPLAINT_TIMERS: ComplaintTimers = {
  firstResponseMs: 24 * HOUR,
  resolutionMs: 72 * HOUR,
  autoCloseMs: 7 * DAY,
  firstResponseSoonMs: 4 * HOUR,
  resolutionSoonMs: 12 * HOUR,
};

export const LIMITS = {
  title: 60,
  description: 2000,
  message: 1000,
  resolution: 2000,
  reason: 500,
  feedback: 500,
  photos: 9,
} as const;

export type SlaState = 'ok' | 'due_soon' | 'breached';
export const SLA_STATES = ['ok', 'due_soon', 'breached'] as const satisfies readonly SlaState[];

export interface SlaClock {
  dueAt: Date;
  /** When the clock stopped (responded / resolved / the complaint ended), or null while it runs. */
  stoppedAt: Date | null;
  state: SlaState;
  /** ms left while the clock runs (negative once overdue); null once it stopped. */
  remainingMs: number | null;
}

export interface SlaFields {
  status: ComplaintStatus;
  created_at: Date;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  first_response_breached: boolean;
  resolution_breached: boolean;
}

function clockState(dueAt: Date, stoppedAt: Date | null, running: boolean, breachedFlag: boolean, soonMs: number, now: Date): SlaClock {
  if (!running) {
    const late = breachedFlag || (stoppedAt !== null && stoppedAt.getTime() > dueAt.getTime());
    return { dueAt, stoppedAt, state: late ? 'breached' : 'ok', remainingMs: null };
  }
  const remainingMs = dueAt.getTime() - now.getTime();
  const state: SlaState = breachedFlag || remainingMs <= 0 ? 'breached' : remainingMs <= soonMs ? 'due_soon' : 'ok';
  return { dueAt, stoppedAt: null, state, remainingMs };
}

/**
 * The two SLA clocks of a complaint against `now`: first response (stops at the platform's first
 * answer) and resolution (stops at the resolution, or when the complaint ends otherwise). The
 * complaint's `slaState` is the worse of the two. `complaintSlaSql` is the same rule in SQL.
 */
export function complaintSla(c: SlaFields, now: Date, timers: ComplaintTimers = DEFAULT_COMPLAINT_TIMERS) {
  const active = isActive(c.status);
  const firstResponse = clockState(
    c.first_response_due_at,
    c.first_responded_at,
    active && c.first_responded_at === null,
    c.first_response_breached,
    timers.firstResponseSoonMs,
    now,
  );
  const resolution = clockState(c.resolution_due_at, c.resolved_at ?? c.closed_at, active, c.resolution_breached, timers.resolutionSoonMs, now);
  const states = [firstResponse.state, resolution.state];
  const state: SlaState = states.includes('breached') ? 'breached' : states.includes('due_soon') ? 'due_soon' : 'ok';
  /** The deadline the queue sorts by: the running clock that ends first. */
  const nextDueAt = firstResponse.remainingMs !== null ? firstResponse.dueAt : resolution.remainingMs !== null ? resolution.dueAt : null;
  return { state, firstResponse, resolution, nextDueAt };
}

/** Counts and rates for the statistics page. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
