// A small mall for payment tests: two shops with a product each, a signed-in buyer with an address,
// and helpers to check out, to pay at the sandbox gateway's hosted page, and to run the job worker.
import { createAddress } from '../modules/addresses/addresses.service.ts';
import { submitCheckout } from '../modules/orders/checkout.service.ts';
import { JobWorker } from '../shared/jobs.ts';
import { ApiClient, type TestApp } from './app.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from './catalog-fixtures.ts';
import { makeShop, makeUser } from './fixtures.ts';

export interface Market {
  shops: string[];
  /** One SKU per shop, plenty of stock: shop i sells skus[i] at prices[i]. */
  skus: string[];
  prices: number[];
  categories: Awaited<ReturnType<typeof makeCategoryTree>>;
  owners: Awaited<ReturnType<typeof makeUser>>[];
}

export async function makeMarket(t: TestApp, prices: number[] = [12_900, 5_990]): Promise<Market> {
  const categories = await makeCategoryTree(t.ctx.db);
  const shops: string[] = [];
  const skus: string[] = [];
  const owners = [];
  for (const [i, price] of prices.entries()) {
    const owner = await makeUser(t.ctx.db, t.clock);
    owners.push(owner);
    const shopId = await makeShop(t.ctx.db, t.clock, owner.id, { name: `付款测试店 ${i + 1}` });
    shops.push(shopId);
    const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shopId, productInput(categories.earphones, {
      title: `付款测试商品 ${i + 1}`,
      specs: [{ name: '款式', values: ['标准'] }],
      skus: [{ spec: { 款式: '标准' }, priceFen: price, stock: 100_000 }],
    }));
    const sku = await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow();
    skus.push(sku.id);
  }
  return { shops, skus, prices, categories, owners };
}

export interface Buyer {
  userId: string;
  addressId: string;
  client: ApiClient;
}

let buyerCount = 0;
export async function makeBuyer(t: TestApp): Promise<Buyer> {
  const user = await makeUser(t.ctx.db, t.clock);
  const address = await t.ctx.db.transaction().execute((trx) =>
    createAddress(trx, t.clock, user.id, { recipient: '付款测试', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 1 号' }),
  );
  buyerCount++;
  const client = new ApiClient(t.app, `10.55.${Math.floor(buyerCount / 200)}.${buyerCount % 200}`);
  const login = await client.post('/api/auth/login', { identifier: user.identifier, password: user.password });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  return { userId: user.id, addressId: address.id, client };
}

let keyCount = 0;
/** Buys `qty[i]` of each shop's SKU (0 = nothing from that shop): one payment order, one order per shop. */
export async function checkout(t: TestApp, market: Market, buyer: Buyer, qty: number[]) {
  const lines = qty.flatMap((n, i) => (n > 0 ? [{ skuId: market.skus[i]!, qty: n }] : []));
  await t.ctx.db.deleteFrom('cart_item').where('owner', 'like', `%${buyer.userId}%`).execute();
  for (const line of lines) {
    const res = await buyer.client.post('/api/cart/items', line);
    if (res.statusCode !== 200) throw new Error(`add to cart: ${res.body}`);
  }
  keyCount++;
  return submitCheckout(t.ctx.db, t.clock, t.ctx.config.orders, buyer.userId, { source: { kind: 'cart' }, addressId: buyer.addressId, shops: {} }, `fixture-checkout-${keyCount}-${Date.now().toString(36)}`);
}

/** Runs every due job (and what they enqueue) until none is left. */
export async function drainJobs(t: TestApp, rounds = 20): Promise<number> {
  const worker = new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock, workerId: 'test-drain' });
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    const n = await worker.runDueJobs(100);
    total += n;
    if (n === 0) break;
  }
  return total;
}
