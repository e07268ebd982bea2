import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { applyOk, code, makeWorld, newBuyer, paidOrder, PRICE, receive, ship, type World } from '../after-sales/after-sales.fixtures.ts';
import type { Buyer } from '../../testing/payment-fixtures.ts';
import { findStoreShop } from '../catalog/catalog.queries.ts';

describeEachDatabase('店铺设置 (shop profile)', (database) => {
  let w: World;
  let buyer: Buyer;
  const url = () => `/api/seller/shops/${w.shopId}/profile`;

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
  });
  after(async () => {
    await w.t.app.close();
  });

  test('owners set intro, announcement, service hours, return address and their own pictures; others and bad input are refused', async () => {
    const image = await w.t.ctx.db
      .insertInto('media_image')
      .values({ id: 'img_profile_test', shop_id: w.shopId, uploaded_by: null, url: '/media/p/logo-test.webp', width: 200, height: 200, bytes: 1000, created_at: w.t.clock.now() })
      .returning('url')
      .executeTakeFirstOrThrow();
    const foreign = await w.t.ctx.db
      .insertInto('media_image')
      .values({ id: 'img_profile_foreign', shop_id: w.otherShopId, uploaded_by: null, url: '/media/p/other.webp', width: 200, height: 200, bytes: 1000, created_at: w.t.clock.now() })
      .returning('url')
      .executeTakeFirstOrThrow();
    const saved = await w.owner.request('PUT', url(), { intro: ' 专注降噪耳机 ', announcement: '双十一全场包邮', serviceHours: '每天 09:00-22:00', returnAddress: '杭州市西湖区文三路 100 号 售后组 0571-88880000', logoUrl: image.url });
    assert.equal(saved.statusCode, 200, saved.body);
    const { id: _id, name: _name, kind: _kind, ...fields } = saved.json() as Record<string, unknown>;
    assert.deepEqual(fields, {
      intro: '专注降噪耳机', announcement: '双十一全场包邮', serviceHours: '每天 09:00-22:00', returnAddress: '杭州市西湖区文三路 100 号 售后组 0571-88880000', logoUrl: image.url, bannerUrl: null,
    });
    const before = (await w.owner.get(url())).json();
    assert.equal(code(await w.owner.request('PUT', url(), { announcement: '长'.repeat(301) })), 'SHOP_PROFILE_TOO_LONG');
    assert.equal(code(await w.owner.request('PUT', url(), { bannerUrl: foreign.url })), 'SHOP_IMAGE_INVALID', 'another shop’s picture');
    assert.equal(code(await w.owner.request('PUT', url(), { bannerUrl: 'https://evil.example/x.png' })), 'SHOP_IMAGE_INVALID');
    assert.equal((await w.owner.request('PUT', url(), { status: 'active' })).statusCode, 400, 'no mass assignment');
    assert.deepEqual((await w.owner.get(url())).json(), before, 'nothing changed');
    assert.equal((await w.warehouse.request('PUT', url(), { intro: 'x' })).statusCode, 403);
    assert.equal((await w.otherOwner.get(url())).statusCode, 404);
    // What the storefront shop page reads.
    const shown = await findStoreShop(w.t.ctx.db, w.shopId);
    assert.equal(shown?.announcement, '双十一全场包邮');
    assert.equal(shown?.serviceHours, '每天 09:00-22:00');
  });

  test('a return approved without an address goes to the address of 店铺设置', async () => {
    const order = await paidOrder(w, buyer, [[w.skus[0]!, 1]]);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    const id = await applyOk(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'damaged', amountFen: PRICE });
    const approved = await w.owner.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/approve`, {});
    assert.equal(approved.statusCode, 200, approved.body);
    const row = await w.t.ctx.db.selectFrom('after_sales_request').select('return_address').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.return_address, '杭州市西湖区文三路 100 号 售后组 0571-88880000');
  });
});
