import { MINUTE } from '../../shared/clock.ts';
import type { JobRegistry } from '../../shared/jobs.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';
import { AFTER_SALES_DEADLINE_JOB, runAfterSalesDeadline, sweepAfterSalesDeadlines } from './after-sales.service.ts';

/**
 * `after-sales.deadline`: one timer per waiting status of a request (auto-approve, auto-close,
 * auto-confirm the return, escalate, auto-confirm the replacement); `after-sales.sweep-deadlines`
 * re-arms any that passed without acting.
 */
export function registerAfterSalesJobs(registry: JobRegistry, orderTimers: OrderTimers): void {
  registry.define<{ requestId: string; version: number }>(AFTER_SALES_DEADLINE_JOB, async (trx, { requestId, version }, { clock }) => {
    await runAfterSalesDeadline(trx, clock, { orderTimers }, requestId, version);
  });
  registry.defineRecurring('after-sales.sweep-deadlines', 10 * MINUTE, async (trx, _p, { clock }) => {
    await sweepAfterSalesDeadlines(trx, clock);
  });
}
