// Test fixtures for the after-sales suites: a shop selling a product in many specs (so one order has
// many lines), a second shop, a shopper paying from their balance (or at the sandbox gateway), the
// shop's customer service and platform staff signed in, and shortcuts to ship and receive an order.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { submitCheckout } from '../orders/checkout.service.ts';
import { createTemplate } from '../shipping/shipping.service.ts';
import { transitionOrder } from '../orders/orders.service.ts';
import { accountBalance, verifyLedger } from '../ledger/ledger.service.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { applyPaymentResult, startTopUp } from '../payments/payments.service.ts';
import { paymentDeps } from '../payments/payments.routes.ts';
import { updatePaymentSettings } from '../payments/payments.settings.ts';
import { payOnPage } from '../payments/sandbox/sandbox.test-helpers.ts';
import type { PaymentAction } from '../payments/provider.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { addShopMember, makeShop, makeUser } from '../../testing/fixtures.ts';
import { drainJobs, makeBuyer, type Buyer } from '../../testing/payment-fixtures.ts';
import type { AfterSalesStatus } from './after-sales.rules.ts';

export const SPECS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
export const PRICE = 12_900;
/** The shop's default template: ¥8 a parcel whatever its size. */
export const SHIPPING = 800;

export interface World {
  t: TestApp;
  shopId: string;
  otherShopId: string;
  /** One SKU per spec letter, all PRICE, plenty of stock. */
  skus: string[];
  /** A product of the same shop that is not eligible for 7-day no-reason returns. */
  noReturnSku: string;
  otherShopSku: string;
  owner: ApiClient;
  ownerUserId: string;
  service: ApiClient;
  warehouse: ApiClient;
  otherOwner: ApiClient;
  staff: ApiClient;
  staffUserId: string;
}

async function signIn(t: TestApp, user: { identifier: string; password: string }, ip: string): Promise<ApiClient> {
  const client = new ApiClient(t.app, ip);
  const res = await client.post('/api/auth/login', { identifier: user.identifier, password: user.password });
  assert.equal(res.statusCode, 200, res.body);
  return client;
}

let ipCount = 0;
const nextIp = () => `10.77.${Math.floor(++ipCount / 200)}.${ipCount % 200}`;

export async function makeWorld(database: DatabaseHandle, mode: 'platform_collect' | 'marketplace' = 'platform_collect'): Promise<World> {
  const t = await createTestApp(database);
  await t.ctx.db.transaction().execute((trx) => updatePaymentSettings(trx, t.clock, { mode, settlementDays: 7 }));
  const categories = await makeCategoryTree(t.ctx.db);
  const ownerUser = await makeUser(t.ctx.db, t.clock);
  const serviceUser = await makeUser(t.ctx.db, t.clock);
  const warehouseUser = await makeUser(t.ctx.db, t.clock);
  const otherOwnerUser = await makeUser(t.ctx.db, t.clock);
  const staffUser = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff' });
  const shopId = await makeShop(t.ctx.db, t.clock, ownerUser.id, { name: '售后测试店' });
  const otherShopId = await makeShop(t.ctx.db, t.clock, otherOwnerUser.id, { name: '别家店' });
  await t.ctx.db.transaction().execute((trx) =>
    createTemplate(trx, t.clock, shopId, { name: '全国统一运费', chargeBy: 'piece', firstUnits: 1, firstFeeFen: SHIPPING, additionalUnits: 1, additionalFeeFen: 0, isDefault: true }),
  );
  await addShopMember(t.ctx.db, t.clock, shopId, serviceUser.id, 'customer_service');
  await addShopMember(t.ctx.db, t.clock, shopId, warehouseUser.id, 'warehouse');
  const productId = await makeOnSaleProduct(t.ctx.db, t.clock, shopId, productInput(categories.earphones, {
    title: '售后测试耳机',
    specs: [{ name: '款式', values: SPECS }],
    skus: SPECS.map((s) => ({ spec: { 款式: s }, priceFen: PRICE, stock: 100_000 })),
  }));
  const skus = [];
  for (const s of SPECS) {
    const sku = await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', productId).where('spec_key', '=', `款式:${s}`).executeTakeFirstOrThrow();
    skus.push(sku.id);
  }
  const noReturn = await makeOnSaleProduct(t.ctx.db, t.clock, shopId, productInput(categories.earphones, {
    title: '定制耳机（不支持七天无理由）', return7d: false, specs: [{ name: '款式', values: ['定制'] }], skus: [{ spec: { 款式: '定制' }, priceFen: 8_800, stock: 1_000 }],
  }));
  const other = await makeOnSaleProduct(t.ctx.db, t.clock, otherShopId, productInput(categories.earphones, {
    title: '别家耳机', specs: [{ name: '款式', values: ['标准'] }], skus: [{ spec: { 款式: '标准' }, priceFen: 5_000, stock: 1_000 }],
  }));
  const skuOf = async (id: string) => (await t.ctx.db.selectFrom('sku').select('id').where('product_id', '=', id).executeTakeFirstOrThrow()).id;
  return {
    t, shopId, otherShopId, skus, noReturnSku: await skuOf(noReturn), otherShopSku: await skuOf(other),
    owner: await signIn(t, ownerUser, nextIp()),
    ownerUserId: ownerUser.id,
    service: await signIn(t, serviceUser, nextIp()),
    warehouse: await signIn(t, warehouseUser, nextIp()),
    otherOwner: await signIn(t, otherOwnerUser, nextIp()),
    staff: await signIn(t, staffUser, nextIp()),
    staffUserId: staffUser.id,
  };
}

let keyCount = 0;
export const nextKey = (prefix = 'afs-test') => `${prefix}-${++keyCount}-${Date.now()}`;

export interface PlacedOrder {
  orderId: string;
  paymentOrderId: string;
  amountFen: number;
  /** Line ids in the order the SKUs were given. */
  lines: string[];
}

/** The shopper buys `items` (sku, qty) — all from one shop — and pays from their balance (topped up first) or at the sandbox gateway. */
export async function paidOrder(w: World, buyer: Buyer, items: [skuId: string, qty: number][], method: 'balance' | 'sandbox' | 'cod' = 'balance'): Promise<PlacedOrder> {
  const { t } = w;
  await t.ctx.db.deleteFrom('cart_item').where('owner', 'like', `%${buyer.userId}%`).execute();
  for (const [skuId, qty] of items) {
    const res = await buyer.client.post('/api/cart/items', { skuId, qty });
    assert.equal(res.statusCode, 200, res.body);
  }
  const placed = await submitCheckout(t.ctx.db, t.clock, t.ctx.config.orders, buyer.userId, { source: { kind: 'cart' }, addressId: buyer.addressId, shops: {} }, nextKey('checkout'));
  assert.equal(placed.orderIds.length, 1);
  const orderId = placed.orderIds[0]!;
  if (method === 'balance') {
    const started = await startTopUp(paymentDeps(t.ctx), buyer.userId, placed.amountFen, { method: 'sandbox', channel: 'page' }, nextKey('topup'));
    const outcome = await t.ctx.db.transaction().execute((trx) =>
      applyPaymentResult(trx, t.clock, t.ctx.config.orders, started.attemptId, { status: 'paid', amountFen: placed.amountFen, providerTradeNo: 'sbt_topup' }),
    );
    assert.equal(outcome, 'topped_up');
  }
  const pay = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method }, { 'idempotency-key': nextKey('pay') });
  assert.equal(pay.statusCode, 201, pay.body);
  if (method === 'sandbox') {
    assert.equal((await payOnPage(t, pay.json().action as PaymentAction)).statusCode, 303);
    await drainJobs(t);
  }
  const status = (await t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status;
  assert.equal(status, 'paid');
  const lineRows = await t.ctx.db.selectFrom('order_line').select(['id', 'sku_id']).where('order_id', '=', orderId).execute();
  const lines = items.map(([skuId]) => lineRows.find((l) => l.sku_id === skuId)!.id);
  return { orderId, paymentOrderId: placed.paymentOrderId, amountFen: placed.amountFen, lines };
}

const SYSTEM = { id: null, role: 'system' as const };
export async function ship(w: World, orderId: string): Promise<void> {
  await w.t.ctx.db.transaction().execute((trx) => transitionOrder(trx, w.t.clock, w.t.ctx.config.orders, orderId, 'ship', SYSTEM));
}
export async function receive(w: World, orderId: string): Promise<void> {
  await w.t.ctx.db.transaction().execute((trx) => transitionOrder(trx, w.t.clock, w.t.ctx.config.orders, orderId, 'confirm_receipt', SYSTEM));
}

export async function newBuyer(w: World): Promise<Buyer> {
  return makeBuyer(w.t);
}

export interface ApplyBody {
  orderLineId: string;
  kind: string;
  reason: string;
  description?: string;
  photoIds?: string[];
  amountFen?: number;
  qty?: number;
}

export function apply(buyer: Buyer, body: ApplyBody, key = nextKey()): Promise<LightMyRequestResponse> {
  return buyer.client.post('/api/me/after-sales', body, { 'idempotency-key': key });
}

/** Applies and asserts it worked; returns the request id. */
export async function applyOk(buyer: Buyer, body: ApplyBody): Promise<string> {
  const res = await apply(buyer, body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

export function code(res: LightMyRequestResponse): string | undefined {
  return (res.json() as { error?: { code: string } }).error?.code;
}

export async function statusOf(w: World, requestId: string): Promise<AfterSalesStatus> {
  return (await w.t.ctx.db.selectFrom('after_sales_request').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status;
}

export async function assertLedgerSound(w: World): Promise<void> {
  const result = await verifyLedger(w.t.ctx.db);
  assert.ok(result.ok, JSON.stringify(result.problems));
}

export const escrow = (w: World, shopId = w.shopId) => accountBalance(w.t.ctx.db, accountCode('shop_escrow', shopId));
export const wallet = (w: World, userId: string) => accountBalance(w.t.ctx.db, accountCode('buyer_wallet', userId));

/** The funds row of an order: captured, refunded, status. */
export async function fundsOf(w: World, orderId: string) {
  const f = await w.t.ctx.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', orderId).executeTakeFirstOrThrow();
  return { captured: Number(f.captured_fen), refunded: Number(f.refunded_fen), status: f.status };
}

/** A multipart body with one file field. */
export function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = `----jishi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
