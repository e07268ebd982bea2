import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { createAddress } from '../addresses/addresses.service.ts';

/**
 * D1, server-side pricing: random sequences of cart calls — good and bad quantities, client-sent
 * prices and totals, selections, removals, two lines of one product sharing a purchase limit — against
 * a model of what the cart must hold. Bad input is always a 4xx that changes nothing; the cart's and
 * the checkout quote's totals are always Σ(server price × qty) ≥ 0, whatever the client sent.
 * CART_FUZZ_RUNS raises the number of runs (a nightly-style run).
 */
const RUNS = Number(process.env.CART_FUZZ_RUNS ?? 500);

interface Sku {
  id: string;
  productId: string;
  priceFen: number;
  stock: number;
  limit: number | null;
}

type Model = Map<string, { qty: number; selected: boolean }>;

/** Quantities a client might send: valid ones and every kind of bad one. */
const qtyArb = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 6 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, '1', 1e9, 'NaN', null, true, [], {}, 10_000, Number.MAX_SAFE_INTEGER + 2, '', ' 2', 2.0000001),
  },
);
/** What a client might add to the body to set its own price. */
const clientPriceArb = fc.option(fc.oneof(fc.record({ priceFen: fc.integer({ min: -1000, max: 1 }) }), fc.record({ totalFen: fc.constant(0) })), { nil: undefined });

type Command =
  | { kind: 'add'; sku: number; qty: unknown; extra: Record<string, unknown> | undefined }
  | { kind: 'set'; sku: number; qty: unknown }
  | { kind: 'remove'; skus: number[] }
  | { kind: 'select'; skus: number[]; selected: boolean }
  | { kind: 'quote'; totalFen: number };

describeEachDatabase('cart API fuzz (server-side pricing, D1)', (database) => {
  let t: TestApp;
  let skus: Sku[] = [];
  let client: ApiClient;
  let userId = '';
  let addressId = '';

  before(async () => {
    t = await createTestApp(database());
    const cats = await makeCategoryTree(t.ctx.db);
    const owner = await makeUser(t.ctx.db, t.clock);
    const shopA = await makeShop(t.ctx.db, t.clock, owner.id);
    const shopB = await makeShop(t.ctx.db, t.clock, (await makeUser(t.ctx.db, t.clock)).id);
    const make = async (shopId: string, title: string, prices: number[], stocks: number[], limit: number | null) => {
      const values = prices.map((_, i) => `款${i + 1}`);
      const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shopId, productInput(cats.earphones, {
        title,
        purchaseLimit: limit,
        specs: [{ name: '款式', values }],
        skus: values.map((v, i) => ({ spec: { 款式: v }, priceFen: prices[i]!, stock: stocks[i]! })),
      }));
      const rows = await t.ctx.db.selectFrom('sku').select(['id', 'price_fen', 'stock']).where('product_id', '=', productId).orderBy('spec_key').execute();
      return rows.map((r) => ({ id: r.id, productId, priceFen: Number(r.price_fen), stock: r.stock, limit }));
    };
    skus = [
      ...(await make(shopA, '耳机', [19_900, 21_900], [8, 3], null)),
      // Two SKUs of one product share its purchase limit of 5.
      ...(await make(shopA, '限购耳机', [9_900, 9_950], [20, 20], 5)),
      ...(await make(shopB, '水壶', [1, 12_345], [50, 2], null)),
    ];
    const buyer = await makeUser(t.ctx.db, t.clock);
    userId = buyer.id;
    addressId = (await t.ctx.db.transaction().execute((trx) =>
      createAddress(trx, t.clock, buyer.id, { recipient: '王五', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 1 号' }),
    )).id;
    client = new ApiClient(t.app, '10.77.0.1');
    assert.equal((await client.post('/api/auth/login', { identifier: buyer.identifier, password: buyer.password })).statusCode, 200);
  });
  after(async () => {
    await t.app.close();
  });

  /** What the model says a qty is worth: a positive integer the cart accepts, or null (must be refused). */
  const validQty = (qty: unknown): number | null => (typeof qty === 'number' && Number.isInteger(qty) && qty >= 1 && qty <= 9999 ? qty : null);

  /** The cart bounds each line by stock and the purchase limit; the checkout bounds a product's lines together. */
  const fits = (sku: Sku, qty: number) => qty <= sku.stock && (sku.limit === null || qty <= sku.limit);

  const expectedTotal = (model: Model) => skus.reduce((n, s) => { const line = model.get(s.id); return n + (line?.selected ? s.priceFen * line.qty : 0); }, 0);

  async function assertCartIs(model: Model) {
    const cart = (await client.get('/api/cart')).json() as { shops: { items: { skuId: string; qty: number; selected: boolean; priceFen: number }[]; subtotalFen: number }[]; totalFen: number; invalid: unknown[] };
    const seen = new Map(cart.shops.flatMap((s) => s.items).map((i) => [i.skuId, i]));
    assert.equal(cart.invalid.length, 0);
    assert.deepEqual(
      [...seen].map(([id, i]) => [id, i.qty, i.selected]).sort(),
      [...model].map(([id, l]) => [id, l.qty, l.selected]).sort(),
      'the cart holds what the model holds',
    );
    for (const [id, item] of seen) assert.equal(item.priceFen, skus.find((s) => s.id === id)!.priceFen, 'the server price');
    for (const shop of cart.shops) assert.equal(shop.subtotalFen, shop.items.filter((i) => i.selected).reduce((n, i) => n + i.priceFen * i.qty, 0));
    assert.equal(cart.totalFen, expectedTotal(model));
    assert.ok(cart.totalFen >= 0);
  }

  const commandArb: fc.Arbitrary<Command> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), sku: fc.nat(5), qty: qtyArb, extra: clientPriceArb }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), sku: fc.nat(5), qty: qtyArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), skus: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('select' as const), skus: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }), selected: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('quote' as const), totalFen: fc.integer({ min: -100, max: 100 }) }) },
  );

  test(`${RUNS} random sequences of cart calls keep server prices and the totals exact`, async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 25 }), async (commands) => {
        await t.ctx.db.deleteFrom('cart_item').where('owner', 'like', `%${userId}%`).execute();
        const model: Model = new Map();
        for (const c of commands) {
          requests++;
          if (c.kind === 'add') {
            const sku = skus[c.sku]!;
            const res = await client.post('/api/cart/items', { skuId: sku.id, qty: c.qty, ...(c.extra ?? {}) });
            const qty = validQty(c.qty);
            const total = (model.get(sku.id)?.qty ?? 0) + (qty ?? 0);
            if (qty !== null && c.extra === undefined && fits(sku, total)) {
              assert.equal(res.statusCode, 200, res.body);
              model.set(sku.id, { qty: total, selected: true });
            } else {
              assert.ok(res.statusCode >= 400 && res.statusCode < 500, `add ${JSON.stringify(c)} → ${res.statusCode} ${res.body}`);
              assert.match((res.json() as { error: { code: string } }).error.code, /^[A-Z_]+$/);
            }
          } else if (c.kind === 'set') {
            const sku = skus[c.sku]!;
            const res = await client.request('PATCH', `/api/cart/items/${sku.id}`, { qty: c.qty });
            const qty = validQty(c.qty);
            if (qty !== null && model.has(sku.id) && fits(sku, qty)) {
              assert.equal(res.statusCode, 200, res.body);
              model.get(sku.id)!.qty = qty;
            } else {
              assert.ok(res.statusCode >= 400 && res.statusCode < 500, `set ${JSON.stringify(c)} → ${res.statusCode} ${res.body}`);
            }
          } else if (c.kind === 'remove') {
            assert.equal((await client.post('/api/cart/remove', { skuIds: c.skus.map((i) => skus[i]!.id) })).statusCode, 200);
            for (const i of c.skus) model.delete(skus[i]!.id);
          } else if (c.kind === 'select') {
            assert.equal((await client.post('/api/cart/select', { selected: c.selected, skuIds: c.skus.map((i) => skus[i]!.id) })).statusCode, 200);
            for (const i of c.skus) { const line = model.get(skus[i]!.id); if (line) line.selected = c.selected; }
          } else {
            // A client-sent total is refused outright; without it, the quote is priced by the server.
            const forged = await client.post('/api/checkout/quote', { source: { kind: 'cart' }, addressId, totalFen: c.totalFen });
            assert.equal(forged.statusCode, 400);
            const res = await client.post('/api/checkout/quote', { source: { kind: 'cart' }, addressId });
            const selected = [...model].filter(([, l]) => l.selected);
            const overLimit = skus.some((s) => s.limit !== null && selected.filter(([id]) => skus.find((x) => x.id === id)!.productId === s.productId).reduce((n, [, l]) => n + l.qty, 0) > s.limit);
            if (selected.length === 0) {
              assert.equal((res.json() as { error: { code: string } }).error.code, 'CART_EMPTY');
            } else if (overLimit) {
              assert.equal((res.json() as { error: { code: string } }).error.code, 'PURCHASE_LIMIT_EXCEEDED');
            } else {
              assert.equal(res.statusCode, 200, res.body);
              const quote = res.json() as { shops: { itemsTotalFen: number; shippingFeeFen: number; discountFen: number; payableFen: number }[]; totalFen: number };
              assert.equal(quote.shops.reduce((n, s) => n + s.itemsTotalFen, 0), expectedTotal(model), 'items = Σ server price × qty');
              for (const s of quote.shops) assert.equal(s.payableFen, s.itemsTotalFen + s.shippingFeeFen - s.discountFen);
              assert.equal(quote.totalFen, quote.shops.reduce((n, s) => n + s.payableFen, 0));
              assert.ok(quote.totalFen >= 0);
            }
          }
        }
        await assertCartIs(model);
      }),
      { numRuns: RUNS },
    );
    assert.ok(requests > RUNS, 'the property ran');
    assert.equal((await t.ctx.db.selectFrom('sku').select('id').where('stock', '<', 0).execute()).length, 0, 'quoting never touches stock');
  });
});
