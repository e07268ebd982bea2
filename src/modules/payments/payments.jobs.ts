import type { Trx } from '../../db/database.ts';
import { HOUR, MINUTE, type Clock } from '../../shared/clock.ts';
import { enqueueJob, type JobRegistry } from '../../shared/jobs.ts';
import { ORDER_CHANGED_JOB } from '../orders/orders.service.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';
import type { PaymentGateways } from './payment-gateways.ts';
import { closeAttempt, JOBS, queryAttempt, queryRefund, refundShopOrder, sendRefund, sweepOpenPayments } from './payments.service.ts';
import { reconcileDay, previousChinaDate } from './reconciliation.service.ts';
import { onOrderCompleted, onOrderReceived, SETTLEMENT_JOBS, settleDue, shareProfit } from './settlement.service.ts';

/** Provider calls retry like the providers' own notices: soon, then further apart. */
const PROVIDER_RETRIES = [15_000, 30_000, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR];

export const RECONCILE_JOB = 'payments.reconcile';

export function registerPaymentJobs(registry: JobRegistry, timers: OrderTimers, gateways: PaymentGateways): void {
  registry.define<{ orderId: string; action: string }>(ORDER_CHANGED_JOB, async (trx, { orderId, action }, { clock }) => {
    if (action === 'cancel') {
      const funds = await trx.selectFrom('order_funds').select(['captured_fen', 'refunded_fen']).where('shop_order_id', '=', orderId).executeTakeFirst();
      if (funds && Number(funds.captured_fen) > Number(funds.refunded_fen)) {
        await refundShopOrder(trx, clock, { shopOrderId: orderId, reason: '订单取消，全额退款', cause: 'buyer_cancel' });
      }
    }
    if (action === 'confirm_receipt') await onOrderReceived(trx, clock, orderId);
    if (action === 'complete') await onOrderCompleted(trx, clock, orderId);
  });

  registry.defineExternal<{ attemptId: string }>(JOBS.query, async (db, { attemptId }, { clock }) => {
    await queryAttempt({ db, clock, timers, gateways }, attemptId);
  }, { retryDelaysMs: PROVIDER_RETRIES });
  registry.defineExternal<{ attemptId: string }>(JOBS.close, async (db, { attemptId }, { clock }) => {
    await closeAttempt({ db, clock, timers, gateways }, attemptId);
  }, { retryDelaysMs: PROVIDER_RETRIES });
  registry.defineExternal<{ refundId: string }>(JOBS.sendRefund, async (db, { refundId }, { clock }) => {
    await sendRefund({ db, clock, timers, gateways }, refundId);
  }, { retryDelaysMs: PROVIDER_RETRIES });
  registry.defineExternal<{ refundId: string }>(JOBS.queryRefund, async (db, { refundId }, { clock }) => {
    await queryRefund({ db, clock, timers, gateways }, refundId);
  }, { retryDelaysMs: PROVIDER_RETRIES });
  registry.defineExternal<{ shopOrderId: string }>(SETTLEMENT_JOBS.profitShare, async (db, { shopOrderId }, { clock }) => {
    await shareProfit({ db, clock, timers, gateways }, shopOrderId);
  }, { retryDelaysMs: PROVIDER_RETRIES });
  registry.defineExternal<{ provider: string; date: string }>(RECONCILE_JOB, async (db, { provider, date }, { clock }) => {
    await reconcileDay({ db, clock, timers, gateways }, provider, date);
  }, { retryDelaysMs: PROVIDER_RETRIES });

  registry.defineRecurring('payments.sweep', MINUTE, async (trx, _p, { clock }) => {
    await sweepOpenPayments(trx, clock);
  });
  registry.defineRecurring('payments.settle-due', HOUR, async (trx, _p, { clock }) => {
    await settleDue(trx, clock);
  });
  // Bills are ready the morning after: each provider's bill for yesterday (China time) is compared with the ledger.
  registry.defineRecurring('payments.daily-reconciliation', 6 * HOUR, async (trx, _p, { clock }) => {
    const date = previousChinaDate(clock.now());
    for (const provider of gateways.names) {
      await enqueueReconcile(trx, clock, provider, date);
    }
  });
}

async function enqueueReconcile(trx: Trx, clock: Clock, provider: string, date: string) {
  const done = await trx.selectFrom('reconciliation').select('id').where('provider', '=', provider).where('bill_date', '=', date).executeTakeFirst();
  if (!done) await enqueueJob(trx, clock, { kind: RECONCILE_JOB, payload: { provider, date }, dedupeKey: `${RECONCILE_JOB}:${provider}:${date}` });
}
