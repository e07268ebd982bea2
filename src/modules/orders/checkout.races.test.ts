import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { makeBuyers, type BenchBuyer } from '../../testing/buyers.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { changeProductStatus } from '../catalog/products.service.ts';

/** A small seeded PRNG so each round's shuffles differ and a failure can be replayed from its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeEachDatabase('checkout races (A1, A2, A5)', (database) => {
  let t: TestApp;
  let buyers: BenchBuyer[];
  let shopId: string;
  let categoryId: string;

  const post = (buyer: BenchBuyer, url: string, body: unknown, key?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: body as object,
      headers: { cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, ...(key ? { 'idempotency-key': key } : {}) },
    });
  const stock = async (skuId: string) => (await t.ctx.db.selectFrom('sku').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock;
  const orderedQty = async (skuId: string) =>
    Number((await sql<{ n: number }>`select coalesce(sum(l.qty), 0)::int as n from order_line l join shop_order o on o.id = l.order_id where l.sku_id = ${skuId} and o.status <> 'cancelled'`.execute(t.ctx.db)).rows[0]!.n);

  async function newSkus(count: number, stockEach: number): Promise<string[]> {
    const values = Array.from({ length: count }, (_, i) => `款${i + 1}`);
    const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shopId, productInput(categoryId, {
      title: `竞争商品 ${Math.random().toString(36).slice(2, 8)}`,
      specs: [{ name: '款式', values }],
      skus: values.map((v) => ({ spec: { 款式: v }, priceFen: 990, stock: stockEach })),
    }));
    return (await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', productId).orderBy('id').execute()).map((s) => s.id);
  }

  before(async () => {
    t = await createTestApp(database());
    const cats = await makeCategoryTree(t.ctx.db);
    categoryId = cats.earphones;
    const owner = await makeUser(t.ctx.db, t.clock);
    shopId = await makeShop(t.ctx.db, t.clock, owner.id);
    buyers = await makeBuyers(t.ctx.db, 200, `race${Date.now().toString(36)}`);
  });
  after(async () => {
    await t.app.close();
  });

  test('A1: 200 concurrent checkouts for 10 units, 20 rounds: exactly 10 orders each time, stock never below 0, no 5xx', async () => {
    for (let round = 0; round < 20; round++) {
      const random = prng(1000 + round);
      const [sku] = await newSkus(1, 10);
      const order = [...buyers].sort(() => random() - 0.5);
      const results = await Promise.all(order.map((b, i) => post(b, '/api/checkout', { source: { kind: 'buy_now', skuId: sku, qty: 1 }, addressId: b.addressId }, `a1-${round}-${i}`)));
      const created = results.filter((r) => r.statusCode === 201).length;
      assert.equal(created, 10, `seed ${1000 + round}`);
      assert.ok(results.every((r) => r.statusCode === 201 || (r.statusCode === 409 && r.json().error.code === 'STOCK_INSUFFICIENT')), `seed ${1000 + round}: ${results.map((r) => r.statusCode).join(',')}`);
      assert.equal(await stock(sku!), 0);
      assert.equal(await orderedQty(sku!), 10);
    }
  });

  test('A2: 100 concurrent multi-SKU carts over overlapping SKUs in random order, 20 rounds: no deadlock, all or nothing', async () => {
    for (let round = 0; round < 20; round++) {
      const random = prng(2000 + round);
      const skus = await newSkus(5, 30);
      const crowd = buyers.slice(0, 100);
      await Promise.all(
        crowd.map(async (b) => {
          const mine = [...skus].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 3));
          for (const skuId of mine) {
            const res = await post(b, '/api/cart/items', { skuId, qty: 1 + Math.floor(random() * 3) });
            assert.equal(res.statusCode, 200, res.body);
          }
        }),
      );
      const results = await Promise.all(crowd.map((b, i) => post(b, '/api/checkout', { source: { kind: 'cart' }, addressId: b.addressId }, `a2-${round}-${i}`)));
      for (const r of results) {
        assert.ok(r.statusCode === 201 || r.json().error.code === 'STOCK_INSUFFICIENT', `seed ${2000 + round}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      }
      for (const skuId of skus) {
        assert.ok((await stock(skuId)) >= 0);
        assert.equal((await stock(skuId)) + (await orderedQty(skuId)), 30, `seed ${2000 + round}: sold + left = what there was`);
      }
      // A failed checkout left its cart untouched; a placed one took exactly its cart.
      for (const [i, r] of results.entries()) {
        const left = await t.ctx.db.selectFrom('cart_item').select('sku_id').where('owner', '=', `user:${(await userOf(crowd[i]!))}`).where('sku_id', 'in', skus).execute();
        if (r.statusCode === 201) assert.equal(left.length, 0);
        else assert.ok(left.length >= 2);
      }
      await t.ctx.db.deleteFrom('cart_item').execute();
    }
  });

  test('A5: items added while the cart is being checked out are neither bought unpaid nor lost', async () => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = await newSkus(2, 100);
      const buyer = buyers[150 + round]!;
      await post(buyer, '/api/cart/items', { skuId: a, qty: 2 });
      const [placed, added] = await Promise.all([
        post(buyer, '/api/checkout', { source: { kind: 'cart' }, addressId: buyer.addressId }, `a5-${round}`),
        post(buyer, '/api/cart/items', { skuId: b, qty: 1 }),
      ]);
      assert.equal(placed.statusCode, 201, placed.body);
      assert.equal(added.statusCode, 200, added.body);
      const { paymentOrderId, amountFen } = placed.json();
      const lines = await sql<{ total: number }>`select coalesce(sum(l.line_total_fen), 0)::int as total from order_line l join shop_order o on o.id = l.order_id where o.payment_order_id = ${paymentOrderId}`.execute(t.ctx.db);
      const shipping = await t.ctx.db.selectFrom('shop_order').select((eb) => eb.fn.sum<number>('shipping_fee_fen').as('s')).where('payment_order_id', '=', paymentOrderId).executeTakeFirstOrThrow();
      assert.equal(lines.rows[0]!.total + Number(shipping.s), amountFen, 'the order is exactly what is to be paid');
      const cart = await t.ctx.db.selectFrom('cart_item').select(['sku_id', 'qty']).where('owner', '=', `user:${await userOf(buyer)}`).execute();
      const boughtB = (await orderedQty(b!)) > 0;
      assert.equal(cart.some((c) => c.sku_id === b), !boughtB, 'the added item is either in the order or still in the cart');
      await t.ctx.db.deleteFrom('cart_item').execute();
    }
  });

  test('an item that went off the shelf cannot be checked out; nothing is written', async () => {
    const [sku] = await newSkus(1, 5);
    const buyer = buyers[199]!;
    const product = await t.ctx.db.selectFrom('sku').select('product_id').where('id', '=', sku!).executeTakeFirstOrThrow();
    await t.ctx.db.transaction().execute((trx) => changeProductStatus(trx, t.clock, { userId: null, role: 'platform' }, product.product_id, 'force_off_shelf', { shopId: null, reason: '测试下架' }));
    const before = await t.ctx.db.selectFrom('payment_order').select('id').execute();
    const res = await post(buyer, '/api/checkout', { source: { kind: 'buy_now', skuId: sku, qty: 1 }, addressId: buyer.addressId }, 'off-shelf');
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'PRODUCT_UNAVAILABLE');
    assert.equal((await t.ctx.db.selectFrom('payment_order').select('id').execute()).length, before.length);
    assert.equal(await stock(sku!), 5);
  });

  const userIds = new Map<BenchBuyer, string>();
  async function userOf(buyer: BenchBuyer): Promise<string> {
    if (!userIds.has(buyer)) {
      const row = await t.ctx.db.selectFrom('address').select('user_id').where('id', '=', buyer.addressId).executeTakeFirstOrThrow();
      userIds.set(buyer, row.user_id);
    }
    return userIds.get(buyer)!;
  }
});
