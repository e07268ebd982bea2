import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { JobRegistry } from '../../shared/jobs.ts';
import { createKuaidi100Provider } from './shipments.kuaidi100.ts';
import { useTrackingProvider } from './shipments.providers.ts';
import { registerShipmentJobs } from './shipments.jobs.ts';
import { subscribeShipment } from './shipments.service.ts';
import { CONFIG, PUSH, QUERY_ANSWER, fakeTransport, idem, makeShipMall, paidOrder, pushForm, type ShipMall } from './shipments.test-helpers.ts';

describeEachDatabase('shipments: Kuaidi100 subscription, pushes and queries', (database) => {
  let t: TestApp;
  let m: ShipMall;
  let shop: string;
  let answer: { status: number; body: unknown } = { status: 200, body: { result: true, returnCode: '200', message: '提交成功' } };
  const fake = fakeTransport(() => answer);
  const provider = createKuaidi100Provider(CONFIG, fake.transport);
  const push = (body: string, contentType = 'application/x-www-form-urlencoded') =>
    t.app.inject({ method: 'POST', url: '/api/shipments/webhooks/kuaidi100', payload: body, headers: { 'content-type': contentType }, remoteAddress: '47.92.1.1' });
  const eventsOf = async (shipmentId: string) =>
    t.ctx.db.selectFrom('tracking_event').select(['status', 'description', 'occurred_at', 'source']).where('shipment_id', '=', shipmentId).orderBy('occurred_at', 'desc').execute();

  before(async () => {
    t = await createTestApp(database());
    useTrackingProvider(t.ctx, provider);
    m = await makeShipMall(t);
    shop = m.market.shops[0]!;
  });

  test('shipping with a Kuaidi100 carrier enqueues the subscription; the job posts it with the callback URL and the recipient phone', async () => {
    const registry = new JobRegistry();
    registerShipmentJobs(registry, { publicUrl: 'https://mall.example.com', provider });
    assert.ok(registry.get('shipments.subscribe')?.external, 'an external job: no transaction open while Kuaidi100 answers');
    assert.ok(registry.get('shipments.flag-stale')?.everyMs);

    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const shipped = (await m.merchant.post(`/api/seller/shops/${shop}/orders/${o.orderId}/ship`, { carrier: 'YTO', trackingNo: 'YT1234567890123' }, idem())).json();
    const row = await t.ctx.db.selectFrom('shipment').select(['subscription']).where('id', '=', shipped.shipmentId).executeTakeFirstOrThrow();
    assert.equal(row.subscription, 'pending');
    const job = await t.ctx.db.selectFrom('job').select(['kind', 'payload']).where('dedupe_key', '=', `shipments.subscribe:${shipped.shipmentId}`).executeTakeFirstOrThrow();
    assert.deepEqual(job.payload, { shipmentId: shipped.shipmentId });

    const before = fake.calls.length;
    await subscribeShipment(t.ctx.db, provider, shipped.shipmentId);
    const call = fake.calls[before]!;
    assert.equal(call.url, `${CONFIG.baseUrl}/poll`);
    const param = JSON.parse(call.form.get('param')!);
    assert.equal(param.company, 'yuantong');
    assert.equal(param.number, 'YT1234567890123');
    assert.equal(param.parameters.callbackurl, CONFIG.callbackUrl);
    assert.equal(param.parameters.phone, '13812345678', "the recipient's phone (SF needs one)");
    assert.equal(param.to, '浙江省杭州市西湖区');
    assert.equal((await t.ctx.db.selectFrom('shipment').select('subscription').where('id', '=', shipped.shipmentId).executeTakeFirstOrThrow()).subscription, 'active');
    await subscribeShipment(t.ctx.db, provider, shipped.shipmentId);
    assert.equal(fake.calls.length, before + 1, 'once: a second run of the job finds it active');

    // Kuaidi100 refuses (700): kept on the parcel, tracked by hand from then on; their 500 is retried (the job throws).
    const o2 = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const s2 = (await m.merchant.post(`/api/seller/shops/${shop}/orders/${o2.orderId}/ship`, { carrier: 'ZTO', trackingNo: '78123456789013' }, idem())).json();
    answer = { status: 200, body: { result: false, returnCode: '500', message: '服务器错误' } };
    await assert.rejects(subscribeShipment(t.ctx.db, provider, s2.shipmentId), (e: { code?: string }) => e.code === 'TRACKING_PROVIDER_ERROR');
    answer = { status: 200, body: { result: false, returnCode: '700', message: '不支持的快递公司' } };
    await subscribeShipment(t.ctx.db, provider, s2.shipmentId);
    const failed = await t.ctx.db.selectFrom('shipment').select(['subscription', 'subscription_error']).where('id', '=', s2.shipmentId).executeTakeFirstOrThrow();
    assert.deepEqual(failed, { subscription: 'failed', subscription_error: '700 不支持的快递公司' });
    answer = { status: 200, body: { result: true, returnCode: '200', message: '提交成功' } };

    // 其他快递 has no Kuaidi100 code: no subscription at all.
    const o3 = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const s3 = (await m.merchant.post(`/api/seller/shops/${shop}/orders/${o3.orderId}/ship`, { carrier: 'OTHER', trackingNo: 'LOCAL0001' }, idem())).json();
    assert.equal((await t.ctx.db.selectFrom('shipment').select('subscription').where('id', '=', s3.shipmentId).executeTakeFirstOrThrow()).subscription, 'none');
  });

  test('pushes: verified, stored once however often they come, ordered by time; a bad sign is refused and stores nothing', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const shipped = (await m.merchant.post(`/api/seller/shops/${shop}/orders/${o.orderId}/ship`, { carrier: 'YTO', trackingNo: 'YT5550000000001' }, idem())).json();
    const param = { ...PUSH, lastResult: { ...PUSH.lastResult, nu: 'YT5550000000001' } };

    const bad = await push(pushForm(param, 'wrong-salt'));
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().result, false);
    assert.equal((await eventsOf(shipped.shipmentId)).length, 0, 'nothing stored');
    assert.equal((await push(pushForm(param), 'application/json')).statusCode, 400);

    const first = await push(pushForm(param));
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { result: true, returnCode: '200', message: '成功' });
    assert.deepEqual((await eventsOf(shipped.shipmentId)).map((e) => e.status), ['in_transit', 'collected']);

    // The same push again, and twice at once: still two events.
    const repeats = await Promise.all([push(pushForm(param)), push(pushForm(param)), push(pushForm(param))]);
    assert.deepEqual(repeats.map((r) => r.statusCode), [200, 200, 200]);
    assert.equal((await eventsOf(shipped.shipmentId)).length, 2, 'duplicate pushes are idempotent');

    // The whole trail, 签收 included (status shutdown): two new events; the parcel is signed; the order is not received by it.
    const done = { ...param, status: 'shutdown', lastResult: { ...param.lastResult, state: '3', ischeck: '1', data: QUERY_ANSWER.data } };
    assert.equal((await push(pushForm(done))).statusCode, 200);
    const events = await eventsOf(shipped.shipmentId);
    assert.deepEqual(events.map((e) => e.status), ['signed', 'delivering', 'in_transit', 'collected']);
    assert.ok(events.every((e) => e.source === 'kuaidi100'));
    const parcel = await t.ctx.db.selectFrom('shipment').select(['status', 'signed_at', 'subscription', 'last_movement_at']).where('id', '=', shipped.shipmentId).executeTakeFirstOrThrow();
    assert.equal(parcel.status, 'signed');
    assert.equal(parcel.signed_at?.toISOString(), '2026-11-21T06:25:03.000Z');
    assert.equal(parcel.subscription, 'ended');
    const order = await t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', o.orderId).executeTakeFirstOrThrow();
    assert.equal(order.status, 'shipped', 'receipt stays the buyer’s (or the auto-confirm timer’s)');

    const view = (await m.buyer.client.get(`/api/me/orders/${o.orderId}`)).json();
    assert.deepEqual(view.fulfilment.shipments[0].events.map((e: { status: string }) => e.status), ['signed', 'delivering', 'in_transit', 'collected'], 'newest first for the shopper');

    // A push for a parcel we do not have is acknowledged (else Kuaidi100 keeps retrying) and stores nothing.
    const unknown = { ...param, lastResult: { ...param.lastResult, nu: 'YT0000000000000' } };
    assert.equal((await push(pushForm(unknown))).statusCode, 200);
  });

  test('one tracking number on two orders (one parcel, 合并发货): a push reaches both', async () => {
    const a = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const b = await paidOrder(t, m, [{ skuId: m.skuB, qty: 1 }]);
    const ids = [];
    for (const o of [a, b]) ids.push((await m.merchant.post(`/api/seller/shops/${shop}/orders/${o.orderId}/ship`, { carrier: 'YTO', trackingNo: 'YT7770000000001' }, idem())).json().shipmentId);
    const param = { ...PUSH, lastResult: { ...PUSH.lastResult, nu: 'YT7770000000001' } };
    assert.equal((await push(pushForm(param))).statusCode, 200);
    for (const id of ids) assert.equal((await eventsOf(id)).length, 2);
  });

  test('刷新物流: the merchant asks Kuaidi100 now; events merge with what is there', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const shipped = (await m.merchant.post(`/api/seller/shops/${shop}/orders/${o.orderId}/ship`, { carrier: 'YTO', trackingNo: 'YT1234567890123' }, idem())).json();
    answer = { status: 200, body: QUERY_ANSWER };
    const refreshed = await m.merchant.post(`/api/seller/shops/${shop}/shipments/${shipped.shipmentId}/refresh`);
    assert.equal(refreshed.statusCode, 200, refreshed.body);
    assert.equal(refreshed.json().added, 4);
    assert.equal((await m.merchant.post(`/api/seller/shops/${shop}/shipments/${shipped.shipmentId}/refresh`)).json().added, 0);
    const call = fake.calls.at(-1)!;
    assert.equal(call.url, `${CONFIG.baseUrl}/poll/query.do`);
    assert.equal(call.form.get('customer'), CONFIG.customer);
    answer = { status: 200, body: { result: false, returnCode: '400', message: '找不到对应公司' } };
    const failing = await m.merchant.post(`/api/seller/shops/${shop}/shipments/${shipped.shipmentId}/refresh`);
    assert.equal(failing.statusCode, 502);
    assert.equal(failing.json().error.code, 'TRACKING_PROVIDER_ERROR');
    assert.equal((await m.otherMerchant.post(`/api/seller/shops/${m.market.shops[1]}/shipments/${shipped.shipmentId}/refresh`)).json().error.code, 'SHIPMENT_NOT_FOUND');
    answer = { status: 200, body: { result: true, returnCode: '200', message: '提交成功' } };
  });
});

describeEachDatabase('shipments: without Kuaidi100 settings, tracking is manual only', (database) => {
  test('no subscription, refresh says so, pushes are refused', async () => {
    const t = await createTestApp(database());
    const m = await makeShipMall(t);
    const shop = m.market.shops[0]!;
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const shipped = (await m.merchant.post(`/api/seller/shops/${shop}/orders/${o.orderId}/ship`, { carrier: 'SF', trackingNo: 'SF1234567890123' }, idem())).json();
    assert.equal((await t.ctx.db.selectFrom('shipment').select('subscription').where('id', '=', shipped.shipmentId).executeTakeFirstOrThrow()).subscription, 'none');
    assert.equal((await t.ctx.db.selectFrom('job').select('id').where('kind', '=', 'shipments.subscribe').execute()).length, 0);
    assert.equal((await m.merchant.post(`/api/seller/shops/${shop}/shipments/${shipped.shipmentId}/refresh`)).json().error.code, 'TRACKING_UNAVAILABLE');
    const res = await t.app.inject({ method: 'POST', url: '/api/shipments/webhooks/kuaidi100', payload: pushForm(PUSH), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 400);
  });
});
