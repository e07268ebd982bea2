import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { drainJobs, type Buyer } from '../../testing/payment-fixtures.ts';
import { code, makeWorld, newBuyer, nextKey, paidOrder, PRICE, type World } from '../after-sales/after-sales.fixtures.ts';
import { DAY } from '../../shared/clock.ts';
import { percentOf, fen } from '../../shared/money.ts';

// Reliability row F4, the other half: a changed merchant service agreement may not be forced on a shop.
// Its owner may answer 不同意，按原协议退出经营: the shop takes no new orders, its existing orders ship and
// settle under the old terms (the old commission, even after the platform raises it), the owner is not
// asked for the new version at login, and once everything is settled the shop closes.
describeEachDatabase('leaving on the old terms (merchant agreement dissent)', (database) => {
  let w: World;
  let admin: ApiClient;
  let buyer: Buyer;
  let v1 = '', v2 = '';

  const agreement = (client: ApiClient, shopId = w.shopId) => client.get(`/api/seller/shops/${shopId}/agreement`);
  const dissent = (client: ApiClient, versionId: string, shopId = w.shopId) =>
    client.post(`/api/seller/shops/${shopId}/agreement/dissent`, { versionId, reason: '佣金上调，无法接受' }, { 'idempotency-key': nextKey('dissent') });
  const publishMerchant = async (title: string, effectiveAt: Date) => {
    const draft = await admin.post('/api/admin/agreements/merchant_service_agreement/versions', { title, summary: '技术服务费调整', body: `${title}\n\n第一条 …` });
    assert.equal(draft.statusCode, 201, draft.body);
    const published = await admin.post(`/api/admin/agreement-versions/${draft.json().id}/publish`, { effectiveAt: effectiveAt.toISOString() });
    assert.equal(published.statusCode, 200, published.body);
    return draft.json().id as string;
  };
  const signIn = async (identifier: string, password: string, ip: string) => {
    const client = new ApiClient(w.t.app, ip);
    const res = await client.post('/api/auth/login', { identifier, password });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { pendingAgreements: { kind: string; id: string }[] };
  };

  before(async () => {
    w = await makeWorld(database());
    const a = await makeUser(w.t.ctx.db, w.t.clock, { platformRole: 'platform_admin' });
    admin = new ApiClient(w.t.app, '10.73.0.1');
    assert.equal((await admin.post('/api/auth/login', { identifier: a.identifier, password: a.password })).statusCode, 200);
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  test('the first version leaves no earlier terms; an accepted version cannot be dissented from; only the owner decides', async () => {
    v1 = await publishMerchant('商家服务协议', w.t.clock.now());
    assert.equal((await w.owner.post('/api/me/agreements/accept', { versionIds: [v1] })).statusCode, 200);
    const first = await dissent(w.otherOwner, v1, w.otherShopId);
    assert.equal(first.statusCode, 409, first.body);
    assert.equal(code(first), 'AGREEMENT_DISSENT_NO_EARLIER_TERMS');
    assert.equal(code(await dissent(w.owner, v1)), 'AGREEMENT_DISSENT_ALREADY_ACCEPTED');
    assert.equal(code(await dissent(w.owner, 'agv_nope')), 'AGREEMENT_VERSION_NOT_FOUND');
    // Staff do not sign for the merchant; another shop is not found.
    assert.equal((await dissent(w.service, v1)).statusCode, 403);
    assert.equal((await agreement(w.service)).statusCode, 403);
    assert.equal(code(await dissent(w.owner, v1, w.otherShopId)), 'SHOP_NOT_FOUND');
    const shops = await w.t.ctx.db.selectFrom('shop').select('status').where('id', 'in', [w.shopId, w.otherShopId]).execute();
    assert.deepEqual(shops.map((s) => s.status), ['active', 'active']);
    assert.equal((await w.t.ctx.db.selectFrom('agreement_dissent').select('id').execute()).length, 0);
  });

  test('不同意: no new orders, the existing order ships and settles at the old commission, no login gate, then the shop closes', async () => {
    const { t } = w;
    // Orders placed under version 1: one from the exiting shop, one from the other shop (the control).
    const kept = await paidOrder(w, buyer, [[w.skus[0]!, 2]]);
    const control = await paidOrder(w, buyer, [[w.otherShopSku, 1]]);

    // Version 2 is announced (7 days' notice, 电子商务法 Art. 34); the owner sees it in the console.
    v2 = await publishMerchant('商家服务协议（2027 修订）', new Date(t.clock.now().getTime() + 8 * DAY));
    const state = (await agreement(w.owner)).json();
    assert.equal(state.current.id, v1);
    assert.deepEqual(state.open.map((v: { id: string }) => v.id), [v2]);
    assert.equal(state.dissent, null);

    const res = await dissent(w.owner, v2);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.shopStatus, 'closing');
    assert.deepEqual([body.dissent.version.version, body.dissent.leavesUnder.version, body.dissent.reason], [2, 1, '佣金上调，无法接受']);
    assert.deepEqual(body.open, []);
    assert.deepEqual(body.exitBlockers.map((b: { code: string }) => b.code), ['SHOP_EXIT_ORDERS_OPEN', 'SHOP_EXIT_FUNDS_UNSETTLED']);
    // A repeat answers the same record; another version is refused while the shop is leaving.
    assert.equal((await dissent(w.owner, v2)).json().dissent.id, body.dissent.id);
    assert.equal(code(await dissent(w.owner, v1)), 'SHOP_STATUS_CONFLICT');
    const record = await t.ctx.db.selectFrom('agreement_dissent').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([record.shop_id, record.version_id, record.leaves_under_version_id, record.ip], [w.shopId, v2, v1, w.owner.ip]);
    const events = await t.ctx.db.selectFrom('shop_status_event').select(['action', 'reason']).where('shop_id', '=', w.shopId).execute();
    assert.deepEqual(events.map((e) => e.action), ['exit']);
    assert.match(events[0]!.reason, /第 2 版.*第 1 版/);

    // No new orders: the product is gone from the storefront and checkout refuses it (nothing written).
    const orders = async () => Number((await t.ctx.db.selectFrom('shop_order').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await orders();
    const product = (await t.ctx.db.selectFrom('sku').select('product_id').where('id', '=', w.skus[0]!).executeTakeFirstOrThrow()).product_id;
    assert.equal((await buyer.client.get(`/api/products/${product}`)).statusCode, 404);
    const refused = await buyer.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: w.skus[0]!, qty: 1 }, addressId: buyer.addressId, shops: {} }, { 'idempotency-key': nextKey('co') });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(code(refused), 'SHOP_CLOSED', 'the shopper is told the shop stopped trading');
    assert.equal(await orders(), before);
    const other = await buyer.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: w.otherShopSku, qty: 1 }, addressId: buyer.addressId, shops: {} }, { 'idempotency-key': nextKey('co') });
    assert.equal(other.statusCode, 201, 'other shops still sell');

    // The platform raises the category's commission under the new terms.
    const category = await t.ctx.db
      .selectFrom('product as p')
      .innerJoin('category as c', 'c.id', 'p.category_id')
      .select(['c.id', 'c.name', 'c.commission_bp'])
      .where('p.id', '=', product)
      .executeTakeFirstOrThrow();
    const oldRate = category.commission_bp;
    const raised = await admin.request('PUT', `/api/admin/categories/${category.id}`, { name: category.name, commissionBp: 2_000 });
    assert.equal(raised.statusCode, 204, raised.body);

    // The existing order continues: shipped by the owner, received by the buyer, settled in T+7 after its window.
    for (const orderId of [kept.orderId, control.orderId]) {
      const [client, shopId] = orderId === kept.orderId ? [w.owner, w.shopId] : [w.otherOwner, w.otherShopId];
      const shipped = await client.post(`/api/seller/shops/${shopId}/orders/${orderId}/ship`, { carrier: 'SF', trackingNo: `SF${String(Date.now()).slice(-10)}123` }, { 'idempotency-key': nextKey('ship') });
      assert.equal(shipped.statusCode, 201, shipped.body);
      const received = await buyer.client.post(`/api/me/orders/${orderId}/confirm-receipt`, {}, { 'idempotency-key': nextKey('recv') });
      assert.equal(received.statusCode, 200, received.body);
    }
    t.clock.advance(t.ctx.config.orders.afterSalesWindowMs + 1);
    await drainJobs(t);
    t.clock.advance(7 * DAY + 1);
    assert.equal((await admin.post('/api/admin/finance/settle-due')).statusCode, 200);
    const funds = await t.ctx.db.selectFrom('order_funds').select(['shop_order_id', 'status', 'commission_fen', 'settled_fen']).where('shop_order_id', 'in', [kept.orderId, control.orderId]).execute();
    const keptFunds = funds.find((f) => f.shop_order_id === kept.orderId)!;
    const controlFunds = funds.find((f) => f.shop_order_id === control.orderId)!;
    assert.equal(keptFunds.status, 'settled');
    assert.equal(Number(keptFunds.commission_fen), percentOf(fen(2 * PRICE), oldRate), 'the old terms: the commission when the owner dissented');
    assert.equal(controlFunds.status, 'settled');
    assert.equal(Number(controlFunds.commission_fen), percentOf(fen(5_000), 2_000), 'a shop that stays settles at the new rate');

    // Version 2 is in force now: the exiting owner is not asked for it at login; an owner who stays is.
    const owners = await t.ctx.db
      .selectFrom('shop_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['m.shop_id', 'u.mobile'])
      .where('m.role', '=', 'owner')
      .where('m.shop_id', 'in', [w.shopId, w.otherShopId])
      .execute();
    const login = (shopId: string) => owners.find((o) => o.shop_id === shopId)!.mobile!.replace(/^\+86/, '');
    const leaving = await signIn(login(w.shopId), 'Fixture-Pass-2026', '10.73.1.1');
    assert.deepEqual(leaving.pendingAgreements, []);
    assert.deepEqual((await w.owner.get('/api/me')).json().pendingAgreements, []);
    const staying = await signIn(login(w.otherShopId), 'Fixture-Pass-2026', '10.73.1.2');
    assert.deepEqual(staying.pendingAgreements.map((p) => p.id), [v2]);
    // Nor can the exiting owner be made to accept it.
    assert.equal(code(await w.owner.post('/api/me/agreements/accept', { versionIds: [v2] })), 'AGREEMENT_VERSION_NOT_FOUND');

    // Closing: the settled money must be withdrawn first.
    const unsettled = await w.owner.post(`/api/seller/shops/${w.shopId}/exit/close`, {});
    assert.equal(unsettled.statusCode, 409, unsettled.body);
    assert.equal(code(unsettled), 'SHOP_EXIT_FUNDS_UNSETTLED');
    assert.equal((await t.ctx.db.selectFrom('shop').select('status').where('id', '=', w.shopId).executeTakeFirstOrThrow()).status, 'closing');
    const withdrawal = await w.owner.post(`/api/seller/shops/${w.shopId}/withdrawals`, { amountFen: Number(keptFunds.settled_fen), accountNote: '招商银行 尾号 8888' }, { 'idempotency-key': nextKey('wd') });
    assert.equal(withdrawal.statusCode, 201, withdrawal.body);
    assert.equal(code(await w.owner.post(`/api/seller/shops/${w.shopId}/exit/close`, {})), 'SHOP_EXIT_FUNDS_UNSETTLED', 'a withdrawal still waiting counts');
    assert.equal((await admin.post(`/api/admin/finance/withdrawals/${withdrawal.json().id}/decide`, { approve: true })).statusCode, 200);
    assert.deepEqual((await agreement(w.owner)).json().exitBlockers, []);
    const closed = await w.owner.post(`/api/seller/shops/${w.shopId}/exit/close`, {});
    assert.equal(closed.statusCode, 200, closed.body);
    assert.deepEqual(closed.json(), { shopId: w.shopId, status: 'closed' });

    // 已退出: on the platform's list; out of the owner's console; the owner may now close the account.
    const listed = (await admin.get('/api/admin/shops?status=closed')).json();
    assert.deepEqual(listed.items.map((s: { id: string }) => s.id), [w.shopId]);
    assert.ok(!(await w.owner.get('/api/seller/shops')).json().items.some((s: { shopId: string }) => s.shopId === w.shopId));
    assert.equal(code(await w.owner.post(`/api/seller/shops/${w.shopId}/exit/close`, {})), 'SHOP_NOT_FOUND');
    assert.ok(!(await w.owner.get('/api/me/closure')).json().blockers.some((b: { code: string }) => b.code === 'ACCOUNT_CLOSURE_SHOP_OPERATING'));
    const events2 = await t.ctx.db.selectFrom('shop_status_event').select('action').where('shop_id', '=', w.shopId).orderBy('id').execute();
    assert.deepEqual(events2.map((e) => e.action), ['exit', 'close']);
  });

  test('dissent records are append-only', async () => {
    await assert.rejects(sql`update agreement_dissent set reason = '改'`.execute(w.t.ctx.db), /append-only/);
    await assert.rejects(w.t.ctx.db.deleteFrom('agreement_dissent').execute(), /append-only/);
  });
});
