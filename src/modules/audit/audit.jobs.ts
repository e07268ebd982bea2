import { DAY, HOUR } from '../../shared/clock.ts';
import type { JobRegistry } from '../../shared/jobs.ts';
import { checkAuditChain } from './audit-chain.ts';

/**
 * The audit log's hash chain, checked and recorded for the 操作日志 banner: every hour the rows appended
 * since the last good check, every day the whole log (a changed row behind the last check's head too).
 */
export function registerAuditJobs(registry: JobRegistry): void {
  registry.defineRecurring('audit.check-chain', HOUR, async (trx, _p, { clock }) => {
    await checkAuditChain(trx, clock, 'incremental');
  });
  registry.defineRecurring('audit.check-chain-full', DAY, async (trx, _p, { clock }) => {
    await checkAuditChain(trx, clock, 'full');
  });
}
