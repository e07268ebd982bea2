import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { registerSandboxApp } from './sandbox.gateway.ts';
import { chinaDayRange } from './sandbox.gateway.ts';
import { GATEWAY_API_PREFIX, HEADER, hmacHex, requestMessage, sandboxConfigFromEnv } from './sandbox.protocol.ts';
import { SandboxGatewayError, type SandboxProvider } from './sandbox.provider.ts';
import { failOnPage, MALL_BASE_URL, notifyProbe, payOnPage, payPagePath, paymentInput, runSandboxJobs, testId, testSandboxProvider } from './sandbox.test-helpers.ts';

test('a China day is [00:00, 24:00) at +08:00, and impossible dates are refused', () => {
  const { start, end } = chinaDayRange('2030-03-01');
  assert.equal(start.toISOString(), '2030-02-28T16:00:00.000Z');
  assert.equal(end.toISOString(), '2030-03-01T16:00:00.000Z');
  for (const bad of ['2030-02-30', '2030-3-1', 'yesterday']) assert.throws(() => chinaDayRange(bad), /bad date/);
});

describeEachDatabase('sandbox gateway: trades, pay page, refunds, profit sharing, bills', (database) => {
  let t: TestApp;
  let provider: SandboxProvider;
  const probe = notifyProbe(() => t.clock);

  before(async () => {
    t = await createTestApp(database(), { plugins: [probe.plugin] });
    provider = testSandboxProvider(t);
  });
  after(async () => {
    await t.app.close();
  });

  const trade = (outTradeNo: string) => t.ctx.db.selectFrom('sandbox_trade').selectAll().where('out_trade_no', '=', outTradeNo).executeTakeFirstOrThrow();
  const subOrder = async (outTradeNo: string, outSubTradeNo: string) => {
    const tr = await trade(outTradeNo);
    return t.ctx.db.selectFrom('sandbox_sub_order').selectAll().where('trade_id', '=', tr.id).where('out_sub_trade_no', '=', outSubTradeNo).executeTakeFirstOrThrow();
  };
  async function paidTrade(channel: string, amountFen = 1000) {
    const input = paymentInput(t, probe.url(channel), { amountFen });
    const action = await provider.create(input);
    assert.equal((await payOnPage(t, action)).statusCode, 303);
    return input;
  }

  test('create → the hosted pay page: merchant, subject, ¥ amount, time left, two buttons, no card fields', async () => {
    const input = paymentInput(t, probe.url('page'), { amountFen: 123456, subject: '蓝牙耳机 <script>alert(1)</script>' });
    const action = await provider.create(input);
    assert.equal(action.type, 'redirect');
    assert.ok(action.type === 'redirect' && action.url.startsWith(`${MALL_BASE_URL}/sandbox-pay/sbt_`));
    const page = await t.app.inject({ url: payPagePath(action) });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(String(page.headers['content-security-policy']), /form-action 'self' http:\/\/mall\.test/);
    assert.ok(page.body.includes('集市 Jishi'), 'merchant name');
    assert.ok(page.body.includes('¥1,234.56'), 'amount in yuan with 2 decimals');
    assert.ok(page.body.includes('蓝牙耳机 &lt;script&gt;alert(1)&lt;/script&gt;'), 'subject, escaped');
    assert.ok(!page.body.includes('<script>alert(1)'));
    assert.match(page.body, /剩余支付时间 <b id="left" data-left="1800">30:00<\/b>/);
    assert.match(page.body, /<form method="post" action="\/sandbox-pay\/sbt_\w+\/pay">/);
    assert.match(page.body, /<form method="post" action="\/sandbox-pay\/sbt_\w+\/fail">/);
    assert.ok(page.body.includes('支付成功') && page.body.includes('支付失败'));
    assert.ok(page.body.includes('name="viewport"'), 'mobile friendly');
    assert.ok(!/<input|卡号|银行卡号|card|cvv/i.test(page.body), 'no card fields, no inputs at all');
    assert.deepEqual(await provider.query(input.outTradeNo), { status: 'pending', amountFen: 123456, providerTradeNo: payPagePath(action).split('/').pop() });
  });

  test('native channel answers a QR code; create is idempotent by out_trade_no and refuses a changed repeat', async () => {
    const input = paymentInput(t, probe.url('native'), { channel: 'native' });
    const first = await provider.create(input);
    assert.equal(first.type, 'qr');
    assert.deepEqual(await provider.create(input), first, 'same trade, same page');
    await assert.rejects(provider.create({ ...input, amountFen: 999 }), (e: SandboxGatewayError) => e.code === 'OUT_TRADE_NO_USED');
    await assert.rejects(provider.create({ ...paymentInput(t, probe.url('native')), expiresAt: new Date(t.clock.now().getTime() - 1000) }), (e: SandboxGatewayError) => e.code === 'INVALID_REQUEST');
    await assert.rejects(
      provider.create({ ...paymentInput(t, probe.url('native')), splits: [{ subMerchantId: 's1', outSubTradeNo: 'o1', amountFen: 1, description: 'x' }] }),
      (e: SandboxGatewayError) => e.code === 'INVALID_REQUEST' && /add up/.test(e.message),
    );
  });

  test('支付成功 marks the trade paid, redirects to the return URL, and pressing it again changes nothing', async () => {
    const input = paymentInput(t, probe.url('success'));
    const action = await provider.create(input);
    const paid = await payOnPage(t, action);
    assert.equal(paid.statusCode, 303);
    assert.equal(paid.headers.location, input.returnUrl);
    const q = await provider.query(input.outTradeNo);
    assert.equal(q.status, 'paid');
    assert.equal(q.amountFen, 1000);
    assert.ok(q.paidAt instanceof Date);
    const again = await payOnPage(t, action);
    assert.equal(again.statusCode, 303);
    await runSandboxJobs(t);
    assert.equal(probe.of('success').length, 1, 'one payment, one notification');
    const page = await t.app.inject({ url: payPagePath(action) });
    assert.ok(page.body.includes('订单已支付'));
    await assert.rejects(provider.create(input), (e: SandboxGatewayError) => e.code === 'TRADE_PAID');
    await assert.rejects(provider.close(input.outTradeNo), (e: SandboxGatewayError) => e.code === 'TRADE_PAID');
  });

  test('支付失败 shows a failure page, sends nothing, and the trade can still be paid', async () => {
    const input = paymentInput(t, probe.url('fail'));
    const action = await provider.create(input);
    const failed = await failOnPage(t, action);
    assert.equal(failed.statusCode, 200);
    assert.ok(failed.body.includes('支付失败'));
    assert.ok(failed.body.includes(input.returnUrl));
    await runSandboxJobs(t);
    assert.equal(probe.of('fail').length, 0);
    assert.equal((await provider.query(input.outTradeNo)).status, 'pending');
    assert.equal((await payOnPage(t, action)).statusCode, 303);
  });

  test('unknown, closed and expired trades get a readable page, never a payment', async () => {
    for (const path of ['/sandbox-pay/sbt_01aaaaaaaaaaaaaaaaaaaaaaaa', '/sandbox-pay/not-a-trade']) {
      const get = await t.app.inject({ url: path });
      assert.equal(get.statusCode, 404);
      assert.ok(get.body.includes('交易不存在'));
      const post = await t.app.inject({ method: 'POST', url: `${path}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
      assert.equal(post.statusCode, 404);
      assert.match(String(post.headers['content-type']), /text\/html/);
    }

    const closedInput = paymentInput(t, probe.url('closed'));
    const closed = await provider.create(closedInput);
    await provider.close(closedInput.outTradeNo);
    await provider.close(closedInput.outTradeNo); // idempotent
    await provider.close(testId()); // never seen: nothing to close
    const post = await payOnPage(t, closed);
    assert.equal(post.statusCode, 409);
    assert.ok(post.body.includes('交易已关闭'));
    assert.equal((await provider.query(closedInput.outTradeNo)).status, 'closed');
    await assert.rejects(provider.create(closedInput), (e: SandboxGatewayError) => e.code === 'TRADE_CLOSED');

    const expiringInput = paymentInput(t, probe.url('closed'), { expiresAt: new Date(t.clock.now().getTime() + 60_000) });
    const expiring = await provider.create(expiringInput);
    t.clock.advance(60_000);
    const late = await payOnPage(t, expiring);
    assert.equal(late.statusCode, 409);
    assert.ok(late.body.includes('交易已超时'));
    assert.ok((await t.app.inject({ url: payPagePath(expiring) })).body.includes('交易已超时'));
    assert.equal((await provider.query(expiringInput.outTradeNo)).status, 'closed');
    await runSandboxJobs(t);
    assert.equal(probe.of('closed').length, 0);
  });

  test('paying and closing at the same time: exactly one wins', async () => {
    for (let i = 0; i < 5; i++) {
      const input = paymentInput(t, probe.url('race'));
      const action = await provider.create(input);
      const [pay, close] = await Promise.allSettled([payOnPage(t, action), provider.close(input.outTradeNo)]);
      const status = (await provider.query(input.outTradeNo)).status;
      assert.equal(pay.status, 'fulfilled');
      if (status === 'paid') {
        assert.equal(pay.value.statusCode, 303);
        assert.equal(close.status, 'rejected');
      } else {
        assert.equal(status, 'closed');
        assert.equal(pay.value.statusCode, 409);
        assert.equal(close.status, 'fulfilled');
      }
    }
  });

  test('the gateway refuses unsigned, mis-signed, stale, replayed-elsewhere and unknown-app requests', async () => {
    const body = JSON.stringify({ out_trade_no: 'x1' });
    const url = `${GATEWAY_API_PREFIX}/trade/query`;
    const { appId, key } = sandboxConfigFromEnv(process.env);
    const signed = (path: string, k = key, ts = String(Math.floor(t.clock.now().getTime() / 1000)), app = appId) => ({
      'content-type': 'application/json',
      [HEADER.appId]: app,
      [HEADER.timestamp]: ts,
      [HEADER.nonce]: 'n1',
      [HEADER.signature]: hmacHex(k, requestMessage('POST', path, ts, 'n1', body)),
    });
    const call = (headers: Record<string, string>, path = url) => t.app.inject({ method: 'POST', url: path, headers, payload: body });

    assert.equal((await call(signed(url))).json().code, 'TRADE_NOT_FOUND', 'a good signature passes');
    const none = await call({ 'content-type': 'application/json' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'SIGN_ERROR');
    assert.equal(none.headers[HEADER.signature], undefined, 'strangers get no signed answers');
    assert.equal((await call(signed(url, 'not-the-key'))).json().code, 'SIGN_ERROR');
    assert.equal((await call(signed(`${GATEWAY_API_PREFIX}/trade/close`), url)).json().code, 'SIGN_ERROR', 'signed for another endpoint');
    assert.equal((await call({ ...signed(url), [HEADER.nonce]: 'n2' })).json().code, 'SIGN_ERROR');
    const stale = String(Math.floor(t.clock.now().getTime() / 1000) - 301);
    assert.equal((await call(signed(url, key, stale))).json().code, 'TIMESTAMP_EXPIRED');
    assert.equal((await call(signed(url, key, undefined, 'who-knows'))).json().code, 'APP_NOT_FOUND');

    await assert.rejects(testSandboxProvider(t, { key: 'a-wrong-key-1234' }).query('x1'), (e: SandboxGatewayError) => e.code === 'SIGN_ERROR');
    const bad = await t.app.inject({ method: 'POST', url, headers: { ...signed(url), 'content-type': 'application/json' }, payload: '{"out_trade_no": ' });
    assert.equal(bad.statusCode, 400);
  });

  test('merchants are isolated: another app sees none of our trades', async () => {
    await registerSandboxApp(t.ctx.db, t.clock, { appId: 'other-app', mchId: '1900000099', key: 'other-app-key-123', merchantName: '别家商城' });
    const other = testSandboxProvider(t, { appId: 'other-app', merchantId: '1900000099', key: 'other-app-key-123' });
    const input = await paidTrade('isolation');
    assert.equal((await other.query(input.outTradeNo)).status, 'not_found');
    assert.equal((await other.refund({ outTradeNo: input.outTradeNo, outRefundNo: 'r1', refundFen: 1, totalFen: 1000, reason: '' })).status, 'failed');
    const theirs = await other.create({ ...paymentInput(t, probe.url('isolation')), outTradeNo: input.outTradeNo });
    assert.ok((await t.app.inject({ url: payPagePath(theirs) })).body.includes('别家商城'), 'same out_trade_no, other merchant: its own trade');
  });

  test('refunds: partial and full, idempotent by out_refund_no, never above what was paid', async () => {
    const input = await paidTrade('refunds', 1000);
    const base = { outTradeNo: input.outTradeNo, totalFen: 1000, reason: '不想要了' };
    const r1 = await provider.refund({ ...base, outRefundNo: 'rf-1', refundFen: 300 });
    assert.equal(r1.status, 'succeeded');
    assert.match(r1.providerRefundNo!, /^sbr_/);
    assert.deepEqual(await provider.refund({ ...base, outRefundNo: 'rf-1', refundFen: 300 }), r1, 'a repeat returns the first result');
    assert.deepEqual(await provider.queryRefund(input.outTradeNo, 'rf-1'), r1);
    const over = await provider.refund({ ...base, outRefundNo: 'rf-2', refundFen: 701 });
    assert.equal(over.status, 'failed');
    assert.match(over.failureReason!, /^REFUND_EXCEEDS_PAID/);
    assert.deepEqual(await provider.queryRefund(input.outTradeNo, 'rf-2'), { status: 'failed', failureReason: 'REFUND_NOT_FOUND' }, 'a refused refund leaves nothing');
    assert.equal((await provider.refund({ ...base, outRefundNo: 'rf-3', refundFen: 700 })).status, 'succeeded');
    assert.equal((await provider.refund({ ...base, outRefundNo: 'rf-4', refundFen: 1 })).status, 'failed');
    assert.equal((await trade(input.outTradeNo)).refunded_fen, 1000);
    assert.match((await provider.refund({ ...base, totalFen: 999, outRefundNo: 'rf-5', refundFen: 1 })).failureReason!, /^INVALID_REQUEST/);

    const unpaid = paymentInput(t, probe.url('refunds'));
    await provider.create(unpaid);
    assert.match((await provider.refund({ ...base, outTradeNo: unpaid.outTradeNo, outRefundNo: 'rf-1', refundFen: 1 })).failureReason!, /^TRADE_NOT_PAID/);
    assert.match((await provider.refund({ ...base, outTradeNo: testId(), outRefundNo: 'rf-1', refundFen: 1 })).failureReason!, /^TRADE_NOT_FOUND/);

    await runSandboxJobs(t);
    const notes = probe.of('refunds').map((n) => [n.body.kind, n.body.out_refund_no ?? null, n.body.amount]);
    notes.sort((x, y) => String(x).localeCompare(String(y))); // due together, delivered concurrently: any order
    assert.deepEqual(notes, [['payment', null, 1000], ['refund', 'rf-1', 300], ['refund', 'rf-3', 700]]);
  });

  test('20 concurrent refunds of one trade never add up to more than was paid; 20 repeats of one refund make one', async () => {
    const input = await paidTrade('refund-race', 1000);
    const base = { outTradeNo: input.outTradeNo, totalFen: 1000, reason: 'race' };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => provider.refund({ ...base, outRefundNo: `race-${i}`, refundFen: 150 })));
    const ok = results.filter((r) => r.status === 'succeeded');
    assert.equal(ok.length, 6, '6 × 150 = 900 ≤ 1000 < 7 × 150');
    for (const r of results.filter((x) => x.status === 'failed')) assert.match(r.failureReason!, /^REFUND_EXCEEDS_PAID/);
    const tr = await trade(input.outTradeNo);
    const rows = await t.ctx.db.selectFrom('sandbox_refund').select(['amount_fen']).where('trade_id', '=', tr.id).execute();
    assert.equal(rows.reduce((s, r) => s + r.amount_fen, 0), 900);
    assert.equal(tr.refunded_fen, 900);

    const same = await Promise.all(Array.from({ length: 20 }, () => provider.refund({ ...base, outRefundNo: 'same-one', refundFen: 100 })));
    assert.equal(new Set(same.map((r) => r.providerRefundNo)).size, 1);
    assert.ok(same.every((r) => r.status === 'succeeded'));
    assert.equal((await trade(input.outTradeNo)).refunded_fen, 1000);
  });

  test('profit sharing pays receivers out of a frozen share, finish releases the rest, idempotent by out_order_no', async () => {
    const input = paymentInput(t, probe.url('sharing'), {
      amountFen: 15000,
      splits: [
        { subMerchantId: 'smch_a', outSubTradeNo: 'ord_a', amountFen: 10000, description: '甲店' },
        { subMerchantId: 'smch_b', outSubTradeNo: 'ord_b', amountFen: 5000, description: '乙店' },
      ],
    });
    const action = await provider.create(input);
    const page = await t.app.inject({ url: payPagePath(action) });
    assert.ok(page.body.includes('甲店') && page.body.includes('¥100.00') && page.body.includes('smch_b'), 'the page lists the shares');
    const share = (outOrderNo: string, receivers: { account: string; amountFen: number; description: string }[], finish: boolean, sub = { subMerchantId: 'smch_a', outSubTradeNo: 'ord_a' }) =>
      provider.profitShare({ outTradeNo: input.outTradeNo, providerTradeNo: payPagePath(action).split('/').pop()!, ...sub, outOrderNo, receivers, finish });
    assert.match((await share('ps-0', [{ account: 'platform', amountFen: 1, description: '佣金' }], false)).failureReason!, /^TRADE_NOT_PAID/);
    assert.equal((await subOrder(input.outTradeNo, 'ord_a')).frozen_fen, 0, 'nothing frozen before payment');

    await payOnPage(t, action);
    assert.deepEqual((({ frozen_fen, shared_fen, released_fen }) => ({ frozen_fen, shared_fen, released_fen }))(await subOrder(input.outTradeNo, 'ord_a')), { frozen_fen: 10000, shared_fen: 0, released_fen: 0 });

    const commission = [{ account: 'platform', amountFen: 300, description: '平台佣金' }];
    const results = await Promise.all(Array.from({ length: 10 }, () => share('ps-1', commission, false)));
    assert.ok(results.every((r) => r.status === 'finished'));
    let a = await subOrder(input.outTradeNo, 'ord_a');
    assert.deepEqual([a.frozen_fen, a.shared_fen, a.released_fen, a.finished], [9700, 300, 0, false], 'shared once');

    assert.match((await share('ps-2', [{ account: 'platform', amountFen: 9701, description: 'x' }], false)).failureReason!, /^PROFIT_SHARE_EXCEEDS_FROZEN/);
    assert.match((await share('ps-2', commission, false, { subMerchantId: 'smch_b', outSubTradeNo: 'ord_a' })).failureReason!, /^SUB_ORDER_NOT_FOUND/);
    assert.equal((await share('ps-3', [{ account: 'platform', amountFen: 200, description: '平台佣金' }], true)).status, 'finished');
    a = await subOrder(input.outTradeNo, 'ord_a');
    assert.deepEqual([a.frozen_fen, a.shared_fen, a.released_fen, a.finished], [0, 500, 9500, true]);
    assert.match((await share('ps-4', commission, false)).failureReason!, /^SUB_ORDER_FINISHED/);
    assert.equal((await share('ps-3', [], true)).status, 'finished', 'a repeat of a finished order still answers finished');

    // Refunds: one share at a time; before sharing from frozen funds, after it from the merchant, then the receivers.
    const base = { outTradeNo: input.outTradeNo, totalFen: 15000, reason: '退货' };
    assert.match((await provider.refund({ ...base, outRefundNo: 'mr-0', refundFen: 100 })).failureReason!, /^SUB_ORDER_REQUIRED/);
    assert.equal((await provider.refund({ ...base, outRefundNo: 'mr-1', refundFen: 1000, subMerchantId: 'smch_b', outSubTradeNo: 'ord_b' })).status, 'succeeded');
    const b = await subOrder(input.outTradeNo, 'ord_b');
    assert.deepEqual([b.frozen_fen, b.refunded_fen], [4000, 1000], 'from frozen funds');
    assert.equal((await provider.refund({ ...base, outRefundNo: 'mr-2', refundFen: 9600, outSubTradeNo: 'ord_a' })).status, 'succeeded');
    a = await subOrder(input.outTradeNo, 'ord_a');
    assert.deepEqual([a.frozen_fen, a.released_fen, a.shared_fen, a.refunded_fen], [0, 0, 400, 9600]);
    const mr2 = await t.ctx.db.selectFrom('sandbox_refund').selectAll().where('out_refund_no', '=', 'mr-2').executeTakeFirstOrThrow();
    assert.deepEqual([mr2.from_frozen_fen, mr2.from_merchant_fen, mr2.from_receivers_fen], [0, 9500, 100]);
    assert.match((await provider.refund({ ...base, outRefundNo: 'mr-3', refundFen: 401, outSubTradeNo: 'ord_a' })).failureReason!, /^REFUND_EXCEEDS_PAID/);
    assert.equal((await trade(input.outTradeNo)).refunded_fen, 10600);
    await runSandboxJobs(t);
    const payment = probe.of('sharing').find((n) => n.body.kind === 'payment')!;
    assert.deepEqual(payment.body.sub_orders, [
      { sub_mch_id: 'smch_a', out_sub_trade_no: 'ord_a', amount: 10000 },
      { sub_mch_id: 'smch_b', out_sub_trade_no: 'ord_b', amount: 5000 },
    ]);
  });

  test('the daily bill lists exactly the China day’s payments and refunds', async () => {
    t.clock.set('2030-03-01T15:58:00.000Z'); // 23:58 in China, 1 March
    const a = await paidTrade('bill', 1000);
    await provider.refund({ outTradeNo: a.outTradeNo, outRefundNo: 'bill-r1', refundFen: 100, totalFen: 1000, reason: '' });
    t.clock.advance(3 * 60_000); // 00:01 in China, 2 March
    const b = await paidTrade('bill', 2000);
    await provider.refund({ outTradeNo: a.outTradeNo, outRefundNo: 'bill-r2', refundFen: 200, totalFen: 1000, reason: '' });
    const created = paymentInput(t, probe.url('bill'));
    await provider.create(created); // not paid: not in any bill

    const first = await provider.downloadBill('2030-03-01');
    assert.deepEqual(first.map((r) => [r.type, r.outTradeNo, r.outRefundNo ?? null, r.amountFen]), [['payment', a.outTradeNo, null, 1000], ['refund', a.outTradeNo, 'bill-r1', 100]]);
    assert.equal(first[0]!.at.toISOString(), '2030-03-01T15:58:00.000Z');
    const second = await provider.downloadBill('2030-03-02');
    assert.deepEqual(second.map((r) => [r.type, r.outTradeNo, r.outRefundNo ?? null, r.amountFen]), [['payment', b.outTradeNo, null, 2000], ['refund', a.outTradeNo, 'bill-r2', 200]]);
    assert.deepEqual(await provider.downloadBill('2030-02-28'), []);

    const { appId, key } = sandboxConfigFromEnv(process.env);
    const body = JSON.stringify({ date: '2030-03-01', format: 'csv' });
    const ts = String(Math.floor(t.clock.now().getTime() / 1000));
    const path = `${GATEWAY_API_PREFIX}/bill/download`;
    const csv = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json', [HEADER.appId]: appId, [HEADER.timestamp]: ts, [HEADER.nonce]: 'csv', [HEADER.signature]: hmacHex(key, requestMessage('POST', path, ts, 'csv', body)) },
      payload: body,
    });
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines[0], '交易时间,类型,商户订单号,网关交易号,商户退款单号,网关退款单号,金额(元)');
    assert.ok(lines[1]!.startsWith(`2030-03-01 23:58:00,支付,${a.outTradeNo},sbt_`) && lines[1]!.endsWith(',,,10.00'));
    assert.ok(lines[2]!.includes(',退款,') && lines[2]!.endsWith(',1.00'));
    assert.equal(lines.at(-1), '2030-03-01,1,10.00,1,1.00');
    await assert.rejects(provider.downloadBill('2030-02-30'), (e: SandboxGatewayError) => e.code === 'INVALID_REQUEST');
  });
});
