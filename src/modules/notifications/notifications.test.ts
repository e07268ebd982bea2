import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { checkout, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';
import { payOnPage, runSandboxJobs } from '../payments/sandbox/sandbox.test-helpers.ts';
import { HEADER, signedHeaders } from '../payments/sandbox/sandbox.protocol.ts';
import { applyRefundResult } from '../payments/payments.service.ts';
import type { PaymentAction } from '../payments/provider.ts';
import { NOTIFICATION_KINDS, renderNotification, type NotificationKind } from './notifications.rules.ts';
import { notifyUser } from './notifications.service.ts';

/**
 * 站内消息: the mall's own state changes write one message each (paid, shipped, refunded) inside their
 * transactions; the API lists and marks only the caller's own; the text is rendered in the reader's
 * language.
 */
describeEachDatabase('notifications (站内消息)', (database) => {
  let t: TestApp;
  let market: Market;
  let buyerA: Buyer;
  let buyerB: Buyer;
  let merchant: ApiClient;
  let key = 0;
  const idem = () => ({ 'idempotency-key': `ntf-test-${++key}` });

  interface Listed {
    items: { id: string; kind: NotificationKind; title: string; body: string; link: string | null; params: Record<string, unknown>; read: boolean }[];
    total: number;
    unread: number;
    page: number;
  }
  const list = async (buyer: Buyer, query = '', headers: Record<string, string> = {}): Promise<Listed> => {
    const res = await buyer.client.get(`/api/me/notifications${query}`, headers);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Listed;
  };
  const rows = (userId: string, kind?: NotificationKind) => {
    let q = t.ctx.db.selectFrom('notification').selectAll().where('user_id', '=', userId);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('created_at').orderBy('id').execute();
  };
  const payBySandbox = async (buyer: Buyer, paymentOrderId: string) => {
    const res = await buyer.client.post(`/api/payments/${paymentOrderId}/pay`, { method: 'sandbox' }, idem());
    assert.equal(res.statusCode, 201, res.body);
    const { action } = res.json() as { action: PaymentAction };
    assert.equal((await payOnPage(t, action)).statusCode, 303);
    await runSandboxJobs(t);
  };

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t);
    buyerA = await makeBuyer(t);
    buyerB = await makeBuyer(t);
    merchant = new ApiClient(t.app, '10.88.0.1');
    assert.equal((await merchant.post('/api/auth/login', { identifier: market.owners[0]!.identifier, password: market.owners[0]!.password })).statusCode, 200);
  });
  after(async () => {
    await t.app.close();
  });

  test('paying, shipping (partly, then the rest) and a refund each write one message, in the same transaction as the change; repeats write none', async () => {
    // Two shops in one payment: one 支付成功 message listing both orders.
    const placed = await checkout(t, market, buyerA, [2, 1]);
    await payBySandbox(buyerA, placed.paymentOrderId);
    const paid = await rows(buyerA.userId, 'order_paid');
    assert.equal(paid.length, 1, 'one message for one payment');
    assert.equal(paid[0]!.cause_key, `order_paid:${placed.paymentOrderId}`);
    assert.equal(paid[0]!.link, '/me/orders?tab=to_ship', 'two orders: the list of orders to ship');
    const paidParams = paid[0]!.params as { amountFen: number; orders: { id: string; payableFen: number }[] };
    assert.equal(paidParams.amountFen, placed.amountFen);
    assert.deepEqual(paidParams.orders.map((o) => o.id).sort(), [...placed.orderIds].sort());
    assert.equal(paidParams.orders.reduce((s, o) => s + o.payableFen, 0), placed.amountFen);
    // The gateway's notification delivered again changes nothing and writes nothing.
    const attempt = await t.ctx.db.selectFrom('payment_attempt').select('id').where('payment_order_id', '=', placed.paymentOrderId).executeTakeFirstOrThrow();
    const delivered = await t.ctx.db.selectFrom('payment_notification').select('body').where('out_trade_no', '=', attempt.id).where('verified', '=', true).executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) {
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/payments/notify/sandbox',
        headers: { 'content-type': 'application/json', [HEADER.appId]: t.ctx.payments.get('sandbox').appId, ...signedHeaders(process.env.SANDBOX_KEY ?? 'jishi-sandbox-key', delivered.body, t.clock.now()) },
        payload: delivered.body,
      });
      assert.equal(again.statusCode, 200, again.body);
    }
    assert.equal((await rows(buyerA.userId, 'order_paid')).length, 1);

    // 部分发货, then the rest: a message per parcel, the last one says 已发货.
    const shop0 = market.shops[0]!;
    const order0 = (await t.ctx.db.selectFrom('shop_order').select('id').where('payment_order_id', '=', placed.paymentOrderId).where('shop_id', '=', shop0).executeTakeFirstOrThrow()).id;
    const line = await t.ctx.db.selectFrom('order_line').select('id').where('order_id', '=', order0).executeTakeFirstOrThrow();
    const firstKey = idem();
    const first = await merchant.post(`/api/seller/shops/${shop0}/orders/${order0}/ship`, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: line.id, qty: 1 }] }, firstKey);
    assert.equal(first.statusCode, 201, first.body);
    // The same ship call retried (same Idempotency-Key) is a replay: no second message.
    const replay = await merchant.post(`/api/seller/shops/${shop0}/orders/${order0}/ship`, { carrier: 'SF', trackingNo: 'SF1234567890123', lines: [{ orderLineId: line.id, qty: 1 }] }, firstKey);
    assert.ok(replay.statusCode < 300, replay.body);
    const rest = await merchant.post(`/api/seller/shops/${shop0}/orders/${order0}/ship`, { carrier: 'ZTO', trackingNo: '781234567890' }, idem());
    assert.equal(rest.statusCode, 201, rest.body);
    const shipped = await rows(buyerA.userId, 'order_shipped');
    assert.equal(shipped.length, 2, 'one per parcel');
    assert.deepEqual(shipped.map((s) => (s.params as { partial: boolean }).partial), [true, false]);
    assert.deepEqual(shipped.map((s) => s.link), [`/me/orders/${order0}`, `/me/orders/${order0}`]);
    assert.equal((shipped[1]!.params as { trackingNo: string }).trackingNo, '781234567890');

    // The other shop's order is cancelled before shipping: the sandbox refund comes back by notification.
    const order1 = placed.orderIds.find((id) => id !== order0)!;
    assert.equal((await buyerA.client.post(`/api/me/orders/${order1}/cancel`, { reason: '不想要了' })).statusCode, 200);
    assert.equal((await rows(buyerA.userId, 'refund_succeeded')).length, 0, 'not before the money is back');
    await runSandboxJobs(t);
    const refund = await t.ctx.db.selectFrom('refund').selectAll().where('shop_order_id', '=', order1).executeTakeFirstOrThrow();
    assert.equal(refund.status, 'succeeded');
    const refunded = await rows(buyerA.userId, 'refund_succeeded');
    assert.equal(refunded.length, 1);
    assert.deepEqual(refunded[0]!.params, { refundId: refund.id, amountFen: Number(refund.amount_fen), orderId: order1, destination: 'original' });
    assert.equal(refunded[0]!.link, `/me/orders/${order1}`);
    // The provider's answer again (a repeated notification, a query): 'already', no new message.
    assert.equal(await t.ctx.db.transaction().execute((trx) => applyRefundResult(trx, t.clock, refund.id, { status: 'succeeded' })), 'already');
    assert.equal((await rows(buyerA.userId, 'refund_succeeded')).length, 1);

    const listed = await list(buyerA);
    assert.equal(listed.total, 4);
    assert.equal(listed.unread, 4);
    assert.deepEqual(listed.items.map((i) => i.kind), ['refund_succeeded', 'order_shipped', 'order_shipped', 'order_paid'], 'newest first');
  });

  test('balance: paying writes 支付成功 linking to the one order; the cancel refunds to the balance at once with 退款成功', async () => {
    const top = await buyerB.client.post('/api/me/wallet/topups', { amountFen: 100_000, method: 'sandbox' }, idem());
    assert.equal(top.statusCode, 201, top.body);
    await payOnPage(t, (top.json() as { action: PaymentAction }).action);
    await runSandboxJobs(t);
    assert.equal((await rows(buyerB.userId)).length, 0, 'a top-up is not an order payment');
    const placed = await checkout(t, market, buyerB, [0, 1]);
    const pay = await buyerB.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'balance' }, idem());
    assert.equal(pay.statusCode, 201, pay.body);
    const orderId = placed.orderIds[0]!;
    const paid = await rows(buyerB.userId, 'order_paid');
    assert.equal(paid.length, 1);
    assert.equal(paid[0]!.link, `/me/orders/${orderId}`);
    assert.equal((await buyerB.client.post(`/api/me/orders/${orderId}/cancel`, {})).statusCode, 200);
    await runSandboxJobs(t); // the cancel's refund job: to the balance, finished at once
    const refunded = await rows(buyerB.userId, 'refund_succeeded');
    assert.equal(refunded.length, 1);
    assert.equal((refunded[0]!.params as { destination: string }).destination, 'balance');
    assert.equal((refunded[0]!.params as { amountFen: number }).amountFen, placed.amountFen);
  });

  test('another user can neither read nor mark someone else’s messages; a visitor gets 401', async () => {
    const aIds = (await rows(buyerA.userId)).map((r) => r.id);
    assert.ok(aIds.length > 0);
    const seenByB = await list(buyerB);
    assert.ok(seenByB.items.every((i) => !aIds.includes(i.id)));
    const unreadB = seenByB.unread;
    const marked = await buyerB.client.post('/api/me/notifications/read', { ids: aIds });
    assert.equal(marked.statusCode, 200, marked.body);
    assert.deepEqual(marked.json(), { marked: 0, unread: unreadB });
    assert.ok((await rows(buyerA.userId)).every((r) => r.read_at === null), 'A’s messages untouched');
    // "all" is all of one's own.
    assert.equal((await buyerB.client.post('/api/me/notifications/read', { all: true })).json().marked, unreadB);
    assert.ok((await rows(buyerA.userId)).every((r) => r.read_at === null));
    const visitor = new ApiClient(t.app, '10.88.9.9');
    assert.equal((await visitor.get('/api/me/notifications')).statusCode, 401);
    assert.equal((await visitor.post('/api/me/notifications/read', { all: true })).statusCode, 401);
  });

  test('mark read: by ids, the unread filter, then all; bad bodies are catalogued 400s that change nothing', async () => {
    const before = await list(buyerA);
    assert.ok(before.unread >= 2);
    const one = before.items[1]!;
    const res = await buyerA.client.post('/api/me/notifications/read', { ids: [one.id, one.id] });
    assert.deepEqual(res.json(), { marked: 1, unread: before.unread - 1 });
    const after1 = await list(buyerA);
    assert.equal(after1.items.find((i) => i.id === one.id)!.read, true);
    assert.equal(after1.items.filter((i) => !i.read).length, before.unread - 1);
    const unreadOnly = await list(buyerA, '?unread=1');
    assert.equal(unreadOnly.total, before.unread - 1);
    assert.ok(unreadOnly.items.every((i) => !i.read && i.id !== one.id));
    // Read stays read: marking it again changes nothing.
    assert.equal((await buyerA.client.post('/api/me/notifications/read', { ids: [one.id] })).json().marked, 0);

    for (const bad of [{}, { ids: [] }, { all: false }, { ids: ['x'], all: true }, { ids: Array.from({ length: 101 }, (_, i) => `ntf_${i}`) }, { ids: [42] }]) {
      const r = await buyerA.client.post('/api/me/notifications/read', bad);
      assert.equal(r.statusCode, 400, JSON.stringify(bad));
      assert.equal(r.json().error.code, 'VALIDATION_FAILED');
    }
    for (const q of ['?page=0', '?pageSize=1000', '?unread=yes', '?other=1']) {
      const r = await buyerA.client.get(`/api/me/notifications${q}`);
      assert.equal(r.statusCode, 400, q);
      assert.equal(r.json().error.code, 'VALIDATION_FAILED');
    }
    assert.equal((await list(buyerA)).unread, before.unread - 1, 'nothing changed by the bad calls');

    const all = await buyerA.client.post('/api/me/notifications/read', { all: true });
    assert.deepEqual(all.json(), { marked: before.unread - 1, unread: 0 });
    const done = await list(buyerA);
    assert.equal(done.unread, 0);
    assert.ok(done.items.every((i) => i.read));
    // Paging: newest first, pageSize respected.
    const p2 = await list(buyerA, '?page=2&pageSize=1');
    assert.equal(p2.items.length, 1);
    assert.equal(p2.items[0]!.id, done.items[1]!.id);
  });

  test('the text is rendered when read, in the reader’s language (Accept-Language or the lang cookie)', async () => {
    const zh = await list(buyerA);
    const en = await list(buyerA, '', { 'accept-language': 'en-US,en;q=0.9' });
    const byCookie = await list(buyerA, '', { cookie: `${[...buyerA.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; lang=en` });
    const paidZh = zh.items.find((i) => i.kind === 'order_paid')!;
    const paidEn = en.items.find((i) => i.kind === 'order_paid')!;
    assert.equal(paidZh.title, '支付成功');
    assert.match(paidZh.body, /共 2 笔订单/);
    assert.equal(paidEn.title, 'Payment received');
    assert.match(paidEn.body, /for 2 orders/);
    assert.equal(byCookie.items.find((i) => i.kind === 'order_paid')!.title, 'Payment received');
    const amount = (paidZh.params as { amountFen: number }).amountFen;
    assert.ok(paidZh.body.includes((amount / 100).toFixed(2)), paidZh.body);
    const shipZh = zh.items.filter((i) => i.kind === 'order_shipped');
    const shipEn = en.items.filter((i) => i.kind === 'order_shipped');
    assert.deepEqual(shipZh.map((i) => i.title), ['订单已发货', '订单部分发货']);
    assert.match(shipZh[0]!.body, /中通快递.*781234567890/);
    assert.match(shipEn[0]!.body, /ZTO Express, tracking number 781234567890/);
    assert.match(zh.items.find((i) => i.kind === 'refund_succeeded')!.body, /已退回原支付账户/);
    assert.match(en.items.find((i) => i.kind === 'refund_succeeded')!.body, /refunded to the account you paid with/);
    // Nothing rendered is stored: the row holds only kind + params.
    const stored = await t.ctx.db.selectFrom('notification').select('params').where('id', '=', paidZh.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(stored.params).includes('支付成功'));
  });

  test('every kind renders a title and a body in both languages; after-sales uses its status labels', () => {
    const samples: Record<NotificationKind, Record<string, unknown>> = {
      order_paid: { paymentOrderId: 'pay_1', amountFen: 12_900, orders: [{ id: 'ord_1', shopName: 'Acme', payableFen: 12_900 }] },
      order_shipped: { orderId: 'ord_1', shipmentId: 'shm_1', carrier: 'SF', carrierName: '顺丰速运', carrierNameEn: 'SF Express', trackingNo: 'SF1234567890123', partial: false },
      refund_succeeded: { refundId: 'rfd_1', amountFen: 5_990, orderId: null, destination: 'balance' },
      after_sales_update: { afterSalesId: 'afs_1', orderId: 'ord_1', afterSalesKind: 'return_refund', status: 'refunded', amountFen: 5_990 },
      announcement: { title: '双十一公告', body: '活动规则' },
    };
    for (const kind of NOTIFICATION_KINDS) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const r = renderNotification(kind, samples[kind], locale);
        assert.ok(r.title.length > 0 && r.body.length > 0, `${kind} ${locale}`);
        if (locale === 'en' && kind !== 'announcement') assert.doesNotMatch(r.title + r.body, /[\u4e00-\u9fff]/u, `${kind}: no Chinese in English (${r.body})`);
      }
    }
    assert.equal(renderNotification('order_paid', samples.order_paid, 'zh-CN').body, '您已为订单 ord_1（Acme）付款 ¥129.00，商家将尽快发货。');
    assert.match(renderNotification('after_sales_update', samples.after_sales_update, 'zh-CN').body, /退货退款申请：退款成功（¥59.90）/);
    assert.match(renderNotification('after_sales_update', samples.after_sales_update, 'en').body, /return and refund request for order ord_1: Refunded \(¥59.90\)/);
    assert.match(renderNotification('refund_succeeded', samples.refund_succeeded, 'zh-CN').body, /¥59.90 已退回账户余额/);
    // Params from an older version (fields missing) still render without throwing.
    assert.ok(renderNotification('order_shipped', {}, 'en').title.length > 0);
  });

  test('notifyUser: one message per cause, written only if the caller’s transaction commits', async () => {
    const user = buyerB.userId;
    const input = { userId: user, kind: 'announcement' as const, params: { title: '公告', body: '内容' }, link: '/', causeKey: 'announcement:test-1' };
    const results = await Promise.all(Array.from({ length: 5 }, () => t.ctx.db.transaction().execute((trx) => notifyUser(trx, t.clock, input))));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await t.ctx.db.selectFrom('notification').select('id').where('user_id', '=', user).where('cause_key', '=', 'announcement:test-1').execute()).length, 1);
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        assert.equal(await notifyUser(trx, t.clock, { ...input, causeKey: 'announcement:rolled-back' }), true);
        throw new Error('the state change failed');
      }),
      /state change failed/,
    );
    assert.equal((await t.ctx.db.selectFrom('notification').select('id').where('cause_key', '=', 'announcement:rolled-back').execute()).length, 0);
    // The same cause for another user is another message.
    assert.equal(await t.ctx.db.transaction().execute((trx) => notifyUser(trx, t.clock, { ...input, userId: buyerA.userId })), true);
    // A link must be a path in the mall (the database refuses anything else).
    await assert.rejects(t.ctx.db.transaction().execute((trx) => notifyUser(trx, t.clock, { ...input, causeKey: 'announcement:bad-link', link: 'https://evil.example/' })));
  });
});
