import { MINUTE } from '../../shared/clock.ts';
import type { JobRegistry } from '../../shared/jobs.ts';
import { DEFAULT_COMPLAINT_TIMERS, type ComplaintTimers } from './service.rules.ts';
import { sweepComplaints } from './service.service.ts';

export const COMPLAINT_SWEEP_JOB = 'service.complaints-sweep';

/** Every 5 minutes: mark missed SLA deadlines, close resolved complaints whose feedback window ran out. */
export function registerComplaintJobs(registry: JobRegistry, timers: ComplaintTimers = DEFAULT_COMPLAINT_TIMERS): void {
  registry.defineRecurring(COMPLAINT_SWEEP_JOB, 5 * MINUTE, async (trx, _payload, { clock }) => {
    await sweepComplaints(trx, clock, timers);
  });
}
