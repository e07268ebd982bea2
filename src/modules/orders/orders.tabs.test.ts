import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import type { Buyer } from '../../testing/payment-fixtures.ts';
import { applyOk, makeWorld, newBuyer, paidOrder, PRICE, receive, ship, type World } from '../after-sales/after-sales.fixtures.ts';
import { listBuyerOrders } from './orders.queries.ts';

/**
 * 我的订单 · 退款售后: the tab lists the orders that have any after-sales request, whatever their
 * status (a refunded-and-closed order, one still received, one in progress); its count — the badge —
 * is of those with a request in progress. The status tabs are unchanged.
 */
describeEachDatabase('orders: the 退款售后 tab lists orders with after-sales requests', (database) => {
  let w: World;
  let buyer: Buyer;

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  test('orders with a request (open or ended) are listed; the count is of those in progress', async () => {
    const plain = await paidOrder(w, buyer, [[w.skus[0]!, 1]]);
    const refunded = await paidOrder(w, buyer, [[w.skus[1]!, 1]]);
    const inProgress = await paidOrder(w, buyer, [[w.skus[2]!, 1]]);
    const withdrawn = await paidOrder(w, buyer, [[w.skus[3]!, 1]]);
    for (const o of [refunded, inProgress, withdrawn]) {
      await ship(w, o.orderId);
      await receive(w, o.orderId);
    }
    const before = await listBuyerOrders(w.t.ctx.db, buyer.userId, 'after_sales', 1, 10);
    assert.equal(before.total, 0);
    assert.equal(before.tabs.after_sales, 0);

    // Refund only before shipment, approved: refunded and the order closed.
    const r1 = await applyOk(buyer, { orderLineId: plain.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: PRICE });
    assert.equal((await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${r1}/approve`, {})).statusCode, 200);
    assert.equal((await w.t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', plain.orderId).executeTakeFirstOrThrow()).status, 'closed');
    // A return still waiting for the merchant.
    await applyOk(buyer, { orderLineId: inProgress.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 1000 });
    // A return the shopper withdrew.
    const r3 = await applyOk(buyer, { orderLineId: withdrawn.lines[0]!, kind: 'exchange', reason: 'damaged' });
    assert.equal((await buyer.client.post(`/api/me/after-sales/${r3}/cancel`, {})).statusCode, 200);

    const tab = await listBuyerOrders(w.t.ctx.db, buyer.userId, 'after_sales', 1, 10);
    assert.deepEqual(new Set(tab.items.map((o) => o.id)), new Set([plain.orderId, inProgress.orderId, withdrawn.orderId]));
    assert.equal(tab.total, 3, 'any request, whatever its status or the order’s');
    assert.equal(tab.tabs.after_sales, 1, 'the badge counts requests in progress only');
    assert.ok(!tab.items.some((o) => o.id === refunded.orderId), 'an order without a request is not listed');

    // The status tabs are as they were.
    assert.equal(tab.tabs.to_review, 3, 'three received orders');
    assert.equal(tab.tabs.to_ship, 0);
    assert.equal(tab.tabs.all, 4);
    const toReview = await listBuyerOrders(w.t.ctx.db, buyer.userId, 'to_review', 1, 10);
    assert.equal(toReview.total, 3);

    // Paged like the others.
    const page2 = await listBuyerOrders(w.t.ctx.db, buyer.userId, 'after_sales', 2, 2);
    assert.equal(page2.items.length, 1);
    assert.equal(page2.total, 3);
  });

  test('the API takes the tab and answers the same', async () => {
    const res = await buyer.client.get('/api/me/orders?tab=after_sales');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { total: number; tabs: Record<string, number>; items: { id: string }[] };
    assert.equal(body.total, 3);
    assert.equal(body.tabs.after_sales, 1);
  });
});
