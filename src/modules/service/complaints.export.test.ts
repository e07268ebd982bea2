import { before, after, test } from 'node:test';
import { isChinaTimeText, readSheet } from '../../testing/sheets.ts';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { checkout, makeBuyer, makeMarket, type Buyer } from '../../testing/payment-fixtures.ts';
import { HOUR, MINUTE } from '../../shared/clock.ts';


const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r['投诉编号']);
const listedIds = (res: LightMyRequestResponse) => (res.json() as { items: { id: string }[] }).items.map((c) => c.id);

describeEachDatabase('complaint export', (database) => {
  let t: TestApp;
  let shopX: string, shopY: string;
  let buyerA: Buyer, buyerB: Buyer;
  let mobiles: string[];
  /** c1: about shop X, unanswered past its first-response deadline; c2: shop X, accepted by staff; c3: shop Y, unanswered and late. */
  let c1: string, c2: string, c3: string;
  let ownerX: ApiClient, ownerY: ApiClient, staff: ApiClient, reviewer: ApiClient;

  const signIn = async (login: { identifier: string; password: string }, ip: string) => {
    const c = new ApiClient(t.app, ip);
    assert.equal((await c.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return c;
  };
  const file = async (buyer: Buyer, orderId: string, category: string) => {
    const res = await buyer.client.post('/api/me/complaints', { orderId, category, title: '导出测试投诉', description: '用于导出测试的投诉内容。' });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  before(async () => {
    t = await createTestApp(database());
    const { db } = t.ctx;
    const market = await makeMarket(t);
    [shopX, shopY] = market.shops as [string, string];
    buyerA = await makeBuyer(t);
    buyerB = await makeBuyer(t);
    const placedA = await checkout(t, market, buyerA, [1, 1]);
    const placedB = await checkout(t, market, buyerB, [1, 0]);
    const orderOf = async (orderIds: string[], shopId: string) =>
      (await db.selectFrom('shop_order').select('id').where('id', 'in', orderIds).where('shop_id', '=', shopId).executeTakeFirstOrThrow()).id;
    const staffUser = await makeUser(db, t.clock, { platformRole: 'platform_staff', name: '客服小李' });
    staff = await signIn(staffUser, '10.64.0.1');
    reviewer = await signIn(await makeUser(db, t.clock, { platformRole: 'reviewer' }), '10.64.0.2');
    ownerX = await signIn(market.owners[0]!, '10.64.0.3');
    ownerY = await signIn(market.owners[1]!, '10.64.0.4');

    c1 = await file(buyerA, await orderOf(placedA.orderIds, shopX), 'quality');
    t.clock.advance(MINUTE);
    c2 = await file(buyerB, placedB.orderIds[0]!, 'logistics');
    assert.equal((await staff.post(`/api/admin/complaints/${c2}/accept`, {})).statusCode, 200);
    t.clock.advance(MINUTE);
    c3 = await file(buyerA, await orderOf(placedA.orderIds, shopY), 'quality');
    t.clock.advance(25 * HOUR);
    mobiles = (await db.selectFrom('app_user').select('mobile').where('id', 'in', [buyerA.userId, buyerB.userId]).execute()).map((u) => u.mobile!);
  });
  after(async () => {
    await t.app.close();
  });

  test('the shop’s sheet holds its filtered list: category, status, deadline and lateness; the shopper as the list names them', async () => {
    const listed = await ownerX.get(`/api/seller/shops/${shopX}/complaints?status=submitted`);
    assert.deepEqual(listedIds(listed), [c1]);
    const { headers, rows } = await readSheet(await ownerX.get(`/api/seller/shops/${shopX}/complaints/export?status=submitted`));
    assert.deepEqual(headers, ['投诉编号', '订单号', '标题', '投诉人', '类别', '状态', '提交时间', '时限', '是否超时', '处理结果']);
    assert.deepEqual(ids(rows), [c1]);
    const row = rows[0]!;
    assert.equal(row['类别'], '质量问题');
    assert.equal(row['状态'], '待受理');
    assert.equal(row['是否超时'], '是');
    assert.ok(isChinaTimeText(row['提交时间']) && isChinaTimeText(row['时限']));
    assert.equal(row['投诉人'], listed.json().items[0].shopperName);
    assert.match(String(row['投诉人']), /^\d{3}\*{4}\d{4}$/);

    const all = await readSheet(await ownerX.get(`/api/seller/shops/${shopX}/complaints/export`));
    assert.deepEqual(ids(all.rows), listedIds(await ownerX.get(`/api/seller/shops/${shopX}/complaints`)));
    assert.deepEqual(new Set(ids(all.rows)), new Set([c1, c2]), 'never another shop’s complaints');
    const accepted = all.rows.find((r) => r['投诉编号'] === c2)!;
    assert.equal(accepted['状态'], '已受理');
    assert.equal(accepted['是否超时'], '否');
    for (const r of all.rows) assert.ok(!mobiles.some((m) => JSON.stringify(r).includes(m)), 'no full mobile in the sheet');
  });

  test('the platform’s sheet holds the queue under its filters, with the shop and who handles it', async () => {
    const submitted = await readSheet(await staff.get('/api/admin/complaints/export?status=submitted'));
    assert.deepEqual(submitted.headers, ['投诉编号', '订单号', '店铺', '标题', '投诉人', '类别', '状态', '提交时间', '时限', '是否超时', '处理人', '处理结果']);
    assert.deepEqual(ids(submitted.rows), listedIds(await staff.get('/api/admin/complaints?status=submitted')));
    assert.deepEqual(new Set(ids(submitted.rows)), new Set([c1, c3]));
    assert.deepEqual(ids((await readSheet(await staff.get(`/api/admin/complaints/export?shopId=${shopY}`))).rows), [c3]);
    const mine = await readSheet(await staff.get('/api/admin/complaints/export?assignee=me'));
    assert.deepEqual(ids(mine.rows), [c2]);
    assert.equal(mine.rows[0]!['处理人'], '客服小李');
    assert.equal(mine.rows[0]!['店铺'], '付款测试店 1');
    assert.deepEqual(ids((await readSheet(await staff.get('/api/admin/complaints/export?category=logistics'))).rows), [c2]);
  });

  test('merchants export only their own shop’s complaints; the platform’s export is the service area’s', async () => {
    for (const outsider of [ownerY, buyerA.client]) {
      const res = await outsider.get(`/api/seller/shops/${shopX}/complaints/export`);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'SHOP_NOT_FOUND');
    }
    assert.equal((await ownerX.get('/api/admin/complaints/export')).statusCode, 403);
    assert.equal((await reviewer.get('/api/admin/complaints/export')).statusCode, 403);
  });
});
