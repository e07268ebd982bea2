import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { drainJobs, type Buyer } from '../../testing/payment-fixtures.ts';
import { DAY } from '../../shared/clock.ts';
import { updatePaymentSettings } from '../payments/payments.settings.ts';
import { requestWithdrawal, settleDue } from '../payments/settlement.service.ts';
import { shipOrder } from '../shipments/shipments.service.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance } from '../ledger/ledger.service.ts';
import { hasOpenAfterSales } from './after-sales.queries.ts';
import { noReasonReturnUntil } from './after-sales.rules.ts';
import {
  apply, applyOk, assertLedgerSound, code, escrow, fundsOf, makeWorld, newBuyer, nextKey, paidOrder, PRICE, receive, ship, SHIPPING, statusOf, wallet, type PlacedOrder,
  type World,
} from './after-sales.fixtures.ts';

const seller = (w: World, id: string, step: string) => `/api/seller/shops/${w.shopId}/after-sales/${id}/${step}`;
const orderStatus = async (w: World, orderId: string) => (await w.t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status;
const available = (w: World) => accountBalance(w.t.ctx.db, accountCode('merchant_available', w.shopId));
const receivable = (w: World) => accountBalance(w.t.ctx.db, accountCode('merchant_receivable', w.shopId));
const commission = (w: World) => accountBalance(w.t.ctx.db, accountCode('platform_commission'));
const refundRows = async (w: World, orderId: string) => w.t.ctx.db.selectFrom('refund').selectAll().where('shop_order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();

/** Approve → return tracking → confirm receipt (the refunding step) for a return request. */
async function returnAndConfirm(w: World, buyer: Buyer, id: string) {
  assert.equal((await w.service.post(seller(w, id, 'approve'), { returnAddress: '退货仓' })).statusCode, 200);
  assert.equal((await buyer.client.post(`/api/me/after-sales/${id}/return-shipment`, { carrier: 'SF', trackingNo: 'SF1234567890123' })).statusCode, 200);
  const confirmed = await w.service.post(seller(w, id, 'confirm-return'), {});
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  return confirmed.json();
}

describeEachDatabase('after-sales money: refunds through payments, escrow, settlement (platform-collect)', (database) => {
  let w: World;
  let buyer: Buyer;

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  async function receivedOrder(items: [string, number][]): Promise<PlacedOrder> {
    const order = await paidOrder(w, buyer, items);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    return order;
  }

  test('refund only, part of one line of an unshipped order: refunded from the shop’s escrow to the wallet; the order goes on', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[0]!, 2], [w.skus[1]!, 1]]);
    const [escrowBefore, walletBefore] = [await escrow(w), await wallet(w, buyer.userId)];
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE, qty: 1 });
    const done = (await w.service.post(seller(w, id, 'approve'), {})).json();
    assert.equal(done.status, 'refunded');
    assert.equal(done.refundedFen, PRICE);
    assert.equal(done.shippingRefundFen, 0, 'other lines remain: no shipping refund');
    assert.equal(done.refunds[0].status, 'succeeded', 'paid from balance: refunded at once');
    assert.equal(await escrow(w), escrowBefore - PRICE);
    assert.equal(await wallet(w, buyer.userId), walletBefore + PRICE);
    assert.deepEqual(await fundsOf(w, order.orderId), { captured: order.amountFen, refunded: PRICE, status: 'held' });
    assert.equal(await orderStatus(w, order.orderId), 'paid');
    const told = await w.t.ctx.db.selectFrom('notification').select(['kind', 'params', 'link']).where('user_id', '=', buyer.userId).where('kind', '=', 'after_sales_update').execute();
    assert.deepEqual(told.map((n) => [(n.params as { status: string }).status, n.link]), [['refunded', `/me/after-sales/${id}`]], 'the shopper is told once, by the step the merchant took');
    const [refund] = await refundRows(w, order.orderId);
    assert.equal(refund!.cause, 'after_sales');
    assert.equal(refund!.order_line_id, order.lines[0]);
    // What the line can still get back shrinks by what was refunded.
    const over = await apply(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE + 1 });
    assert.equal(code(over), 'AFTER_SALES_AMOUNT_TOO_HIGH');
    await assertLedgerSound(w);
  });

  test('return and refund of every line: each refunded on receipt of its return, the order closes, escrow empties, shipping stays with the shop', async () => {
    const order = await receivedOrder([[w.skus[2]!, 1], [w.skus[3]!, 1]]);
    const escrowBefore = await escrow(w);
    for (const line of order.lines) {
      const id = await applyOk(buyer, { orderLineId: line, kind: 'return_refund', reason: 'not_as_described', amountFen: PRICE });
      const done = await returnAndConfirm(w, buyer, id);
      assert.equal(done.status, 'refunded');
    }
    assert.equal(await orderStatus(w, order.orderId), 'closed');
    assert.deepEqual(await fundsOf(w, order.orderId), { captured: order.amountFen, refunded: 2 * PRICE, status: 'held' });
    assert.equal(await escrow(w), escrowBefore - 2 * PRICE);
    const timeline = (await buyer.client.get(`/api/me/orders/${order.orderId}`)).json().timeline;
    assert.equal(timeline.at(-1).action, 'close');
    await assertLedgerSound(w);
  });

  test('arbitration: a refund above what the line can get back is refused and changes nothing; a smaller one executes', async () => {
    const order = await receivedOrder([[w.skus[4]!, 1]]);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'exchange', reason: 'quality_issue', description: '屏幕有坏点' });
    await w.service.post(seller(w, id, 'reject'), { reason: '坏点在允许范围内' });
    await buyer.client.post(`/api/me/after-sales/${id}/escalate`, { reason: '三个坏点超出标准' });
    const queue = (await w.staff.get('/api/admin/after-sales/arbitration')).json();
    assert.ok(queue.items.some((i: { id: string }) => i.id === id));
    const noAmount = await w.staff.post(`/api/admin/after-sales/${id}/decide`, { decision: 'refund', note: '支持买家' }, { 'idempotency-key': nextKey() });
    assert.equal(code(noAmount), 'AFTER_SALES_AMOUNT_REQUIRED', 'an exchange asked for no amount');
    const tooMuch = await w.staff.post(`/api/admin/after-sales/${id}/decide`, { decision: 'refund', amountFen: PRICE + 1, note: '支持买家' }, { 'idempotency-key': nextKey() });
    assert.equal(tooMuch.statusCode, 409);
    assert.equal(code(tooMuch), 'AFTER_SALES_AMOUNT_TOO_HIGH');
    assert.equal(await statusOf(w, id), 'escalated');
    assert.equal((await refundRows(w, order.orderId)).length, 0);
    const noKey = await w.staff.post(`/api/admin/after-sales/${id}/decide`, { decision: 'refund', amountFen: 3_000, note: '支持买家' });
    assert.equal(code(noKey), 'IDEMPOTENCY_KEY_REQUIRED');
    const ruled = await w.staff.post(`/api/admin/after-sales/${id}/decide`, { decision: 'refund', amountFen: 3_000, note: '坏点超标，部分退款' }, { 'idempotency-key': nextKey() });
    assert.equal(ruled.statusCode, 200, ruled.body);
    assert.equal(ruled.json().status, 'refunded');
    assert.deepEqual(ruled.json().decision.outcome, 'refund');
    assert.equal(ruled.json().refundedFen, 3_000);
    assert.equal(await orderStatus(w, order.orderId), 'received', 'partly refunded: the order goes on');
    await assertLedgerSound(w);
  });

  test('A4: 20 concurrent attempts at each refunding step of one request → one refund', async () => {
    const order = await receivedOrder([[w.skus[5]!, 1], [w.skus[6]!, 1], [w.skus[7]!, 1]]);
    const unshipped = await paidOrder(w, buyer, [[w.skus[8]!, 1], [w.skus[9]!, 1]]);
    const escrowBefore = await escrow(w);

    const refundOnly = await applyOk(buyer, { orderLineId: unshipped.lines[0]!, kind: 'refund_only', reason: 'late_shipment', amountFen: PRICE });
    const approvals = await Promise.all(Array.from({ length: 20 }, (_, i) => w.service.post(seller(w, refundOnly, 'approve'), {}, i % 2 ? { 'idempotency-key': nextKey() } : {})));

    const returned = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: PRICE });
    await w.service.post(seller(w, returned, 'approve'), { returnAddress: '退货仓' });
    await buyer.client.post(`/api/me/after-sales/${returned}/return-shipment`, { carrier: 'SF', trackingNo: 'SF1234567890123' });
    const confirmations = await Promise.all(Array.from({ length: 20 }, () => w.service.post(seller(w, returned, 'confirm-return'), {})));

    const escalated = await applyOk(buyer, { orderLineId: order.lines[1]!, kind: 'return_refund', reason: 'quality_issue', amountFen: PRICE });
    await w.service.post(seller(w, escalated, 'reject'), { reason: '不同意' });
    await buyer.client.post(`/api/me/after-sales/${escalated}/escalate`, { reason: '不服' });
    const rulings = await Promise.all(Array.from({ length: 20 }, () => w.staff.post(`/api/admin/after-sales/${escalated}/decide`, { decision: 'refund', amountFen: PRICE, note: '支持买家' }, { 'idempotency-key': nextKey() })));

    // The same Idempotency-Key retried 20 times at once: one runs, the others replay or are told it is in flight.
    const sameKeyRequest = await applyOk(buyer, { orderLineId: order.lines[2]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 1_000 });
    await w.service.post(seller(w, sameKeyRequest, 'reject'), { reason: '不同意' });
    await buyer.client.post(`/api/me/after-sales/${sameKeyRequest}/escalate`, { reason: '不服' });
    const key = nextKey();
    const retries = await Promise.all(Array.from({ length: 20 }, () => w.staff.post(`/api/admin/after-sales/${sameKeyRequest}/decide`, { decision: 'refund', amountFen: 1_000, note: '支持' }, { 'idempotency-key': key })));

    for (const [name, results] of [['approve', approvals], ['confirm-return', confirmations], ['decide', rulings]] as const) {
      assert.equal(results.filter((r) => r.statusCode === 200).length, 1, name);
      for (const r of results.filter((x) => x.statusCode !== 200)) assert.equal(code(r), 'AFTER_SALES_STATUS_CONFLICT', `${name}: ${r.body}`);
    }
    const firstRuns = retries.filter((r) => r.statusCode === 200 && r.headers['idempotent-replayed'] !== 'true');
    assert.equal(firstRuns.length, 1);
    for (const r of retries) assert.ok(r.statusCode === 200 || code(r) === 'IDEMPOTENCY_IN_FLIGHT', r.body);

    const refunds = [...(await refundRows(w, order.orderId)), ...(await refundRows(w, unshipped.orderId))];
    assert.equal(refunds.length, 4, 'one refund per request');
    assert.equal(await escrow(w), escrowBefore - 3 * PRICE - 1_000);
    for (const id of [refundOnly, returned, escalated, sameKeyRequest]) {
      const moves = await w.t.ctx.db.selectFrom('after_sales_event').select('id').where('request_id', '=', id).where('to_status', '=', 'refunded').execute();
      assert.equal(moves.length, 1, id);
    }
    await assertLedgerSound(w);
  });

  test('stock: refunded pieces that never shipped, and returned pieces, go back on the shelf once; refunded pieces can no longer ship', async () => {
    const stock = async (skuId: string) => (await w.t.ctx.db.selectFrom('sku').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock;
    const [a, b] = [w.skus[8]!, w.skus[9]!];
    const order = await paidOrder(w, buyer, [[a, 2], [b, 1]]);
    const [aPlaced, bPlaced] = [await stock(a), await stock(b)];
    // Line b ships; one of line a's two pieces is refunded before it ships.
    const shipB = (lines: { orderLineId: string; qty: number }[], trackingNo: string) => w.t.ctx.db.transaction().execute((trx) =>
      shipOrder(trx, w.t.clock, w.t.ctx.config.orders, { shopId: w.shopId, orderId: order.orderId, carrier: 'SF', trackingNo, lines, actor: { id: null, role: 'system' } }));
    await shipB([{ orderLineId: order.lines[1]!, qty: 1 }], 'SF1000000000001');
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE, qty: 1 });
    assert.equal((await w.service.post(seller(w, id, 'approve'), {})).json().status, 'refunded');
    assert.equal(await stock(a), aPlaced + 1, 'the refunded piece is back in stock');
    assert.equal(await stock(b), bPlaced);
    await assert.rejects(shipB([{ orderLineId: order.lines[0]!, qty: 2 }], 'SF1000000000002'), (e: unknown) => (e as { code?: string }).code === 'SHIPMENT_QTY_EXCEEDED', 'only one piece of line a is left to ship');
    assert.equal(await orderStatus(w, order.orderId), 'paid');
    // The last piece of line a is refunded too: nothing is left to ship, so the order counts as shipped.
    const id2 = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE, qty: 1 });
    assert.equal((await w.service.post(seller(w, id2, 'approve'), {})).json().status, 'refunded');
    assert.equal(await stock(a), aPlaced + 2);
    assert.equal(await orderStatus(w, order.orderId), 'shipped');
    // Line b comes back as a return: restocked when the merchant confirms it, once.
    await receive(w, order.orderId);
    const id3 = await applyOk(buyer, { orderLineId: order.lines[1]!, kind: 'return_refund', reason: 'damaged', amountFen: PRICE });
    await returnAndConfirm(w, buyer, id3);
    assert.equal(await stock(b), bPlaced + 1);
    await drainJobs(w.t);
    assert.equal(await stock(b), bPlaced + 1, 'no timer restocks it again');
    assert.equal(await stock(a), aPlaced + 2);
    await assertLedgerSound(w);
  });

  test('cash on delivery: nothing to refund before receipt; after it a return is refunded to the wallet', async () => {
    const cod = await paidOrder(w, buyer, [[w.skus[10]!, 1]], 'cod');
    const early = await apply(buyer, { orderLineId: cod.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 100 });
    assert.equal(code(early), 'AFTER_SALES_NOTHING_PAID');
    await ship(w, cod.orderId);
    await receive(w, cod.orderId);
    await drainJobs(w.t); // the courier's cash becomes the order's funds
    const walletBefore = await wallet(w, buyer.userId);
    const id = await applyOk(buyer, { orderLineId: cod.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: PRICE });
    const done = await returnAndConfirm(w, buyer, id);
    assert.equal(done.refunds[0].status, 'succeeded');
    assert.equal(await wallet(w, buyer.userId), walletBefore + PRICE);
    await assertLedgerSound(w);
  });

  test('settlement waits while a request is open and proceeds once it ends; after settlement a statutory return is recovered from the merchant', async () => {
    const order = await receivedOrder([[w.skus[11]!, 1]]);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'exchange', reason: 'quality_issue' });
    assert.equal(await hasOpenAfterSales(w.t.ctx.db, order.orderId), true);
    w.t.clock.advance(w.t.ctx.config.orders.afterSalesWindowMs + 1);
    await w.t.ctx.db.updateTable('session').set({ expires_at: new Date(w.t.clock.now().getTime() + 60 * DAY) }).execute();
    await drainJobs(w.t); // the order completes (its window closed) and its funds fall due in T+7 — the request is still open
    assert.equal(await orderStatus(w, order.orderId), 'completed');
    w.t.clock.advance(7 * DAY + 1);
    await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
    assert.equal((await fundsOf(w, order.orderId)).status, 'due', 'escrow held while the request is open');
    // 48 h passed long ago: the merchant's silence approved it; the shopper withdraws.
    const cancelled = await buyer.client.post(`/api/me/after-sales/${id}/cancel`, {});
    assert.equal(cancelled.json().status, 'cancelled', cancelled.body);
    assert.equal(await hasOpenAfterSales(w.t.ctx.db, order.orderId), false);
    await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
    assert.equal((await fundsOf(w, order.orderId)).status, 'settled');
    await assertLedgerSound(w);

    // The statutory no-reason return outlives settlement: the refund is recovered from the merchant's
    // available balance, and the platform gives back the commission it earned on the returned line.
    await w.t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, w.t.clock, { settlementDays: 0 }));
    try {
      const receivedAt = w.t.clock.now();
      const late = await receivedOrder([[w.skus[0]!, 1], [w.skus[1]!, 1]]);
      // The order's window (7 × 24 h) closes before the 7th day after receipt ends: complete and settle in between.
      const until = noReasonReturnUntil(receivedAt);
      w.t.clock.set(new Date(receivedAt.getTime() + w.t.ctx.config.orders.afterSalesWindowMs + 1));
      await drainJobs(w.t);
      await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
      const settled = await w.t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', late.orderId).executeTakeFirstOrThrow();
      assert.equal(settled.status, 'settled');
      assert.ok(Number(settled.commission_fen) > 0, 'the category charges commission');
      assert.ok(w.t.clock.now().getTime() < until.getTime());
      const [availableBefore, commissionBefore, walletBefore] = [await available(w), await commission(w), await wallet(w, buyer.userId)];

      const id = await applyOk(buyer, { orderLineId: late.lines[0]!, kind: 'return_refund', reason: 'no_reason_7d', amountFen: PRICE });
      const done = await returnAndConfirm(w, buyer, id);
      assert.equal(done.status, 'refunded');
      const [refund] = await refundRows(w, late.orderId);
      assert.equal(refund!.status, 'succeeded');
      const returned = Number(refund!.commission_returned_fen);
      assert.ok(returned > 0 && returned < PRICE, `commission on the returned line comes back (${returned})`);
      assert.equal(Number(refund!.recovered_fen) + returned, PRICE);
      assert.equal(await wallet(w, buyer.userId), walletBefore + PRICE, 'the shopper gets the whole line back');
      assert.equal(await available(w), availableBefore - Number(refund!.recovered_fen), 'taken back from the merchant’s available balance');
      assert.equal(await commission(w), commissionBefore - returned);
      const after = await w.t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', late.orderId).executeTakeFirstOrThrow();
      assert.equal(Number(after.commission_fen), Number(settled.commission_fen) - returned, 'what is left carries the other line’s commission');
      assert.equal(Number(after.settled_fen) + Number(after.commission_fen) + Number(after.refunded_fen), Number(after.captured_fen));
      await assertLedgerSound(w);
    } finally {
      await w.t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, w.t.clock, { settlementDays: 7 }));
    }
  });
  test('recovery beyond the merchant’s available balance: the platform advances it (merchant_receivable) and takes it from the next settlement', async () => {
    await w.t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, w.t.clock, { settlementDays: 0 }));
    try {
      const settleReceived = async (items: [string, number][]) => {
        const receivedAt = w.t.clock.now();
        const order = await receivedOrder(items);
        w.t.clock.set(new Date(receivedAt.getTime() + w.t.ctx.config.orders.afterSalesWindowMs + 1));
        await w.t.ctx.db.updateTable('session').set({ expires_at: new Date(w.t.clock.now().getTime() + 60 * DAY) }).execute();
        await drainJobs(w.t);
        await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
        assert.equal((await fundsOf(w, order.orderId)).status, 'settled');
        return order;
      };
      const order = await settleReceived([[w.skus[6]!, 1]]);
      // The merchant withdraws everything it has.
      const all = await available(w);
      await w.t.ctx.db.transaction().execute((trx) => requestWithdrawal(trx, w.t.clock, w.shopId, w.ownerUserId, all, '全部提现'));
      assert.equal(await available(w), 0);

      const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'no_reason_7d', amountFen: PRICE });
      assert.equal((await returnAndConfirm(w, buyer, id)).status, 'refunded', 'the shopper is refunded all the same');
      const [refund] = await refundRows(w, order.orderId);
      const owed = Number(refund!.recovered_fen);
      assert.equal(await receivable(w), owed, 'the shop owes what the platform advanced');
      assert.equal(await available(w), 0, 'a protected balance never goes below zero');
      await assertLedgerSound(w);

      // The next settlement pays the advance back first.
      const next = await settleReceived([[w.skus[7]!, 1]]);
      const nextFunds = await w.t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', next.orderId).executeTakeFirstOrThrow();
      assert.equal(await receivable(w), Math.max(0, owed - Number(nextFunds.settled_fen)));
      assert.equal(await available(w), Math.max(0, Number(nextFunds.settled_fen) - owed));
      await assertLedgerSound(w);
    } finally {
      await w.t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, w.t.clock, { settlementDays: 7 }));
    }
  });
});

describeEachDatabase('after-sales money: marketplace mode through the sandbox gateway', (database) => {
  let w: World;
  let buyer: Buyer;

  before(async () => {
    w = await makeWorld(database(), 'marketplace');
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  test('a return paid at the sandbox is refunded at the provider by the outbox; escrow and the ledger agree', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[0]!, 1], [w.skus[1]!, 1]], 'sandbox');
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    const escrowBefore = await escrow(w);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'damaged', amountFen: PRICE });
    const done = await returnAndConfirm(w, buyer, id);
    assert.equal(done.refunds[0].status, 'processing', 'sent by a job after commit');
    await drainJobs(w.t);
    const [refund] = await refundRows(w, order.orderId);
    assert.equal(refund!.status, 'succeeded');
    assert.equal((await buyer.client.get(`/api/me/after-sales/${id}`)).json().refunds[0].status, 'succeeded');
    assert.equal(await escrow(w), escrowBefore - PRICE);
    await assertLedgerSound(w);
  });

  test('refund only of a whole unshipped order: line and shipping go back at the provider, the order closes', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[2]!, 1]], 'sandbox');
    assert.equal(order.amountFen, PRICE + SHIPPING);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE });
    const done = (await w.owner.post(seller(w, id, 'approve'), {})).json();
    assert.equal(done.shippingRefundFen, SHIPPING);
    await drainJobs(w.t);
    const refunds = await refundRows(w, order.orderId);
    assert.deepEqual(refunds.map((r) => r.status), ['succeeded', 'succeeded']);
    assert.deepEqual(await fundsOf(w, order.orderId), { captured: order.amountFen, refunded: order.amountFen, status: 'refunded' });
    assert.equal(await orderStatus(w, order.orderId), 'closed');
    await assertLedgerSound(w);
  });

  test('profit sharing waits while a request is open', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[3]!, 1]], 'sandbox');
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'repair', reason: 'quality_issue' });
    await w.owner.post(seller(w, id, 'reject'), { reason: '不在保修范围' });
    await buyer.client.post(`/api/me/after-sales/${id}/escalate`, { reason: '在保修期内' }); // waits for the platform, however long
    w.t.clock.advance(w.t.ctx.config.orders.afterSalesWindowMs + 1);
    await w.t.ctx.db.updateTable('session').set({ expires_at: new Date(w.t.clock.now().getTime() + 60 * DAY) }).execute();
    await drainJobs(w.t); // completed: due in T+7
    w.t.clock.advance(7 * DAY + 1);
    const run = await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
    assert.ok(run.sharing >= 1);
    await drainJobs(w.t); // the profit-sharing job runs and skips: nothing is asked of the provider
    assert.equal((await fundsOf(w, order.orderId)).status, 'due');
    const shares = () => w.t.ctx.db.selectFrom('sandbox_profit_share').select('id').where('out_sub_trade_no', '=', order.orderId).execute();
    assert.equal((await shares()).length, 0, 'the gateway was not asked to share');
    // The shopper withdraws; the next run shares the profit.
    assert.equal((await buyer.client.post(`/api/me/after-sales/${id}/cancel`, {})).json().status, 'cancelled');
    await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
    await drainJobs(w.t);
    assert.equal((await fundsOf(w, order.orderId)).status, 'settled');
    assert.equal((await shares()).length, 1);
    await assertLedgerSound(w);
  });
  test('after 分账 a statutory return is refunded at the provider: the platform returns its commission share (退分账), the merchant the rest', async () => {
    await w.t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, w.t.clock, { settlementDays: 0 }));
    try {
      const receivedAt = w.t.clock.now();
      const order = await paidOrder(w, buyer, [[w.skus[4]!, 1], [w.skus[5]!, 1]], 'sandbox');
      await ship(w, order.orderId);
      await receive(w, order.orderId);
      w.t.clock.set(new Date(receivedAt.getTime() + w.t.ctx.config.orders.afterSalesWindowMs + 1));
      await w.t.ctx.db.updateTable('session').set({ expires_at: new Date(w.t.clock.now().getTime() + 60 * DAY) }).execute();
      await drainJobs(w.t); // completed, due at once
      await w.t.ctx.db.transaction().execute((trx) => settleDue(trx, w.t.clock));
      await drainJobs(w.t); // 分账 at the sandbox
      assert.equal((await fundsOf(w, order.orderId)).status, 'settled');

      const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'no_reason_7d', amountFen: PRICE });
      await returnAndConfirm(w, buyer, id);
      await drainJobs(w.t); // the refund goes to the provider
      const [refund] = await refundRows(w, order.orderId);
      assert.equal(refund!.status, 'succeeded', refund!.failure_reason ?? '');
      assert.ok(Number(refund!.commission_returned_fen) > 0);
      const atGateway = await w.t.ctx.db.selectFrom('sandbox_refund').selectAll().where('out_refund_no', '=', refund!.id).executeTakeFirstOrThrow();
      assert.equal(atGateway.from_receivers_fen, Number(refund!.commission_returned_fen), 'the gateway took the commission back from the platform');
      assert.equal(atGateway.from_merchant_fen, Number(refund!.recovered_fen), 'and the rest from the merchant');
      assert.equal(atGateway.from_frozen_fen, 0);
      await assertLedgerSound(w);
    } finally {
      await w.t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, w.t.clock, { settlementDays: 7 }));
    }
  });
});
