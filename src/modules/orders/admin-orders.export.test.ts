import { before, after, test } from 'node:test';
import { isChinaTimeText, readSheet } from '../../testing/sheets.ts';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { checkout, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';

const SELLER_HEADERS = ['订单号', '状态', '下单时间', '买家', '配送', '商品', '规格', '单价(元)', '数量', '小计(元)', '运费(元)', '实付(元)'];

describeEachDatabase('platform order export', (database) => {
  let t: TestApp;
  let market: Market;
  let shopA: string, shopB: string;
  let buyer1: Buyer, buyer2: Buyer;
  let mobiles: string[];
  /** buyer1: A (cancelled) and B; buyer2: A and B, all awaiting payment. */
  let a1: string, b1: string, a2: string, b2: string;
  let staff: ApiClient, ownerA: ApiClient;

  const signIn = async (login: { identifier: string; password: string }, ip: string) => {
    const c = new ApiClient(t.app, ip);
    assert.equal((await c.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return c;
  };
  const byShop = async (orderIds: string[], shopId: string) =>
    (await t.ctx.db.selectFrom('shop_order').select('id').where('id', 'in', orderIds).where('shop_id', '=', shopId).executeTakeFirstOrThrow()).id;

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t);
    [shopA, shopB] = market.shops as [string, string];
    buyer1 = await makeBuyer(t);
    buyer2 = await makeBuyer(t);
    const placed1 = await checkout(t, market, buyer1, [1, 1]);
    const placed2 = await checkout(t, market, buyer2, [2, 1]);
    [a1, b1] = [await byShop(placed1.orderIds, shopA), await byShop(placed1.orderIds, shopB)];
    [a2, b2] = [await byShop(placed2.orderIds, shopA), await byShop(placed2.orderIds, shopB)];
    assert.equal((await buyer1.client.post(`/api/me/orders/${a1}/cancel`, {})).statusCode, 200);
    mobiles = (await t.ctx.db.selectFrom('app_user').select('mobile').where('id', 'in', [buyer1.userId, buyer2.userId]).execute()).map((u) => u.mobile!);
    staff = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff' }), '10.63.0.1');
    ownerA = await signIn(market.owners[0]!, '10.63.0.2');
  });
  after(async () => {
    await t.app.close();
  });

  test('the platform sheet holds the filtered list, one row per line, with the shop and the buyer masked', async () => {
    const listed = (await staff.get(`/api/admin/orders?status=pending_payment&shopId=${shopA}`)).json();
    assert.deepEqual(listed.items.map((o: { id: string }) => o.id), [a2]);
    const { headers, rows } = await readSheet(await staff.get(`/api/admin/orders/export?status=pending_payment&shopId=${shopA}`));
    assert.deepEqual(headers, ['订单号', '店铺', ...SELLER_HEADERS.slice(1)]);
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row['订单号'], a2);
    assert.equal(row['店铺'], '付款测试店 1');
    assert.equal(row['状态'], '待付款');
    assert.equal(row['数量'], 2);
    assert.equal(row['小计(元)'], '258.00');
    assert.ok(isChinaTimeText(row['下单时间']));
    assert.equal(row['买家'], listed.items[0].buyer);
    assert.match(String(row['买家']), /^\d{3}\*{4}\d{4}$/);

    // Every shop, one status: what the list shows, newest first.
    const pending = (await staff.get('/api/admin/orders?status=pending_payment')).json();
    const all = await readSheet(await staff.get('/api/admin/orders/export?status=pending_payment'));
    assert.deepEqual(all.rows.map((r) => r['订单号']), pending.items.map((o: { id: string }) => o.id));
    assert.deepEqual(new Set(all.rows.map((r) => r['订单号'])), new Set([a2, b1, b2]));
    assert.deepEqual(new Set(all.rows.map((r) => r['店铺'])), new Set(['付款测试店 1', '付款测试店 2']));
    for (const r of all.rows) assert.ok(!mobiles.some((m) => JSON.stringify(r).includes(m)), 'no full mobile in the sheet');

    const cancelled = await readSheet(await staff.get('/api/admin/orders/export?status=cancelled'));
    assert.deepEqual(cancelled.rows.map((r) => [r['订单号'], r['状态']]), [[a1, '已取消']]);
    // Paging is not a filter of the export.
    assert.equal((await staff.get('/api/admin/orders/export?page=2')).statusCode, 400);
  });

  test('the merchant sheet keeps its columns and the shop’s own orders only', async () => {
    const { headers, rows } = await readSheet(await ownerA.get(`/api/seller/shops/${shopA}/orders/export`));
    assert.deepEqual(headers, SELLER_HEADERS);
    assert.deepEqual(new Set(rows.map((r) => r['订单号'])), new Set([a1, a2]));
    assert.equal((await ownerA.get(`/api/seller/shops/${shopB}/orders/export`)).json().error.code, 'SHOP_NOT_FOUND');
  });

  test('only platform staff export every shop’s orders', async () => {
    const asMerchant = await ownerA.get('/api/admin/orders/export');
    assert.equal(asMerchant.statusCode, 403);
    assert.equal((await buyer1.client.get('/api/admin/orders/export')).statusCode, 403);
    assert.equal((await new ApiClient(t.app, '10.63.0.3').get('/api/admin/orders/export')).statusCode, 401);
  });
});
