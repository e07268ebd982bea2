import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../testing/app.ts';
import { addShopMember, makeShop, makeUser } from '../testing/fixtures.ts';
import { buildApp } from '../app.ts';
import { decide, policy } from './policy.ts';
import type { AuthContext } from '../modules/identity/sessions.ts';

describeEachDatabase('access control', (database) => {
  let t: TestApp;
  let admin: ApiClient, staff: ApiClient, shopper: ApiClient, ownerA: ApiClient, warehouseA: ApiClient, visitor: ApiClient;
  let shopA: string, shopB: string;

  async function signIn(login: { identifier: string; password: string }) {
    const client = new ApiClient(t.app, `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
    const res = await client.post('/api/auth/login', { identifier: login.identifier, password: login.password });
    assert.equal(res.statusCode, 200, res.body);
    return client;
  }

  before(async () => {
    t = await createTestApp(database());
    const { db } = t.ctx;
    const c = t.clock;
    const adminUser = await makeUser(db, c, { platformRole: 'platform_admin' });
    const staffUser = await makeUser(db, c, { platformRole: 'platform_staff' });
    const shopperUser = await makeUser(db, c);
    const ownerAUser = await makeUser(db, c);
    const ownerBUser = await makeUser(db, c);
    const warehouseUser = await makeUser(db, c);
    shopA = await makeShop(db, c, ownerAUser.id, { name: '甲店' });
    shopB = await makeShop(db, c, ownerBUser.id, { name: '乙店' });
    await addShopMember(db, c, shopA, warehouseUser.id, 'warehouse');
    [admin, staff, shopper, ownerA, warehouseA] = (await Promise.all([adminUser, staffUser, shopperUser, ownerAUser, warehouseUser].map(signIn))) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
    visitor = new ApiClient(t.app);
  });
  after(async () => {
    await t.app.close();
  });

  test('C3: every route declares a policy, and a route without one stops the app from starting', async () => {
    assert.ok(t.app.routeTable.length > 5);
    for (const route of t.app.routeTable) assert.ok(route.config && 'policy' in route.config, `${route.method} ${route.url}`);
    await assert.rejects(
      buildApp(t.ctx, {
        logLevel: 'silent',
        plugins: [async (app) => void app.get('/api/forgotten', async () => 'open')],
      }),
      /declares no access policy/,
    );
  });

  test('C3: platform routes — visitor 401, shopper and merchant 403, platform staff and admin 200', async () => {
    assert.equal((await visitor.get('/api/admin/shops')).statusCode, 401);
    assert.equal((await shopper.get('/api/admin/shops')).json().error.code, 'FORBIDDEN');
    assert.equal((await ownerA.get('/api/admin/shops')).statusCode, 403);
    assert.equal((await staff.get('/api/admin/shops')).statusCode, 200);
    const list = await admin.get('/api/admin/shops?sort=name');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().items.map((s: { name: string }) => s.name).filter((n: string) => n === '甲店' || n === '乙店'), ['乙店', '甲店'].sort());
  });

  test('tenant isolation: a merchant reaches only their own shop; someone else’s shop looks like no shop (404)', async () => {
    const own = await ownerA.get(`/api/seller/shops/${shopA}`);
    assert.equal(own.statusCode, 200);
    assert.equal(own.json().name, '甲店');
    for (const url of [`/api/seller/shops/${shopB}`, `/api/seller/shops/${shopB}/overview`, '/api/seller/shops/shp_does_not_exist']) {
      const res = await ownerA.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'SHOP_NOT_FOUND');
      assert.ok(!res.body.includes('乙店'));
    }
    assert.equal((await shopper.get(`/api/seller/shops/${shopA}`)).statusCode, 404);
    assert.equal((await visitor.get(`/api/seller/shops/${shopA}`)).statusCode, 401);
    assert.equal((await warehouseA.get(`/api/seller/shops/${shopA}/overview`)).statusCode, 200);
    const mine = await ownerA.get('/api/seller/shops');
    assert.deepEqual(mine.json().items.map((s: { shopId: string }) => s.shopId), [shopA]);
  });

  test('staff roles: a shop policy naming roles admits those roles and the owner only', () => {
    const auth = (role: 'owner' | 'warehouse' | 'finance'): AuthContext => ({
      userId: 'u', sessionId: 's', csrfToken: 'c', displayName: 'n', mobile: null, email: null, platformRoles: [],
      shops: [{ shopId: 'shp_1', shopName: 'x', role }],
    });
    const finance = policy.shop(['finance']);
    assert.equal(decide(finance, auth('finance'), { shopId: 'shp_1' }).allow, true);
    assert.equal(decide(finance, auth('owner'), { shopId: 'shp_1' }).allow, true);
    assert.equal(decide(finance, auth('warehouse'), { shopId: 'shp_1' }).allow, false);
    assert.equal(decide(finance, auth('finance'), { shopId: 'shp_2' }).allow, false);
    assert.equal(decide(undefined, auth('owner'), {}).allow, false, 'no policy, no access');
    assert.equal(decide({ kind: 'nonsense' } as never, auth('owner'), {}).allow, false, 'unknown policy, no access');
    const platformFinance = policy.platform('platform_staff');
    assert.equal(decide(platformFinance, { ...auth('owner'), platformRoles: ['platform_admin'] }, {}).allow, true);
    assert.equal(decide(platformFinance, auth('owner'), {}).allow, false);
  });

  test('D6: sort and filter parameters cannot inject SQL', async () => {
    const sort = await admin.get(`/api/admin/shops?sort=${encodeURIComponent('name; drop table shop; --')}`);
    assert.equal(sort.statusCode, 400);
    assert.equal(sort.json().error.code, 'VALIDATION_FAILED');
    const extra = await admin.get('/api/admin/shops?orderBy=id');
    assert.equal(extra.statusCode, 400);
    const quote = await admin.get(`/api/admin/shops?q=${encodeURIComponent("' or '1'='1")}`);
    assert.equal(quote.statusCode, 200);
    assert.equal(quote.json().total, 0);
    const wildcard = await admin.get(`/api/admin/shops?q=${encodeURIComponent('%')}`);
    assert.equal(wildcard.json().total, 0, 'a % in the filter is a literal %, not a wildcard');
    const kind = await admin.get('/api/admin/shops?kind=flagship%27--');
    assert.equal(kind.statusCode, 400);
    assert.ok((await t.ctx.db.selectFrom('shop').select('id').execute()).length >= 2, 'the shop table is still there');
  });

  test('D6: cross-site writes are refused (Origin, Sec-Fetch-Site, missing CSRF token on a cookie write)', async () => {
    const body = { currentPassword: 'x', newPassword: 'Another-Pass-2026' };
    const crossOrigin = await ownerA.post('/api/me/password', body, { origin: 'https://evil.example' });
    assert.equal(crossOrigin.statusCode, 403);
    assert.equal(crossOrigin.json().error.code, 'CSRF_REJECTED');
    const crossSite = await ownerA.post('/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.json().error.code, 'CSRF_REJECTED');
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { jishi_sid: ownerA.cookies.get('jishi_sid')! },
      payload: {},
    });
    assert.equal(noToken.json().error.code, 'CSRF_REJECTED');
    const wrongToken = await ownerA.post('/api/auth/logout', {}, { 'x-csrf-token': 'guessed' });
    assert.equal(wrongToken.json().error.code, 'CSRF_REJECTED');
    assert.equal((await ownerA.get('/api/me')).statusCode, 200, 'none of those logged the merchant out');
    const sameOrigin = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'http://localhost:80', host: 'localhost:80' }, payload: { identifier: 'a@b.cn', password: 'whatever-123' } });
    assert.equal(sameOrigin.json().error.code, 'INVALID_CREDENTIALS', 'a same-origin request passes the origin check');
  });
});
