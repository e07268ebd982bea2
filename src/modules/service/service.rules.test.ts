import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../http/errors.ts';
import { HOUR, MINUTE } from '../../shared/clock.ts';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_STATUSES,
  DEFAULT_COMPLAINT_TIMERS,
  allowedActions,
  complaintSla,
  median,
  nextComplaintStatus,
  type SlaFields,
} from './service.rules.ts';

test('every (complaint status × action) pair: legal moves work, the rest are a catalogued 409', () => {
  const legal: Record<string, string> = {
    'submitted accept': 'accepted',
    'submitted reject': 'rejected',
    'submitted withdraw': 'withdrawn',
    'accepted investigate': 'investigating',
    'accepted resolve': 'resolved',
    'accepted withdraw': 'withdrawn',
    'investigating resolve': 'resolved',
    'investigating withdraw': 'withdrawn',
    'resolved feedback': 'closed',
    'resolved auto_close': 'closed',
  };
  let checked = 0;
  for (const from of COMPLAINT_STATUSES) {
    for (const action of COMPLAINT_ACTIONS) {
      const expected = legal[`${from} ${action}`];
      if (expected) assert.equal(nextComplaintStatus(from, action), expected, `${from} ${action}`);
      else assert.throws(() => nextComplaintStatus(from, action), (e: AppError) => e.code === 'COMPLAINT_STATUS_CONFLICT' && e.status === 409, `${from} ${action}`);
      checked++;
    }
  }
  assert.equal(checked, 7 * 7);
  assert.deepEqual(allowedActions('submitted', 'platform'), ['accept', 'reject']);
  assert.deepEqual(allowedActions('submitted', 'shopper'), ['withdraw']);
  assert.deepEqual(allowedActions('resolved', 'shopper'), ['feedback']);
  assert.deepEqual(allowedActions('investigating', 'shop'), [], 'a shop never changes a complaint’s status');
  assert.deepEqual(allowedActions('closed', 'platform'), []);
});

const t0 = new Date('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
function fields(overrides: Partial<SlaFields> = {}): SlaFields {
  return {
    status: 'submitted',
    created_at: t0,
    first_response_due_at: at(24 * HOUR),
    resolution_due_at: at(72 * HOUR),
    first_responded_at: null,
    resolved_at: null,
    closed_at: null,
    first_response_breached: false,
    resolution_breached: false,
    ...overrides,
  };
}

test('SLA clocks: ok → due soon → breached, stopped by the first response and the resolution', () => {
  const timers = DEFAULT_COMPLAINT_TIMERS;
  // Waiting for a first response.
  assert.equal(complaintSla(fields(), at(HOUR), timers).state, 'ok');
  assert.equal(complaintSla(fields(), at(20 * HOUR - MINUTE), timers).state, 'ok');
  assert.equal(complaintSla(fields(), at(20 * HOUR), timers).state, 'due_soon', '4 h left');
  const overdue = complaintSla(fields(), at(24 * HOUR), timers);
  assert.equal(overdue.state, 'breached');
  assert.equal(overdue.firstResponse.remainingMs, 0);
  assert.deepEqual(overdue.nextDueAt, at(24 * HOUR));
  // Answered in time: the resolution clock is the one that runs.
  const accepted = fields({ status: 'accepted', first_responded_at: at(2 * HOUR) });
  const a = complaintSla(accepted, at(30 * HOUR), timers);
  assert.equal(a.state, 'ok');
  assert.equal(a.firstResponse.state, 'ok');
  assert.equal(a.firstResponse.remainingMs, null, 'stopped');
  assert.deepEqual(a.nextDueAt, at(72 * HOUR));
  assert.equal(complaintSla(accepted, at(60 * HOUR), timers).state, 'due_soon', '12 h left');
  assert.equal(complaintSla(accepted, at(72 * HOUR), timers).state, 'breached');
  // Answered late: breached for good, even once resolved.
  const late = fields({ status: 'resolved', first_responded_at: at(25 * HOUR), resolved_at: at(30 * HOUR) });
  assert.equal(complaintSla(late, at(100 * HOUR), timers).state, 'breached');
  assert.equal(complaintSla(late, at(100 * HOUR), timers).resolution.state, 'ok');
  // Resolved in time: nothing runs any more, whatever the time.
  const done = fields({ status: 'closed', first_responded_at: at(HOUR), resolved_at: at(10 * HOUR), closed_at: at(20 * HOUR) });
  const d = complaintSla(done, at(1000 * HOUR), timers);
  assert.equal(d.state, 'ok');
  assert.equal(d.nextDueAt, null);
  // A flag set by the sweep counts even when the times alone would not tell (withdrawn before any answer).
  assert.equal(complaintSla(fields({ status: 'withdrawn', closed_at: at(30 * HOUR), first_response_breached: true }), at(31 * HOUR), timers).state, 'breached');
  assert.equal(complaintSla(fields({ status: 'withdrawn', closed_at: at(3 * HOUR) }), at(300 * HOUR), timers).state, 'ok');
  // Rejected after the resolution deadline.
  assert.equal(complaintSla(fields({ status: 'rejected', first_responded_at: at(80 * HOUR), closed_at: at(80 * HOUR) }), at(81 * HOUR), timers).resolution.state, 'breached');
});

test('median of durations', () => {
  assert.equal(median([]), null);
  assert.equal(median([5]), 5);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});
