import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { drainJobs, type Buyer } from '../../testing/payment-fixtures.ts';
import { DAY, HOUR } from '../../shared/clock.ts';
import { enqueueJob, JobWorker } from '../../shared/jobs.ts';
import type { AfterSalesStatus } from './after-sales.rules.ts';
import { AFTER_SALES_DEADLINE_JOB, runAfterSalesDeadline } from './after-sales.service.ts';
import {
  apply, applyOk, assertLedgerSound, code, escrow, fundsOf, makeWorld, newBuyer, paidOrder, PRICE, receive, ship, SHIPPING, statusOf, wallet, type PlacedOrder, type World,
} from './after-sales.fixtures.ts';

/**
 * E3: every deadline on a fake clock — not a millisecond early, exactly once even when its job runs
 * twice at the same time (two workers, a duplicate job, and the handler called twice concurrently).
 */
describeEachDatabase('after-sales: deadlines on a fake clock', (database) => {
  let w: World;
  let buyer: Buyer;
  let sku = 0;

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  const deps = () => ({ orderTimers: w.t.ctx.config.orders });
  const systemEvents = async (requestId: string) =>
    (await w.t.ctx.db.selectFrom('after_sales_event').select(['action', 'to_status']).where('request_id', '=', requestId).where('actor_role', '=', 'system').execute());
  const refundsOf = async (orderId: string) => (await w.t.ctx.db.selectFrom('refund').select(['id', 'amount_fen', 'order_line_id']).where('shop_order_id', '=', orderId).execute());
  const version = async (id: string) => (await w.t.ctx.db.selectFrom('after_sales_request').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  async function receivedOrder(): Promise<PlacedOrder> {
    const order = await paidOrder(w, buyer, [[w.skus[sku++ % w.skus.length]!, 1]]);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    return order;
  }

  /**
   * Moves the clock to 1 ms before the request's deadline (nothing happens), then to the deadline,
   * adds a duplicate of its timer job and lets two workers and two direct calls race for it.
   */
  async function passDeadline(requestId: string, expected: AfterSalesStatus) {
    const row = await w.t.ctx.db.selectFrom('after_sales_request').select(['deadline_at', 'version', 'status']).where('id', '=', requestId).executeTakeFirstOrThrow();
    const before = row.status;
    // Weeks pass in this suite: keep the test clients' sessions alive.
    await w.t.ctx.db.updateTable('session').set({ expires_at: new Date(row.deadline_at!.getTime() + 30 * DAY) }).execute();
    w.t.clock.set(new Date(row.deadline_at!.getTime() - 1));
    await drainJobs(w.t);
    assert.equal(await statusOf(w, requestId), before, 'not a millisecond early');
    w.t.clock.set(row.deadline_at!);
    await enqueueJob(w.t.ctx.db, w.t.clock, { kind: AFTER_SALES_DEADLINE_JOB, payload: { requestId, version: row.version } });
    const workers = [1, 2].map((n) => new JobWorker({ db: w.t.ctx.db, registry: w.t.ctx.jobs, clock: w.t.clock, workerId: `race-${n}` }));
    const direct = () => w.t.ctx.db.transaction().execute((trx) => runAfterSalesDeadline(trx, w.t.clock, deps(), requestId, row.version));
    const results = await Promise.all([workers[0]!.runDueJobs(50), workers[1]!.runDueJobs(50), direct(), direct()]);
    assert.ok(results.filter((r) => r === true).length <= 1, 'at most one direct call acted');
    await drainJobs(w.t);
    assert.equal(await statusOf(w, requestId), expected);
    const fired = (await systemEvents(requestId)).filter((e) => e.to_status === expected);
    assert.equal(fired.length, 1, `${before} → ${expected} fired once`);
    assert.equal(await version(requestId), row.version + 1, 'one transition');
  }

  test('48 h without an answer: a return is approved; the return address defaults to the shop’s last one', async () => {
    const first = await receivedOrder();
    const manual = await applyOk(buyer, { orderLineId: first.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 1_000 });
    assert.equal((await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${manual}/approve`, { returnAddress: '杭州市西湖区退货仓' })).statusCode, 200);

    const order = await receivedOrder();
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: PRICE });
    const deadline = (await buyer.client.get(`/api/me/after-sales/${id}`)).json().deadline;
    assert.equal(new Date(deadline.at).getTime() - w.t.clock.now().getTime(), 48 * HOUR);
    await passDeadline(id, 'awaiting_return');
    const detail = (await buyer.client.get(`/api/me/after-sales/${id}`)).json();
    assert.equal(detail.returnAddress, '杭州市西湖区退货仓');
    assert.equal(detail.timeline.at(-1).actorRole, 'system');
    assert.equal(detail.deadline.party, 'buyer');
    assert.equal(new Date(detail.deadline.at).getTime() - w.t.clock.now().getTime(), 7 * DAY);
  });

  test('48 h without an answer on refund only: approved and refunded once — the whole unshipped order, shipping included — and the order closes', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[5]!, 2]]);
    const escrowBefore = await escrow(w);
    const walletBefore = await wallet(w, buyer.userId);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 2 * PRICE });
    await passDeadline(id, 'refunded');
    const refunds = await refundsOf(order.orderId);
    assert.equal(refunds.length, 2, 'the line and the shipping fee');
    assert.deepEqual(refunds.map((r) => Number(r.amount_fen)).sort((a, b) => a - b), [SHIPPING, 2 * PRICE].sort((a, b) => a - b));
    assert.equal(await wallet(w, buyer.userId), walletBefore + order.amountFen);
    assert.equal(await escrow(w), escrowBefore - order.amountFen);
    assert.deepEqual(await fundsOf(w, order.orderId), { captured: order.amountFen, refunded: order.amountFen, status: 'refunded' });
    assert.equal((await w.t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', order.orderId).executeTakeFirstOrThrow()).status, 'closed');
    await assertLedgerSound(w);
  });

  test('an order cancelled (and refunded) while a refund-only request waited: at 48 h the request closes instead of failing', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[6]!, 1]]);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE });
    assert.equal((await buyer.client.post(`/api/me/orders/${order.orderId}/cancel`, { reason: '不想要了' })).statusCode, 200);
    await drainJobs(w.t); // the cancellation refunds everything
    await passDeadline(id, 'closed');
    const refunds = await refundsOf(order.orderId);
    assert.equal(refunds.length, 1, 'only the cancellation’s refund');
    const last = (await buyer.client.get(`/api/me/after-sales/${id}`)).json().timeline.at(-1);
    assert.match(last.note, /无法退款/);
    await assertLedgerSound(w);
  });

  test('a late merchant can still approve but no longer reject', async () => {
    const order = await receivedOrder();
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'exchange', reason: 'damaged' });
    w.t.clock.advance(48 * HOUR);
    const late = await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/reject`, { reason: '太晚了' });
    assert.equal(late.statusCode, 409);
    assert.equal(code(late), 'AFTER_SALES_DEADLINE_PASSED');
    assert.equal((await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/approve`, {})).json().status, 'awaiting_return');
    await drainJobs(w.t);
    assert.equal((await systemEvents(id)).length, 0, 'the timer found the request moved on');
  });

  test('7 days without return tracking: closed; a late tracking number is refused', async () => {
    const order = await receivedOrder();
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 500 });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/approve`, { returnAddress: '退货仓' });
    const { deadline_at } = await w.t.ctx.db.selectFrom('after_sales_request').select('deadline_at').where('id', '=', id).executeTakeFirstOrThrow();
    w.t.clock.set(deadline_at!);
    const late = await buyer.client.post(`/api/me/after-sales/${id}/return-shipment`, { carrier: 'YTO', trackingNo: 'YT1234567890123' });
    assert.equal(code(late), 'AFTER_SALES_DEADLINE_PASSED');
    w.t.clock.advance(-1);
    await passDeadline(id, 'closed');
    assert.equal((await refundsOf(order.orderId)).length, 0);
    // The line is free again, but by now the order's own after-sales window has ended too.
    const again = await apply(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 500 });
    assert.equal(code(again), 'AFTER_SALES_WINDOW_CLOSED');
  });

  test('7 days after the return was sent with no confirmation: receipt is confirmed and the refund runs once', async () => {
    const order = await receivedOrder();
    // The return goes out an hour after receipt, so its 7-day confirmation falls after the order's own
    // 7-day window (as it always does in life): the order completes first, then the refund runs.
    w.t.clock.advance(60 * 60 * 1000);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'not_as_described', amountFen: PRICE });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/approve`, { returnAddress: '退货仓' });
    await buyer.client.post(`/api/me/after-sales/${id}/return-shipment`, { carrier: 'JD', trackingNo: 'JDVA12345678901' });
    const escrowBefore = await escrow(w);
    await passDeadline(id, 'refunded');
    const refunds = await refundsOf(order.orderId);
    assert.equal(refunds.length, 1, 'the line only: shipping was used');
    assert.equal(Number(refunds[0]!.amount_fen), PRICE);
    assert.equal(await escrow(w), escrowBefore - PRICE);
    assert.equal((await w.t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', order.orderId).executeTakeFirstOrThrow()).status, 'completed', 'a completed order stays completed');
    await assertLedgerSound(w);
  });

  test('exchange: 7 days without sending the replacement → the platform steps in; 10 days after it is sent → confirmed', async () => {
    const a = await receivedOrder();
    const slow = await applyOk(buyer, { orderLineId: a.lines[0]!, kind: 'exchange', reason: 'quality_issue' });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${slow}/approve`, {});
    await buyer.client.post(`/api/me/after-sales/${slow}/return-shipment`, { carrier: 'STO', trackingNo: '773123456789012' });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${slow}/confirm-return`, {});
    await passDeadline(slow, 'escalated');
    assert.ok((await w.staff.get('/api/admin/after-sales/arbitration')).json().items.some((i: { id: string }) => i.id === slow));

    const b = await receivedOrder();
    const fine = await applyOk(buyer, { orderLineId: b.lines[0]!, kind: 'exchange', reason: 'quality_issue' });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${fine}/approve`, {});
    await buyer.client.post(`/api/me/after-sales/${fine}/return-shipment`, { carrier: 'STO', trackingNo: '773123456789013' });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${fine}/confirm-return`, {});
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${fine}/ship-replacement`, { carrier: 'SF', trackingNo: 'SF1234567890124' });
    const { deadline_at } = await w.t.ctx.db.selectFrom('after_sales_request').select('deadline_at').where('id', '=', fine).executeTakeFirstOrThrow();
    assert.equal(deadline_at!.getTime() - w.t.clock.now().getTime(), 10 * DAY);
    await passDeadline(fine, 'completed');
  });

  test('a rejection not escalated within 7 days closes; escalating after that is refused', async () => {
    const order = await receivedOrder();
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 700 });
    await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/reject`, { reason: '人为损坏' });
    const { deadline_at } = await w.t.ctx.db.selectFrom('after_sales_request').select('deadline_at').where('id', '=', id).executeTakeFirstOrThrow();
    w.t.clock.set(deadline_at!);
    assert.equal(code(await buyer.client.post(`/api/me/after-sales/${id}/escalate`, { reason: '不服' })), 'AFTER_SALES_DEADLINE_PASSED');
    w.t.clock.advance(-1);
    await passDeadline(id, 'closed');
  });
});
