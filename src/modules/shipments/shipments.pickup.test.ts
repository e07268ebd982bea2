import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { MINUTE } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { PICKUP_MAX_FAILURES } from './shipments.pickup.ts';
import { makeShipMall, paidOrder, type ShipMall } from './shipments.test-helpers.ts';

describeEachDatabase('shipments: 自提 pickup codes', (database) => {
  let t: TestApp;
  let m: ShipMall;
  let shop: string;
  let otherShop: string;
  const ready = (orderId: string, client = m.merchant, shopId = shop) => client.post(`/api/seller/shops/${shopId}/orders/${orderId}/pickup-ready`);
  const verify = (code: string, client = m.merchant, shopId = shop) => client.post(`/api/seller/shops/${shopId}/pickup/verify`, { code });
  const codeOf = async (orderId: string) => ((await m.buyer.client.get(`/api/me/orders/${orderId}`)).json().fulfilment.pickup?.code ?? null) as string | null;
  /** A code that is not any open code of the shop. */
  const wrongCode = async () => {
    const open = new Set((await t.ctx.db.selectFrom('pickup_code').select('code').where('shop_id', '=', shop).execute()).map((r) => r.code));
    for (let n = 10_000_000; ; n++) if (!open.has(String(n))) return String(n);
  };

  before(async () => {
    t = await createTestApp(database());
    m = await makeShipMall(t);
    shop = m.market.shops[0]!;
    otherShop = m.market.shops[1]!;
  });

  test('备货完成 gives the buyer an 8-digit code (the shop never sees it); asking again changes nothing', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 2 }], { pickup: true });
    assert.equal(await codeOf(o.orderId), null, 'not ready yet');
    const res = await ready(o.orderId);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().created, true);
    const code = await codeOf(o.orderId);
    assert.match(code!, /^\d{8}$/);
    assert.equal((await ready(o.orderId)).json().created, false);
    assert.equal(await codeOf(o.orderId), code, 'the same code');
    const merchantView = (await m.merchant.get(`/api/seller/shops/${shop}/orders/${o.orderId}`)).json();
    assert.equal(merchantView.fulfilment.pickup.status, 'open');
    assert.equal(merchantView.fulfilment.pickup.code, null, 'staff check the code the buyer shows; they do not read it off the console');
    assert.equal(merchantView.timeline.at(-1).action, 'pickup_ready');
    assert.equal(merchantView.status, 'paid');

    const express = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    assert.equal((await ready(express.orderId)).json().error.code, 'PICKUP_NOT_PICKUP_ORDER');
    const unpaid = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true, paid: false });
    assert.equal((await ready(unpaid.orderId)).json().error.code, 'ORDER_STATUS_CONFLICT');
    assert.equal((await ready(o.orderId, m.otherMerchant, otherShop)).statusCode, 404, "another shop's order");
    assert.equal((await ready(o.orderId, m.service)).statusCode, 403);
  });

  test('核销: once; the order is handed over (received); a reused code, a wrong code and another shop’s code are refused', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }, { skuId: m.skuB, qty: 2 }], { pickup: true });
    await ready(o.orderId);
    const code = (await codeOf(o.orderId))!;

    // Another shop's staff type this shop's code: for them it is simply a wrong code.
    const foreign = await verify(code, m.otherMerchant, otherShop);
    assert.equal(foreign.statusCode, 400);
    assert.equal(foreign.json().error.code, 'PICKUP_CODE_INVALID');
    assert.equal((await verify(await wrongCode())).json().error.code, 'PICKUP_CODE_INVALID');
    assert.equal((await verify('12ab')).json().error.code, 'PICKUP_CODE_INVALID');

    const ok = await verify(`${code.slice(0, 4)} ${code.slice(4)}`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().orderId, o.orderId);
    assert.deepEqual(ok.json().lines.map((l: { qty: number }) => l.qty).sort(), [1, 2]);
    assert.match(ok.json().buyer, /^\d{3}\*{4}\d{4}$/);
    const detail = (await m.buyer.client.get(`/api/me/orders/${o.orderId}`)).json();
    assert.equal(detail.status, 'received');
    assert.deepEqual(detail.timeline.slice(-2).map((e: { action: string }) => e.action), ['ship', 'confirm_receipt']);
    assert.equal(detail.fulfilment.state, 'all');
    assert.equal(detail.fulfilment.pickup.status, 'used');
    assert.equal(detail.fulfilment.pickup.code, null, 'a used code is not shown any more');
    const complete = await t.ctx.db.selectFrom('job').select('kind').where('dedupe_key', '=', `orders.complete:${o.orderId}`).executeTakeFirst();
    assert.equal(complete?.kind, 'orders.complete', 'the after-sales window starts at handover');

    const reused = await verify(code);
    assert.equal(reused.statusCode, 409);
    assert.equal(reused.json().error.code, 'PICKUP_CODE_USED');
  });

  test('two scans of one code at once hand over once', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    await ready(o.orderId);
    const code = (await codeOf(o.orderId))!;
    const results = await Promise.all(Array.from({ length: 5 }, () => verify(code)));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409, 409, 409, 409]);
    const events = await t.ctx.db.selectFrom('order_event').select('action').where('order_id', '=', o.orderId).where('action', 'in', ['ship', 'confirm_receipt']).execute();
    assert.equal(events.length, 2);
  });

  test('a cancelled order’s code is void; codes are unique among a shop’s open codes (the database says so)', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    await ready(o.orderId);
    const code = (await codeOf(o.orderId))!;
    assert.equal((await m.buyer.client.post(`/api/me/orders/${o.orderId}/cancel`, { reason: '不想要了' })).json().status, 'cancelled');
    assert.equal((await verify(code)).json().error.code, 'ORDER_STATUS_CONFLICT');
    assert.equal((await t.ctx.db.selectFrom('pickup_code').select('status').where('order_id', '=', o.orderId).executeTakeFirstOrThrow()).status, 'void');
    assert.equal((await verify(code)).json().error.code, 'PICKUP_CODE_INVALID');

    const a = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    const b = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    const row = (orderId: string, status: 'open' | 'used') => ({ id: newId('pku'), order_id: orderId, shop_id: shop, code: '55554444', status, created_by: null, created_at: t.clock.now(), used_at: status === 'used' ? t.clock.now() : null });
    await t.ctx.db.insertInto('pickup_code').values(row(a.orderId, 'used')).execute();
    await t.ctx.db.insertInto('pickup_code').values(row(b.orderId, 'open')).execute();
    const c = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    await assert.rejects(t.ctx.db.insertInto('pickup_code').values(row(c.orderId, 'open')).execute(), /pickup_code_open_idx|duplicate key/);
    // With a used and an open code of the same digits, the open one is handed over.
    assert.equal((await verify('55554444')).json().orderId, b.orderId);
  });

  test(`rate limit: after ${PICKUP_MAX_FAILURES} wrong codes in the window the shop waits, even with a right code; other shops are not affected`, async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    await ready(o.orderId);
    const code = (await codeOf(o.orderId))!;
    // Start at the beginning of a window so the whole run falls in it.
    t.clock.set(new Date(Math.ceil(t.clock.now().getTime() / (10 * MINUTE)) * 10 * MINUTE + 1000));
    const wrong = await wrongCode();
    for (let i = 0; i < PICKUP_MAX_FAILURES; i++) assert.equal((await verify(wrong)).json().error.code, 'PICKUP_CODE_INVALID');
    const throttled = await verify(code);
    assert.equal(throttled.statusCode, 429);
    assert.equal(throttled.json().error.code, 'PICKUP_VERIFY_THROTTLED');
    assert.match(throttled.json().error.message, /10 分钟后再试/);
    assert.equal((await verify(wrong, m.otherMerchant, otherShop)).json().error.code, 'PICKUP_CODE_INVALID', 'per shop');
    t.clock.advance(10 * MINUTE);
    assert.equal((await verify(code)).statusCode, 200, 'the next window');
  });
});
