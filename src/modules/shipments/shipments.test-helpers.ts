// Fixtures for the shipments tests: Kuaidi100's documented payloads, a fake transport, and a paid order.
import crypto from 'node:crypto';
import type { Kuaidi100Transport } from './shipments.kuaidi100.ts';
import { submitCheckout } from '../orders/checkout.service.ts';
import { markPaymentOrderPaid } from '../orders/orders.service.ts';
import { createPickupPoint } from '../shipping/shipping.service.ts';
import { ApiClient, type TestApp } from '../../testing/app.ts';
import { makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { addShopMember, makeUser } from '../../testing/fixtures.ts';
import { makeBuyer, makeMarket, type Buyer, type Market } from '../../testing/payment-fixtures.ts';

export const CONFIG = { key: 'TESTKEY123', customer: 'A1B2C3D4E5F60718293A4B5C6D7E8F90', salt: 'salty-2026', baseUrl: 'https://poll.kuaidi100.test', callbackUrl: 'https://mall.example.com/api/shipments/webhooks/kuaidi100' };

/** A transport that records the form posts and answers from a script. */
export function fakeTransport(answer: (url: string, form: URLSearchParams) => { status: number; body: unknown }) {
  const calls: { url: string; form: URLSearchParams }[] = [];
  const transport: Kuaidi100Transport = async (url, form) => {
    calls.push({ url, form });
    const a = answer(url, form);
    return { status: a.status, body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body) };
  };
  return { transport, calls };
}

// The 实时查询 answer as Kuaidi100 documents it (resultv2=1: each step carries its state name), newest first.
export const QUERY_ANSWER = {
  message: 'ok',
  nu: 'YT1234567890123',
  ischeck: '1',
  condition: 'F00',
  com: 'yuantong',
  status: '200',
  state: '3',
  data: [
    { time: '2026-11-21 14:25:03', ftime: '2026-11-21 14:25:03', context: '【杭州市】您的快件已签收，签收人：本人', areaName: '浙江,杭州市', status: '签收' },
    { time: '2026-11-21 08:10:00', ftime: '2026-11-21 08:10:00', context: '【杭州市】快件正在派送中，快递员：张三，电话：13800000000', areaName: '浙江,杭州市', status: '派件' },
    { time: '2026-11-20 20:01:11', ftime: '2026-11-20 20:01:11', context: '快件已到达【杭州转运中心】', areaName: '浙江,杭州市', status: '在途' },
    { time: '2026-11-20 09:00:00', ftime: '2026-11-20 09:00:00', context: '【上海市】圆通速递 已揽收', areaName: '上海', status: '揽收' },
  ],
};

/** The push as Kuaidi100 sends it: a form with `param` (JSON) and `sign` = MD5(param + salt). */
export function pushForm(param: object, salt = CONFIG.salt, signCase: 'upper' | 'lower' = 'upper') {
  const text = JSON.stringify(param);
  const md5 = crypto.createHash('md5').update(text + salt).digest('hex');
  return new URLSearchParams({ sign: signCase === 'upper' ? md5.toUpperCase() : md5, param: text }).toString();
}

export const PUSH = {
  status: 'polling',
  billstatus: 'got',
  message: '',
  autoCheck: '0',
  comOld: '',
  comNew: '',
  lastResult: { message: 'ok', state: '0', status: '200', condition: 'F00', ischeck: '0', com: 'yuantong', nu: 'YT1234567890123', data: QUERY_ANSWER.data.slice(2) },
};


// ---- a small mall with paid orders -------------------------------------------------------------

export interface ShipMall {
  market: Market;
  /** Shop 0 sells two SKUs (skuA, skuB) so orders can have two lines; shop 1 sells one. */
  skuA: string;
  skuB: string;
  pickupPointId: string;
  buyer: Buyer;
  /** Owners of shop 0 and shop 1, signed in; a customer-service member of shop 0. */
  merchant: ApiClient;
  otherMerchant: ApiClient;
  service: ApiClient;
}

let ipCount = 0;
async function signedIn(t: TestApp, user: { identifier: string; password: string }): Promise<ApiClient> {
  ipCount++;
  const client = new ApiClient(t.app, `10.77.${Math.floor(ipCount / 200)}.${ipCount % 200}`);
  const res = await client.post('/api/auth/login', { identifier: user.identifier, password: user.password });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return client;
}

export async function makeShipMall(t: TestApp): Promise<ShipMall> {
  const market = await makeMarket(t);
  const shop = market.shops[0]!;
  const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shop, productInput(market.categories.earphones, {
    title: '发货测试 充电盒',
    specs: [{ name: '款式', values: ['白色'] }],
    skus: [{ spec: { 款式: '白色' }, priceFen: 3_900, stock: 100_000 }],
  }));
  const skuB = (await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
  const point = await t.ctx.db.transaction().execute((trx) =>
    createPickupPoint(trx, t.clock, shop, { name: '测试自提点', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文一路 8 号', openingHours: '09:00-21:00', contactPhone: '0571-88888888' }),
  );
  const staff = await makeUser(t.ctx.db, t.clock);
  await addShopMember(t.ctx.db, t.clock, shop, staff.id, 'customer_service');
  return {
    market,
    skuA: market.skus[0]!,
    skuB,
    pickupPointId: point.id,
    buyer: await makeBuyer(t),
    merchant: await signedIn(t, market.owners[0]!),
    otherMerchant: await signedIn(t, market.owners[1]!),
    service: await signedIn(t, staff),
  };
}

let orderCount = 0;
/** One order of shop 0 (or `shopIndex`) with these lines, paid unless `paid: false`. */
export async function paidOrder(
  t: TestApp,
  m: ShipMall,
  lines: { skuId: string; qty: number }[],
  options: { pickup?: boolean; paid?: boolean; shopIndex?: number; buyer?: Buyer } = {},
): Promise<{ orderId: string; paymentOrderId: string; lineIds: Record<string, string> }> {
  const buyer = options.buyer ?? m.buyer;
  const shopId = m.market.shops[options.shopIndex ?? 0]!;
  await t.ctx.db.deleteFrom('cart_item').where('owner', 'like', `%${buyer.userId}%`).execute();
  for (const line of lines) {
    const res = await buyer.client.post('/api/cart/items', line);
    if (res.statusCode !== 200) throw new Error(`add to cart: ${res.body}`);
  }
  orderCount++;
  const placed = await submitCheckout(t.ctx.db, t.clock, t.ctx.config.orders, buyer.userId, {
    source: { kind: 'cart' },
    addressId: buyer.addressId,
    shops: options.pickup ? { [shopId]: { delivery: 'pickup', pickupPointId: m.pickupPointId } } : {},
  }, `ship-fixture-${orderCount}-${Date.now()}`);
  if (options.paid !== false) await t.ctx.db.transaction().execute((trx) => markPaymentOrderPaid(trx, t.clock, t.ctx.config.orders, placed.paymentOrderId));
  const orderId = placed.orderIds[0]!;
  const rows = await t.ctx.db.selectFrom('order_line').select(['id', 'sku_id']).where('order_id', '=', orderId).execute();
  return { orderId, paymentOrderId: placed.paymentOrderId, lineIds: Object.fromEntries(rows.map((r) => [r.sku_id, r.id])) };
}

let keyCount = 0;
/** A fresh Idempotency-Key header. */
export function idem(): Record<string, string> {
  keyCount++;
  return { 'idempotency-key': `ship-test-${keyCount}-${crypto.randomUUID()}` };
}
