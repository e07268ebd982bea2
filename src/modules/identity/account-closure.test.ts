import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient } from '../../testing/app.ts';
import type { Buyer } from '../../testing/payment-fixtures.ts';
import { applyOk, code, makeWorld, newBuyer, nextKey, paidOrder, receive, ship, type World } from '../after-sales/after-sales.fixtures.ts';
import { applyPaymentResult, startTopUp } from '../payments/payments.service.ts';
import { paymentDeps } from '../payments/payments.routes.ts';
import { verifyPassword } from './passwords.ts';
import { FIXTURE_PASSWORD } from '../../testing/fixtures.ts';

// 注销账号: what must be finished first (each refusal a catalogued code, nothing changed), then the
// closure itself — PII gone, every session dead, no login left, orders kept, the number free again.
describeEachDatabase('account closure (注销账号)', (database) => {
  let w: World;
  let busy: Buyer; // has things in progress: refused
  let leaving: Buyer; // closes
  let leavingMobile = '';
  let keptOrder = '';

  const close = (client: ApiClient, body: Record<string, unknown>, key: string | null = nextKey('close')) =>
    client.post('/api/me/closure', { password: FIXTURE_PASSWORD, confirmation: '注销', ...body }, key ? { 'idempotency-key': key } : {});
  const userRow = (id: string) => w.t.ctx.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const loginOf = async (userId: string) => {
    const row = await userRow(userId);
    return row.mobile!.replace(/^\+86/, '');
  };

  before(async () => {
    w = await makeWorld(database());
    busy = await newBuyer(w);
    leaving = await newBuyer(w);
    leavingMobile = await loginOf(leaving.userId);
  });
  after(async () => {
    await w.t.app.close();
  });

  test('whatever is still in progress refuses the closure with its own code; the account is untouched', async () => {
    const { t } = w;
    assert.deepEqual((await busy.client.get('/api/me/closure')).json(), { ready: true, twoFactor: false, blockers: [] });

    // A paid order not yet shipped, a refund-only request on it, a complaint about the shop, money left in the balance.
    const order = await paidOrder(w, busy, [[w.skus[0]!, 1]]);
    const refused = await close(busy.client, {});
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(code(refused), 'ACCOUNT_CLOSURE_ORDERS_OPEN');
    assert.match(refused.json().error.message, /1 笔未完成的订单/);

    await applyOk(busy, { orderLineId: order.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 1_000 });
    const complaint = await busy.client.post('/api/me/complaints', { shopId: w.shopId, category: 'service_attitude', title: '客服不回复', description: '咨询了三次都没有回复' });
    assert.equal(complaint.statusCode, 201, complaint.body);
    const topUp = await startTopUp(paymentDeps(t.ctx), busy.userId, 2_345, { method: 'sandbox', channel: 'page' }, nextKey('topup'));
    await t.ctx.db.transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, topUp.attemptId, { status: 'paid', amountFen: 2_345, providerTradeNo: 'sbt_closure' }));

    const status = (await busy.client.get('/api/me/closure')).json();
    assert.equal(status.ready, false);
    assert.deepEqual(status.blockers.map((b: { code: string }) => b.code), [
      'ACCOUNT_CLOSURE_ORDERS_OPEN',
      'ACCOUNT_CLOSURE_AFTER_SALES_OPEN',
      'ACCOUNT_CLOSURE_COMPLAINTS_OPEN',
      'ACCOUNT_CLOSURE_WALLET_NOT_EMPTY',
    ]);
    assert.match(status.blockers[3].message, /¥23\.45/);
    const english = await busy.client.get('/api/me/closure', { 'accept-language': 'en' });
    assert.match(english.json().blockers[1].message, /after-sales/);
    const all = await close(busy.client, {});
    assert.equal(code(all), 'ACCOUNT_CLOSURE_ORDERS_OPEN');
    assert.deepEqual(all.json().error.details.blockers, status.blockers.map((b: { code: string }) => b.code));

    // A shop owner closes the shop first.
    const owner = (await w.owner.get('/api/me/closure')).json();
    assert.deepEqual(owner.blockers.map((b: { code: string }) => b.code), ['ACCOUNT_CLOSURE_SHOP_OPERATING']);
    assert.match(owner.blockers[0].message, /售后测试店/);
    assert.equal(code(await close(w.owner, {})), 'ACCOUNT_CLOSURE_SHOP_OPERATING');

    // Nothing changed for either account.
    const row = await userRow(busy.userId);
    assert.equal(row.status, 'active');
    assert.ok(row.mobile);
    assert.equal((await busy.client.get('/api/me')).statusCode, 200);
    assert.equal((await w.owner.get('/api/me')).statusCode, 200);
    assert.equal(Number((await t.ctx.db.selectFrom('account_closure').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0);
  });

  test('the request is checked first: an Idempotency-Key, the typed confirmation, the password, the 2FA code', async () => {
    const noKey = await close(leaving.client, {}, null);
    assert.equal(noKey.statusCode, 400);
    assert.equal(code(noKey), 'IDEMPOTENCY_KEY_REQUIRED');
    const unconfirmed = await close(leaving.client, { confirmation: '确定' });
    assert.equal(unconfirmed.statusCode, 400);
    assert.equal(code(unconfirmed), 'ACCOUNT_CLOSURE_CONFIRM_MISMATCH');
    const wrong = await close(leaving.client, { password: 'Not-the-password-1' });
    assert.equal(code(wrong), 'PASSWORD_WRONG');
    const extra = await close(leaving.client, { status: 'active' });
    assert.equal(code(extra), 'VALIDATION_FAILED');
    assert.equal((await userRow(leaving.userId)).status, 'active');

    // With 两步验证 on, a current code is needed too.
    const secondFactor = await newBuyer(w);
    const setup = (await secondFactor.client.post('/api/me/two-factor/setup')).json();
    const totp = (offset = 0) => generate({ secret: setup.secret, epoch: Math.floor((w.t.clock.now().getTime() + offset) / 1000) });
    assert.equal((await secondFactor.client.post('/api/me/two-factor/enable', { code: await totp() })).statusCode, 200);
    assert.equal((await secondFactor.client.get('/api/me/closure')).json().twoFactor, true);
    assert.equal(code(await close(secondFactor.client, {})), 'TWO_FACTOR_REQUIRED');
    assert.equal(code(await close(secondFactor.client, { code: '000000' })), 'TWO_FACTOR_INVALID');
    w.t.clock.advance(60_000);
    const closed = await close(secondFactor.client, { code: await totp() });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(await w.t.ctx.db.selectFrom('user_totp').select('user_id').where('user_id', '=', secondFactor.userId).executeTakeFirst(), undefined, '2FA removed');
  });

  test('closing: PII gone, sessions dead, no login, orders kept with 已注销用户, consents withdrawn, the number free to register again', async () => {
    const { t } = w;
    // A history to keep: an order received, messages, consents, a second device signed in, a cart.
    const order = await paidOrder(w, leaving, [[w.skus[1]!, 2]]);
    keptOrder = order.orderId;
    await ship(w, keptOrder);
    await receive(w, keptOrder);
    assert.equal((await leaving.client.request('PUT', '/api/me/consents', { marketing: true, personalisation: true })).statusCode, 200);
    assert.ok((await t.ctx.db.selectFrom('notification').select('id').where('user_id', '=', leaving.userId).execute()).length > 0, '支付成功 and 已发货 messages');
    assert.equal((await leaving.client.post('/api/cart/items', { skuId: w.skus[2]!, qty: 1 })).statusCode, 200);
    const phone = new ApiClient(t.app, '10.99.0.2');
    assert.equal((await phone.post('/api/auth/login', { identifier: leavingMobile, password: FIXTURE_PASSWORD })).statusCode, 200);
    const added = await leaving.client.post('/api/me/addresses', { recipient: '离开的人', mobile: '13766660001', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '告别路 9 号' });
    assert.equal(added.statusCode, 201, added.body);
    const address = await t.ctx.db.selectFrom('address').selectAll().where('id', '=', added.json().id).executeTakeFirstOrThrow();
    const before = await userRow(leaving.userId);

    // A double submit with one key: one closure.
    const key = nextKey('close-once');
    const [a, b] = await Promise.all([close(leaving.client, { reason: '不再使用' }, key), close(leaving.client, { reason: '不再使用' }, key)]);
    const first = (r: typeof a) => r.statusCode === 200 && !r.headers['idempotent-replayed'];
    const [ok, twin] = first(a) ? [a, b] : [b, a];
    assert.equal(ok.statusCode, 200, ok.body);
    // The twin waited for the first and got its answer replayed, or found the key in flight, or the session gone.
    if (twin.statusCode === 200) assert.deepEqual([twin.headers['idempotent-replayed'], twin.json()], ['true', ok.json()]);
    else assert.ok([401, 409].includes(twin.statusCode), twin.body);
    assert.equal(new Date(ok.json().closedAt).getTime(), t.clock.now().getTime());
    assert.ok(ok.cookies.some((c) => c.name === 'jishi_sid' && c.value === ''), 'the session cookie is cleared');
    const retry = await close(leaving.client, { reason: '不再使用' }, key);
    assert.equal(retry.statusCode, 401, 'a retry finds the session gone');
    const closures = await t.ctx.db.selectFrom('account_closure').selectAll().where('user_id', '=', leaving.userId).execute();
    assert.equal(closures.length, 1);
    assert.equal(closures[0]!.reason, '不再使用');
    assert.equal(closures[0]!.idempotency_key, key);
    assert.equal(closures[0]!.ip, leaving.client.ip);

    // Every session is dead, this device's and the other's; the login is gone.
    assert.equal((await leaving.client.get('/api/me')).statusCode, 401);
    assert.equal((await phone.get('/api/me')).statusCode, 401);
    assert.equal((await t.ctx.db.selectFrom('session').select('id').where('user_id', '=', leaving.userId).execute()).length, 0);

    // The account row keeps its id and nothing personal; no password ever matches it.
    const row = await userRow(leaving.userId);
    assert.equal(row.status, 'closed');
    assert.equal(row.closed_at?.getTime(), t.clock.now().getTime());
    assert.equal(row.mobile, null);
    assert.equal(row.email, null);
    assert.equal(row.display_name, '已注销用户');
    assert.equal(await verifyPassword(row.password_hash, FIXTURE_PASSWORD), false);
    assert.notEqual(row.password_hash, before.password_hash);

    // No PII left where the account kept it: its row, address book, sessions, cart, messages, 2FA, login counters.
    const traces = [leavingMobile, before.display_name, address.recipient, address.detail, address.mobile];
    const personalTables = ['app_user', 'address', 'session', 'cart_item', 'notification', 'user_totp', 'auth_throttle', 'user_role', 'shop_member'] as const;
    for (const table of personalTables) {
      const rows = JSON.stringify(await t.ctx.db.selectFrom(table).selectAll().execute());
      for (const trace of traces) assert.ok(!rows.includes(trace), `${table} still holds ${trace}`);
    }
    for (const table of ['address', 'cart_item', 'notification'] as const) {
      const owner = table === 'cart_item' ? 'owner' : 'user_id';
      const value = table === 'cart_item' ? `user:${leaving.userId}` : leaving.userId;
      assert.equal((await t.ctx.db.selectFrom(table).select(owner).where(owner, '=', value).execute()).length, 0, table);
    }

    // Consents are withdrawn by a record of their own (the history stays).
    const consents = await t.ctx.db.selectFrom('user_consent').selectAll().where('user_id', '=', leaving.userId).orderBy('at').orderBy('id').execute();
    assert.deepEqual(consents.slice(-2).map((c) => [c.purpose, c.granted, c.via]).sort(), [['marketing', false, 'account_closure'], ['personalisation', false, 'account_closure']]);

    const login = await new ApiClient(t.app, '10.99.0.3').post('/api/auth/login', { identifier: leavingMobile, password: FIXTURE_PASSWORD });
    assert.equal(login.statusCode, 401);
    assert.equal(code(login), 'INVALID_CREDENTIALS');

    // The order is kept (transaction records, 电子商务法 Art. 31), its buyer now 已注销用户; the merchant still sees it.
    const kept = await t.ctx.db
      .selectFrom('shop_order as o')
      .innerJoin('app_user as u', 'u.id', 'o.user_id')
      .select(['o.id', 'o.status', 'o.payable_fen', 'u.display_name'])
      .where('o.id', '=', keptOrder)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...kept, payable_fen: Number(kept.payable_fen) }, { id: keptOrder, status: 'received', payable_fen: order.amountFen, display_name: '已注销用户' });
    const seller = await w.owner.get(`/api/seller/shops/${w.shopId}/orders/${keptOrder}`);
    assert.equal(seller.statusCode, 200, seller.body);
    assert.equal(seller.json().buyer, '已注销用户', 'no number left to show: the merchant sees whom the order was from');
    const listed = (await w.owner.get(`/api/seller/shops/${w.shopId}/orders?orderId=${keptOrder}`)).json();
    assert.equal(listed.items[0].buyer, '已注销用户', 'the tenant-guarded list says the same');
    assert.equal((await w.staff.get(`/api/admin/orders?orderId=${keptOrder}`)).json().items[0].buyer, '已注销用户', 'and so does the platform');
    assert.ok(!seller.body.includes(leavingMobile.slice(-4) + '"'), 'not even the last digits');
    const funds = await t.ctx.db.selectFrom('order_funds').select('captured_fen').where('shop_order_id', '=', keptOrder).executeTakeFirstOrThrow();
    assert.equal(Number(funds.captured_fen), order.amountFen);

    // The same mobile number registers anew: a new account, with nothing of the old one.
    const again = new ApiClient(t.app, '10.99.0.4');
    const registered = await again.post('/api/auth/register', { identifier: leavingMobile, password: 'Brand-New-Pass-2026' });
    assert.equal(registered.statusCode, 201, registered.body);
    assert.notEqual(registered.json().user.id, leaving.userId);
    assert.deepEqual((await again.get('/api/me/orders')).json().items ?? [], []);
    assert.equal((await userRow(leaving.userId)).status, 'closed', 'the closed account stays closed');
  });

  test('data export: a JSON copy of the account’s own profile, addresses, orders, requests, complaints, consents', async () => {
    const visitor = new ApiClient(w.t.app, '10.99.0.9');
    assert.equal((await visitor.get('/api/me/export')).statusCode, 401);
    const res = await busy.client.get('/api/me/export');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="jishi-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = res.json();
    assert.equal(data.account.id, busy.userId);
    assert.equal(data.account.mobile, `+86${await loginOf(busy.userId)}`);
    assert.equal(data.addresses.length, 1);
    assert.equal(data.addresses[0].detail, '文三路 1 号');
    assert.equal(data.orders.length, 1);
    assert.equal(data.orders[0].shop, '售后测试店');
    assert.equal(data.orders[0].lines[0].qty, 1);
    assert.equal(data.afterSales.length, 1);
    assert.equal(data.complaints[0].title, '客服不回复');
    assert.equal(data.wallet.balanceFen, 2_345);
    assert.ok('marketing' in data.consents.current);
    // Only the caller's own: nothing of the other shopper.
    assert.ok(!res.body.includes(leaving.userId));
    assert.ok(!res.body.includes(keptOrder));
    // No credentials in the copy: no password hash, session or 2FA secret.
    assert.ok(!/\$argon2|password_?hash|passwordHash|secret|jishi_sid/i.test(res.body), res.body.slice(0, 500));
  });

  test('a new account with the old number and a closed account are two people: the same number can close again', async () => {
    // The mobile number of the closed account now belongs to the new one, which can itself close.
    const again = new ApiClient(w.t.app, '10.99.1.1');
    assert.equal((await again.post('/api/auth/login', { identifier: leavingMobile, password: 'Brand-New-Pass-2026' })).statusCode, 200);
    const res = await again.post('/api/me/closure', { password: 'Brand-New-Pass-2026', confirmation: 'CLOSE' }, { 'idempotency-key': nextKey('again') });
    assert.equal(res.statusCode, 200, res.body);
    const fresh = new ApiClient(w.t.app, '10.99.1.2');
    assert.equal((await fresh.post('/api/auth/register', { identifier: leavingMobile, password: 'Third-Owner-Pass-2026' })).statusCode, 201);
    assert.equal(
      Number((await w.t.ctx.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'closed').where('display_name', '=', '已注销用户').executeTakeFirstOrThrow()).n),
      3,
    );
  });
});
