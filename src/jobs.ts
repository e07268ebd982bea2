import { DAY, HOUR } from './shared/clock.ts';
import { purgeExpiredKeys } from './shared/idempotency.ts';
import type { JobRegistry } from './shared/jobs.ts';
import { purgeExpiredSessions } from './modules/identity/sessions.ts';
import { purgeExpiredThrottles } from './modules/identity/throttle.ts';
import { autoConfirmReceipt, cancelIfUnpaid, completeIfDue } from './modules/orders/orders.service.ts';
import type { OrderTimers } from './modules/orders/orders.rules.ts';
import { registerSandboxJobs } from './modules/payments/sandbox/sandbox.notify.ts';
import { registerPaymentJobs } from './modules/payments/payments.jobs.ts';
import { closeOpenAttempts } from './modules/payments/payments.service.ts';
import type { PaymentGateways } from './modules/payments/payment-gateways.ts';
import { registerAfterSalesJobs } from './modules/after-sales/after-sales.jobs.ts';
import { registerShipmentJobs } from './modules/shipments/shipments.jobs.ts';
import { registerComplaintJobs } from './modules/service/service.jobs.ts';
import { registerAuditJobs } from './modules/audit/audit.jobs.ts';
// The payments module's ledger invariants join every `verifyLedger` run.
import './modules/payments/payments.checks.ts';

/**
 * Every job kind the process can run, by the module that owns it. `orderTimers` are the environment's
 * defaults; the timers in force are read from 系统设置 whenever a job sets a new deadline.
 */
export function registerJobs(registry: JobRegistry, orderTimers: OrderTimers, gateways: PaymentGateways): void {
  registry.define<{ paymentOrderId: string }>('orders.cancel-unpaid', async (trx, { paymentOrderId }, { clock }) => {
    if (await cancelIfUnpaid(trx, clock, orderTimers, paymentOrderId)) await closeOpenAttempts(trx, clock, paymentOrderId);
  });
  registry.define<{ orderId: string }>('orders.auto-confirm', async (trx, { orderId }, { clock }) => {
    await autoConfirmReceipt(trx, clock, orderTimers, orderId);
  });
  registry.define<{ orderId: string }>('orders.complete', async (trx, { orderId }, { clock }) => {
    await completeIfDue(trx, clock, orderTimers, orderId);
  });
  registry.defineRecurring('shared.purge-idempotency-keys', HOUR, async (trx, _p, { clock }) => {
    await purgeExpiredKeys(trx, clock.now());
  });
  registry.defineRecurring('identity.purge-sessions', DAY, async (trx, _p, { clock }) => {
    await purgeExpiredSessions(trx, clock.now());
  });
  registry.defineRecurring('identity.purge-throttles', HOUR, async (trx, _p, { clock }) => {
    await purgeExpiredThrottles(trx, clock.now(), DAY);
  });
  registerSandboxJobs(registry);
  registerPaymentJobs(registry, orderTimers, gateways);
  registerAfterSalesJobs(registry, orderTimers);
  registerShipmentJobs(registry, { publicUrl: gateways.publicUrl });
  registerComplaintJobs(registry);
  registerAuditJobs(registry);
}
