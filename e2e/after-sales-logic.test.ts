/**
 * The 售后 pages' pure helpers (no browser, no server): the progress stepper built from a request's
 * timeline, the countdown text, the deadline sentences (every waiting status has one, in both
 * languages, with a slot for the live countdown), the amount box, and that the page-side code lists
 * match the after-sales module's.
 *
 *   npm test -- --only e2e/after-sales-logic
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { translate, type MessageKey } from '../web/i18n/messages.ts';
import {
  AFS_GROUPS, AFS_KINDS, AFS_OPEN_STATUSES, AFS_REASONS, AFS_STATUSES, aroundTime, countdownText, deadlineKey, fenToYuanInput, happyPath, progressSteps, yuanInputToFen,
} from '../web/lib/after-sales-views.ts';
import { AFTER_SALES_KINDS, AFTER_SALES_REASON_CODES, AFTER_SALES_STATUSES, AFTER_SALES_TIMEOUTS, OPEN_STATUSES } from '../src/modules/after-sales/after-sales.rules.ts';
import { STATUS_GROUPS } from '../src/modules/after-sales/after-sales.queries.ts';

const zh = (key: MessageKey, params?: Record<string, string | number>) => translate('zh-CN', key, params);
const en = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params);

describe('after-sales pages: code lists', () => {
  test('the page-side kinds, statuses, reasons and groups are the module’s', () => {
    assert.deepEqual([...AFS_KINDS], [...AFTER_SALES_KINDS]);
    assert.deepEqual([...AFS_STATUSES], [...AFTER_SALES_STATUSES]);
    assert.deepEqual([...AFS_REASONS], [...AFTER_SALES_REASON_CODES]);
    assert.deepEqual([...AFS_OPEN_STATUSES], [...OPEN_STATUSES]);
    assert.deepEqual(Object.fromEntries(Object.entries(AFS_GROUPS).map(([k, v]) => [k, [...v]])), Object.fromEntries(Object.entries(STATUS_GROUPS).map(([k, v]) => [k, [...v]])));
  });

  test('every status, kind and reason has a label in both languages', () => {
    for (const s of AFS_STATUSES) for (const t of [zh, en]) assert.notEqual(t(`afs.status.${s}`), `afs.status.${s}`);
    for (const k of AFS_KINDS) assert.notEqual(en(`afs.kind.${k}`), `afs.kind.${k}`);
    for (const r of AFS_REASONS) assert.notEqual(en(`afs.reason.${r}`), `afs.reason.${r}`);
  });
});

describe('after-sales pages: deadlines', () => {
  test('every status with a timer has a sentence for the shopper and for staff, with the countdown slot', () => {
    for (const status of Object.keys(AFTER_SALES_TIMEOUTS) as (keyof typeof AFTER_SALES_TIMEOUTS)[]) {
      for (const kind of AFS_KINDS) {
        if (!(happyPath(kind) as string[]).includes(status) && status !== 'rejected') continue;
        for (const viewer of ['buyer', 'merchant'] as const) {
          const key = deadlineKey(status, kind, viewer);
          assert.ok(key, `${status} ${kind} ${viewer}`);
          for (const t of [zh, en]) {
            const [before, after] = aroundTime(t, key);
            assert.ok(!`${before}${after}`.includes('{time}'), key);
            assert.notEqual(`${before}${after}`, key, `${key} is translated`);
            assert.ok(t(key, { time: 'X' }).includes('X'), `${key} has a {time} slot`);
          }
        }
      }
    }
    assert.equal(deadlineKey('escalated', 'return_refund', 'buyer'), null, 'the platform has no timer');
    assert.equal(deadlineKey('refunded', 'return_refund', 'buyer'), null);
  });

  test('the merchant’s 48 h reads 47:59:12; seven days read in days', () => {
    const s = 1000;
    assert.equal(countdownText(47 * 3600 * s + 59 * 60 * s + 12 * s, zh), '47:59:12');
    assert.equal(countdownText(7 * 86_400 * s, zh), '7 天 0:00:00');
    assert.equal(countdownText(6 * 86_400 * s + 3600 * s + 5 * s, en), '6 d 1:00:05');
    assert.equal(countdownText(-5, zh), '0:00:00');
    const [before, after] = aroundTime(zh, 'afs.deadline.buyer.requested');
    assert.equal(`${before}47:59:12${after}`, '商家 47:59:12 内未处理，系统将自动同意');
  });
});

describe('after-sales pages: the progress stepper', () => {
  test('a return waiting for the parcel: done, current, then what is ahead', () => {
    const steps = progressSteps('return_refund', 'awaiting_return', [
      { to: 'requested', at: '2026/11/23 10:00' },
      { to: 'awaiting_return', at: '2026/11/23 11:00' },
    ]);
    assert.deepEqual(steps.map((s) => [s.status, s.state]), [['requested', 'done'], ['awaiting_return', 'current'], ['returned', 'todo'], ['refunded', 'todo']]);
  });

  test('rejected: the platform and its ruling are ahead; a ruling that closed it stops there', () => {
    const rejected = progressSteps('exchange', 'rejected', [{ to: 'requested', at: 'a' }, { to: 'rejected', at: 'b' }]);
    assert.deepEqual(rejected.map((s) => [s.status, s.state]), [['requested', 'done'], ['rejected', 'current'], ['escalated', 'todo'], ['decision', 'todo']]);
    const closed = progressSteps('return_refund', 'closed', [{ to: 'requested', at: 'a' }, { to: 'rejected', at: 'b' }, { to: 'escalated', at: 'c' }, { to: 'closed', at: 'd' }]);
    assert.deepEqual(closed.map((s) => s.state), ['done', 'done', 'done', 'stopped']);
    const refunded = progressSteps('refund_only', 'refunded', [{ to: 'requested', at: 'a' }, { to: 'refunded', at: 'b' }]);
    assert.deepEqual(refunded.map((s) => [s.status, s.state]), [['requested', 'done'], ['refunded', 'done']]);
  });
});

describe('after-sales pages: the amount box', () => {
  test('yuan text to fen exactly; anything else is null', () => {
    assert.equal(yuanInputToFen('199'), 19_900);
    assert.equal(yuanInputToFen('¥1,299.5'), 129_950);
    assert.equal(yuanInputToFen('0.01'), 1);
    for (const bad of ['', '-1', '1.234', 'abc', '1e3']) assert.equal(yuanInputToFen(bad), null, bad);
    assert.equal(fenToYuanInput(19_900), '199.00');
    assert.equal(fenToYuanInput(5), '0.05');
  });
});
