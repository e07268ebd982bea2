import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { HOUR, MINUTE } from '../../../shared/clock.ts';
import { sandboxConfigFromEnv } from './sandbox.protocol.ts';
import { setSandboxFaults } from './sandbox.gateway.ts';
import { enqueueJob } from '../../../shared/jobs.ts';
import { MAX_NOTIFY_ATTEMPTS, NOTIFY_JOB, NOTIFY_RETRY_DELAYS_MS, REORDER_HOLD_MS } from './sandbox.notify.ts';
import type { SandboxProvider } from './sandbox.provider.ts';
import { ACK, NACK, notifyProbe, payOnPage, paymentInput, runSandboxJobs, testSandboxProvider } from './sandbox.test-helpers.ts';

test('the retry schedule is WeChat Pay’s: 16 attempts over about 24 hours', () => {
  assert.equal(MAX_NOTIFY_ATTEMPTS, 16);
  const total = NOTIFY_RETRY_DELAYS_MS.reduce((s, d) => s + d, 0);
  assert.equal(total, 24 * HOUR + 4 * MINUTE);
});

describeEachDatabase('sandbox gateway: asynchronous notifications', (database) => {
  let t: TestApp;
  let provider: SandboxProvider;
  const probe = notifyProbe(() => t.clock);
  const { merchantId } = sandboxConfigFromEnv(process.env);

  before(async () => {
    t = await createTestApp(database(), { plugins: [probe.plugin] });
    provider = testSandboxProvider(t);
  });
  after(async () => {
    await t.app.close();
  });

  const notification = (outTradeNo: string) =>
    t.ctx.db
      .selectFrom('sandbox_notification')
      .innerJoin('sandbox_trade', 'sandbox_trade.id', 'sandbox_notification.trade_id')
      .selectAll('sandbox_notification')
      .where('sandbox_trade.out_trade_no', '=', outTradeNo)
      .orderBy('sandbox_notification.created_at')
      .execute();

  async function pay(channel: string, options: { faults?: Parameters<SandboxProvider['setFaults']>[1]; amountFen?: number; mode?: string } = {}) {
    const input = paymentInput(t, probe.url(channel), { amountFen: options.amountFen ?? 1000 });
    const action = await provider.create(input);
    if (options.faults) await provider.setFaults(input.outTradeNo, options.faults);
    assert.equal((await payOnPage(t, action, options.mode)).statusCode, 303);
    return input;
  }

  /** Moves the clock by `ms` and runs what became due. */
  async function after_(ms: number) {
    t.clock.advance(ms);
    await runSandboxJobs(t);
  }

  test('支付成功 → one signed notification that the provider verifies; acknowledged, it is never sent again', async () => {
    const input = await pay('once', { amountFen: 4321 });
    assert.equal(probe.of('once').length, 0, 'nothing is sent inside the request: it waits for the job');
    await runSandboxJobs(t);
    const [n, ...rest] = probe.of('once');
    assert.ok(n);
    assert.equal(rest.length, 0);
    assert.equal(n.headers['content-type'], 'application/json');
    assert.match(n.headers['x-sandbox-signature']!, /^[0-9a-f]{64}$/);
    assert.match(n.headers['x-sandbox-nonce']!, /^[0-9a-f]{32}$/);
    assert.equal(n.headers['x-sandbox-timestamp'], String(Math.floor(t.clock.now().getTime() / 1000)));
    const verified = await provider.verifyNotification({ headers: n.headers, rawBody: n.rawBody }, t.clock.now());
    assert.deepEqual({ ...verified, paidAt: undefined }, {
      kind: 'payment',
      outTradeNo: input.outTradeNo,
      providerTradeNo: n.body.trade_no,
      amountFen: 4321,
      status: 'paid',
      appId: provider.appId,
      merchantId,
      paidAt: undefined,
    });
    assert.ok(verified.kind === 'payment' && verified.paidAt instanceof Date);
    const [row] = await notification(input.outTradeNo);
    assert.equal(row!.status, 'acked');
    assert.equal(row!.deliveries, 1);
    await after_(25 * HOUR);
    assert.equal(probe.of('once').length, 1);
  });

  test('an unacknowledged notification is retried on the backoff schedule until acknowledged', async () => {
    // Only a 2xx whose body is {"code":"SUCCESS"} counts: a 200 "OK" and a 500 are both failures.
    probe.answer('retry', (_n, i) => (i < 4 ? (i % 2 ? { status: 200, body: 'OK' } : NACK) : ACK));
    const input = await pay('retry');
    const start = t.clock.now().getTime();
    await runSandboxJobs(t);
    for (const delay of NOTIFY_RETRY_DELAYS_MS.slice(0, 4)) {
      await after_(delay - 1000);
      await after_(1000);
    }
    const times = probe.of('retry').map((n) => (n.at.getTime() - start) / 1000);
    assert.deepEqual(times, [0, 15, 30, 60, 240], 'sent at 0 s, 15 s, 30 s, 60 s, 4 min — never early');
    const [row] = await notification(input.outTradeNo);
    assert.equal(row!.status, 'acked');
    assert.equal(row!.attempts, 5);
    await after_(24 * HOUR);
    assert.equal(probe.of('retry').length, 5, 'nothing after the acknowledgement');
    const bodies = new Set(probe.of('retry').map((n) => n.rawBody));
    assert.equal(bodies.size, 1, 'every attempt carries the same body');
    assert.equal(new Set(probe.of('retry').map((n) => n.headers['x-sandbox-nonce'])).size, 5, 'and a fresh nonce');
  });

  test('after 16 unacknowledged attempts over ~24 h the gateway gives up', async () => {
    probe.answer('give-up', () => NACK);
    const input = await pay('give-up');
    await runSandboxJobs(t);
    for (const delay of NOTIFY_RETRY_DELAYS_MS) await after_(delay);
    assert.equal(probe.of('give-up').length, MAX_NOTIFY_ATTEMPTS);
    await after_(HOUR);
    const [row] = await notification(input.outTradeNo);
    assert.equal(row!.status, 'failed');
    assert.equal(row!.attempts, MAX_NOTIFY_ATTEMPTS);
    assert.match(row!.last_error!, /^HTTP 500/);
    await after_(48 * HOUR);
    assert.equal(probe.of('give-up').length, MAX_NOTIFY_ATTEMPTS);
    assert.equal((await provider.query(input.outTradeNo)).status, 'paid', 'the merchant can still ask');
  });

  test('an unreachable notify URL is a failed attempt like any other', async () => {
    const input = paymentInput(t, 'http://mall.test/nowhere/at-all');
    const action = await provider.create(input);
    await payOnPage(t, action);
    await runSandboxJobs(t);
    const [row] = await notification(input.outTradeNo);
    assert.equal(row!.status, 'pending');
    assert.equal(row!.last_http_status, 404);
    assert.equal(row!.attempts, 1);
  });

  test('fault duplicate: every notification arrives n times, some at once, each verifiable', async () => {
    probe.answer('dup', async () => {
      await new Promise((r) => setTimeout(r, 20));
      return ACK;
    });
    const input = await pay('dup', { faults: { duplicate: 4 } });
    await runSandboxJobs(t);
    const got = probe.of('dup');
    assert.equal(got.length, 4);
    assert.ok(probe.maxConcurrent('dup') >= 2, 'copies overlap');
    assert.equal(new Set(got.map((n) => n.rawBody)).size, 1);
    assert.equal(new Set(got.map((n) => n.body.id)).size, 1, 'one notification id');
    for (const n of got) assert.equal((await provider.verifyNotification({ headers: n.headers, rawBody: n.rawBody }, t.clock.now())).kind, 'payment');
    await provider.refund({ outTradeNo: input.outTradeNo, outRefundNo: 'dup-r', refundFen: 10, totalFen: 1000, reason: '' });
    await runSandboxJobs(t);
    assert.equal(probe.of('dup').filter((n) => n.body.kind === 'refund').length, 4, 'refund notifications too');
    const rows = await notification(input.outTradeNo);
    assert.deepEqual(rows.map((r) => [r.status, r.deliveries]), [['acked', 4], ['acked', 4]]);
  });

  test('fault reorder: the payment notification is held until a refund notification has gone first', async () => {
    const input = await pay('reorder', { faults: { reorder: true } });
    await runSandboxJobs(t);
    await after_(MINUTE);
    assert.equal(probe.of('reorder').length, 0, 'held');
    assert.equal((await provider.query(input.outTradeNo)).status, 'paid');
    await provider.refund({ outTradeNo: input.outTradeNo, outRefundNo: 'reorder-r', refundFen: 1000, totalFen: 1000, reason: '' });
    await runSandboxJobs(t);
    assert.deepEqual(probe.of('reorder').map((n) => n.body.kind), ['refund', 'payment']);
    for (const n of probe.of('reorder')) await provider.verifyNotification({ headers: n.headers, rawBody: n.rawBody }, t.clock.now());
    await after_(REORDER_HOLD_MS);
    assert.equal(probe.of('reorder').length, 2, 'the hold timer finds it already sent');

    const lonely = await pay('reorder-alone', { faults: { reorder: true } });
    await after_(REORDER_HOLD_MS - 1000);
    assert.equal(probe.of('reorder-alone').length, 0);
    await after_(1000);
    assert.deepEqual(probe.of('reorder-alone').map((n) => n.body.out_trade_no), [lonely.outTradeNo], 'without a refund it goes when the hold ends');
  });

  test('fault never: no callback at all, but query works; fault delayMs postpones the first attempt', async () => {
    const silent = await pay('never', { faults: { never: true } });
    await runSandboxJobs(t);
    await after_(25 * HOUR);
    assert.equal(probe.of('never').length, 0);
    assert.equal((await provider.query(silent.outTradeNo)).status, 'paid');
    assert.deepEqual((await notification(silent.outTradeNo)).map((r) => r.status), ['suppressed']);

    await pay('delay', { faults: { delayMs: 5000 } });
    await after_(4999);
    assert.equal(probe.of('delay').length, 0);
    await after_(1);
    assert.equal(probe.of('delay').length, 1);
  });

  test('faults set by the exported function, for all trades (*), and from the pay page’s sandbox options', async () => {
    await setSandboxFaults(t.ctx.db, t.clock, { mchId: merchantId, outTradeNo: '*' }, { duplicate: 2 });
    await pay('star');
    await runSandboxJobs(t);
    assert.equal(probe.of('star').length, 2, 'the merchant-wide setting');
    const own = paymentInput(t, probe.url('star-own'));
    await setSandboxFaults(t.ctx.db, t.clock, { mchId: merchantId, outTradeNo: own.outTradeNo }, {}); // before the trade exists
    await payOnPage(t, await provider.create(own));
    await runSandboxJobs(t);
    assert.equal(probe.of('star-own').length, 1, 'a trade’s own setting wins');
    await setSandboxFaults(t.ctx.db, t.clock, { mchId: merchantId, outTradeNo: '*' }, {});

    await pay('page-never', { mode: 'never' });
    await pay('page-dup', { mode: 'duplicate' });
    await runSandboxJobs(t);
    assert.equal(probe.of('page-never').length, 0);
    assert.equal(probe.of('page-dup').length, 3);
    await assert.rejects(provider.setFaults('x', { duplicate: 11 }), /INVALID_REQUEST/);
  });

  test('delivery holds no transaction: the notify route may use the database while the gateway waits for it', async () => {
    const seen: string[] = [];
    let id = '';
    probe.answer('db-inside', async () => {
      // On PGlite (one connection) this would wait forever if the delivery held a transaction open.
      const row = await t.ctx.db.selectFrom('sandbox_notification').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      seen.push(row.status);
      return ACK;
    });
    const input = await pay('db-inside');
    id = (await notification(input.outTradeNo))[0]!.id;
    await runSandboxJobs(t);
    assert.deepEqual(seen, ['pending']);
    assert.equal((await notification(input.outTradeNo))[0]!.status, 'acked');
  });

  test('a second job for one notification never doubles its deliveries or its retries', async () => {
    probe.answer('two-jobs', (_n, i) => (i === 0 ? NACK : ACK));
    const input = await pay('two-jobs');
    const [row] = await notification(input.outTradeNo);
    await enqueueJob(t.ctx.db, t.clock, { kind: NOTIFY_JOB, payload: { notificationId: row!.id } });
    await runSandboxJobs(t);
    assert.equal(probe.of('two-jobs').length, 1, 'the stray job found the notification taken');
    await after_(15_000);
    assert.equal(probe.of('two-jobs').length, 2);
    await after_(HOUR);
    assert.equal(probe.of('two-jobs').length, 2);
    assert.equal((await notification(input.outTradeNo))[0]!.status, 'acked');
  });
});
