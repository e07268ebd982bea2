import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { checkout, drainJobs, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { ApiClient } from '../../testing/app.ts';
import { DAY } from '../../shared/clock.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance, verifyLedger } from '../ledger/ledger.service.ts';
import { transitionOrder } from '../orders/orders.service.ts';
import { applyPaymentResult, applyRefundResult, refundShopOrder, startTopUp } from './payments.service.ts';
import { paymentDeps } from './payments.routes.ts';
import { updatePaymentSettings } from './payments.settings.ts';
import { settleDue } from './settlement.service.ts';

describeEachDatabase('payments: balance, cash on delivery, refunds, T+N settlement with commission', (database) => {
  let t: TestApp;
  let market: Market;
  let admin: ApiClient;
  let key = 0;
  const nextKey = () => `pay-test-${++key}`;

  const escrow = (shopId: string) => accountBalance(t.ctx.db, accountCode('shop_escrow', shopId));
  const wallet = (userId: string) => accountBalance(t.ctx.db, accountCode('buyer_wallet', userId));
  async function assertLedgerSound() {
    const result = await verifyLedger(t.ctx.db);
    assert.ok(result.ok, JSON.stringify(result.problems));
  }

  /** Funds a wallet the way a shopper does: a top-up at the sandbox, confirmed as a verified notification would. */
  async function topUp(buyer: Buyer, amountFen: number) {
    const started = await startTopUp(paymentDeps(t.ctx), buyer.userId, amountFen, { method: 'sandbox', channel: 'page' }, nextKey());
    assert.equal(started.action?.type, 'redirect');
    const outcome = await t.ctx.db.transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, started.attemptId, { status: 'paid', amountFen, providerTradeNo: 'sbt_topup' }));
    assert.equal(outcome, 'topped_up');
  }

  const pay = (buyer: Buyer, paymentOrderId: string, method: string, idempotencyKey = nextKey()) =>
    buyer.client.post(`/api/payments/${paymentOrderId}/pay`, { method }, { 'idempotency-key': idempotencyKey });

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t);
    await t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, t.clock, { mode: 'platform_collect', settlementDays: 7 }));
    const staff = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' });
    admin = new ApiClient(t.app, '10.66.0.1');
    await admin.post('/api/auth/login', { identifier: staff.identifier, password: staff.password });
  });
  after(async () => {
    await t.app.close();
  });

  test('pay from balance: the orders go to 待发货, each shop’s share is held in escrow; an overdraft is refused and changes nothing', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [2, 1]);
    const total = 2 * market.prices[0]! + market.prices[1]!;
    assert.equal(placed.amountFen, total);

    const poor = await pay(buyer, placed.paymentOrderId, 'balance');
    assert.equal(poor.statusCode, 409);
    assert.equal(poor.json().error.code, 'BALANCE_INSUFFICIENT');
    assert.equal(await wallet(buyer.userId), 0);
    assert.equal((await t.ctx.db.selectFrom('payment_attempt').select('id').where('payment_order_id', '=', placed.paymentOrderId).execute()).length, 0, 'nothing written');

    await topUp(buyer, total + 1_000);
    const escrowBefore = [await escrow(market.shops[0]!), await escrow(market.shops[1]!)];
    const k = nextKey();
    const paid = await pay(buyer, placed.paymentOrderId, 'balance', k);
    assert.equal(paid.statusCode, 201, paid.body);
    assert.equal(paid.json().status, 'succeeded');
    const again = await pay(buyer, placed.paymentOrderId, 'balance', k);
    assert.equal(again.json().attemptId, paid.json().attemptId, 'the same key replays the same payment');
    assert.equal(await wallet(buyer.userId), 1_000);
    assert.equal(await escrow(market.shops[0]!), escrowBefore[0]! + 2 * market.prices[0]!);
    assert.equal(await escrow(market.shops[1]!), escrowBefore[1]! + market.prices[1]!);
    const orders = await t.ctx.db.selectFrom('shop_order').select('status').where('payment_order_id', '=', placed.paymentOrderId).execute();
    assert.deepEqual(orders.map((o) => o.status), ['paid', 'paid']);
    const second = await pay(buyer, placed.paymentOrderId, 'balance');
    assert.equal(second.json().error.code, 'PAYMENT_NOT_PAYABLE', 'a paid order cannot be paid again');
    await assertLedgerSound();
  });

  test('a paid order cancelled before shipment is refunded in full to the balance, out of the shop’s escrow', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    await topUp(buyer, placed.amountFen);
    assert.equal((await pay(buyer, placed.paymentOrderId, 'balance')).statusCode, 201);
    const before = await escrow(market.shops[0]!);
    const cancel = await buyer.client.post(`/api/me/orders/${placed.orderIds[0]}/cancel`, { reason: '不想要了' });
    assert.equal(cancel.statusCode, 200, cancel.body);
    await drainJobs(t);
    assert.equal(await wallet(buyer.userId), placed.amountFen, 'back in the balance');
    assert.equal(await escrow(market.shops[0]!), before - placed.amountFen);
    const refund = await t.ctx.db.selectFrom('refund').selectAll().where('shop_order_id', '=', placed.orderIds[0]!).executeTakeFirstOrThrow();
    assert.equal(refund.status, 'succeeded');
    assert.equal(refund.cause, 'buyer_cancel');
    await assertLedgerSound();
  });

  test('Σ refunds ≤ captured: 20 parallel partial refunds of one order never refund more than was paid', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    await topUp(buyer, placed.amountFen);
    await pay(buyer, placed.paymentOrderId, 'balance');
    const part = Math.floor(placed.amountFen / 7);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => t.ctx.db.transaction().execute((trx) => refundShopOrder(trx, t.clock, { shopOrderId: placed.orderIds[0]!, amountFen: part, reason: '部分退款', cause: 'after_sales' }))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 7);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'REFUND_EXCEEDS_PAID');
    const funds = await t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', placed.orderIds[0]!).executeTakeFirstOrThrow();
    assert.equal(Number(funds.refunded_fen), 7 * part);
    assert.ok(Number(funds.refunded_fen) <= Number(funds.captured_fen));
    await assertLedgerSound();
  });

  test('T+N: a completed order settles N days later, minus the commission of its category; the merchant withdraws, the platform approves', async () => {
    // The category's own rate (类目佣金) is what settlement charges.
    await t.ctx.db.updateTable('category').set({ commission_bp: 800 }).where('id', '=', market.categories.earphones).execute();
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [3, 0]);
    await topUp(buyer, placed.amountFen);
    await pay(buyer, placed.paymentOrderId, 'balance');
    const orderId = placed.orderIds[0]!;
    const shopId = market.shops[0]!;
    const available = await accountBalance(t.ctx.db, accountCode('merchant_available', shopId));
    const commissionBefore = await accountBalance(t.ctx.db, accountCode('platform_commission'));
    const system = { id: null, role: 'system' as const };
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, orderId, 'ship', system));
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, orderId, 'confirm_receipt', system));
    t.clock.advance(t.ctx.config.orders.afterSalesWindowMs + 1);
    await drainJobs(t); // completes the order; its funds fall due
    const due = await t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(due.status, 'due');
    assert.equal(await t.ctx.db.transaction().execute((trx) => settleDue(trx, t.clock)).then((r) => r.settled), 0, 'not before T+7');
    t.clock.advance(7 * DAY);
    await t.ctx.db.transaction().execute((trx) => settleDue(trx, t.clock));
    const settled = await t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', orderId).executeTakeFirstOrThrow();
    const items = 3 * market.prices[0]!;
    const commission = Math.round((items * 800) / 10_000);
    assert.equal(settled.status, 'settled');
    assert.equal(Number(settled.commission_fen), commission);
    assert.equal(Number(settled.settled_fen), placed.amountFen - commission);
    assert.equal(await accountBalance(t.ctx.db, accountCode('merchant_available', shopId)), available + placed.amountFen - commission);
    assert.equal(await accountBalance(t.ctx.db, accountCode('platform_commission')), commissionBefore + commission);

    const owner = new ApiClient(t.app, '10.66.0.2');
    await owner.post('/api/auth/login', { identifier: market.owners[0]!.identifier, password: market.owners[0]!.password });
    const summary = (await owner.get(`/api/seller/shops/${shopId}/finance`)).json();
    assert.equal(summary.availableFen, available + placed.amountFen - commission);
    const statement = (await owner.get(`/api/seller/shops/${shopId}/finance/statement?status=settled`)).json();
    assert.ok(statement.rows.some((r: { orderId: string; commissionFen: number }) => r.orderId === orderId && r.commissionFen === commission));
    const xlsx = await owner.get(`/api/seller/shops/${shopId}/finance/statement.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');

    const tooMuch = await owner.post(`/api/seller/shops/${shopId}/withdrawals`, { amountFen: summary.availableFen + 1, accountNote: '招商银行 尾号 8888' }, { 'idempotency-key': nextKey() });
    assert.equal(tooMuch.json().error.code, 'WITHDRAWAL_EXCEEDS_AVAILABLE');
    const w = await owner.post(`/api/seller/shops/${shopId}/withdrawals`, { amountFen: 10_000, accountNote: '招商银行 尾号 8888' }, { 'idempotency-key': nextKey() });
    assert.equal(w.statusCode, 201, w.body);
    assert.equal(await accountBalance(t.ctx.db, accountCode('merchant_available', shopId)), summary.availableFen - 10_000, 'reserved at once');
    const decided = await admin.post(`/api/admin/finance/withdrawals/${w.json().id}/decide`, { approve: true });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal((await admin.post(`/api/admin/finance/withdrawals/${w.json().id}/decide`, { approve: false })).json().error.code, 'WITHDRAWAL_STATUS_CONFLICT');
    const finance = (await admin.get('/api/admin/finance')).json();
    assert.ok(finance.commissionEarnedFen >= commission);
    await assertLedgerSound();
  });

  test('cash on delivery: 待发货 at once with nothing captured; collected at receipt; settles with the commission owed by the shop', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [0, 2]);
    const res = await pay(buyer, placed.paymentOrderId, 'cod');
    assert.equal(res.statusCode, 201, res.body);
    const orderId = placed.orderIds[0]!;
    const shopId = market.shops[1]!;
    assert.equal((await t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status, 'paid');
    assert.equal(await t.ctx.db.selectFrom('order_funds').select('shop_order_id').where('shop_order_id', '=', orderId).executeTakeFirst(), undefined);
    const system = { id: null, role: 'system' as const };
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, orderId, 'ship', system));
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, orderId, 'confirm_receipt', system));
    await drainJobs(t);
    const funds = await t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(Number(funds.captured_fen), placed.amountFen);
    assert.equal(funds.provider, 'cod');
    t.clock.advance(t.ctx.config.orders.afterSalesWindowMs + 1);
    await drainJobs(t);
    t.clock.advance(7 * DAY);
    await t.ctx.db.transaction().execute((trx) => settleDue(trx, t.clock));
    const settled = await t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(settled.status, 'settled');
    assert.equal(await accountBalance(t.ctx.db, accountCode('cod_receivable', shopId)), Number(settled.commission_fen), 'the shop owes the commission on cash it collected');
    await assertLedgerSound();
  });

  test('a pickup order cannot be paid on delivery; unknown methods and someone else’s order are refused', async () => {
    const buyer = await makeBuyer(t);
    const other = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    assert.equal((await pay(other, placed.paymentOrderId, 'balance')).json().error.code, 'ORDER_NOT_FOUND');
    const bad = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'paypal' }, { 'idempotency-key': nextKey() });
    assert.equal(bad.statusCode, 400);
    const noKey = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'balance' });
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
  });

  test('a refund that failed at the provider stays owed and visible; it never reverses itself', async () => {
    const buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    await topUp(buyer, placed.amountFen);
    await pay(buyer, placed.paymentOrderId, 'balance');
    const { refundId } = await t.ctx.db.transaction().execute((trx) => refundShopOrder(trx, t.clock, { shopOrderId: placed.orderIds[0]!, amountFen: 100, reason: '测试', cause: 'platform' }));
    // Balance refunds finish at once; a provider's late answer cannot change a finished refund.
    assert.equal(await t.ctx.db.transaction().execute((trx) => applyRefundResult(trx, t.clock, refundId, { status: 'failed' })), 'already');
    await assertLedgerSound();
  });
});
