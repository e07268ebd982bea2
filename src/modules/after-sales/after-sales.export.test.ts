import { before, after, test } from 'node:test';
import { isChinaTimeText, readSheet } from '../../testing/sheets.ts';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { applyOk, makeWorld, newBuyer, paidOrder, type World } from './after-sales.fixtures.ts';


const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r['售后单号']);

describeEachDatabase('after-sales export', (database) => {
  let w: World;
  /** In the shop: one awaiting the merchant, one the merchant rejected; in the other shop: one awaiting it. */
  let requested: string, rejected: string, otherShops: string;
  let mobiles: string[];

  before(async () => {
    w = await makeWorld(database());
    const buyers = [await newBuyer(w), await newBuyer(w), await newBuyer(w)];
    const o1 = await paidOrder(w, buyers[0]!, [[w.skus[0]!, 1]]);
    const o2 = await paidOrder(w, buyers[1]!, [[w.skus[1]!, 1]]);
    const o3 = await paidOrder(w, buyers[2]!, [[w.otherShopSku, 1]]);
    requested = await applyOk(buyers[0]!, { orderLineId: o1.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 12_900 });
    w.t.clock.advance(60_000);
    rejected = await applyOk(buyers[1]!, { orderLineId: o2.lines[0]!, kind: 'refund_only', reason: 'not_received', amountFen: 5_000 });
    w.t.clock.advance(60_000);
    otherShops = await applyOk(buyers[2]!, { orderLineId: o3.lines[0]!, kind: 'refund_only', reason: 'changed_mind', amountFen: 1_000 });
    const reject = await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${rejected}/reject`, { reason: '已发货，请收货后再申请' });
    assert.equal(reject.statusCode, 200, reject.body);
    mobiles = (await w.t.ctx.db.selectFrom('app_user').select('mobile').where('id', 'in', buyers.map((b) => b.userId)).execute()).map((u) => u.mobile!);
  });
  after(async () => {
    await w.t.app.close();
  });

  test('the shop’s sheet holds its filtered queue: labels in Chinese, money in yuan, the buyer masked', async () => {
    const listed = (await w.service.get(`/api/seller/shops/${w.shopId}/after-sales?status=requested`)).json();
    assert.deepEqual(listed.items.map((r: { id: string }) => r.id), [requested]);
    const { headers, rows } = await readSheet(await w.service.get(`/api/seller/shops/${w.shopId}/after-sales/export?status=requested`));
    assert.deepEqual(headers, ['售后单号', '订单号', '商品', '买家', '类型', '状态', '申请原因', '数量', '退款金额(元)', '已退款(元)', '申请时间', '处理时限', '最后更新']);
    assert.deepEqual(ids(rows), [requested]);
    const row = rows[0]!;
    assert.equal(row['类型'], '仅退款');
    assert.equal(row['状态'], '待商家处理');
    assert.equal(row['申请原因'], '不想要了/拍错了');
    assert.equal(row['退款金额(元)'], '129.00');
    assert.equal(row['商品'], '售后测试耳机 / A');
    assert.ok(isChinaTimeText(row['申请时间']) && isChinaTimeText(row['处理时限']) && isChinaTimeText(row['最后更新']));
    assert.equal(row['买家'], listed.items[0].buyer);
    assert.match(String(row['买家']), /^\d{3}\*{4}\d{4}$/);

    const everything = await readSheet(await w.owner.get(`/api/seller/shops/${w.shopId}/after-sales/export`));
    assert.deepEqual(new Set(ids(everything.rows)), new Set([requested, rejected]), 'never another shop’s requests');
    const rejectedRow = everything.rows.find((r) => r['售后单号'] === rejected)!;
    assert.equal(rejectedRow['状态'], '商家已拒绝');
    for (const r of everything.rows) assert.ok(!mobiles.some((m) => JSON.stringify(r).includes(m)), 'no full mobile in the sheet');
  });

  test('the platform’s sheet holds every shop’s requests under the list’s filters, with the shop', async () => {
    const { headers, rows } = await readSheet(await w.staff.get('/api/admin/after-sales/export?status=requested&sort=oldest'));
    assert.deepEqual(headers.slice(0, 4), ['售后单号', '订单号', '店铺', '商品']);
    assert.deepEqual(ids(rows), [requested, otherShops]);
    assert.deepEqual(rows.map((r) => r['店铺']), ['售后测试店', '别家店']);
    const oneShop = await readSheet(await w.staff.get(`/api/admin/after-sales/export?shopId=${w.otherShopId}`));
    assert.deepEqual(ids(oneShop.rows), [otherShops]);
    const group = await readSheet(await w.staff.get('/api/admin/after-sales/export?status=awaiting_buyer'));
    assert.deepEqual(ids(group.rows), [rejected]);
  });

  test('merchants export only their own shop, handlers only; the platform’s export is the service area’s', async () => {
    const foreign = await w.otherOwner.get(`/api/seller/shops/${w.shopId}/after-sales/export`);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.code, 'SHOP_NOT_FOUND');
    assert.equal((await w.warehouse.get(`/api/seller/shops/${w.shopId}/after-sales/export`)).statusCode, 403);
    assert.equal((await w.owner.get('/api/admin/after-sales/export')).statusCode, 403);
    const finance = new ApiClient(w.t.app, '10.78.0.1');
    const financeUser = await makeUser(w.t.ctx.db, w.t.clock, { platformRole: 'finance' });
    assert.equal((await finance.post('/api/auth/login', { identifier: financeUser.identifier, password: financeUser.password })).statusCode, 200);
    assert.equal((await finance.get('/api/admin/after-sales/export')).statusCode, 403);
  });
});
