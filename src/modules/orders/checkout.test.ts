import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { createAddress } from '../addresses/addresses.service.ts';
import { createTemplate } from '../shipping/shipping.service.ts';
import { JobWorker } from '../../shared/jobs.ts';
import { DEFAULT_ORDER_TIMERS } from './orders.rules.ts';
import { markPaymentOrderPaid, recomputeSalesCounts } from './orders.service.ts';
import { isValidTaxNumber } from './tax-number.ts';

test('the unified social credit code check digit', () => {
  assert.equal(isValidTaxNumber('91350100M000100Y43'), true);
  assert.equal(isValidTaxNumber('91350100M000100Y44'), false);
  assert.equal(isValidTaxNumber('91350100M000100Y4'), false);
  assert.equal(isValidTaxNumber('91350100M000100I43'), false);
});

describeEachDatabase('checkout, stock and order timers', (database, kind) => {
  let t: TestApp;
  let shopA: string, shopB: string;
  let skus: { last: string; ten: string; o1: string; o2: string; o3: string; o4: string; fromB: string; limited: string };
  const shoppers: { client: ApiClient; userId: string; addressId: string }[] = [];

  async function shopper(i: number) {
    const u = await makeUser(t.ctx.db, t.clock);
    const address = await t.ctx.db.transaction().execute((trx) =>
      createAddress(trx, t.clock, u.id, { recipient: '张三', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 100 号' }),
    );
    const client = new ApiClient(t.app, `10.90.${Math.floor(i / 200)}.${i % 200}`);
    assert.equal((await client.post('/api/auth/login', { identifier: u.identifier, password: u.password })).statusCode, 200);
    return { client, userId: u.id, addressId: address.id };
  }

  const skuOf = async (productId: string) => (await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', productId).orderBy('spec_key').execute()).map((s) => s.id);
  const stock = async (skuId: string) => (await t.ctx.db.selectFrom('sku').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock;
  const buyNow = (s: (typeof shoppers)[number], skuId: string, qty: number, key: string) =>
    s.client.post('/api/checkout', { source: { kind: 'buy_now', skuId, qty }, addressId: s.addressId }, { 'idempotency-key': key });

  before(async () => {
    t = await createTestApp(database());
    const cats = await makeCategoryTree(t.ctx.db);
    const a = await makeUser(t.ctx.db, t.clock);
    const b = await makeUser(t.ctx.db, t.clock);
    shopA = await makeShop(t.ctx.db, t.clock, a.id);
    shopB = await makeShop(t.ctx.db, t.clock, b.id);
    await t.ctx.db.transaction().execute((trx) =>
      createTemplate(trx, t.clock, shopA, { name: '默认', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 1000, additionalUnits: 1, additionalFeeFen: 500, freeOverFen: 50000, excludedProvinces: ['650000'], isDefault: true }),
    );
    const make = async (shopId: string, title: string, price: number, stocks: number[], limit: number | null = null) => {
      const values = stocks.map((_, i) => `款${i + 1}`);
      const id = await makeOnSaleProduct(t.ctx.db, t.clock, shopId, productInput(cats.earphones, {
        title, purchaseLimit: limit, specs: [{ name: '款式', values }],
        skus: values.map((v, i) => ({ spec: { 款式: v }, priceFen: price, stock: stocks[i]!, weightG: 200 })),
      }));
      return skuOf(id);
    };
    const [last] = await make(shopA, '最后一件', 9900, [1]);
    const [ten] = await make(shopA, '十件', 1000, [10]);
    const overlap = await make(shopA, '多规格', 500, [40, 40, 40, 40]);
    const [fromB] = await make(shopB, '乙店商品', 2000, [100]);
    const [limited] = await make(shopB, '限购', 100, [100], 2);
    skus = { last: last!, ten: ten!, o1: overlap[0]!, o2: overlap[1]!, o3: overlap[2]!, o4: overlap[3]!, fromB: fromB!, limited: limited! };
    for (let i = 0; i < (kind === 'postgres' ? 60 : 30); i++) shoppers.push(await shopper(i));
  });
  after(async () => {
    await t.app.close();
  });

  test('cart → quote → submit: one payment order, one order per shop, server prices, shipping by template, snapshots', async () => {
    const s = shoppers[0]!;
    await s.client.post('/api/cart/items', { skuId: skus.ten, qty: 2 });
    await s.client.post('/api/cart/items', { skuId: skus.fromB, qty: 1 });
    const priced = await s.client.post('/api/cart/items', { skuId: skus.o1, qty: 1, priceFen: 1 });
    assert.equal(priced.statusCode, 400, 'a client price is refused outright');
    const cart = (await s.client.get('/api/cart')).json();
    assert.deepEqual(cart.shops.map((x: { subtotalFen: number }) => x.subtotalFen).sort((a: number, b: number) => a - b), [2000, 2000]);
    const quote = (await s.client.post('/api/checkout/quote', { source: { kind: 'cart' }, addressId: s.addressId })).json();
    const a = quote.shops.find((x: { shopId: string }) => x.shopId === shopA);
    assert.equal(a.shippingFeeFen, 1000 + 500, 'first piece ¥10, one more ¥5');
    assert.equal(quote.shops.find((x: { shopId: string }) => x.shopId === shopB).shippingFeeFen, 0, 'a shop without a template ships free');
    assert.equal(quote.totalFen, 2000 + 1500 + 2000);
    assert.deepEqual(a.lines.map((l: { noReasonReturn: boolean }) => l.noReasonReturn), [true], '七天无理由 is stated per line before paying');
    const fromB = await t.ctx.db.selectFrom('sku').select('product_id').where('id', '=', skus.fromB).executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('product').set({ return_7d: false }).where('id', '=', fromB.product_id).execute();
    const excluded = (await s.client.post('/api/checkout/quote', { source: { kind: 'cart' }, addressId: s.addressId })).json();
    assert.equal(excluded.shops.find((x: { shopId: string }) => x.shopId === shopB).lines[0].noReasonReturn, false, 'an excluded product says so at confirmation');
    const res = await s.client.post('/api/checkout', { source: { kind: 'cart' }, addressId: s.addressId, shops: { [shopB]: { delivery: 'express', buyerNote: '请尽快发货', invoice: { kind: 'company', title: '某某科技有限公司', taxNumber: '91350100M000100Y43' } } } }, { 'idempotency-key': 'cart-1' });
    assert.equal(res.statusCode, 201, res.body);
    const placed = res.json();
    assert.equal(placed.orderIds.length, 2);
    assert.equal(placed.amountFen, 5500);
    assert.equal((await s.client.get('/api/cart')).json().count, 0, 'bought items leave the cart');
    assert.equal(await stock(skus.ten), 8);
    const mine = (await s.client.get('/api/me/orders?tab=pending_payment')).json();
    assert.equal(mine.tabs.pending_payment, 2);
    const detail = (await s.client.get(`/api/me/orders/${placed.orderIds.find((id: string) => mine.items.find((o: { id: string; shopId: string }) => o.id === id && o.shopId === shopB))}`)).json();
    assert.equal(detail.address.province, '浙江省');
    assert.equal(detail.invoice.taxNumber, '91350100M000100Y43');
    assert.equal(detail.lines[0].title, '乙店商品');
    assert.deepEqual(detail.timeline.map((e: { action: string }) => e.action), ['place']);
  });

  test('bad input: quantities, invoices, regions, purchase limits, someone else’s address → 4xx, nothing written', async () => {
    const s = shoppers[1]!;
    const before = await stock(skus.ten);
    for (const qty of [0, -1, 1.5, '1', 1e9]) {
      const res = await s.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: skus.ten, qty }, addressId: s.addressId }, { 'idempotency-key': `bad-qty-${qty}` });
      assert.equal(res.statusCode, 400, String(qty));
    }
    const badTax = await s.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: skus.fromB, qty: 1 }, addressId: s.addressId, shops: { [shopB]: { delivery: 'express', invoice: { kind: 'company', title: 'x', taxNumber: '123' } } } }, { 'idempotency-key': 'bad-tax' });
    assert.equal(badTax.json().error.code, 'TAX_NUMBER_INVALID');
    const limit = await buyNow(s, skus.limited, 3, 'over-limit');
    assert.equal(limit.json().error.code, 'PURCHASE_LIMIT_EXCEEDED');
    const other = await buyNow({ ...s, addressId: shoppers[2]!.addressId }, skus.ten, 1, 'other-address');
    assert.equal(other.statusCode, 404);
    const noAddress = await s.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: skus.ten, qty: 1 } }, { 'idempotency-key': 'no-address' });
    assert.equal(noAddress.json().error.code, 'ADDRESS_REQUIRED');
    const noKey = await s.client.post('/api/checkout', { source: { kind: 'buy_now', skuId: skus.ten, qty: 1 }, addressId: s.addressId });
    assert.equal(noKey.json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
    assert.equal(await stock(skus.ten), before);
    const xinjiang = await t.ctx.db.transaction().execute((trx) =>
      createAddress(trx, t.clock, s.userId, { recipient: '李四', mobile: '13912345678', provinceCode: '650000', cityCode: '650100', districtCode: '650102', detail: '人民路 1 号' }),
    );
    const blocked = await buyNow({ ...s, addressId: xinjiang.id }, skus.ten, 1, 'xinjiang');
    assert.equal(blocked.json().error.code, 'NOT_DELIVERABLE');
  });

  test('B1: the same key 10× in sequence and 10× at once places one set of orders', async () => {
    const s = shoppers[3]!;
    const first = await buyNow(s, skus.fromB, 1, 'b1-key');
    for (let i = 0; i < 9; i++) assert.equal((await buyNow(s, skus.fromB, 1, 'b1-key')).json().paymentOrderId, first.json().paymentOrderId);
    const burst = await Promise.all(Array.from({ length: 10 }, () => buyNow(s, skus.fromB, 1, 'b1-burst')));
    const ids = new Set(burst.filter((r) => r.statusCode === 201).map((r) => r.json().paymentOrderId));
    assert.equal(ids.size, 1);
    assert.ok(burst.every((r) => r.statusCode === 201 || r.statusCode === 409));
    const count = await t.ctx.db.selectFrom('payment_order').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', s.userId).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2);
  });

  test('A1: the last unit, and ten units, to a crowd at once: exactly that many orders, stock never below 0', async () => {
    const crowd = shoppers.slice(4);
    const last = await Promise.all(crowd.map((s, i) => buyNow(s, skus.last, 1, `last-${i}`)));
    assert.equal(last.filter((r) => r.statusCode === 201).length, 1);
    assert.ok(last.every((r) => r.statusCode === 201 || r.json().error.code === 'STOCK_INSUFFICIENT'), 'the rest are told: out of stock (409)');
    assert.equal(await stock(skus.last), 0);
    const ten = await Promise.all(crowd.map((s, i) => buyNow(s, skus.ten, 1, `ten-${i}`)));
    const before = (await t.ctx.db.selectFrom('order_line').select((eb) => eb.fn.sum<number>('qty').as('n')).where('sku_id', '=', skus.ten).executeTakeFirstOrThrow()).n;
    assert.equal(ten.filter((r) => r.statusCode === 201).length, 8, '8 were left after the first test');
    assert.equal(await stock(skus.ten), 0);
    assert.equal(Number(before), 10);
    assert.ok(ten.every((r) => r.statusCode < 500));
  });

  test('A2: overlapping multi-SKU carts in random order: no deadlock, all or nothing', async () => {
    const crowd = shoppers.slice(4, 24);
    const order = [skus.o1, skus.o2, skus.o3, skus.o4];
    await Promise.all(
      crowd.map(async (s, i) => {
        const mine = [...order].sort(() => (i % 2 ? 1 : -1) * (Math.random() - 0.3));
        for (const sku of mine.slice(0, 3)) await s.client.post('/api/cart/items', { skuId: sku, qty: 3 });
      }),
    );
    const results = await Promise.all(crowd.map((s, i) => s.client.post('/api/checkout', { source: { kind: 'cart' }, addressId: s.addressId }, { 'idempotency-key': `a2-${i}` })));
    assert.ok(results.every((r) => r.statusCode === 201 || r.json().error.code === 'STOCK_INSUFFICIENT'), results.map((r) => r.statusCode).join(','));
    const sold = await sql<{ sku_id: string; n: number }>`select sku_id, sum(qty)::int as n from order_line where sku_id in (${sql.join(order)}) group by sku_id`.execute(t.ctx.db);
    for (const skuId of order) {
      const soldQty = sold.rows.find((r) => r.sku_id === skuId)?.n ?? 0;
      assert.equal(soldQty + (await stock(skuId)), 40, 'sold + left = what there was');
      assert.ok((await stock(skuId)) >= 0);
    }
    const placed = results.filter((r) => r.statusCode === 201);
    for (const r of placed) {
      const lines = await t.ctx.db.selectFrom('order_line').select('qty').where('order_id', '=', r.json().orderIds[0]).execute();
      assert.equal(lines.length, 3, 'every placed order has all three lines');
    }
  });

  test('E3: unpaid orders cancel at their deadline and give stock back once, even when the job runs twice', async () => {
    const s = shoppers[2]!;
    const placed = (await buyNow(s, skus.fromB, 2, 'e3-cancel')).json();
    const before = await stock(skus.fromB);
    const worker = () => new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock });
    await worker().runDueJobs(50);
    assert.equal(await stock(skus.fromB), before, 'not before the deadline');
    t.clock.advance(DEFAULT_ORDER_TIMERS.unpaidCancelMs);
    await Promise.all([worker().runDueJobs(50), worker().runDueJobs(50)]);
    // Every unpaid order of this test app passed its deadline together; the stock is whole again.
    const heldByOpenOrders = async () =>
      Number((await t.ctx.db.selectFrom('order_line').innerJoin('shop_order', 'shop_order.id', 'order_line.order_id').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('qty'), eb.lit(0)).as('n'))
        .where('sku_id', '=', skus.fromB).where('shop_order.status', '!=', 'cancelled').executeTakeFirstOrThrow()).n);
    assert.equal(await heldByOpenOrders(), 0);
    assert.equal(await stock(skus.fromB), 100);
    const detail = (await s.client.get(`/api/me/orders/${placed.orderIds[0]}`)).json();
    assert.equal(detail.status, 'cancelled');
    // The same handler run again (a retried job) changes nothing.
    await t.ctx.db.transaction().execute((trx) => t.ctx.jobs.get('orders.cancel-unpaid')!.handler!(trx, { paymentOrderId: placed.paymentOrderId }, { clock: t.clock, jobId: 'x', attempt: 2 }));
    assert.equal(await stock(skus.fromB), 100, 'given back once');
    assert.equal(await t.ctx.db.transaction().execute((trx) => markPaymentOrderPaid(trx, t.clock, DEFAULT_ORDER_TIMERS, placed.paymentOrderId)), 'late_after_cancel', 'a payment after the cancel is reported late (for a refund)');
  });

  test('E3: a payment racing the deadline ends in exactly one of paid or cancelled', async () => {
    for (let round = 0; round < 5; round++) {
      const s = shoppers[5 + round]!;
      const placed = (await buyNow(s, skus.fromB, 1, `race-${round}`)).json();
      t.clock.advance(DEFAULT_ORDER_TIMERS.unpaidCancelMs);
      const [paid] = await Promise.all([
        t.ctx.db.transaction().execute((trx) => markPaymentOrderPaid(trx, t.clock, DEFAULT_ORDER_TIMERS, placed.paymentOrderId)),
        new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock }).runDueJobs(50),
      ]);
      const order = await t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', placed.orderIds[0]).executeTakeFirstOrThrow();
      assert.equal(order.status, paid === 'paid' ? 'paid' : 'cancelled');
    }
  });

  test('lifecycle: merchant ships, buyer confirms; auto-confirm after 10 days; illegal moves refused; someone else’s order is 404', async () => {
    const s = shoppers[10]!;
    const owner = await makeUser(t.ctx.db, t.clock);
    const shop = await makeShop(t.ctx.db, t.clock, owner.id);
    const cats = await t.ctx.db.selectFrom('category').select('id').where('level', '=', 3).executeTakeFirstOrThrow();
    const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shop, productInput(cats.id, { title: '生命周期' }));
    const [sku] = await skuOf(productId);
    const merchant = new ApiClient(t.app, '10.91.0.1');
    await merchant.post('/api/auth/login', { identifier: owner.identifier, password: owner.password });
    const a = (await buyNow(s, sku!, 1, 'life-a')).json();
    const b = (await buyNow(s, sku!, 1, 'life-b')).json();
    const parcel = (n: number) => [{ carrier: 'SF', trackingNo: `SF12345678900${n}0` }, { 'idempotency-key': `life-ship-${n}` }] as const;
    assert.equal((await merchant.post(`/api/seller/shops/${shop}/orders/${a.orderIds[0]}/ship`, ...parcel(1))).json().error.code, 'ORDER_STATUS_CONFLICT', 'unpaid orders cannot ship');
    for (const p of [a, b]) await t.ctx.db.transaction().execute((trx) => markPaymentOrderPaid(trx, t.clock, DEFAULT_ORDER_TIMERS, p.paymentOrderId));
    assert.equal((await s.client.post(`/api/me/orders/${a.orderIds[0]}/confirm-receipt`)).json().error.code, 'ORDER_STATUS_CONFLICT', 'not before shipping');
    assert.equal((await merchant.post(`/api/seller/shops/${shopA}/orders/${a.orderIds[0]}/ship`, ...parcel(2))).statusCode, 404, "another shop's order");
    assert.equal((await shoppers[11]!.client.get(`/api/me/orders/${a.orderIds[0]}`)).statusCode, 404, "another buyer's order");
    for (const [i, p] of [a, b].entries()) assert.equal((await merchant.post(`/api/seller/shops/${shop}/orders/${p.orderIds[0]}/ship`, ...parcel(3 + i))).json().status, 'shipped');
    assert.equal((await s.client.post(`/api/me/orders/${a.orderIds[0]}/cancel`, {})).json().error.code, 'ORDER_STATUS_CONFLICT', 'no cancel after shipping');
    assert.equal((await s.client.post(`/api/me/orders/${a.orderIds[0]}/confirm-receipt`)).json().status, 'received');
    t.clock.advance(DEFAULT_ORDER_TIMERS.autoConfirmMs);
    await new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock }).runDueJobs(100);
    const auto = (await s.client.get(`/api/me/orders/${b.orderIds[0]}`)).json();
    assert.equal(auto.status, 'received');
    assert.equal(auto.timeline.at(-1).actorRole, 'system');
    assert.equal((await merchant.get(`/api/seller/shops/${shop}/orders?phoneSuffix=12`)).statusCode, 400, 'a phone suffix is four digits');
    const completed = (await s.client.get(`/api/me/orders/${a.orderIds[0]}`)).json();
    assert.equal(completed.status, 'completed', 'received 10 days ago: its 7-day after-sales window has closed');
    // F4: 销量 comes from completed orders only, and a recount from scratch agrees.
    const product = await t.ctx.db.selectFrom('product').select('sales_count').where('id', '=', productId).executeTakeFirstOrThrow();
    assert.equal(product.sales_count, 1);
    const derived = await recomputeSalesCounts(t.ctx.db);
    for (const row of await t.ctx.db.selectFrom('product').select(['id', 'sales_count']).execute()) {
      assert.equal(row.sales_count, derived.find((d) => d.productId === row.id)?.salesCount ?? 0, row.id);
    }
    const listed = (await merchant.get(`/api/seller/shops/${shop}/orders?status=received`)).json();
    assert.equal(listed.total, 1);
    assert.match(listed.items[0].buyer, /^\d{3}\*{4}\d{4}$/, 'merchants see the buyer masked');
    const xlsx = await merchant.get(`/api/seller/shops/${shop}/orders/export`);
    assert.equal(xlsx.statusCode, 200);
  });
});

describeEachDatabase('guest cart', (database) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(database());
  });
  after(async () => {
    await t.app.close();
  });

  test('a visitor’s cart joins the account’s at login, quantities adding up within stock', async () => {
    const cats = await makeCategoryTree(t.ctx.db);
    const owner = await makeUser(t.ctx.db, t.clock);
    const shop = await makeShop(t.ctx.db, t.clock, owner.id);
    const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shop, productInput(cats.dresses, { title: '访客购物车', skus: [{ spec: { 颜色: '黑色' }, priceFen: 1000, stock: 5 }] }));
    const [sku] = (await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', productId).execute()).map((s) => s.id);
    const buyer = await makeUser(t.ctx.db, t.clock);
    const member = new ApiClient(t.app, '10.95.0.1');
    await member.post('/api/auth/login', { identifier: buyer.identifier, password: buyer.password });
    await member.post('/api/cart/items', { skuId: sku, qty: 2 });
    const visitor = new ApiClient(t.app, '10.95.0.2');
    const added = await visitor.post('/api/cart/items', { skuId: sku, qty: 4 });
    assert.equal(added.statusCode, 200, added.body);
    assert.ok(visitor.cookies.get('jishi_cart'), 'visitors get a cart cookie');
    assert.equal((await visitor.post('/api/cart/items', { skuId: sku, qty: 2 })).json().error.code, 'STOCK_INSUFFICIENT', 'never more than the stock');
    await visitor.post('/api/auth/login', { identifier: buyer.identifier, password: buyer.password });
    assert.equal(visitor.cookies.get('jishi_cart'), undefined, 'the cart cookie is cleared');
    const cart = (await visitor.get('/api/cart')).json();
    assert.equal(cart.count, 5, '2 + 4 capped at the stock of 5');
  });
});
