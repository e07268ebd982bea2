import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { checkout, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';
import { DAY, MINUTE } from '../../shared/clock.ts';
import { JobWorker } from '../../shared/jobs.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance, transactionsForCause, verifyLedger } from '../ledger/ledger.service.ts';
import { transitionOrder } from '../orders/orders.service.ts';
import type { PaymentAction } from './provider.ts';
import { setSandboxFaults } from './sandbox/sandbox.gateway.ts';
import { HEADER, signedHeaders } from './sandbox/sandbox.protocol.ts';
import { payOnPage, runSandboxJobs, testSandboxProvider } from './sandbox/sandbox.test-helpers.ts';
import { reconcileDay, chinaDate } from './reconciliation.service.ts';
import { paymentDeps } from './payments.routes.ts';
import { settleDue } from './settlement.service.ts';
import { applyPaymentResult } from './payments.service.ts';

/**
 * Payments through the built-in sandbox gateway, end to end: the hosted page, signed asynchronous
 * notifications (duplicated, forged, late, out of order, never sent), active queries, refunds,
 * profit sharing and the daily bill. B2, B3, B4, B5, G3 of the reliability bar.
 */
describeEachDatabase('payments through the sandbox gateway (notifications, queries, refunds, 分账, 对账)', (database) => {
  let t: TestApp;
  let market: Market;
  let key = 0;
  const nextKey = () => `notify-test-${++key}`;
  const sandbox = () => t.ctx.payments.get('sandbox');

  async function sound() {
    const result = await verifyLedger(t.ctx.db);
    assert.ok(result.ok, JSON.stringify(result.problems));
  }
  const statuses = async (paymentOrderId: string) =>
    (await t.ctx.db.selectFrom('shop_order').select('status').where('payment_order_id', '=', paymentOrderId).orderBy('id').execute()).map((o) => o.status);
  const attemptOf = (id: string) => t.ctx.db.selectFrom('payment_attempt').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function startSandbox(buyer: Buyer, paymentOrderId: string): Promise<{ attemptId: string; action: PaymentAction }> {
    const res = await buyer.client.post(`/api/payments/${paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': nextKey() });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as { attemptId: string; action: PaymentAction; status: string };
    assert.equal(body.status, 'created');
    assert.equal(body.action.type, 'redirect');
    return body;
  }

  /** A notification exactly as the gateway sends it, signed with `key` (default: the real one) at `at`. */
  function notify(body: string, options: { key?: string; at?: Date; headers?: Record<string, string> } = {}) {
    const headers = signedHeaders(options.key ?? process.env.SANDBOX_KEY ?? 'jishi-sandbox-key', body, options.at ?? t.clock.now());
    return t.app.inject({
      method: 'POST',
      url: '/api/payments/notify/sandbox',
      headers: { 'content-type': 'application/json', [HEADER.appId]: sandbox().appId, ...headers, ...options.headers },
      payload: body,
    });
  }
  const lastDelivered = async (attemptId: string) =>
    (await t.ctx.db.selectFrom('payment_notification').select('body').where('out_trade_no', '=', attemptId).where('verified', '=', true).orderBy('received_at', 'desc').executeTakeFirstOrThrow()).body;
  const captures = async (attemptId: string) => (await transactionsForCause(t.ctx.db, 'payment_attempt', attemptId)).length;

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t);
  });
  after(async () => {
    await t.app.close();
  });

  test('pay on the hosted page: the order is paid only when the signed notification arrives; 10 sequential and 10 concurrent repeats change nothing (B2)', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 2]);
    const { attemptId, action } = await startSandbox(buyer, placed.paymentOrderId);
    const page = await t.app.inject({ method: 'GET', url: new URL((action as { url: string }).url).pathname });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /支付成功/);
    const paid = await payOnPage(t, action);
    assert.equal(paid.statusCode, 303);
    assert.match(paid.headers.location as string, new RegExp(`/pay/${placed.paymentOrderId}/result`));
    // The browser came back; nothing is believed yet.
    assert.deepEqual(await statuses(placed.paymentOrderId), ['pending_payment', 'pending_payment']);
    await runSandboxJobs(t);
    assert.deepEqual(await statuses(placed.paymentOrderId), ['paid', 'paid']);
    const attempt = await attemptOf(attemptId);
    assert.equal(attempt.status, 'succeeded');
    assert.match(attempt.provider_trade_no ?? '', /^sbt_/);
    assert.equal(await captures(attemptId), 1);

    const body = await lastDelivered(attemptId);
    for (let i = 0; i < 10; i++) {
      const res = await notify(body);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().code, 'SUCCESS');
    }
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => notify(body)));
    assert.ok(concurrent.every((r) => r.statusCode === 200));
    assert.equal(await captures(attemptId), 1, 'one ledger transaction');
    const events = await t.ctx.db.selectFrom('order_event').select('id').where('order_id', 'in', placed.orderIds).where('action', '=', 'pay').execute();
    assert.equal(events.length, 2, 'one state change per order');
    const escrowA = await accountBalance(t.ctx.db, accountCode('shop_escrow', market.shops[0]!));
    assert.ok(escrowA >= market.prices[0]!);
    await sound();
  });

  test('forged notifications are rejected and recorded, with no state change (B3)', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    const { attemptId, action } = await startSandbox(buyer, placed.paymentOrderId);
    await setSandboxFaults(t.ctx.db, t.clock, { mchId: sandbox().merchantId, outTradeNo: attemptId }, { never: true });
    await payOnPage(t, action);
    await runSandboxJobs(t);
    const genuine = {
      id: 'sbn_forged', kind: 'payment', out_trade_no: attemptId, trade_no: 'sbt_forged', amount: placed.amountFen, status: 'SUCCESS',
      app_id: sandbox().appId, mch_id: sandbox().merchantId, paid_at: t.clock.now().toISOString(),
    };
    const rejectedBefore = Number((await sql<{ n: number }>`select count(*)::int as n from payment_notification where not verified`.execute(t.ctx.db)).rows[0]!.n);
    const forged = [
      // tampered amount: the signature was made over the genuine body
      await (async () => {
        const h = signedHeaders('jishi-sandbox-key', JSON.stringify(genuine), t.clock.now());
        return t.app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', headers: { 'content-type': 'application/json', ...h }, payload: JSON.stringify({ ...genuine, amount: 1 }) });
      })(),
      await notify(JSON.stringify(genuine), { key: 'not-the-key' }),
      await t.app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(genuine) }),
      await notify(JSON.stringify(genuine), { at: new Date(t.clock.now().getTime() - 6 * MINUTE) }),
      await notify(JSON.stringify({ ...genuine, app_id: 'someone-else' })),
      await notify(JSON.stringify({ ...genuine, mch_id: '1999999999' })),
    ];
    for (const res of forged) {
      assert.notEqual(res.statusCode, 200, res.body);
      assert.equal(res.json().code, 'FAIL');
    }
    // Authentic but for another amount than the order's: verified, refused, recorded.
    const wrongAmount = await notify(JSON.stringify({ ...genuine, amount: placed.amountFen - 1 }));
    assert.notEqual(wrongAmount.statusCode, 200);
    assert.equal((await attemptOf(attemptId)).status, 'created', 'no state change');
    assert.deepEqual(await statuses(placed.paymentOrderId), ['pending_payment']);
    assert.equal(await captures(attemptId), 0);
    const rejected = await t.ctx.db.selectFrom('payment_notification').select(['reject_reason', 'outcome']).where('received_at', '>=', new Date(t.clock.now().getTime() - 1)).execute();
    const rejectedAfter = Number((await sql<{ n: number }>`select count(*)::int as n from payment_notification where not verified`.execute(t.ctx.db)).rows[0]!.n);
    assert.equal(rejectedAfter - rejectedBefore, 6, 'each forgery audited');
    assert.ok(rejected.some((r) => r.reject_reason === 'bad_signature'));
    assert.ok(rejected.some((r) => r.reject_reason === 'missing_signature'));
    assert.ok(rejected.some((r) => r.reject_reason === 'stale_timestamp'));
    assert.ok(rejected.some((r) => r.reject_reason === 'foreign_app'));
    assert.ok(rejected.some((r) => r.outcome === 'amount_mismatch'));
    // The genuine one is still welcome.
    assert.equal((await notify(JSON.stringify(genuine))).statusCode, 200);
    assert.deepEqual(await statuses(placed.paymentOrderId), ['paid']);
    await sound();
  });

  test('the gateway never calls back: the minute sweep queries actively and the order is paid (B5)', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [0, 1]);
    const { attemptId, action } = await startSandbox(buyer, placed.paymentOrderId);
    await payOnPage(t, action, 'never');
    await runSandboxJobs(t);
    assert.deepEqual(await statuses(placed.paymentOrderId), ['pending_payment']);
    const worker = new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock });
    await worker.scheduleRecurring();
    t.clock.advance(2 * MINUTE);
    await runSandboxJobs(t);
    assert.deepEqual(await statuses(placed.paymentOrderId), ['paid']);
    assert.equal((await attemptOf(attemptId)).status, 'succeeded');
    await sound();
  });

  test('a payment that lands after the auto-cancel is captured and refunded in full; the late notification changes nothing (B4, E3)', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    const { attemptId, action } = await startSandbox(buyer, placed.paymentOrderId);
    await setSandboxFaults(t.ctx.db, t.clock, { mchId: sandbox().merchantId, outTradeNo: attemptId }, { delayMs: 45 * MINUTE });
    await payOnPage(t, action);
    t.clock.advance(31 * MINUTE);
    await runSandboxJobs(t); // the cancel job, then closing the attempt: the gateway says it was paid
    assert.deepEqual(await statuses(placed.paymentOrderId), ['cancelled']);
    const attempt = await attemptOf(attemptId);
    assert.equal(attempt.status, 'succeeded');
    const refund = await t.ctx.db.selectFrom('refund').selectAll().where('payment_attempt_id', '=', attemptId).executeTakeFirstOrThrow();
    assert.equal(refund.cause, 'late_payment');
    assert.equal(Number(refund.amount_fen), placed.amountFen);
    t.clock.advance(15 * MINUTE);
    await runSandboxJobs(t); // the delayed payment notification, the refund's notification
    assert.deepEqual(await statuses(placed.paymentOrderId), ['cancelled'], 'no regression');
    assert.equal((await t.ctx.db.selectFrom('refund').select('status').where('id', '=', refund.id).executeTakeFirstOrThrow()).status, 'succeeded');
    assert.equal((await t.ctx.db.selectFrom('refund').select('id').where('payment_attempt_id', '=', attemptId).execute()).length, 1, 'refunded once');
    assert.equal(await accountBalance(t.ctx.db, accountCode('refunds_payable')), 0, 'no unmatched funds');
    await sound();
  });

  test('a payment landing exactly at the cancel deadline, racing the cancel job: the order ends paid, or cancelled with the payment refunded (E3)', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const buyer = await makeBuyer(t);
      const placed = await checkout(t, market, buyer, [1, 0]);
      const { attemptId, action } = await startSandbox(buyer, placed.paymentOrderId);
      await setSandboxFaults(t.ctx.db, t.clock, { mchId: sandbox().merchantId, outTradeNo: attemptId }, { never: true });
      await payOnPage(t, action);
      t.clock.set(placed.expiresAt);
      const body = JSON.stringify({ id: `sbn_edge${round}`, kind: 'payment', out_trade_no: attemptId, trade_no: `sbt_edge${round}`, amount: placed.amountFen, status: 'SUCCESS', app_id: sandbox().appId, mch_id: sandbox().merchantId, paid_at: t.clock.now().toISOString() });
      const cancelJob = () => t.ctx.db.transaction().execute((trx) => t.ctx.jobs.get('orders.cancel-unpaid')!.handler!(trx, { paymentOrderId: placed.paymentOrderId }, { clock: t.clock, jobId: 'edge', attempt: 1 }));
      await Promise.all(round % 2 === 0 ? [notify(body), cancelJob()] : [cancelJob(), notify(body)]);
      await runSandboxJobs(t);
      const [status] = await statuses(placed.paymentOrderId);
      const refunds = await t.ctx.db.selectFrom('refund').select(['status', 'cause']).where('payment_attempt_id', '=', attemptId).execute();
      if (status === 'paid') assert.deepEqual(refunds, []);
      else assert.deepEqual({ status, refunds }, { status: 'cancelled', refunds: [{ status: 'succeeded', cause: 'late_payment' }] });
      assert.equal(await captures(attemptId), 1);
      outcomes.add(status!);
    }
    assert.ok(outcomes.size >= 1);
    await sound();
  });

  test('refund notification before the payment notification (reorder): both apply, status only moves forward (B4)', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    const { attemptId, action } = await startSandbox(buyer, placed.paymentOrderId);
    await payOnPage(t, action, 'reorder');
    // The result page asks the gateway (主动查单) while the payment notification is held back.
    const seen = await buyer.client.get(`/api/payments/attempts/${attemptId}?refresh=1`);
    assert.equal(seen.json().status, 'succeeded');
    assert.equal((await buyer.client.post(`/api/me/orders/${placed.orderIds[0]}/cancel`, { reason: '拍错了' })).statusCode, 200);
    await runSandboxJobs(t); // refund sent; the refund notification goes out before the held payment notification
    t.clock.advance(11 * MINUTE);
    await runSandboxJobs(t);
    const refund = await t.ctx.db.selectFrom('refund').selectAll().where('payment_attempt_id', '=', attemptId).executeTakeFirstOrThrow();
    assert.equal(refund.status, 'succeeded');
    assert.equal(refund.cause, 'buyer_cancel');
    assert.deepEqual(await statuses(placed.paymentOrderId), ['cancelled']);
    const kinds = (await t.ctx.db.selectFrom('payment_notification').select('kind').where('out_trade_no', '=', attemptId).where('verified', '=', true).orderBy('received_at').execute()).map((n) => n.kind);
    assert.ok(kinds.includes('refund') && kinds.includes('payment'), kinds.join(','));
    await sound();
  });

  test('marketplace mode: T+N after completion, profit sharing pays the commission to the platform and the rest to the merchant at the provider', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [2, 0]);
    const { action } = await startSandbox(buyer, placed.paymentOrderId);
    await payOnPage(t, action);
    await runSandboxJobs(t);
    const orderId = placed.orderIds[0]!;
    const held = await accountBalance(t.ctx.db, accountCode('provider_held', 'sandbox'));
    const system = { id: null, role: 'system' as const };
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, orderId, 'ship', system));
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, orderId, 'confirm_receipt', system));
    t.clock.advance(t.ctx.config.orders.afterSalesWindowMs + 1);
    await runSandboxJobs(t);
    t.clock.advance(7 * DAY);
    const { sharing } = await t.ctx.db.transaction().execute((trx) => settleDue(trx, t.clock));
    assert.equal(sharing, 1);
    await runSandboxJobs(t);
    const funds = await t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(funds.status, 'settled');
    assert.equal(Number(funds.commission_fen), Math.round((2 * market.prices[0]! * 400) / 10_000), 'the category’s own 4%');
    assert.equal(await accountBalance(t.ctx.db, accountCode('provider_held', 'sandbox')), held - placed.amountFen, 'released at the provider');
    assert.ok((await accountBalance(t.ctx.db, accountCode('platform_cash', 'sandbox'))) >= Number(funds.commission_fen));
    await sound();
  });

  test('daily reconciliation: the gateway’s bill matches the ledger; a payment the ledger never saw is a difference (G3)', async () => {
    // A fresh day, at noon China time, so nothing crosses midnight: one payment and one refund on it.
    const now = t.clock.now().getTime();
    const nextNoon = Date.parse(`${chinaDate(new Date(now + DAY))}T12:00:00+08:00`);
    t.clock.advance(nextNoon - now);
    const date = chinaDate(t.clock.now());
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 1]);
    const { action } = await startSandbox(buyer, placed.paymentOrderId);
    await payOnPage(t, action);
    await runSandboxJobs(t);
    await buyer.client.post(`/api/me/orders/${placed.orderIds[1]}/cancel`, { reason: '不要了' });
    await runSandboxJobs(t);
    const clean = await reconcileDay(paymentDeps(t.ctx), 'sandbox', date);
    assert.deepEqual(clean.differences, []);
    assert.equal(clean.status, 'matched');
    assert.equal(clean.billRows, 2, 'one payment, one refund');
    assert.equal(clean.ledgerRows, 2);
    // Someone paid a trade at the gateway that the mall has no record of.
    const stray = testSandboxProvider(t);
    const strayAction = await stray.create({ outTradeNo: 'pat_strayforreconcile', amountFen: 4_200, subject: '?', channel: 'page', notifyUrl: 'http://jishi.test/nowhere', returnUrl: 'http://jishi.test/', expiresAt: new Date(t.clock.now().getTime() + MINUTE) });
    await payOnPage(t, strayAction, 'never');
    const report = await reconcileDay(paymentDeps(t.ctx), 'sandbox', date);
    assert.equal(report.status, 'differences');
    assert.deepEqual(report.differences, [{ kind: 'missing_in_ledger', type: 'payment', ref: 'pat_strayforreconcile', billFen: 4_200, ledgerFen: null }]);
  });
});

describeEachDatabase('payments: the provider’s notification racing the shopper’s active query (A4)', (database) => {
  let t: TestApp;
  let market: Market;
  let buyer: Buyer;
  const ROUNDS = Number(process.env.PAY_RACE_ROUNDS ?? 500);

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t, [990]);
    buyer = await makeBuyer(t);
  });
  after(async () => {
    await t.app.close();
  });

  test(`${ROUNDS} interleavings of "notify" and "confirm paid" for the same payment: one capture each, never two`, async () => {
    const sandbox = t.ctx.payments.get('sandbox');
    for (let round = 0; round < ROUNDS; round++) {
      const placed = await checkout(t, market, buyer, [1]);
      const started = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': `race-${round}` });
      const { attemptId, action } = started.json() as { attemptId: string; action: PaymentAction };
      await setSandboxFaults(t.ctx.db, t.clock, { mchId: sandbox.merchantId, outTradeNo: attemptId }, { never: true });
      await payOnPage(t, action);
      const body = JSON.stringify({ id: `sbn_race${round}`, kind: 'payment', out_trade_no: attemptId, trade_no: `sbt_race${round}`, amount: placed.amountFen, status: 'SUCCESS', app_id: sandbox.appId, mch_id: sandbox.merchantId, paid_at: t.clock.now().toISOString() });
      const notifyOnce = () =>
        t.app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', headers: { 'content-type': 'application/json', ...signedHeaders('jishi-sandbox-key', body, t.clock.now()) }, payload: body });
      const confirm = () => buyer.client.get(`/api/payments/attempts/${attemptId}?refresh=1`);
      // The order of the racers changes with the round.
      const racers = round % 3 === 0 ? [notifyOnce(), confirm()] : round % 3 === 1 ? [confirm(), notifyOnce()] : [notifyOnce(), confirm(), notifyOnce(), confirm()];
      const results = await Promise.all(racers);
      assert.ok(results.every((r) => r.statusCode === 200), results.map((r) => r.body).join(' | '));
      const captured = await transactionsForCause(t.ctx.db, 'payment_attempt', attemptId);
      assert.equal(captured.length, 1, `round ${round}: exactly one capture`);
      // A late TRADE_CLOSED for a payment already successful changes nothing.
      const closed = await t.ctx.db.transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, attemptId, { status: 'closed' }));
      assert.equal(closed, 'ignored');
    }
    const problems = await verifyLedger(t.ctx.db);
    assert.ok(problems.ok, JSON.stringify(problems.problems));
    const paid = await t.ctx.db.selectFrom('payment_attempt').select('id').where('status', '=', 'succeeded').where('purpose', '=', 'order').execute();
    assert.equal(paid.length, ROUNDS);
  });
});

describeEachDatabase('payments: one notification many times, before, during and after the synchronous return (B2)', (database) => {
  let t: TestApp;
  let market: Market;

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t);
  });
  after(async () => {
    await t.app.close();
  });

  test('10× in sequence and 10× at once, before / during / after the result page’s active query: 1 state transition, 1 ledger transaction, 1 buyer message; both paths name the same orders', async () => {
    const sandbox = t.ctx.payments.get('sandbox');
    for (const [round, when] of (['before', 'during', 'after'] as const).entries()) {
      const buyer = await makeBuyer(t);
      const placed = await checkout(t, market, buyer, [1, 1]);
      const started = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': `b2-${round}-${placed.paymentOrderId}` });
      assert.equal(started.statusCode, 201, started.body);
      const { attemptId, action } = started.json() as { attemptId: string; action: PaymentAction };
      // The gateway sends nothing by itself: every notification below is ours, the one signed body.
      await setSandboxFaults(t.ctx.db, t.clock, { mchId: sandbox.merchantId, outTradeNo: attemptId }, { never: true });
      assert.equal((await payOnPage(t, action)).statusCode, 303, 'paid at the gateway; the browser is sent back');
      const body = JSON.stringify({ id: `sbn_b2${round}`, kind: 'payment', out_trade_no: attemptId, trade_no: `sbt_b2${round}`, amount: placed.amountFen, status: 'SUCCESS', app_id: sandbox.appId, mch_id: sandbox.merchantId, paid_at: t.clock.now().toISOString() });
      const notifyOnce = () =>
        t.app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', headers: { 'content-type': 'application/json', [HEADER.appId]: sandbox.appId, ...signedHeaders('jishi-sandbox-key', body, t.clock.now()) }, payload: body });
      // The synchronous return: the result page asks the gateway (主动查单) and shows what the server has.
      const syncReturn = () => buyer.client.get(`/api/payments/attempts/${attemptId}?refresh=1`);
      const sequential = async () => {
        const out = [];
        for (let i = 0; i < 10; i++) out.push(await notifyOnce());
        return out;
      };
      const concurrent = () => Promise.all(Array.from({ length: 10 }, notifyOnce));

      let acks: Awaited<ReturnType<typeof notifyOnce>>[];
      let sync: Awaited<ReturnType<typeof syncReturn>>;
      if (when === 'before') {
        acks = [...(await sequential()), ...(await concurrent())];
        sync = await syncReturn();
      } else if (when === 'during') {
        const [s, seq, conc] = await Promise.all([syncReturn(), sequential(), concurrent()]);
        sync = s;
        acks = [...seq, ...conc];
      } else {
        sync = await syncReturn();
        acks = [...(await sequential()), ...(await concurrent())];
      }

      assert.equal(acks.length, 20);
      for (const ack of acks) {
        assert.equal(ack.statusCode, 200, `${when}: ${ack.body}`);
        assert.equal(ack.json().code, 'SUCCESS');
      }
      assert.equal(sync.statusCode, 200, sync.body);
      const seen = sync.json() as { status: string; paymentOrderId: string };
      assert.equal(seen.status, 'succeeded', `${when}: the result page sees it paid`);

      // One state transition: the attempt succeeded once, each order moved to paid once.
      const attempt = await t.ctx.db.selectFrom('payment_attempt').selectAll().where('id', '=', attemptId).executeTakeFirstOrThrow();
      assert.equal(attempt.status, 'succeeded');
      const payEvents = await t.ctx.db.selectFrom('order_event').select(['order_id']).where('order_id', 'in', placed.orderIds).where('action', '=', 'pay').execute();
      assert.deepEqual(payEvents.map((e) => e.order_id).sort(), [...placed.orderIds].sort(), `${when}: one pay event per order`);
      const audited = await t.ctx.db.selectFrom('payment_notification').select('outcome').where('out_trade_no', '=', attemptId).where('verified', '=', true).execute();
      assert.equal(audited.length, 20, 'every delivery audited');
      assert.ok(audited.filter((a) => a.outcome === 'paid').length <= 1, 'at most one delivery made the change');
      assert.ok(audited.every((a) => a.outcome === 'paid' || a.outcome === 'already'), audited.map((a) => a.outcome).join(','));
      if (when === 'after') assert.equal(audited.filter((a) => a.outcome === 'paid').length, 0, 'the active query made it; the notifications found it done');
      if (when === 'before') assert.equal(audited.filter((a) => a.outcome === 'paid').length, 1, 'the first notification made it');
      // One ledger transaction.
      assert.equal((await transactionsForCause(t.ctx.db, 'payment_attempt', attemptId)).length, 1, `${when}: one capture`);
      // One buyer message, whichever path won.
      const messages = await t.ctx.db.selectFrom('notification').selectAll().where('user_id', '=', buyer.userId).execute();
      assert.equal(messages.length, 1, `${when}: one message`);
      assert.equal(messages[0]!.kind, 'order_paid');

      // Both paths name the same orders: the notification's out_trade_no and the result page's answer lead
      // to one payment order, whose orders are the ones in the message and the ones now paid.
      assert.equal(seen.paymentOrderId, placed.paymentOrderId);
      assert.equal(attempt.payment_order_id, seen.paymentOrderId);
      const cashier = (await buyer.client.get(`/api/payments/${seen.paymentOrderId}`)).json() as { status: string; orders: { id: string; status: string }[] };
      assert.equal(cashier.status, 'paid');
      const messageParams = messages[0]!.params as { paymentOrderId: string; orders: { id: string }[] };
      assert.equal(messageParams.paymentOrderId, seen.paymentOrderId);
      assert.deepEqual(messageParams.orders.map((o) => o.id).sort(), cashier.orders.map((o) => o.id).sort());
      assert.deepEqual(cashier.orders.map((o) => o.id).sort(), [...placed.orderIds].sort());
      assert.ok(cashier.orders.every((o) => o.status === 'paid'));
    }
    const problems = await verifyLedger(t.ctx.db);
    assert.ok(problems.ok, JSON.stringify(problems.problems));
  });
});
