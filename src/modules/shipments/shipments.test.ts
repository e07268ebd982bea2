import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { DAY, HOUR } from '../../shared/clock.ts';
import { JobWorker } from '../../shared/jobs.ts';
import { transitionOrder } from '../orders/orders.service.ts';
import { shipOrder, flagStaleShipments } from './shipments.service.ts';
import { idem, makeShipMall, paidOrder, type ShipMall } from './shipments.test-helpers.ts';

describeEachDatabase('shipments: 发货 in parts and in full, tracking events, 物流异常', (database) => {
  let t: TestApp;
  let m: ShipMall;
  let shop: string;
  let otherShop: string;
  const ship = (orderId: string, body: object, headers = idem(), client = m.merchant, shopId = shop) => client.post(`/api/seller/shops/${shopId}/orders/${orderId}/ship`, body, headers);
  const detail = async (orderId: string) => (await m.buyer.client.get(`/api/me/orders/${orderId}`)).json();
  const statusOf = async (orderId: string) => (await t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status;

  before(async () => {
    t = await createTestApp(database());
    m = await makeShipMall(t);
    shop = m.market.shops[0]!;
    otherShop = m.market.shops[1]!;
  });

  test('部分发货 then the rest: the order is shipped (timer set) only when every piece has gone', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 3 }, { skuId: m.skuB, qty: 2 }]);
    const a = o.lineIds[m.skuA]!;
    const b = o.lineIds[m.skuB]!;

    const first = await ship(o.orderId, { carrier: 'SF', trackingNo: 'sf 1234 5678 90123', lines: [{ orderLineId: a, qty: 2 }] });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().status, 'paid');
    assert.equal(first.json().trackingNo, 'SF1234567890123', 'normalised');
    assert.deepEqual([first.json().shippedPieces, first.json().totalPieces], [2, 5]);
    assert.equal(await statusOf(o.orderId), 'paid');
    let d = await detail(o.orderId);
    assert.equal(d.fulfilment.state, 'partial');
    assert.equal(d.timeline.at(-1).action, 'ship_partial');
    assert.match(d.timeline.at(-1).note, /顺丰速运 SF1234567890123/);
    // What left cannot be cancelled back: a partly shipped order refuses the buyer's cancel.
    const cancel = await t.ctx.db
      .transaction()
      .execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, o.orderId, 'cancel', { id: null, role: 'buyer' }))
      .catch((error: { code?: string }) => error.code);
    assert.equal(cancel, 'ORDER_STATUS_CONFLICT');

    const over = await ship(o.orderId, { carrier: 'YTO', trackingNo: 'YT1234567890123', lines: [{ orderLineId: a, qty: 2 }] });
    assert.equal(over.json().error.code, 'SHIPMENT_QTY_EXCEEDED', 'one piece of A is left');
    assert.match(over.json().error.message, /还可发 1 件/);

    const rest = await ship(o.orderId, { carrier: 'YTO', trackingNo: 'YT1234567890123', lines: [{ orderLineId: a, qty: 1 }, { orderLineId: b, qty: 2 }] });
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().status, 'shipped');
    const order = await t.ctx.db.selectFrom('shop_order').select(['status', 'shipped_at', 'auto_confirm_at']).where('id', '=', o.orderId).executeTakeFirstOrThrow();
    assert.equal(order.status, 'shipped');
    assert.equal(order.auto_confirm_at!.getTime() - order.shipped_at!.getTime(), t.ctx.config.orders.autoConfirmMs);
    const timer = await t.ctx.db.selectFrom('job').select('kind').where('dedupe_key', '=', `orders.auto-confirm:${o.orderId}`).executeTakeFirst();
    assert.equal(timer?.kind, 'orders.auto-confirm');

    d = await detail(o.orderId);
    assert.equal(d.fulfilment.state, 'all');
    assert.deepEqual(d.fulfilment.shipments.map((s: { carrier: string; lines: { qty: number }[] }) => [s.carrier, s.lines.reduce((n, l) => n + l.qty, 0)]), [['SF', 2], ['YTO', 3]]);
    assert.deepEqual(d.fulfilment.lines.map((l: { ordered: number; shipped: number }) => [l.ordered, l.shipped]).sort(), [[2, 2], [3, 3]]);
    assert.equal(d.fulfilment.pickup, null);

    const again = await ship(o.orderId, { carrier: 'ZTO', trackingNo: '78123456789012' });
    assert.equal(again.json().error.code, 'ORDER_STATUS_CONFLICT', 'nothing left, and the order has shipped');
  });

  test('one call without lines ships everything left in one parcel', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }, { skuId: m.skuB, qty: 4 }]);
    const res = await ship(o.orderId, { carrier: 'JTSD', trackingNo: 'JT1234567890123' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'shipped');
    assert.deepEqual([res.json().shippedPieces, res.json().totalPieces], [5, 5]);
  });

  test('refused: unknown carrier, bad number, bad lines, duplicates, unpaid, pickup orders, another shop, the wrong role, no key', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 2 }]);
    const a = o.lineIds[m.skuA]!;
    const code = async (res: Promise<{ json(): { error?: { code: string } } }>) => (await res).json().error?.code;
    assert.equal(await code(ship(o.orderId, { carrier: 'NOPE', trackingNo: 'SF1234567890123' })), 'CARRIER_UNKNOWN');
    assert.equal(await code(ship(o.orderId, { carrier: 'SF', trackingNo: 'SF12' })), 'TRACKING_NO_INVALID');
    assert.equal(await code(ship(o.orderId, { carrier: 'OTHER', trackingNo: '汉字单号12345' })), 'TRACKING_NO_INVALID');
    assert.equal(await code(ship(o.orderId, { carrier: 'SF' })), 'VALIDATION_FAILED');
    assert.equal(await code(ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: 'oln_nope', qty: 1 }] })), 'SHIPMENT_LINES_INVALID');
    assert.equal(await code(ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: a, qty: 1 }, { orderLineId: a, qty: 1 }] })), 'SHIPMENT_LINES_INVALID');
    assert.equal(await code(ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: a, qty: 0 }] })), 'VALIDATION_FAILED');
    assert.equal(await code(ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: a, qty: 3 }] })), 'SHIPMENT_QTY_EXCEEDED');
    assert.equal((await ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: a, qty: 1 }] })).statusCode, 201);
    assert.equal(await code(ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123' })), 'SHIPMENT_DUPLICATE', 'the same parcel twice');
    assert.equal((await ship(o.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123' }, {})).json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');

    const theirs = await ship(o.orderId, { carrier: 'SF', trackingNo: 'SF9234567890123' }, idem(), m.otherMerchant, otherShop);
    assert.equal(theirs.statusCode, 404, "another shop's order is not found");
    assert.equal(theirs.json().error.code, 'ORDER_NOT_FOUND');
    assert.equal((await ship(o.orderId, { carrier: 'SF', trackingNo: 'SF9234567890123' }, idem(), m.otherMerchant, shop)).json().error.code, 'SHOP_NOT_FOUND');
    assert.equal((await ship(o.orderId, { carrier: 'SF', trackingNo: 'SF9234567890123' }, idem(), m.service)).statusCode, 403, 'customer service does not ship');

    const unpaid = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { paid: false });
    assert.equal(await code(ship(unpaid.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123' })), 'ORDER_STATUS_CONFLICT');
    const pickup = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { pickup: true });
    assert.equal(await code(ship(pickup.orderId, { carrier: 'SF', trackingNo: 'SF1234567890123' })), 'SHIPMENT_NOT_EXPRESS');
    assert.equal(await t.ctx.db.selectFrom('shipment').select('id').where('order_id', 'in', [unpaid.orderId, pickup.orderId]).execute().then((r) => r.length), 0, 'nothing written');
  });

  test('Idempotency-Key: a retry replays the same parcel, also after the key itself was lost (crash between commit and reply)', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 2 }]);
    const a = o.lineIds[m.skuA]!;
    const key = idem();
    const body = { carrier: 'ZTO', trackingNo: '78123456789012', lines: [{ orderLineId: a, qty: 1 }] };
    const one = await ship(o.orderId, body, key);
    const two = await ship(o.orderId, body, key);
    assert.equal(one.statusCode, 201);
    assert.equal(two.headers['idempotent-replayed'], 'true');
    assert.equal(two.json().shipmentId, one.json().shipmentId);
    // The HTTP layer's key is gone (purged, or never completed): the parcel row still carries it.
    await t.ctx.db.deleteFrom('idempotency_key').execute();
    const three = await ship(o.orderId, body, key);
    assert.equal(three.statusCode, 200);
    assert.equal(three.json().replayed, true);
    assert.equal(three.json().shipmentId, one.json().shipmentId);
    const rows = await t.ctx.db.selectFrom('fulfilment_line').select('shipped_qty').where('order_line_id', '=', a).executeTakeFirstOrThrow();
    assert.equal(rows.shipped_qty, 1, 'shipped once');
  });

  test('concurrent ship calls never send more than was ordered', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 3 }, { skuId: m.skuB, qty: 1 }]);
    const a = o.lineIds[m.skuA]!;
    const calls = Array.from({ length: 10 }, (_, i) => ship(o.orderId, { carrier: 'ZTO', trackingNo: `7812345678${String(i).padStart(4, '0')}`, lines: [{ orderLineId: a, qty: 1 }] }));
    const results = await Promise.all(calls);
    const ok = results.filter((r) => r.statusCode === 201);
    assert.equal(ok.length, 3, results.map((r) => r.body).join('\n'));
    for (const r of results.filter((x) => x.statusCode !== 201)) assert.equal(r.json().error.code, 'SHIPMENT_QTY_EXCEEDED');
    // And the rest, raced: several "ship everything left" calls → one parcel.
    const all = await Promise.all(Array.from({ length: 6 }, (_, i) => ship(o.orderId, { carrier: 'STO', trackingNo: `77312345678901${i}` })));
    assert.equal(all.filter((r) => r.statusCode === 201).length, 1, all.map((r) => r.body).join('\n'));
    const shipped = await t.ctx.db.selectFrom('shipment_line as l').innerJoin('shipment as s', 's.id', 'l.shipment_id').select(['l.order_line_id', 'l.qty']).where('s.order_id', '=', o.orderId).execute();
    assert.equal(shipped.filter((l) => l.order_line_id === a).reduce((n, l) => n + l.qty, 0), 3);
    assert.equal(shipped.reduce((n, l) => n + l.qty, 0), 4);
    assert.equal(await statusOf(o.orderId), 'shipped');
    const events = await t.ctx.db.selectFrom('order_event').select('action').where('order_id', '=', o.orderId).where('action', '=', 'ship').execute();
    assert.equal(events.length, 1, 'shipped once');
  });

  test('manual tracking events: de-duplicated, newest first, 已签收 shown but receipt stays the buyer’s', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const shipped = (await ship(o.orderId, { carrier: 'EMS', trackingNo: '1123456789012' })).json();
    const url = `/api/seller/shops/${shop}/shipments/${shipped.shipmentId}/events`;
    const now = t.clock.now().getTime();
    const at = (h: number) => new Date(now + h * HOUR).toISOString();
    t.clock.advance(6 * HOUR);
    assert.equal((await m.merchant.post(url, { status: 'collected', occurredAt: at(1), location: '杭州' })).statusCode, 201);
    assert.equal((await m.merchant.post(url, { status: 'in_transit', occurredAt: at(5), location: '上海转运中心', description: '到达上海转运中心' })).statusCode, 201);
    // Late entry of an earlier step: it sorts by its own time.
    assert.equal((await m.merchant.post(url, { status: 'in_transit', occurredAt: at(3), location: '嘉兴' })).statusCode, 201);
    const dup = await m.merchant.post(url, { status: 'collected', occurredAt: at(1), location: '杭州' });
    assert.equal(dup.statusCode, 200);
    assert.equal(dup.json().added, false, 'the same step twice is one step');
    t.clock.advance(24 * HOUR);
    assert.equal((await m.merchant.post(url, { status: 'signed', occurredAt: at(28), location: '北京' })).statusCode, 201);
    assert.equal((await m.merchant.post(url, { status: 'delivering', occurredAt: at(24 * 30) })).json().error.code, 'TRACKING_EVENT_INVALID', 'not in the future');
    assert.equal((await m.merchant.post(url, { status: 'lost', occurredAt: at(2) })).json().error.code, 'VALIDATION_FAILED');
    assert.equal((await m.otherMerchant.post(`/api/seller/shops/${otherShop}/shipments/${shipped.shipmentId}/events`, { status: 'signed', occurredAt: at(2) })).json().error.code, 'SHIPMENT_NOT_FOUND');
    assert.equal((await m.service.post(url, { status: 'signed', occurredAt: at(2) })).statusCode, 403);

    const d = await detail(o.orderId);
    const parcel = d.fulfilment.shipments[0];
    assert.deepEqual(parcel.events.map((e: { status: string }) => e.status), ['signed', 'in_transit', 'in_transit', 'collected']);
    assert.equal(parcel.events[1].description, '到达上海转运中心');
    assert.equal(parcel.events[3].description, '快递员已揽收', 'a default description');
    assert.equal(parcel.status, 'signed');
    assert.equal(new Date(parcel.signedAt).toISOString(), at(28));
    assert.equal(d.status, 'shipped', '签收 does not confirm receipt: the buyer or the timer does');
  });

  test('物流异常: the hourly job flags parcels with no movement for SHIPMENT_STALE_DAYS; the next event clears it; running twice changes nothing', async () => {
    const moving = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const quiet = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const signed = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const parcels: Record<string, string> = {};
    for (const [name, o, no] of [['moving', moving, 'SF1234567890001'], ['quiet', quiet, 'SF1234567890002'], ['signed', signed, 'SF1234567890003']] as const) {
      parcels[name] = (await ship(o.orderId, { carrier: 'SF', trackingNo: no })).json().shipmentId;
    }
    const event = (id: string, status: string) => m.merchant.post(`/api/seller/shops/${shop}/shipments/${id}/events`, { status, occurredAt: t.clock.now().toISOString() });
    await event(parcels.signed!, 'signed');
    const worker = new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock, workerId: 'stale-test' });
    await worker.scheduleRecurring();
    const runJobs = async () => {
      for (let i = 0; i < 5 && (await worker.runDueJobs(100)) > 0; i++);
    };
    const staleIds = async () => (await t.ctx.db.selectFrom('shipment').select('id').where('stale', '=', true).where('id', 'in', Object.values(parcels)).execute()).map((r) => r.id).sort();

    t.clock.advance(2 * DAY);
    await event(parcels.moving!, 'in_transit');
    t.clock.advance(1 * DAY + HOUR);
    await runJobs();
    assert.deepEqual(await staleIds(), [parcels.quiet], 'three days without movement; the moving one moved a day ago, the signed one is done');
    const since = (await t.ctx.db.selectFrom('shipment').select('stale_since').where('id', '=', parcels.quiet!).executeTakeFirstOrThrow()).stale_since;
    assert.deepEqual(await t.ctx.db.transaction().execute((trx) => flagStaleShipments(trx, t.clock, 3)), [], 'a second run finds nothing new');
    assert.deepEqual((await t.ctx.db.selectFrom('shipment').select('stale_since').where('id', '=', parcels.quiet!).executeTakeFirstOrThrow()).stale_since, since);

    // (Parcels of the earlier tests have been quiet for days too: they are on the lists as well.)
    const listed = (await m.merchant.get(`/api/seller/shops/${shop}/shipments?stale=1&pageSize=100`)).json().items.map((s: { id: string }) => s.id);
    assert.ok(listed.includes(parcels.quiet) && !listed.includes(parcels.moving) && !listed.includes(parcels.signed));
    const orders = (await m.merchant.get(`/api/seller/shops/${shop}/orders?stale=1&pageSize=100`)).json().items.map((o: { id: string }) => o.id);
    assert.ok(orders.includes(quiet.orderId) && !orders.includes(moving.orderId) && !orders.includes(signed.orderId), 'the 物流异常 filter on the order list');
    assert.equal((await m.otherMerchant.get(`/api/seller/shops/${otherShop}/shipments?stale=1`)).json().total, 0, 'per shop');

    await event(parcels.quiet!, 'in_transit');
    assert.deepEqual(await staleIds(), [], 'movement clears the flag');
    t.clock.advance(3 * DAY);
    await runJobs();
    assert.deepEqual(await staleIds(), [parcels.moving, parcels.quiet].sort(), 'quiet again for three days');

    // A received order's parcel is no longer watched.
    await t.ctx.db.transaction().execute((trx) => transitionOrder(trx, t.clock, t.ctx.config.orders, quiet.orderId, 'confirm_receipt', { id: null, role: 'system' }));
    await t.ctx.db.updateTable('shipment').set({ stale: false, stale_since: null }).where('id', '=', parcels.quiet!).execute();
    t.clock.advance(3 * DAY);
    assert.ok(!(await t.ctx.db.transaction().execute((trx) => flagStaleShipments(trx, t.clock, 3))).includes(parcels.quiet!));
  });

  test('service level: shipOrder keeps to the order lock and the per-line counter (direct calls in one transaction each)', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuB, qty: 2 }]);
    const b = o.lineIds[m.skuB]!;
    const actor = { id: null, role: 'merchant' as const };
    const one = await t.ctx.db.transaction().execute((trx) => shipOrder(trx, t.clock, t.ctx.config.orders, { shopId: shop, orderId: o.orderId, carrier: 'DBL', trackingNo: 'DPK123456789012', lines: [{ orderLineId: b, qty: 1 }], actor }));
    assert.equal(one.orderStatus, 'paid');
    await assert.rejects(
      t.ctx.db.transaction().execute((trx) => shipOrder(trx, t.clock, t.ctx.config.orders, { shopId: otherShop, orderId: o.orderId, carrier: 'DBL', trackingNo: 'DPK123456789013', actor })),
      (e: { code?: string }) => e.code === 'ORDER_NOT_FOUND',
    );
    const two = await t.ctx.db.transaction().execute((trx) => shipOrder(trx, t.clock, t.ctx.config.orders, { shopId: shop, orderId: o.orderId, carrier: 'DBL', trackingNo: 'DPK123456789013', actor }));
    assert.equal(two.orderStatus, 'shipped');
    assert.deepEqual(two.lines, [{ orderLineId: b, qty: 1 }]);
  });
});
