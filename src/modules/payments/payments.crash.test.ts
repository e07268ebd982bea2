import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresTestUrl } from '../../testing/databases.ts';
import type { BenchBuyer } from '../../testing/buyers.ts';
import { freePort, startChildServer } from '../../testing/child-server.ts';
import { makeCrashFixture, type CrashFixture } from '../../testing/crash-fixture.ts';
import { transactionsForCause, verifyLedger } from '../ledger/ledger.service.ts';
// The payments checks join verifyLedger here as they do in the server.
import './payments.checks.ts';

/**
 * E1, the payment fault point: the server is killed (SIGKILL) after a payment notification was
 * received and applied but before its transaction committed. After a restart, an active query
 * (the result page's 主动查单) finds the payment, and the order is paid exactly once.
 */
for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !postgresTestUrl() ? 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' : false;
  describe(`E1: the server killed while applying a payment notification [${kind}]`, { skip }, () => {
    let f: CrashFixture;
    let env: Record<string, string>;
    let buyer: BenchBuyer;
    let skuId: string;
    const withDb: CrashFixture['withDb'] = (fn) => f.withDb(fn);

    const call = (url: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}${pathname}`, {
        method,
        redirect: 'manual',
        headers: { cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    before(async () => {
      f = await makeCrashFixture(kind, { title: '支付崩溃测试', priceFen: 2_590, stock: 5 }, 'paycrash');
      const port = await freePort();
      // Jobs on: the sandbox gateway's notification is delivered by the server's own job worker.
      env = { ...f.env, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, JISHI_JOBS: 'on', IDEMPOTENCY_LOCK_SECONDS: '1' };
      ({ buyer, skuId } = f);
    });
    after(() => f?.close());

    test('killed at payments.notify.before-commit: nothing was applied; after a restart the active query pays the order once', async () => {
      const crashing = await startChildServer({ ...env, JISHI_FAULT_POINT: 'payments.notify.before-commit' });
      const placed = await call(crashing.url, 'POST', '/api/checkout', { source: { kind: 'buy_now', skuId, qty: 1 }, addressId: buyer.addressId }, { 'idempotency-key': `paycrash-checkout-${kind}` });
      assert.equal(placed.status, 201, await placed.clone().text());
      const { paymentOrderId } = (await placed.json()) as { paymentOrderId: string };
      const started = await call(crashing.url, 'POST', `/api/payments/${paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': `paycrash-pay-${kind}` });
      assert.equal(started.status, 201, await started.clone().text());
      const { attemptId, action } = (await started.json()) as { attemptId: string; action: { url: string } };
      // The shopper presses 支付成功 on the hosted page; the gateway's notification job then reaches the notify URL and the server dies.
      const page = await fetch(`${new URL(action.url).origin}${new URL(action.url).pathname}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      assert.equal(page.status, 303);
      const died = await Promise.race([crashing.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
      if (died === 'still running') await crashing.stop();
      assert.equal(died, 'SIGKILL', 'the server should have died at the fault point');

      const afterCrash = await withDb(async (db) => ({
        attempt: (await db.selectFrom('payment_attempt').select('status').where('id', '=', attemptId).executeTakeFirstOrThrow()).status,
        orders: (await db.selectFrom('shop_order').select('status').where('payment_order_id', '=', paymentOrderId).execute()).map((o) => o.status),
        ledger: (await transactionsForCause(db, 'payment_attempt', attemptId)).length,
        audited: (await db.selectFrom('payment_notification').select('id').where('out_trade_no', '=', attemptId).execute()).length,
      }));
      assert.deepEqual(afterCrash, { attempt: 'created', orders: ['pending_payment'], ledger: 0, audited: 0 }, 'nothing half-applied');

      const healthy = await startChildServer(env);
      const status = await call(healthy.url, 'GET', `/api/payments/attempts/${attemptId}?refresh=1`);
      assert.equal(((await status.json()) as { status: string }).status, 'succeeded');
      // Repeats of the query and the gateway's retried notification change nothing.
      for (let i = 0; i < 3; i++) await call(healthy.url, 'GET', `/api/payments/attempts/${attemptId}?refresh=1`);
      await healthy.stop();

      const final = await withDb(async (db) => ({
        orders: (await db.selectFrom('shop_order').select('status').where('payment_order_id', '=', paymentOrderId).execute()).map((o) => o.status),
        ledger: (await transactionsForCause(db, 'payment_attempt', attemptId)).length,
        refunds: (await db.selectFrom('refund').select('id').where('payment_attempt_id', '=', attemptId).execute()).length,
        verified: (await verifyLedger(db)).ok,
      }));
      assert.deepEqual(final, { orders: ['paid'], ledger: 1, refunds: 0, verified: true });
    });

    test('killed at payments.after-attempt (our payment recorded, the provider not yet asked): the retry with the same key pays once', async () => {
      const crashing = await startChildServer({ ...env, JISHI_FAULT_POINT: 'payments.after-attempt' });
      const placed = await call(crashing.url, 'POST', '/api/checkout', { source: { kind: 'buy_now', skuId, qty: 1 }, addressId: buyer.addressId }, { 'idempotency-key': `paycrash2-checkout-${kind}` });
      const { paymentOrderId } = (await placed.json()) as { paymentOrderId: string };
      const lost = await call(crashing.url, 'POST', `/api/payments/${paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': `paycrash2-pay-${kind}` }).then(
        () => 'answered',
        () => 'connection lost',
      );
      assert.equal(lost, 'connection lost');
      assert.equal(await crashing.exited, 'SIGKILL');

      const healthy = await startChildServer(env);
      await new Promise((r) => setTimeout(r, 1100));
      const retry = await call(healthy.url, 'POST', `/api/payments/${paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': `paycrash2-pay-${kind}` });
      assert.ok(retry.status === 200 || retry.status === 201, await retry.clone().text());
      const { attemptId, action } = (await retry.json()) as { attemptId: string; action: { url: string } };
      await fetch(`${new URL(action.url).origin}${new URL(action.url).pathname}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      const status = await call(healthy.url, 'GET', `/api/payments/attempts/${attemptId}?refresh=1`);
      assert.equal(((await status.json()) as { status: string }).status, 'succeeded');
      await healthy.stop();
      const final = await withDb(async (db) => ({
        attempts: (await db.selectFrom('payment_attempt').select('id').where('payment_order_id', '=', paymentOrderId).execute()).length,
        orders: (await db.selectFrom('shop_order').select('status').where('payment_order_id', '=', paymentOrderId).execute()).map((o) => o.status),
        ledger: (await transactionsForCause(db, 'payment_attempt', attemptId)).length,
        verified: (await verifyLedger(db)).ok,
      }));
      assert.deepEqual(final, { attempts: 1, orders: ['paid'], ledger: 1, verified: true });
    });
  });
}
