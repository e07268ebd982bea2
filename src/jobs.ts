import { DAY, HOUR } from './shared/clock.ts';
import { purgeExpiredKeys } from './shared/idempotency.ts';
import type { JobRegistry } from './shared/jobs.ts';
import { purgeExpiredSessions } from './modules/identity/sessions.ts';
import { purgeExpiredThrottles } from './modules/identity/throttle.ts';

/** Every job kind the process can run, by the module that owns it. */
export function registerJobs(registry: JobRegistry): void {
  registry.defineRecurring('shared.purge-idempotency-keys', HOUR, async (trx, _p, { clock }) => {
    await purgeExpiredKeys(trx, clock.now());
  });
  registry.defineRecurring('identity.purge-sessions', DAY, async (trx, _p, { clock }) => {
    await purgeExpiredSessions(trx, clock.now());
  });
  registry.defineRecurring('identity.purge-throttles', HOUR, async (trx, _p, { clock }) => {
    await purgeExpiredThrottles(trx, clock.now(), DAY);
  });
}
