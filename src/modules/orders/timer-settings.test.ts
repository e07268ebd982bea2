import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { drainJobs } from '../../testing/payment-fixtures.ts';
import { idem, makeShipMall, paidOrder, type ShipMall } from '../shipments/shipments.test-helpers.ts';
import { loadConfig } from '../../config.ts';
import { DAY, HOUR, MINUTE } from '../../shared/clock.ts';
import { DEFAULT_AFTER_SALES_TIMERS } from '../after-sales/after-sales.rules.ts';
import { getOrderTimers } from './timer-settings.service.ts';

/**
 * 系统设置 — 订单与售后时限: the environment's values until the platform saves its own; only super admins
 * change them; out-of-range values are refused with nothing written; and a change applies to the deadlines
 * set from then on, while those already set (orders placed, shipped, received, requests waiting) keep theirs.
 */
describeEachDatabase('platform timer settings (系统设置)', (database) => {
  let t: TestApp;
  let m: ShipMall;
  let admin: ApiClient;
  let ip = 0;
  const URL = '/api/admin/settings/timers';

  const signIn = async (user: { identifier: string; password: string }) => {
    const client = new ApiClient(t.app, `10.66.0.${++ip}`);
    assert.equal((await client.post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
    return client;
  };
  const put = (client: ApiClient, body: unknown, headers?: Record<string, string>) => client.request('PUT', URL, body, headers);
  const code = (res: LightMyRequestResponse) => (res.json() as { error?: { code: string } }).error?.code;
  const saved = () => t.ctx.db.selectFrom('platform_timer_setting').selectAll().executeTakeFirstOrThrow();
  const setting = (res: LightMyRequestResponse, key: string) => (res.json() as { settings: { key: string; value: number; saved: number | null; default: number }[] }).settings.find((s) => s.key === key)!;
  const setOk = async (body: Record<string, number | null>) => {
    const res = await put(admin, body);
    assert.equal(res.statusCode, 200, res.body);
    return res;
  };
  const orderRow = (id: string) => t.ctx.db.selectFrom('shop_order').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const status = async (id: string) => (await orderRow(id)).status;
  let trackingNo = 0;
  const ship = async (orderId: string) => {
    const res = await m.merchant.post(`/api/seller/shops/${m.market.shops[0]}/orders/${orderId}/ship`, { carrier: 'SF', trackingNo: `SF${String(7_000_000_000_000 + ++trackingNo)}` }, idem());
    assert.equal(res.statusCode, 201, res.body);
  };
  const receive = async (orderId: string) => {
    const res = await m.buyer.client.post(`/api/me/orders/${orderId}/confirm-receipt`);
    assert.equal(res.json().status, 'received', res.body);
  };

  before(async () => {
    t = await createTestApp(database());
    m = await makeShipMall(t);
    admin = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' }));
  });
  after(async () => {
    await t.app.close();
  });

  test('unsaved, the environment’s values are in force (and shown as the defaults)', async () => {
    const res = await admin.get(URL);
    assert.equal(res.statusCode, 200, res.body);
    const defaults = t.ctx.config.orders;
    assert.deepEqual(setting(res, 'unpaidCancelMinutes'), { key: 'unpaidCancelMinutes', unit: 'minute', min: 5, max: 1440, value: defaults.unpaidCancelMs / MINUTE, saved: null, default: defaults.unpaidCancelMs / MINUTE });
    assert.equal(setting(res, 'autoConfirmDays').value, defaults.autoConfirmMs / DAY);
    assert.equal(setting(res, 'afterSalesWindowDays').value, defaults.afterSalesWindowMs / DAY);
    assert.equal(setting(res, 'merchantDecisionHours').value, DEFAULT_AFTER_SALES_TIMERS.merchantDecisionMs / HOUR);
    assert.equal(setting(res, 'buyerConfirmHours').default, DEFAULT_AFTER_SALES_TIMERS.buyerConfirmMs / HOUR);
    assert.equal(res.json().updatedAt, null);
    // Other environment values are the defaults just the same.
    const env = loadConfig({ ORDER_UNPAID_MINUTES: '45', ORDER_AUTO_CONFIRM_DAYS: '12', ORDER_AFTER_SALES_DAYS: '15' }).orders;
    assert.deepEqual(await getOrderTimers(t.ctx.db, env), { ...DEFAULT_AFTER_SALES_TIMERS, unpaidCancelMs: 45 * MINUTE, autoConfirmMs: 12 * DAY, afterSalesWindowMs: 15 * DAY });
    // The environment cannot go where the platform may not either: start-up stops.
    assert.throws(() => loadConfig({ ORDER_AFTER_SALES_DAYS: '5' }), /ORDER_AFTER_SALES_DAYS/);
    assert.throws(() => loadConfig({ ORDER_UNPAID_MINUTES: 'thirty' }), /ORDER_UNPAID_MINUTES/);
  });

  test('out-of-range values are refused with a catalogued 400 in the caller’s language, and nothing is written', async () => {
    const before = await saved();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ unpaidCancelMinutes: 4 }, 'ORDER_TIMER_OUT_OF_RANGE', /未付款自动取消时间应为 5–1440 分钟之间的整数/],
      [{ unpaidCancelMinutes: 1441 }, 'ORDER_TIMER_OUT_OF_RANGE', /5–1440/],
      [{ autoConfirmDays: 2 }, 'ORDER_TIMER_OUT_OF_RANGE', /自动确认收货时间应为 3–30 天/],
      [{ autoConfirmDays: 31 }, 'ORDER_TIMER_OUT_OF_RANGE', /3–30/],
      [{ afterSalesWindowDays: 6 }, 'AFTER_SALES_WINDOW_BELOW_STATUTORY', /七天无理由/],
      [{ afterSalesWindowDays: 31 }, 'ORDER_TIMER_OUT_OF_RANGE', /售后期应为 7–30 天/],
      [{ merchantDecisionHours: 12 }, 'ORDER_TIMER_OUT_OF_RANGE', /24–168 小时/],
      [{ escalationHours: 721 }, 'ORDER_TIMER_OUT_OF_RANGE', /72–720 小时/],
      // A valid value next to a bad one is not saved either.
      [{ autoConfirmDays: 5, buyerReturnHours: 0 }, 'ORDER_TIMER_OUT_OF_RANGE', /买家寄回商品时限/],
      [{ unpaidCancelMinutes: 30.5 }, 'VALIDATION_FAILED', /./],
      [{ unpaidCancelMinutes: '30' }, 'VALIDATION_FAILED', /./],
      [{ unpaidCancelMinutes: 30, settlementDays: 1 }, 'VALIDATION_FAILED', /./],
    ];
    for (const [body, expected, message] of cases) {
      const res = await put(admin, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(code(res), expected, JSON.stringify(body));
      assert.match(res.json().error.message, message, JSON.stringify(body));
    }
    const en = await put(admin, { afterSalesWindowDays: 40 }, { 'accept-language': 'en' });
    assert.equal(en.json().error.message, 'The after-sales window must be a whole number from 7 to 30 days');
    assert.deepEqual(en.json().error.details, { field: 'afterSalesWindowDays' });
    const statutory = await put(admin, { afterSalesWindowDays: 3 }, { 'accept-language': 'en' });
    assert.match(statutory.json().error.message, /statutory 7-day no-reason return cannot be shortened/);
    assert.deepEqual(await saved(), before, 'nothing written');
    // The database holds the same line whoever writes.
    await assert.rejects(t.ctx.db.updateTable('platform_timer_setting').set({ after_sales_window_days: 6 }).execute(), /check/);
    await assert.rejects(t.ctx.db.updateTable('platform_timer_setting').set({ unpaid_cancel_minutes: 1 }).execute(), /check/);
  });

  test('only super admins see and change the timers', async () => {
    for (const role of ['platform_staff', 'operations', 'finance', 'customer_service', 'reviewer'] as const) {
      const client = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: role }));
      assert.equal((await client.get(URL)).statusCode, 403, role);
      const res = await put(client, { unpaidCancelMinutes: 10 });
      assert.equal(res.statusCode, 403, role);
      assert.equal(code(res), 'FORBIDDEN');
    }
    assert.equal((await put(m.buyer.client, { unpaidCancelMinutes: 10 })).statusCode, 403, 'a shopper');
    assert.equal((await new ApiClient(t.app, '10.66.1.1').get(URL)).statusCode, 401, 'a visitor');
    assert.equal((await saved()).unpaid_cancel_minutes, null, 'nothing written');
  });

  test('auto-cancel: a new unpaid order gets the new time, one placed before keeps its deadline', async () => {
    const buyNow = async (key: string) => {
      const res = await m.buyer.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: m.skuA, qty: 1 }, addressId: m.buyer.addressId }, { 'idempotency-key': key });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { paymentOrderId: string; orderIds: string[]; expiresAt: string };
    };
    await setOk({ unpaidCancelMinutes: 120 });
    const start = t.clock.now().getTime();
    const earlier = await buyNow('timers-unpaid-before');
    const res = await setOk({ unpaidCancelMinutes: 30 });
    assert.deepEqual({ ...setting(res, 'unpaidCancelMinutes') }, { key: 'unpaidCancelMinutes', unit: 'minute', min: 5, max: 1440, value: 30, saved: 30, default: t.ctx.config.orders.unpaidCancelMs / MINUTE });
    assert.ok(res.json().updatedAt, 'when it changed');
    const later = await buyNow('timers-unpaid-after');
    assert.equal(new Date(earlier.expiresAt).getTime(), start + 120 * MINUTE);
    assert.equal(new Date(later.expiresAt).getTime(), start + 30 * MINUTE);

    t.clock.advance(30 * MINUTE - 1);
    await drainJobs(t);
    assert.equal(await status(later.orderIds[0]!), 'pending_payment', 'not a millisecond early');
    t.clock.advance(1);
    await drainJobs(t);
    assert.equal(await status(later.orderIds[0]!), 'cancelled', 'the new order: 30 minutes');
    assert.equal(await status(earlier.orderIds[0]!), 'pending_payment', 'the earlier order keeps its 2 hours');
    t.clock.set(new Date(start + 120 * MINUTE));
    await drainJobs(t);
    assert.equal(await status(earlier.orderIds[0]!), 'cancelled');
    await setOk({ unpaidCancelMinutes: null });
    assert.equal((await saved()).unpaid_cancel_minutes, null, 'back to the default');
  });

  test('auto-confirm: an order shipped after the change is received after the new number of days, one shipped before keeps its own', async () => {
    await setOk({ autoConfirmDays: 8 });
    const earlier = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const later = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const start = t.clock.now().getTime();
    await ship(earlier.orderId);
    await setOk({ autoConfirmDays: 4 });
    await ship(later.orderId);
    assert.equal((await orderRow(earlier.orderId)).auto_confirm_at!.getTime(), start + 8 * DAY);
    assert.equal((await orderRow(later.orderId)).auto_confirm_at!.getTime(), start + 4 * DAY);

    t.clock.advance(4 * DAY);
    await drainJobs(t);
    assert.equal(await status(later.orderId), 'received', 'the new setting: 4 days');
    assert.equal(await status(earlier.orderId), 'shipped', 'shipped before the change: still 8 days');
    t.clock.set(new Date(start + 8 * DAY));
    await drainJobs(t);
    assert.equal(await status(earlier.orderId), 'received');
    await setOk({ autoConfirmDays: null });
  });

  test('after-sales window: orders received after the change get the new window, those received before keep theirs', async () => {
    await setOk({ afterSalesWindowDays: 10 });
    const earlier = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const later = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    for (const o of [earlier, later]) await ship(o.orderId);
    const start = t.clock.now().getTime();
    await receive(earlier.orderId);
    await setOk({ afterSalesWindowDays: 7 });
    await receive(later.orderId);
    assert.equal((await orderRow(earlier.orderId)).after_sales_until!.getTime(), start + 10 * DAY);
    assert.equal((await orderRow(later.orderId)).after_sales_until!.getTime(), start + 7 * DAY);

    t.clock.advance(7 * DAY);
    await drainJobs(t);
    assert.equal(await status(later.orderId), 'completed', 'its 7-day window closed');
    assert.equal(await status(earlier.orderId), 'received', 'received under 10 days: still open');
    const options = (await m.buyer.client.get(`/api/me/after-sales/options?orderId=${earlier.orderId}`)).json();
    assert.equal(new Date(options.afterSalesUntil).getTime(), start + 10 * DAY);
    assert.equal(options.lines[0].kinds.find((k: { kind: string }) => k.kind === 'exchange').allowed, true, 'an exchange can still be asked for');
    t.clock.set(new Date(start + 10 * DAY));
    await drainJobs(t);
    assert.equal(await status(earlier.orderId), 'completed');
    await setOk({ afterSalesWindowDays: null });
  });

  test('after-sales deadline: a request made after the change waits the new time, one made before keeps its deadline', async () => {
    await setOk({ merchantDecisionHours: 72 });
    const order = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }, { skuId: m.skuB, qty: 1 }]);
    await ship(order.orderId);
    await receive(order.orderId);
    const apply = async (orderLineId: string) => {
      const res = await m.buyer.client.post('/api/me/after-sales', { orderLineId, kind: 'exchange', reason: 'damaged', description: '外壳有裂纹' }, idem());
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; deadlineAt: string };
    };
    const start = t.clock.now().getTime();
    const earlier = await apply(order.lineIds[m.skuA]!);
    await setOk({ merchantDecisionHours: 24 });
    const later = await apply(order.lineIds[m.skuB]!);
    const request = (id: string) => t.ctx.db.selectFrom('after_sales_request').select(['status', 'deadline_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal((await request(earlier.id)).deadline_at!.getTime(), start + 72 * HOUR);
    assert.equal((await request(later.id)).deadline_at!.getTime(), start + 24 * HOUR);
    const meta = (await m.buyer.client.get('/api/after-sales/meta')).json();
    assert.equal(meta.statuses.find((s: { code: string }) => s.code === 'requested').deadline.afterMs, 24 * HOUR, 'the reference shows the deadline in force');

    t.clock.advance(24 * HOUR);
    await drainJobs(t);
    assert.equal((await request(later.id)).status, 'awaiting_return', 'approved by the system after 24 hours');
    assert.equal((await request(earlier.id)).status, 'requested', 'the earlier request still has its 72 hours');
    t.clock.set(new Date(start + 72 * HOUR));
    await drainJobs(t);
    assert.equal((await request(earlier.id)).status, 'awaiting_return');
    await setOk({ merchantDecisionHours: null });
  });
});
