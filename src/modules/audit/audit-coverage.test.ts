import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteOptions, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { generate } from 'otplib';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient } from '../../testing/app.ts';
import { addShopMember, makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { drainJobs, type Buyer } from '../../testing/payment-fixtures.ts';
import { applyOk, makeWorld, multipart, newBuyer, nextKey, paidOrder, receive, ship, type World } from '../after-sales/after-sales.fixtures.ts';
import { createProduct } from '../catalog/products.service.ts';
import { createPickupPoint, createTemplate } from '../shipping/shipping.service.ts';
import { shipOrder } from '../shipments/shipments.service.ts';
import { submitCheckout } from '../orders/checkout.service.ts';
import { applyPaymentResult, startTopUp } from '../payments/payments.service.ts';
import { paymentDeps } from '../payments/payments.routes.ts';
import { inviteStaff } from '../merchants/staff.service.ts';
import type { Trx } from '../../db/database.ts';
import { verifyAuditChain } from './audit-chain.ts';

/**
 * G2, "100% of mutating staff/merchant routes write an audit row", generated from the route table:
 * every POST/PUT/PATCH/DELETE under /api/seller/ and /api/admin/ is called once as an authorised owner
 * or super admin, with a valid body against the caller's own objects, and must succeed and leave
 * exactly one new audit_log row naming the actor, their roles, the request id and — where a row
 * changed — that row before and after. A route that cannot be made to succeed here is listed in
 * NOT_CALLED with the reason; a new mutating console route that is in neither list fails the test
 * until it gets a recipe (or a reason).
 */

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Call {
  /** Path parameters; `shopId` defaults to the caller's shop. */
  params?: Record<string, string>;
  body?: unknown;
  /** A multipart upload instead of a JSON body. */
  form?: { payload: Buffer; contentType: string };
  /** Who calls, when not the shop owner (seller routes) or the super admin (admin routes). */
  as?: ApiClient;
  /** Run after the call (undo a setting that would get in the way of later calls). */
  cleanup?: () => Promise<void>;
}

/** Routes this test does not call, and why. Keep it short: every entry is a route whose audit row nobody checks. */
const NOT_CALLED: Record<string, string> = {
  'POST /api/seller/shops/:shopId/images/import': 'fetches a picture from a remote URL; the test machine has no network (the upload route stores pictures the same way)',
  'POST /api/seller/shops/:shopId/shipments/:shipmentId/refresh': 'queries Kuaidi100, which is not configured in tests (manual tracking has nothing to refresh)',
};

const DAY = 86_400_000;
const TEMPLATE = { name: '审计运费', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 800, additionalUnits: 1, additionalFeeFen: 0 } as const;
const POINT = { name: '审计自提点', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 100 号', openingHours: '周一至周日 09:00-21:00', contactPhone: '13800000000' };

describeEachDatabase('audit coverage: every mutating console route writes one audit row (generated from the route table)', (database) => {
  let w: World;
  let admin: ApiClient;
  let adminId: string;
  let buyer: Buyer;
  let categoryId: string;
  let topCategoryId: string;
  let png: Buffer;
  let routes: { method: Method; url: string }[];
  const ip = (() => {
    let n = 0;
    return () => `10.65.${Math.floor(++n / 250)}.${n % 250}`;
  })();

  async function signIn(user: { identifier: string; password: string }) {
    const client = new ApiClient(w.t.app, ip());
    const res = await client.post('/api/auth/login', { identifier: user.identifier, password: user.password });
    assert.equal(res.statusCode, 200, res.body);
    return client;
  }
  const db = () => w.t.ctx.db;
  const tx = <T>(fn: (trx: Trx) => Promise<T>) => db().transaction().execute(fn);
  /** Who each signed-in client is. */
  const userOf = new Map<ApiClient, string>();

  /** A product of the shop in the given state, made directly (no audit row). */
  async function product(state: 'draft' | 'pending' | 'on_sale', shopId = w.shopId): Promise<{ id: string; skuId: string }> {
    const input = productInput(categoryId, { title: `审计商品${Math.random().toString(36).slice(2, 6)}` });
    const id = state === 'on_sale'
      ? await makeOnSaleProduct(db(), w.t.clock, shopId, input)
      : await db().transaction().execute((trx) => createProduct(trx, w.t.clock, shopId, { userId: null, role: 'system' }, input, state === 'pending'));
    const sku = await db().selectFrom('sku').select('id').where('product_id', '=', id).executeTakeFirstOrThrow();
    return { id, skuId: sku.id };
  }

  /** A paid order of the shop whose buyer chose 自提 at the shop's pickup point. */
  async function paidPickupOrder(pointId: string): Promise<string> {
    const { t } = w;
    await db().deleteFrom('cart_item').where('owner', 'like', `%${buyer.userId}%`).execute();
    assert.equal((await buyer.client.post('/api/cart/items', { skuId: w.skus[0], qty: 1 })).statusCode, 200);
    const placed = await submitCheckout(db(), t.clock, t.ctx.config.orders, buyer.userId, { source: { kind: 'cart' }, addressId: buyer.addressId, shops: { [w.shopId]: { delivery: 'pickup', pickupPointId: pointId } } }, nextKey('pickup'));
    const started = await startTopUp(paymentDeps(t.ctx), buyer.userId, placed.amountFen, { method: 'sandbox', channel: 'page' }, nextKey('topup'));
    await db().transaction().execute((trx) => applyPaymentResult(trx, t.clock, t.ctx.config.orders, started.attemptId, { status: 'paid', amountFen: placed.amountFen, providerTradeNo: 'sbt_audit' }));
    const pay = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'balance' }, { 'idempotency-key': nextKey('pay') });
    assert.equal(pay.statusCode, 201, pay.body);
    return placed.orderIds[0]!;
  }

  /** An order of the shop that completed and fell due for settlement (after-sales window over). */
  async function dueOrder(): Promise<string> {
    const order = await paidOrder(w, buyer, [[w.skus[1]!, 1]]);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    w.t.clock.advance(w.t.ctx.config.orders.afterSalesWindowMs + 1);
    await drainJobs(w.t);
    return order.orderId;
  }

  /** An after-sales request of the given kind on a fresh order, received (so a return or exchange may be filed). */
  async function afterSales(kind: 'refund_only' | 'return_refund' | 'exchange'): Promise<string> {
    const order = await paidOrder(w, buyer, [[w.skus[2]!, 1]]);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    return applyOk(buyer, { orderLineId: order.lines[0]!, kind, reason: kind === 'exchange' ? 'quality_issue' : 'damaged', description: '左耳没有声音', ...(kind === 'exchange' ? {} : { amountFen: 1_000 }) });
  }
  const sellerAfterSales = (id: string, action: string, body: unknown = {}) => w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${id}/${action}`, body, { 'idempotency-key': nextKey('afs') });
  const ok = (res: LightMyRequestResponse) => {
    assert.ok(res.statusCode < 300, `${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };

  async function complaint(): Promise<string> {
    const order = await paidOrder(w, buyer, [[w.skus[3]!, 1]]);
    const res = await buyer.client.post('/api/me/complaints', { orderId: order.orderId, category: 'quality', title: '质量问题', description: '耳机一边没声音' }, { 'idempotency-key': nextKey('cmp') });
    return ok(res).id;
  }

  /** A submitted 个人店 application by a new applicant. */
  async function application(): Promise<string> {
    const applicant = await signIn(await makeUser(db(), w.t.clock));
    const id = ok(await applicant.post('/api/me/merchant-applications', {
      subjectType: 'individual', legalRep: '张小花', contactMobile: '13912345678', businessScope: [topCategoryId], shopName: `审计小店${Math.random().toString(36).slice(2, 6)}`, shopKind: 'individual',
    })).id;
    for (const kind of ['id_front', 'id_back']) {
      const form = multipart('file', 'id.png', 'image/png', png);
      ok(await applicant.request('POST', `/api/me/merchant-applications/${id}/documents?kind=${kind}`, form.payload, { 'content-type': form.contentType }));
    }
    ok(await applicant.post(`/api/me/merchant-applications/${id}/submit`));
    return id;
  }

  /** A shop of its own (another owner), for the writes that would end the main shop. */
  async function ownShop() {
    const owner = await makeUser(db(), w.t.clock);
    const shopId = await makeShop(db(), w.t.clock, owner.id, { name: `审计另店${Math.random().toString(36).slice(2, 6)}` });
    const client = await signIn(owner);
    userOf.set(client, owner.id);
    return { shopId, client };
  }

  const publishMerchantAgreement = async (effectiveAt: Date) => {
    const draft = ok(await admin.post('/api/admin/agreements/merchant_service_agreement/versions', { title: `商家服务协议 ${effectiveAt.toISOString()}`, body: '第一条 …' }));
    ok(await admin.post(`/api/admin/agreement-versions/${draft.id}/publish`, { effectiveAt: effectiveAt.toISOString() }));
    return draft.id as string;
  };

  /** How to make each route succeed once, against the caller's own objects. Runs in this order. */
  const RECIPES: Record<string, () => Promise<Call>> = {
    // 店铺设置
    'PUT /api/seller/shops/:shopId/profile': async () => ({ body: { intro: '审计店铺简介', serviceHours: '09:00-21:00' } }),
    // Products
    'POST /api/seller/shops/:shopId/products': async () => ({ body: { ...productInput(categoryId, { title: '新建商品' }) } }),
    'PUT /api/seller/shops/:shopId/products/:productId': async () => ({ params: { productId: (await product('draft')).id }, body: { ...productInput(categoryId, { title: '改过的商品' }) } }),
    'PATCH /api/seller/shops/:shopId/products/:productId/skus': async () => {
      const p = await product('on_sale');
      return { params: { productId: p.id }, body: { skus: [{ skuId: p.skuId, priceFen: 8_800, stock: 5 }] } };
    },
    'POST /api/seller/shops/:shopId/products/:productId/submit': async () => ({ params: { productId: (await product('draft')).id }, body: {} }),
    'POST /api/seller/shops/:shopId/products/:productId/off-shelf': async () => ({ params: { productId: (await product('on_sale')).id }, body: { reason: '换季下架' } }),
    'POST /api/seller/shops/:shopId/products/bulk': async () => ({ body: { action: 'take_off_shelf', productIds: [(await product('on_sale')).id, (await product('on_sale')).id] } }),
    'POST /api/seller/shops/:shopId/images': async () => ({ form: multipart('file', 'product.png', 'image/png', png) }),
    // One product in the file: an import commits each row in its own transaction, so it leaves one audit row per product (same request id).
    'POST /api/seller/shops/:shopId/products/import': async () => {
      const { shopId, client } = await ownShop();
      await product('on_sale', shopId);
      const exported = await client.get(`/api/seller/shops/${shopId}/products/export?format=csv`);
      assert.equal(exported.statusCode, 200, exported.body);
      return { as: client, params: { shopId }, form: multipart('file', 'products.csv', 'text/csv', exported.rawPayload) };
    },
    'POST /api/admin/products/:productId/approve': async () => ({ params: { productId: (await product('pending')).id }, body: {} }),
    'POST /api/admin/products/:productId/reject': async () => ({ params: { productId: (await product('pending')).id }, body: { reason: '主图不清晰' } }),
    'POST /api/admin/products/:productId/force-off-shelf': async () => ({ params: { productId: (await product('on_sale')).id }, body: { reason: '涉嫌虚假宣传' } }),
    'POST /api/admin/products/review': async () => ({ body: { action: 'approve', productIds: [(await product('pending')).id, (await product('pending')).id] } }),
    // Categories, brands, attributes
    'POST /api/admin/categories': async () => ({ body: { name: '审计类目' } }),
    'PUT /api/admin/categories/:categoryId': async () => ({ params: { categoryId }, body: { name: '耳机', commissionBp: 500 } }),
    'POST /api/admin/brands': async () => ({ body: { name: '审计牌', nameEn: 'Audit' } }),
    'PUT /api/admin/categories/:categoryId/attributes': async () => ({ params: { categoryId }, body: { name: '颜色', kind: 'spec', options: ['黑色', '白色'] } }),
    'DELETE /api/admin/categories/:categoryId/attributes/:attributeId': async () => {
      const attribute = ok(await admin.request('PUT', `/api/admin/categories/${categoryId}/attributes`, { name: '产地', kind: 'param', options: [] }));
      return { params: { categoryId, attributeId: attribute.id } };
    },
    // Shipping templates and pickup points
    'POST /api/seller/shops/:shopId/shipping-templates': async () => ({ body: TEMPLATE }),
    'PUT /api/seller/shops/:shopId/shipping-templates/:templateId': async () => {
      const template = await tx((trx) => createTemplate(trx, w.t.clock, w.shopId, TEMPLATE));
      return { params: { templateId: template.id }, body: { ...TEMPLATE, firstFeeFen: 1_000 } };
    },
    'POST /api/seller/shops/:shopId/shipping-templates/:templateId/default': async () => ({ params: { templateId: (await tx((trx) => createTemplate(trx, w.t.clock, w.shopId, TEMPLATE))).id }, body: {} }),
    'DELETE /api/seller/shops/:shopId/shipping-templates/:templateId': async () => ({ params: { templateId: (await tx((trx) => createTemplate(trx, w.t.clock, w.shopId, TEMPLATE))).id } }),
    'POST /api/seller/shops/:shopId/pickup-points': async () => ({ body: POINT }),
    'PUT /api/seller/shops/:shopId/pickup-points/:pointId': async () => ({ params: { pointId: (await tx((trx) => createPickupPoint(trx, w.t.clock, w.shopId, POINT))).id }, body: { ...POINT, name: '改名自提点' } }),
    'DELETE /api/seller/shops/:shopId/pickup-points/:pointId': async () => ({ params: { pointId: (await tx((trx) => createPickupPoint(trx, w.t.clock, w.shopId, POINT))).id } }),
    // Orders, parcels, 自提
    'POST /api/seller/shops/:shopId/orders/:orderId/ship': async () => ({ params: { orderId: (await paidOrder(w, buyer, [[w.skus[4]!, 1]])).orderId }, body: { carrier: 'SF', trackingNo: 'SF1234567890123' } }),
    'POST /api/seller/shops/:shopId/shipments/:shipmentId/events': async () => {
      const order = await paidOrder(w, buyer, [[w.skus[4]!, 1]]);
      const shipped = await tx((trx) => shipOrder(trx, w.t.clock, w.t.ctx.config.orders, { shopId: w.shopId, orderId: order.orderId, carrier: 'SF', trackingNo: 'SF9990000000002', actor: { id: null, role: 'system' } }));
      return { params: { shipmentId: shipped.shipmentId }, body: { status: 'in_transit', occurredAt: w.t.clock.now().toISOString(), description: '已到达杭州转运中心' } };
    },
    'POST /api/seller/shops/:shopId/shipments/import': async () => {
      const order = await paidOrder(w, buyer, [[w.skus[4]!, 1]]);
      return { form: multipart('file', 'ship.csv', 'text/csv', Buffer.from(`订单号,快递公司,快递单号\n${order.orderId},SF,SF1234567890124\n`, 'utf8')) };
    },
    'POST /api/seller/shops/:shopId/orders/:orderId/pickup-ready': async () => {
      const point = await tx((trx) => createPickupPoint(trx, w.t.clock, w.shopId, POINT));
      return { params: { orderId: await paidPickupOrder(point.id) } };
    },
    'POST /api/seller/shops/:shopId/pickup/verify': async () => {
      const point = await tx((trx) => createPickupPoint(trx, w.t.clock, w.shopId, POINT));
      const orderId = await paidPickupOrder(point.id);
      ok(await w.warehouse.post(`/api/seller/shops/${w.shopId}/orders/${orderId}/pickup-ready`, undefined, { 'idempotency-key': nextKey('ready') }));
      const code = (await buyer.client.get(`/api/me/orders/${orderId}`)).json().fulfilment.pickup.code as string;
      return { body: { code } };
    },
    // Money
    'PUT /api/admin/finance/settings': async () => ({ body: { settlementDays: 8 }, cleanup: async () => void ok(await admin.request('PUT', '/api/admin/finance/settings', { settlementDays: 7 })) }),
    'POST /api/admin/finance/settle-due': async () => {
      await dueOrder();
      w.t.clock.advance(8 * DAY);
      return {};
    },
    'POST /api/seller/shops/:shopId/withdrawals': async () => ({ body: { amountFen: 100, accountNote: '招商银行 尾号 8888' } }),
    'POST /api/admin/finance/withdrawals/:withdrawalId/decide': async () => {
      const res = ok(await w.owner.post(`/api/seller/shops/${w.shopId}/withdrawals`, { amountFen: 100, accountNote: '招商银行 尾号 8888' }, { 'idempotency-key': nextKey('wd') }));
      return { params: { withdrawalId: res.id }, body: { approve: true, note: '已核对' } };
    },
    'PUT /api/admin/shops/:shopId/payee': async () => ({ params: { shopId: w.shopId }, body: { subMerchantId: 'sub_audit_0001' } }),
    'POST /api/admin/finance/reconciliations': async () => ({ body: { provider: 'sandbox', date: new Date(w.t.clock.now().getTime() - DAY).toISOString().slice(0, 10) } }),
    // After-sales
    'POST /api/seller/shops/:shopId/after-sales/photos': async () => ({ form: multipart('file', 'evidence.png', 'image/png', png) }),
    'POST /api/seller/shops/:shopId/after-sales/:requestId/approve': async () => ({ params: { requestId: await afterSales('return_refund') }, body: { returnAddress: '杭州市西湖区文三路 100 号 售后组' } }),
    'POST /api/seller/shops/:shopId/after-sales/:requestId/reject': async () => ({ params: { requestId: await afterSales('return_refund') }, body: { reason: '商品无质量问题' } }),
    'POST /api/seller/shops/:shopId/after-sales/:requestId/confirm-return': async () => {
      const id = await afterSales('return_refund');
      ok(await sellerAfterSales(id, 'approve', { returnAddress: '杭州市西湖区文三路 100 号 售后组' }));
      ok(await buyer.client.post(`/api/me/after-sales/${id}/return-shipment`, { carrier: 'SF', trackingNo: 'SF1234567890125' }, { 'idempotency-key': nextKey('ret') }));
      return { params: { requestId: id }, body: {} };
    },
    'POST /api/seller/shops/:shopId/after-sales/:requestId/ship-replacement': async () => {
      const id = await afterSales('exchange');
      ok(await sellerAfterSales(id, 'approve', { returnAddress: '杭州市西湖区文三路 100 号 售后组' }));
      ok(await buyer.client.post(`/api/me/after-sales/${id}/return-shipment`, { carrier: 'SF', trackingNo: 'SF1234567890126' }, { 'idempotency-key': nextKey('ret') }));
      ok(await sellerAfterSales(id, 'confirm-return'));
      return { params: { requestId: id }, body: { carrier: 'ZTO', trackingNo: '781234567890' } };
    },
    'POST /api/seller/shops/:shopId/after-sales/:requestId/messages': async () => ({ params: { requestId: await afterSales('return_refund') }, body: { body: '您好，请提供照片' } }),
    'POST /api/admin/after-sales/photos': async () => ({ form: multipart('file', 'ruling.png', 'image/png', png) }),
    'POST /api/admin/after-sales/:requestId/decide': async () => {
      const id = await afterSales('return_refund');
      ok(await sellerAfterSales(id, 'reject', { reason: '商品无质量问题' }));
      ok(await buyer.client.post(`/api/me/after-sales/${id}/escalate`, { reason: '商家不处理' }, { 'idempotency-key': nextKey('esc') }));
      return { params: { requestId: id }, body: { decision: 'refund', amountFen: 1_000, note: '支持买家' } };
    },
    'POST /api/admin/after-sales/:requestId/messages': async () => ({ params: { requestId: await afterSales('return_refund') }, body: { body: '平台已介入', internal: false } }),
    // Complaints
    'POST /api/seller/shops/:shopId/complaints/:complaintId/messages': async () => ({ params: { complaintId: await complaint() }, body: { body: '非常抱歉，已安排跟进' } }),
    'POST /api/admin/complaints/:complaintId/accept': async () => ({ params: { complaintId: await complaint() }, body: { note: '已受理' } }),
    'POST /api/admin/complaints/:complaintId/reject': async () => ({ params: { complaintId: await complaint() }, body: { reason: '重复投诉' } }),
    'POST /api/admin/complaints/:complaintId/investigate': async () => {
      const id = await complaint();
      ok(await admin.post(`/api/admin/complaints/${id}/accept`, {}, { 'idempotency-key': nextKey('acc') }));
      return { params: { complaintId: id }, body: {} };
    },
    'POST /api/admin/complaints/:complaintId/resolve': async () => {
      const id = await complaint();
      ok(await admin.post(`/api/admin/complaints/${id}/accept`, {}, { 'idempotency-key': nextKey('acc') }));
      return { params: { complaintId: id }, body: { resolution: '商家同意换新', outcome: 'upheld' } };
    },
    'POST /api/admin/complaints/:complaintId/assign': async () => ({ params: { complaintId: await complaint() }, body: { assigneeId: w.staffUserId } }),
    'POST /api/admin/complaints/:complaintId/messages': async () => ({ params: { complaintId: await complaint() }, body: { body: '平台已收到' } }),
    // Shop staff
    'POST /api/seller/shops/:shopId/staff/invitations': async () => ({ body: { identifier: '13900000002', role: 'operator' } }),
    'POST /api/seller/shops/:shopId/staff/invitations/:invitationId/revoke': async () => {
      const invitation = await tx((trx) => inviteStaff(trx, w.t.clock, w.shopId, w.ownerUserId, { identifier: '13900000003', role: 'finance' }));
      return { params: { invitationId: invitation.id } };
    },
    'PUT /api/seller/shops/:shopId/staff/:userId': async () => {
      const member = await makeUser(db(), w.t.clock);
      await addShopMember(db(), w.t.clock, w.shopId, member.id, 'operator');
      return { params: { userId: member.id }, body: { role: 'finance' } };
    },
    'DELETE /api/seller/shops/:shopId/staff/:userId': async () => {
      const member = await makeUser(db(), w.t.clock);
      await addShopMember(db(), w.t.clock, w.shopId, member.id, 'operator');
      return { params: { userId: member.id } };
    },
    // Platform staff and settings
    'PUT /api/admin/staff': async () => ({ body: { userId: (await makeUser(db(), w.t.clock)).id, roles: ['finance'] } }),
    'PUT /api/admin/settings/timers': async () => ({ body: { autoConfirmDays: 12 } }),
    // Content
    'POST /api/seller/shops/:shopId/suggestions': async () => ({ body: { category: 'feature', body: '希望支持批量改价' } }),
    'POST /api/admin/suggestions/:id/process': async () => {
      const s = ok(await w.owner.post(`/api/seller/shops/${w.shopId}/suggestions`, { category: 'rules', body: '建议放宽发货时限' }, { 'idempotency-key': nextKey('sug') }));
      return { params: { id: s.id }, body: { status: 'reviewing' } };
    },
    // Two suggestions in one transaction: one audit row listing both.
    'POST /api/admin/suggestions/bulk': async () => {
      const send = async (body: string) => ok(await w.owner.post(`/api/seller/shops/${w.shopId}/suggestions`, { category: 'feature', body }, { 'idempotency-key': nextKey('sug') })).id as string;
      return { body: { ids: [await send('建议支持批量打印面单'), await send('建议支持自定义发票抬头')], status: 'adopted', reply: '感谢建议，已排期' } };
    },
    // 立即校验: the check it records is the write.
    'POST /api/admin/audit-log/verify': async () => ({ body: {} }),
    'POST /api/admin/agreements/:kind/versions': async () => ({ params: { kind: 'privacy_policy' }, body: { title: '隐私政策（审计）', body: '第一条 …' } }),
    'PUT /api/admin/agreement-versions/:versionId': async () => ({ params: { versionId: ok(await admin.post('/api/admin/agreements/user_agreement/versions', { title: '用户协议草稿', body: '正文' })).id }, body: { title: '用户协议草稿（改）', body: '改正文' } }),
    'DELETE /api/admin/agreement-versions/:versionId': async () => ({ params: { versionId: (await db().selectFrom('agreement_version').select('id').where('status', '=', 'draft').where('title', '=', '用户协议草稿（改）').executeTakeFirstOrThrow()).id } }),
    'POST /api/admin/agreement-versions/:versionId/publish': async () => ({ params: { versionId: (await db().selectFrom('agreement_version').select('id').where('status', '=', 'draft').where('title', '=', '隐私政策（审计）').executeTakeFirstOrThrow()).id }, body: { effectiveAt: w.t.clock.now().toISOString() } }),
    'POST /api/admin/announcements': async () => ({ body: { title: '系统维护通知', body: '周日凌晨维护', audience: 'all' } }),
    'PUT /api/admin/announcements/:id': async () => ({ params: { id: ok(await admin.post('/api/admin/announcements', { title: '旧公告', body: '正文', audience: 'merchants' })).id }, body: { title: '新公告', body: '正文', audience: 'merchants' } }),
    'POST /api/admin/announcements/:id/withdraw': async () => ({ params: { id: ok(await admin.post('/api/admin/announcements', { title: '撤回公告', body: '正文', audience: 'storefront' })).id } }),
    'POST /api/admin/banners': async () => ({ body: { title: '双十一', theme: 'red' } }),
    'PUT /api/admin/banners/:id': async () => ({ params: { id: ok(await admin.post('/api/admin/banners', { title: '旧横幅' })).id }, body: { title: '新横幅', theme: 'blue' } }),
    'DELETE /api/admin/banners/:id': async () => ({ params: { id: ok(await admin.post('/api/admin/banners', { title: '删横幅' })).id } }),
    'POST /api/admin/home-grids': async () => ({ body: { name: '金刚区', categoryIds: [categoryId] } }),
    'PUT /api/admin/home-grids/:id': async () => ({ params: { id: ok(await admin.post('/api/admin/home-grids', { name: '旧金刚区', categoryIds: [categoryId] })).id }, body: { name: '新金刚区', categoryIds: [categoryId] } }),
    'DELETE /api/admin/home-grids/:id': async () => ({ params: { id: ok(await admin.post('/api/admin/home-grids', { name: '删金刚区', categoryIds: [categoryId] })).id } }),
    // 入驻 and shops
    'POST /api/admin/merchant-applications/:applicationId/approve': async () => ({ params: { applicationId: await application() } }),
    'POST /api/admin/merchant-applications/:applicationId/reject': async () => ({ params: { applicationId: await application() }, body: { note: '身份证照片模糊' } }),
    'POST /api/admin/merchant-applications/:applicationId/request-info': async () => ({ params: { applicationId: await application() }, body: { note: '请补充身份证背面' } }),
    'POST /api/admin/shops/:shopId/freeze': async () => ({ params: { shopId: (await ownShop()).shopId }, body: { reason: '涉嫌售假' } }),
    'POST /api/admin/shops/:shopId/unfreeze': async () => {
      const { shopId } = await ownShop();
      ok(await admin.post(`/api/admin/shops/${shopId}/freeze`, { reason: '涉嫌售假' }, { 'idempotency-key': nextKey('frz') }));
      return { params: { shopId }, body: { reason: '核实为正品' } };
    },
    'POST /api/admin/shops/:shopId/licence/reverify': async () => {
      const applicationId = await application();
      const approved = ok(await admin.post(`/api/admin/merchant-applications/${applicationId}/approve`, undefined, { 'idempotency-key': nextKey('apr') }));
      const shopId = approved.shopId ?? approved.shop?.id ?? (await db().selectFrom('merchant_application').select('shop_id').where('id', '=', applicationId).executeTakeFirstOrThrow()).shop_id;
      w.t.clock.advance(60_000); // re-verified later than approved (the same instant by the same admin would change nothing)
      return { params: { shopId }, body: { reason: '已核对公示系统' } };
    },
    // Leaving the mall (a shop of its own: these end it)
    'POST /api/seller/shops/:shopId/agreement/dissent': async () => {
      const { shopId, client } = await ownShop();
      // Terms in force now (version 1), and new terms announced for 8 days from now, which the shop declines.
      await publishMerchantAgreement(w.t.clock.now());
      const versionId = await publishMerchantAgreement(new Date(w.t.clock.now().getTime() + 8 * DAY));
      return { as: client, params: { shopId, versionId }, body: { versionId, reason: '佣金上调，无法接受' } };
    },
    'POST /api/seller/shops/:shopId/exit/close': async () => {
      const { shopId, client } = await ownShop();
      const versionId = (await db().selectFrom('agreement_version as v').innerJoin('agreement as a', 'a.id', 'v.agreement_id').select('v.id')
        .where('a.kind', '=', 'merchant_service_agreement').where('v.status', '=', 'published').orderBy('v.effective_at', 'desc').executeTakeFirstOrThrow()).id;
      ok(await client.post(`/api/seller/shops/${shopId}/agreement/dissent`, { versionId, reason: '不再经营' }, { 'idempotency-key': nextKey('dis') }));
      return { as: client, params: { shopId }, body: {} };
    },
    // Last: it would make every console user set up 两步验证 first.
    'PUT /api/admin/security': async () => {
      const setup = ok(await admin.post('/api/me/two-factor/setup'));
      ok(await admin.post('/api/me/two-factor/enable', { code: await generate({ secret: setup.secret, epoch: Math.floor(w.t.clock.now().getTime() / 1000) }) }));
      return { body: { requireTwoFactor: true } };
    },
  };

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
    const adminUser = await makeUser(db(), w.t.clock, { platformRole: 'platform_admin' });
    adminId = adminUser.id;
    admin = await signIn(adminUser);
    userOf.set(admin, adminId).set(w.owner, w.ownerUserId);
    categoryId = (await db().selectFrom('category').select('id').where('name', '=', '耳机').executeTakeFirstOrThrow()).id;
    topCategoryId = (await db().selectFrom('category').select('id').where('name', '=', '数码').executeTakeFirstOrThrow()).id;
    png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c81e1e' } }).png().toBuffer();
    routes = (w.t.app.routeTable as RouteOptions[])
      .filter((r) => r.url.startsWith('/api/seller/') || r.url.startsWith('/api/admin/'))
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m)).map((m) => ({ method: m as Method, url: r.url })));
  });
  after(async () => {
    await w.t.app.close();
  });

  test('every mutating console route has a recipe here or a reason not to be called', () => {
    const known = new Set([...Object.keys(RECIPES), ...Object.keys(NOT_CALLED)]);
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(keys.filter((k) => !known.has(k)), [], 'new mutating console routes: add a recipe to RECIPES (or, if it truly cannot succeed in a test, a reason to NOT_CALLED)');
    assert.deepEqual([...known].filter((k) => !keys.includes(k)), [], 'recipes for routes that no longer exist');
    assert.ok(Object.keys(NOT_CALLED).length <= 5, 'keep the list of routes not called short');
  });

  test('each succeeds as the owner or super admin and leaves exactly one audit row: actor, roles, request id, the row before and after', async (ctx) => {
    const present = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const failures: string[] = [];
    let covered = 0;
    for (const [key, recipe] of Object.entries(RECIPES)) {
      if (!present.has(key)) continue;
      const [method, url] = key.split(' ') as [Method, string];
      const isAdmin = url.startsWith('/api/admin/');
      try {
        const call = await recipe();
        const client = call.as ?? (isAdmin ? admin : w.owner);
        const params: Record<string, string> = { shopId: w.shopId, ...call.params };
        const path = url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `missing-${name}`);
        const { seq: lastSeq } = await db().selectFrom('audit_log').select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('seq')).executeTakeFirstOrThrow();
        const headers: Record<string, string> = { 'idempotency-key': nextKey('audit-cov') };
        const res = call.form
          ? await client.request(method, path, call.form.payload, { ...headers, 'content-type': call.form.contentType })
          : await client.request(method, path, call.body ?? (method === 'DELETE' ? undefined : {}), headers);
        if (res.statusCode >= 300) {
          failures.push(`${key} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          continue;
        }
        const rows = await db().selectFrom('audit_log').selectAll().where('seq', '>', Number(lastSeq)).orderBy('seq').execute();
        await call.cleanup?.();
        if (rows.length !== 1) {
          failures.push(`${key} → ${res.statusCode} but ${rows.length} audit rows`);
          continue;
        }
        const row = rows[0]!;
        const problems = [
          row.actor_id === userOf.get(client) ? null : `actor ${row.actor_id}`,
          row.actor_roles.length > 0 && row.actor_roles.includes(isAdmin ? 'platform_admin' : 'owner') ? null : `roles ${row.actor_roles}`,
          row.console === (isAdmin ? 'admin' : 'seller') ? null : `console ${row.console}`,
          row.request_id && row.request_id === res.headers['x-request-id'] ? null : `request id ${row.request_id}`,
          row.action === `${method} ${path}` ? null : `action ${row.action}`,
          row.changes.length > 0 ? null : 'no changes',
          row.target_type ? null : 'no target',
        ];
        // The change the row names as its target (the first update of the target row, else its insert).
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        const target = row.changes.find((c) => c.table === row.target_type && c.id === row.target_id && same(c.before, row.before) && same(c.after, row.after));
        if (!target) problems.push('before/after are not those of a change it lists');
        if (target?.op === 'update') problems.push(row.before && row.after ? null : 'update without before/after');
        if (target?.op === 'insert') problems.push(row.before === null && row.after ? null : 'insert without after');
        if (target?.op === 'delete') problems.push(row.before && row.after === null ? null : 'delete without before');
        const found = problems.filter(Boolean);
        if (found.length) failures.push(`${key}: ${found.join('; ')}`);
        else covered++;
      } catch (error) {
        failures.push(`${key}: recipe failed: ${(error as Error).message.slice(0, 300)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(covered, routes.length - Object.keys(NOT_CALLED).filter((k) => present.has(k)).length);
    assert.equal((await verifyAuditChain(db())).ok, true, 'and the hash chain over all of them verifies');
    ctx.diagnostic(`${covered} of ${routes.length} mutating console routes called and audited; not called: ${Object.keys(NOT_CALLED).join(', ')}`);
  });
});
