import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUser } from '../../testing/fixtures.ts';
import { checkout, makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';
import { markPaymentOrderPaid } from '../orders/orders.service.ts';
import { listNewProducts } from '../catalog/catalog.queries.ts';

// 冻结: a frozen shop's products leave every storefront query, checkout refuses them with SHOP_FROZEN,
// and orders placed before keep going (the merchant still ships them).
describeEachDatabase('shop freezing (冻结)', (database) => {
  let t: TestApp;
  let market: Market;
  let buyer: Buyer;
  let staff: ApiClient, owner: ApiClient, shopper: ApiClient;
  let frozenShop: string, otherShop: string, frozenSku: string, frozenProduct: string;
  let paidOrder: string;
  let keys = 0;

  const search = async (query: string) => (await shopper.get(`/api/search?${query}`)).json() as { total: number; items: { id: string; shopId: string }[] };
  const orderCount = async () => Number((await t.ctx.db.selectFrom('shop_order').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const shopRow = () => t.ctx.db.selectFrom('shop').selectAll().where('id', '=', frozenShop).executeTakeFirstOrThrow();
  const buyNow = (skuId: string) =>
    buyer.client.post('/api/checkout', { source: { kind: 'buy_now', skuId, qty: 1 }, addressId: buyer.addressId, shops: {} }, { 'idempotency-key': `freeze-test-${++keys}` });

  before(async () => {
    t = await createTestApp(database());
    market = await makeMarket(t);
    [frozenShop, otherShop] = market.shops as [string, string];
    frozenSku = market.skus[0]!;
    frozenProduct = (await t.ctx.db.selectFrom('sku').select('product_id').where('id', '=', frozenSku).executeTakeFirstOrThrow()).product_id;
    buyer = await makeBuyer(t);
    const placed = await checkout(t, market, buyer, [1, 0]);
    await t.ctx.db.transaction().execute((trx) => markPaymentOrderPaid(trx, t.clock, t.ctx.config.orders, placed.paymentOrderId));
    paidOrder = placed.orderIds[0]!;
    const s = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff' });
    staff = new ApiClient(t.app, '10.72.0.1');
    owner = new ApiClient(t.app, '10.72.0.2');
    shopper = new ApiClient(t.app, '10.72.0.3');
    assert.equal((await staff.post('/api/auth/login', { identifier: s.identifier, password: s.password })).statusCode, 200);
    const o = market.owners[0]!;
    assert.equal((await owner.post('/api/auth/login', { identifier: o.identifier, password: o.password })).statusCode, 200);
  });
  after(async () => {
    await t.app.close();
  });

  test('freezing hides the products, refuses checkout with SHOP_FROZEN, lets the existing order ship; unfreezing restores', async () => {
    assert.equal((await search(`shopId=${frozenShop}`)).total, 1);
    assert.equal((await shopper.get(`/api/products/${frozenProduct}`)).statusCode, 200);
    // In the cart before the freeze.
    assert.equal((await buyer.client.post('/api/cart/items', { skuId: frozenSku, qty: 1 })).statusCode, 200);

    // A reason is required; nothing changes without one. Only platform staff may freeze.
    const noReason = await staff.post(`/api/admin/shops/${frozenShop}/freeze`, { reason: '  ' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.code, 'FREEZE_REASON_REQUIRED');
    assert.equal((await owner.post(`/api/admin/shops/${frozenShop}/freeze`, { reason: '自己冻结自己' })).statusCode, 403);
    assert.equal((await shopRow()).status, 'active');

    const frozen = await staff.post(`/api/admin/shops/${frozenShop}/freeze`, { reason: '涉嫌售假，暂停经营待核实' });
    assert.equal(frozen.statusCode, 200, frozen.body);
    assert.equal(frozen.json().status, 'frozen');
    assert.equal(frozen.json().frozenReason, '涉嫌售假，暂停经营待核实');
    const row = await shopRow();
    assert.equal(row.frozen_at?.getTime(), t.clock.now().getTime());
    assert.ok(row.frozen_by);
    const again = await staff.post(`/api/admin/shops/${frozenShop}/freeze`, { reason: '再冻一次' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'SHOP_STATUS_CONFLICT');

    // Gone from the storefront: search (by shop and by words), the product page, the new-arrivals list.
    assert.equal((await search(`shopId=${frozenShop}`)).total, 0);
    assert.ok(!(await search(`q=${encodeURIComponent('付款测试商品')}`)).items.some((i) => i.shopId === frozenShop));
    assert.ok((await search(`q=${encodeURIComponent('付款测试商品')}`)).items.some((i) => i.shopId === otherShop), 'other shops are untouched');
    assert.equal((await shopper.get(`/api/products/${frozenProduct}`)).statusCode, 404);
    assert.ok(!(await listNewProducts(t.ctx.db)).some((p) => p.id === frozenProduct));
    const platformList = (await staff.get('/api/admin/shops?status=frozen')).json();
    assert.deepEqual(platformList.items.map((s: { id: string; frozenReason: string }) => [s.id, s.frozenReason]), [[frozenShop, '涉嫌售假，暂停经营待核实']]);

    // No new orders: from the cart or bought now, a catalogued 409 naming the shop, and nothing is written.
    const orders = await orderCount();
    const fromCart = await buyer.client.post('/api/checkout', { source: { kind: 'cart' }, addressId: buyer.addressId, shops: {} }, { 'idempotency-key': `freeze-test-${++keys}` });
    assert.equal(fromCart.statusCode, 409, fromCart.body);
    assert.equal(fromCart.json().error.code, 'SHOP_FROZEN');
    assert.match(fromCart.json().error.message, /付款测试店 1/);
    assert.equal((await buyNow(frozenSku)).json().error.code, 'SHOP_FROZEN');
    const quote = await buyer.client.post('/api/checkout/quote', { source: { kind: 'buy_now', skuId: frozenSku, qty: 1 }, addressId: buyer.addressId, shops: {} });
    assert.equal(quote.json().error.code, 'SHOP_FROZEN');
    assert.equal((await buyer.client.post('/api/cart/items', { skuId: frozenSku, qty: 1 })).statusCode, 409, 'nothing more goes into the cart');
    assert.equal(await orderCount(), orders);
    assert.equal((await buyNow(market.skus[1]!)).statusCode, 201, 'other shops still sell');

    // Existing orders continue: the owner keeps the console and ships the paid order.
    assert.ok((await owner.get('/api/seller/shops')).json().items.some((s: { shopId: string }) => s.shopId === frozenShop));
    const shipped = await owner.post(`/api/seller/shops/${frozenShop}/orders/${paidOrder}/ship`, { carrier: 'SF', trackingNo: 'SF9234567890123' }, { 'idempotency-key': `freeze-ship-${paidOrder}` });
    assert.equal(shipped.statusCode, 201, shipped.body);
    const status = (await t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', paidOrder).executeTakeFirstOrThrow()).status;
    assert.equal(status, 'shipped');
    // …and the buyer still confirms receipt of it.
    const received = await buyer.client.post(`/api/me/orders/${paidOrder}/confirm-receipt`, {}, { 'idempotency-key': `freeze-confirm-${paidOrder}` });
    assert.equal(received.statusCode, 200, received.body);

    // Unfreezing (with a reason) brings everything back.
    assert.equal((await staff.post(`/api/admin/shops/${frozenShop}/unfreeze`, {})).statusCode, 400);
    const thawed = await staff.post(`/api/admin/shops/${frozenShop}/unfreeze`, { reason: '核实为正品，恢复经营' });
    assert.equal(thawed.statusCode, 200, thawed.body);
    assert.equal(thawed.json().status, 'active');
    assert.equal(thawed.json().frozenReason, null);
    assert.deepEqual(thawed.json().events.map((e: { action: string; reason: string }) => [e.action, e.reason]), [
      ['unfreeze', '核实为正品，恢复经营'],
      ['freeze', '涉嫌售假，暂停经营待核实'],
    ]);
    assert.equal((await staff.post(`/api/admin/shops/${frozenShop}/unfreeze`, { reason: '再解一次' })).json().error.code, 'SHOP_STATUS_CONFLICT');
    assert.equal((await search(`shopId=${frozenShop}`)).total, 1);
    assert.equal((await shopper.get(`/api/products/${frozenProduct}`)).statusCode, 200);
    assert.equal((await buyNow(frozenSku)).statusCode, 201);
    assert.equal((await staff.post('/api/admin/shops/shp_nope/freeze', { reason: '不存在' })).statusCode, 404);
  });
});
