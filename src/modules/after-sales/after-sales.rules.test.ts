import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../http/errors.ts';
import { DAY, HOUR } from '../../shared/clock.ts';
import {
  AFTER_SALES_ACTIONS, AFTER_SALES_KINDS, AFTER_SALES_STATUSES, AFTER_SALES_TIMEOUTS, AFTER_SALES_TRANSITIONS, allowedActions, checkEligibility, deadlineBlocks,
  isOpen, nextAfterSalesStatus, noReasonReturnUntil, reasonsFor, startOfChinaDay, TERMINAL_STATUSES, type AfterSalesStatus, type EligibilityInput,
} from './after-sales.rules.ts';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error.code;
  }
};

test('the state machine: terminal statuses have no way out; every other status is reachable from requested and can end', () => {
  for (const status of TERMINAL_STATUSES) {
    for (const action of AFTER_SALES_ACTIONS) {
      for (const kind of AFTER_SALES_KINDS) assert.equal(codeOf(() => nextAfterSalesStatus(kind, status, action, 'system')), 'AFTER_SALES_STATUS_CONFLICT', `${status} ${action}`);
    }
  }
  for (const kind of AFTER_SALES_KINDS) {
    const edges = new Map<AfterSalesStatus, AfterSalesStatus[]>();
    for (const [, rule] of Object.entries(AFTER_SALES_TRANSITIONS)) {
      for (const [from, target] of Object.entries(rule.from)) {
        const to = typeof target === 'string' ? target : target[kind];
        if (to) edges.set(from as AfterSalesStatus, [...(edges.get(from as AfterSalesStatus) ?? []), to]);
      }
    }
    const reachable = new Set<AfterSalesStatus>(['requested']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of [...reachable]) for (const to of edges.get(s) ?? []) if (!reachable.has(to)) (reachable.add(to), (grew = true));
    }
    // Every open status reachable for this kind has a way to end.
    for (const s of reachable) if (isOpen(s)) assert.ok((edges.get(s) ?? []).length > 0, `${kind}: ${s} is a dead end`);
    assert.ok(reachable.has(kind === 'exchange' || kind === 'repair' ? 'completed' : 'refunded'), kind);
    assert.ok(reachable.has('closed') && reachable.has('cancelled'), kind);
  }
});

test('every deadline names a step the system may take from that status; escalated waits for the platform', () => {
  for (const [status, timeout] of Object.entries(AFTER_SALES_TIMEOUTS)) {
    const kinds = AFTER_SALES_KINDS.filter((k) => codeOf(() => nextAfterSalesStatus(k, status as AfterSalesStatus, timeout!.action, 'system')) === null);
    assert.ok(kinds.length > 0, `${status}: the system cannot ${timeout!.action}`);
  }
  assert.equal(AFTER_SALES_TIMEOUTS.escalated, undefined);
  for (const s of TERMINAL_STATUSES) assert.equal(AFTER_SALES_TIMEOUTS[s], undefined);
});

test('roles: only the merchant (or the timer) approves, only the shopper cancels, only the platform arbitrates', () => {
  assert.equal(codeOf(() => nextAfterSalesStatus('return_refund', 'requested', 'approve', 'buyer')), 'FORBIDDEN');
  assert.equal(codeOf(() => nextAfterSalesStatus('return_refund', 'requested', 'cancel', 'merchant')), 'FORBIDDEN');
  assert.equal(codeOf(() => nextAfterSalesStatus('return_refund', 'escalated', 'arbitrate_refund', 'merchant')), 'FORBIDDEN');
  assert.equal(nextAfterSalesStatus('refund_only', 'requested', 'approve', 'system'), 'refunded');
  assert.equal(nextAfterSalesStatus('repair', 'returned', 'confirm_return', 'merchant'), 'received_by_merchant');
  assert.equal(codeOf(() => nextAfterSalesStatus('return_refund', 'received_by_merchant', 'ship_replacement', 'merchant')), 'AFTER_SALES_STATUS_CONFLICT');
  assert.deepEqual(allowedActions('return_refund', 'requested', 'merchant', null, new Date()), ['approve', 'reject']);
  assert.deepEqual(allowedActions('return_refund', 'requested', 'buyer', null, new Date()), ['cancel']);
  assert.deepEqual(allowedActions('exchange', 'escalated', 'platform', null, new Date()), ['arbitrate_refund', 'arbitrate_close']);
});

test('a passed deadline leaves its party only the step the system would take (and the shopper can still withdraw)', () => {
  const due = new Date('2026-01-03T00:00:00Z');
  const after = new Date(due.getTime() + 1);
  const before = new Date(due.getTime() - 1);
  assert.equal(deadlineBlocks('requested', 'reject', 'merchant', due, before), false);
  assert.equal(deadlineBlocks('requested', 'reject', 'merchant', due, due), true);
  assert.equal(deadlineBlocks('requested', 'approve', 'merchant', due, after), false);
  assert.equal(deadlineBlocks('requested', 'cancel', 'buyer', due, after), false);
  assert.equal(deadlineBlocks('awaiting_return', 'submit_return', 'buyer', due, after), true);
  assert.equal(deadlineBlocks('rejected', 'escalate', 'buyer', due, after), true);
  assert.equal(deadlineBlocks('rejected', 'cancel', 'buyer', due, after), false);
  assert.deepEqual(allowedActions('return_refund', 'requested', 'merchant', due, after), ['approve']);
});

test('F5: 七天无理由 counts seven days from the day after receipt, ending 23:59:59.999 China time', () => {
  // Received 2026-03-01 10:00 China time (02:00Z): day 1 is 03-02, day 7 is 03-08.
  const receivedAt = new Date('2026-03-01T02:00:00Z');
  assert.equal(startOfChinaDay(receivedAt).toISOString(), '2026-02-28T16:00:00.000Z');
  assert.equal(noReasonReturnUntil(receivedAt).toISOString(), '2026-03-08T15:59:59.999Z');
  // Received 23:30 China time on 03-01 (15:30Z): the same last day.
  assert.equal(noReasonReturnUntil(new Date('2026-03-01T15:30:00Z')).toISOString(), '2026-03-08T15:59:59.999Z');
  // Received 00:10 China time on 03-02 (16:10Z on 03-01): one day later.
  assert.equal(noReasonReturnUntil(new Date('2026-03-01T16:10:00Z')).toISOString(), '2026-03-09T15:59:59.999Z');

  const base: EligibilityInput = { kind: 'return_refund', reason: 'no_reason_7d', orderStatus: 'received', receivedAt, noReasonReturn: true, afterSalesUntil: new Date(receivedAt.getTime() + 7 * DAY), now: receivedAt };
  const at = (iso: string, extra: Partial<EligibilityInput> = {}) => codeOf(() => checkEligibility({ ...base, now: new Date(iso), ...extra }));
  assert.equal(at('2026-03-08T15:59:00Z'), null, 'day 7 at 23:59 accepted');
  assert.equal(at('2026-03-08T15:59:59.999Z'), null);
  assert.equal(at('2026-03-08T16:00:00Z'), 'AFTER_SALES_WINDOW_CLOSED', 'day 8 refused');
  assert.equal(at('2026-03-08T15:00:00Z', { orderStatus: 'completed' }), null, 'the order completing does not cut the statutory right short');
  assert.equal(at('2026-03-02T00:00:00Z', { noReasonReturn: false }), 'AFTER_SALES_NO_REASON_NOT_ALLOWED');
  // Other reasons follow the order's window (set at receipt: receipt + the 系统设置 window then in force).
  assert.equal(at('2026-03-08T01:59:59Z', { reason: 'quality_issue' }), null);
  assert.equal(at('2026-03-08T02:00:00Z', { reason: 'quality_issue' }), 'AFTER_SALES_WINDOW_CLOSED');
  assert.equal(at('2026-03-08T02:00:00Z', { reason: 'quality_issue', afterSalesUntil: new Date(receivedAt.getTime() + 15 * DAY) }), null, 'the order’s own window is honoured');
});

test('eligibility: refund only before receipt (no window), return / exchange / repair after it; reasons per kind; unpaid and ended orders refused', () => {
  const now = new Date('2026-04-01T00:00:00Z');
  const base: EligibilityInput = { kind: 'refund_only', reason: 'changed_mind', orderStatus: 'paid', receivedAt: null, noReasonReturn: true, afterSalesUntil: null, now };
  const check = (extra: Partial<EligibilityInput>) => codeOf(() => checkEligibility({ ...base, ...extra }));
  assert.equal(check({}), null);
  assert.equal(check({ orderStatus: 'shipped', reason: 'not_received' }), null);
  assert.equal(check({ orderStatus: 'received', receivedAt: now, reason: 'not_received' }), 'AFTER_SALES_KIND_NOT_ALLOWED');
  assert.equal(check({ kind: 'return_refund', reason: 'quality_issue' }), 'AFTER_SALES_KIND_NOT_ALLOWED', 'nothing to return before it arrives');
  assert.equal(check({ kind: 'exchange', reason: 'no_reason_7d', orderStatus: 'received', receivedAt: now }), 'AFTER_SALES_REASON_NOT_ALLOWED');
  assert.equal(check({ kind: 'repair', reason: 'damaged', orderStatus: 'received', receivedAt: new Date(now.getTime() - 6 * DAY - 23 * HOUR), afterSalesUntil: new Date(now.getTime() + HOUR) }), null);
  for (const status of ['pending_payment', 'cancelled', 'closed'] as const) assert.equal(check({ orderStatus: status }), 'AFTER_SALES_NOT_ELIGIBLE', status);
  for (const kind of AFTER_SALES_KINDS) assert.ok(reasonsFor(kind).includes('other'), kind);
  assert.deepEqual(reasonsFor('return_refund').includes('no_reason_7d'), true);
  assert.equal(AFTER_SALES_STATUSES.length, 11);
});
