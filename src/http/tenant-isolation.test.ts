import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { RouteOptions } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../testing/databases.ts';
import { ApiClient } from '../testing/app.ts';
import { addShopMember, makeUser } from '../testing/fixtures.ts';
import { applyOk, makeWorld, newBuyer, paidOrder, receive, type World } from '../modules/after-sales/after-sales.fixtures.ts';
import type { Buyer } from '../testing/payment-fixtures.ts';
import { shipOrder } from '../modules/shipments/shipments.service.ts';
import { createPickupPoint, createTemplate } from '../modules/shipping/shipping.service.ts';
import { inviteStaff } from '../modules/merchants/staff.service.ts';
import type { Policy } from './policy.ts';
import type { ShopRole } from '../modules/merchants/merchants.tables.ts';

/**
 * Tenant isolation, generated from the route table: every route that names an object is called by
 * someone who does not own it, and every role-limited route by each role it leaves out. A new route
 * is covered the day it is added — and one whose id parameter has no foreign fixture here fails the
 * test until it gets one.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  url: string;
  policy: Policy;
}

const STAFF_ROLES: ShopRole[] = ['operator', 'customer_service', 'warehouse', 'finance'];

function routesOf(table: RouteOptions[]): Route[] {
  return table
    .filter((r) => r.url.startsWith('/api/'))
    .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((m) => ({ method: m as Method, url: r.url, policy: (r.config as { policy: Policy }).policy })));
}

const paramsOf = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const fill = (url: string, ids: Record<string, string>) => url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(ids[name] ?? `missing-${name}`));

/**
 * Well-formed bodies for the writes that name an object, so that the request gets past validation
 * and the handler itself has to refuse the foreign object (a 400 would prove nothing).
 */
const POINT = { name: '西湖自提点', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 100 号', openingHours: '周一至周日 09:00-21:00', contactPhone: '13800000000' };
const BODIES: Record<string, unknown> = {
  'POST /api/seller/shops/:shopId/orders/:orderId/ship': { carrier: 'SF', trackingNo: 'SF1234567890123' },
  'POST /api/seller/shops/:shopId/orders/:orderId/pickup-ready': {},
  'POST /api/seller/shops/:shopId/after-sales/:requestId/approve': { returnAddress: '杭州市西湖区文三路 100 号 售后组 13800000000' },
  'POST /api/seller/shops/:shopId/after-sales/:requestId/reject': { reason: '商品无质量问题' },
  'POST /api/seller/shops/:shopId/after-sales/:requestId/confirm-return': {},
  'POST /api/seller/shops/:shopId/after-sales/:requestId/ship-replacement': { carrier: 'SF', trackingNo: 'SF1234567890123' },
  'POST /api/seller/shops/:shopId/after-sales/:requestId/messages': { body: '您好' },
  'POST /api/seller/shops/:shopId/complaints/:complaintId/messages': { body: '您好' },
  'POST /api/seller/shops/:shopId/shipping-templates/:templateId/default': {},
  'DELETE /api/seller/shops/:shopId/shipping-templates/:templateId': undefined,
  'PUT /api/seller/shops/:shopId/shipping-templates/:templateId': { name: '改', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 0, additionalUnits: 1, additionalFeeFen: 0 },
  'POST /api/seller/shops/:shopId/shipments/:shipmentId/events': { status: 'in_transit', occurredAt: '2026-01-01T08:00:00.000Z', description: '已到达杭州转运中心' },
  'PUT /api/seller/shops/:shopId/pickup-points/:pointId': POINT,
  'DELETE /api/seller/shops/:shopId/pickup-points/:pointId': undefined,
  'POST /api/seller/shops/:shopId/shipments/:shipmentId/refresh': {},
  'POST /api/me/orders/:orderId/cancel': {},
  'POST /api/me/orders/:orderId/confirm-receipt': {},
  'POST /api/me/after-sales/:requestId/cancel': {},
  'POST /api/me/after-sales/:requestId/escalate': { reason: '商家不处理' },
  'POST /api/me/after-sales/:requestId/messages': { body: '您好' },
  'POST /api/me/after-sales/:requestId/return-shipment': { carrier: 'SF', trackingNo: 'SF1234567890123' },
  'POST /api/me/after-sales/:requestId/confirm-replacement': {},
  'POST /api/me/complaints/:complaintId/messages': { body: '您好' },
  'POST /api/me/complaints/:complaintId/withdraw': {},
  'POST /api/me/addresses/:addressId/default': {},
  'DELETE /api/me/addresses/:addressId': undefined,
  'PUT /api/seller/shops/:shopId/staff/:userId': { role: 'operator' },
  'DELETE /api/seller/shops/:shopId/staff/:userId': undefined,
  'POST /api/seller/shops/:shopId/staff/invitations/:invitationId/revoke': {},
  'POST /api/me/shop-invitations/:invitationId/accept': {},
  'POST /api/me/shop-invitations/:invitationId/decline': {},
  'PATCH /api/me/merchant-applications/:applicationId': { shopName: '偷改店名' },
  'POST /api/me/merchant-applications/:applicationId/submit': {},
};

describeEachDatabase('tenant isolation (generated from the route table)', (database) => {
  let w: World;
  let buyerA: Buyer, buyerB: Buyer;
  let roleClients: Record<ShopRole, ApiClient>;
  /** Objects that belong to shop B and to shopper B. */
  const foreign: Record<string, string> = {};
  let snapshotOfB: () => Promise<string>;
  let routes: Route[];

  async function signIn(user: { identifier: string; password: string }) {
    const client = new ApiClient(w.t.app, `10.62.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
    assert.equal((await client.post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
    return client;
  }

  before(async () => {
    w = await makeWorld(database());
    routes = routesOf(w.t.app.routeTable);
    buyerA = await newBuyer(w);
    buyerB = await newBuyer(w);
    const { db } = w.t.ctx;
    const clock = w.t.clock;
    const member = async (role: ShopRole) => {
      const user = await makeUser(db, clock);
      await addShopMember(db, clock, w.shopId, user.id, role);
      return signIn(user);
    };
    roleClients = { owner: w.owner, operator: await member('operator'), customer_service: w.service, warehouse: w.warehouse, finance: await member('finance') };

    // Shop B: an order from shopper B that shipped (a parcel) and arrived, an after-sales request and a complaint on it, a template.
    const order = await paidOrder(w, buyerB, [[w.otherShopSku, 1]]);
    const shipped = await db.transaction().execute((trx) =>
      shipOrder(trx, clock, w.t.ctx.config.orders, { shopId: w.otherShopId, orderId: order.orderId, carrier: 'SF', trackingNo: 'SF9990000000001', actor: { id: null, role: 'system' } }),
    );
    await receive(w, order.orderId);
    const request = await applyOk(buyerB, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'damaged', amountFen: 1000 });
    const complaint = await buyerB.client.post('/api/me/complaints', { shopId: w.otherShopId, orderId: order.orderId, category: 'quality', title: '质量问题', description: '耳机一边没声音' }, { 'idempotency-key': `iso-cmp-${Date.now()}` });
    assert.equal(complaint.statusCode, 201, complaint.body);
    const template = await db.transaction().execute((trx) =>
      createTemplate(trx, clock, w.otherShopId, { name: '乙店运费', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 800, additionalUnits: 1, additionalFeeFen: 0 }),
    );
    const point = await db.transaction().execute((trx) => createPickupPoint(trx, clock, w.otherShopId, POINT));
    const application = await buyerB.client.post('/api/me/merchant-applications', { subjectType: 'individual' });
    assert.equal(application.statusCode, 201, application.body);
    const ownerOfB = await db.selectFrom('shop_member').select('user_id').where('shop_id', '=', w.otherShopId).where('role', '=', 'owner').executeTakeFirstOrThrow();
    const invitation = await db.transaction().execute((trx) => inviteStaff(trx, clock, w.otherShopId, ownerOfB.user_id, { identifier: '13900000001', role: 'operator' }));
    const product = await db.selectFrom('sku').select('product_id').where('id', '=', w.otherShopSku).executeTakeFirstOrThrow();
    Object.assign(foreign, {
      shopId: w.otherShopId,
      orderId: order.orderId,
      productId: product.product_id,
      shipmentId: shipped.shipmentId,
      requestId: request,
      complaintId: complaint.json().id,
      templateId: template.id,
      pointId: point.id,
      userId: ownerOfB.user_id,
      invitationId: invitation.id,
      applicationId: application.json().id,
      documentId: 'qdoc_none',
      addressId: buyerB.addressId,
      paymentOrderId: order.paymentOrderId,
    });
    snapshotOfB = async () => {
      const rows = await sql<{ h: string }>`select md5(string_agg(x, '|' order by x)) as h from (
        select t::text as x from shop_order t where shop_id = ${w.otherShopId}
        union all select t::text from product t where shop_id = ${w.otherShopId}
        union all select t::text from shipment t where shop_id = ${w.otherShopId}
        union all select t::text from after_sales_request t where shop_id = ${w.otherShopId}
        union all select t::text from complaint t where shop_id = ${w.otherShopId}
        union all select t::text from shipping_template t where shop_id = ${w.otherShopId}
        union all select t::text from pickup_point t where shop_id = ${w.otherShopId}
        union all select t::text from shop_member t where shop_id = ${w.otherShopId}
        union all select t::text from shop_invitation t where shop_id = ${w.otherShopId}
        union all select t::text from address t where user_id = ${buyerB.userId}
        union all select t::text from merchant_application t where applicant_id = ${buyerB.userId}
        union all select t::text from order_funds t where shop_id = ${w.otherShopId}) s`.execute(db);
      return rows.rows[0]!.h;
    };
  });
  after(async () => {
    await w.t.app.close();
  });

  async function call(client: ApiClient, route: Route, ids: Record<string, string>): Promise<LightMyRequestResponse> {
    const key = `${route.method} ${route.url}`;
    const body = key in BODIES ? BODIES[key] : route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
    return client.request(route.method, fill(route.url, ids), body, { 'idempotency-key': `iso-${Math.random().toString(36).slice(2)}` });
  }

  /** Refused without reading the object: not found or forbidden — or, for a write we hold no body for, refused at validation. */
  function assertRefused(res: LightMyRequestResponse, route: Route) {
    const key = `${route.method} ${route.url}`;
    const allowed = key in BODIES || route.method === 'GET' ? [403, 404] : [400, 403, 404];
    assert.ok(allowed.includes(res.statusCode), `${key} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    for (const id of Object.values(foreign)) assert.ok(!res.body.includes(id) || res.statusCode >= 400 && !res.body.includes(`"id":"${id}"`), `${key} leaked ${id}`);
  }

  test('every id parameter of seller and shopper routes has a foreign fixture here', () => {
    const covered = new Set([...Object.keys(foreign), 'shopId']);
    const missing = new Set<string>();
    for (const r of routes.filter((x) => x.url.startsWith('/api/seller/') || x.url.startsWith('/api/me/'))) {
      for (const p of paramsOf(r.url)) if (!covered.has(p)) missing.add(`${p} (${r.method} ${r.url})`);
    }
    assert.deepEqual([...missing], [], 'add a shop-B object for these parameters to the fixtures above');
  });

  test('merchant A against shop B: every seller route with shop B in the path is 404 and changes nothing', async () => {
    const before = await snapshotOfB();
    const sellerRoutes = routes.filter((r) => r.url.startsWith('/api/seller/shops/:shopId'));
    assert.ok(sellerRoutes.length > 30, `${sellerRoutes.length} seller routes`);
    for (const route of sellerRoutes) {
      const res = await call(w.owner, route, foreign);
      assert.equal(res.statusCode, 404, `${route.method} ${route.url} → ${res.statusCode}`);
      assert.equal(res.json().error.code, 'SHOP_NOT_FOUND');
    }
    assert.equal(await snapshotOfB(), before);
  });

  test('merchant A in its own shop, naming shop B’s objects (orders, requests, parcels, templates…): refused, nothing read or changed', async () => {
    const before = await snapshotOfB();
    const named = routes.filter((r) => r.url.startsWith('/api/seller/shops/:shopId') && paramsOf(r.url).length > 1);
    assert.ok(named.length >= 15, `${named.length} routes`);
    for (const route of named) assertRefused(await call(w.owner, route, { ...foreign, shopId: w.shopId }), route);
    assert.equal(await snapshotOfB(), before);
  });

  test('shopper A naming shopper B’s orders, requests, complaints, addresses and payments: refused, nothing read or changed', async () => {
    const before = await snapshotOfB();
    const named = routes.filter((r) => (r.url.startsWith('/api/me/') || r.url.startsWith('/api/payments/:')) && paramsOf(r.url).some((p) => p in foreign));
    assert.ok(named.length >= 12, `${named.length} routes`);
    for (const route of named) assertRefused(await call(buyerA.client, route, foreign), route);
    assert.equal(await snapshotOfB(), before);
  });

  test('bulk routes with mixed ids (own and shop B’s): all or nothing — refused, and nothing of either shop changes', async () => {
    const before = await snapshotOfB();
    const own = await w.t.ctx.db.selectFrom('product').select(['id', 'status']).where('shop_id', '=', w.shopId).execute();
    const res = await w.owner.post(`/api/seller/shops/${w.shopId}/products/bulk`, { action: 'take_off_shelf', productIds: [own[0]!.id, foreign.productId] });
    assert.equal(res.statusCode, 404, res.body);
    assert.ok(!res.body.includes('别家'));
    const after = await w.t.ctx.db.selectFrom('product').select(['id', 'status']).where('shop_id', '=', w.shopId).execute();
    assert.deepEqual(after, own, 'the own product stayed on the shelf too');
    assert.equal(await snapshotOfB(), before);
  });

  test('every role-limited seller route refuses each staff role it leaves out (403), and lets the owner through the policy', async () => {
    let checked = 0;
    for (const route of routes.filter((r) => r.policy.kind === 'shop' && r.policy.roles.length > 0)) {
      const roles = (route.policy as Extract<Policy, { kind: 'shop' }>).roles;
      for (const role of STAFF_ROLES.filter((r) => !roles.includes(r))) {
        const res = await call(roleClients[role], route, { ...foreign, shopId: w.shopId });
        assert.equal(res.statusCode, 403, `${role}: ${route.method} ${route.url} → ${res.statusCode}`);
        checked++;
      }
      const owner = await call(w.owner, route, { ...foreign, shopId: w.shopId });
      assert.notEqual(owner.statusCode, 403, `owner: ${route.method} ${route.url}`);
    }
    assert.ok(checked > 20, `${checked} refusals checked`);
    // The matrix the consoles promise: the warehouse ships but sees no money; finance sees money but ships nothing.
    const ship = routes.find((r) => r.method === 'POST' && r.url === '/api/seller/shops/:shopId/orders/:orderId/ship')!;
    const finance = routes.find((r) => r.method === 'GET' && r.url === '/api/seller/shops/:shopId/finance')!;
    assert.notEqual((await call(roleClients.warehouse, ship, { ...foreign, shopId: w.shopId })).statusCode, 403);
    assert.equal((await call(roleClients.warehouse, finance, { shopId: w.shopId })).statusCode, 403);
    assert.equal((await call(roleClients.finance, finance, { shopId: w.shopId })).statusCode, 200);
    assert.equal((await call(roleClients.finance, ship, { ...foreign, shopId: w.shopId })).statusCode, 403);
  });

  test('platform routes: shoppers and merchants are refused everywhere; super-admin-only routes refuse other staff', async () => {
    const admin = routes.filter((r) => r.url.startsWith('/api/admin/'));
    assert.ok(admin.length > 30);
    for (const route of admin) {
      for (const [who, client] of [['shopper', buyerA.client], ['merchant', w.owner]] as const) {
        const res = await call(client, route, foreign);
        assert.equal(res.statusCode, 403, `${who}: ${route.method} ${route.url} → ${res.statusCode}`);
      }
      if (route.policy.kind === 'platform' && route.policy.roles.length > 0 && !route.policy.roles.includes('platform_staff')) {
        assert.equal((await call(w.staff, route, foreign)).statusCode, 403, `platform_staff: ${route.method} ${route.url}`);
      }
    }
  });

  test('mass assignment: every JSON body schema refuses fields it does not name (role, shopId, status, commission, balance…)', async () => {
    const loose: string[] = [];
    for (const r of w.t.app.routeTable) {
      const body = (r.schema as { body?: unknown } | undefined)?.body;
      if (!body || typeof body !== 'object' || !('_zod' in body)) continue;
      for (const object of objectsIn(body)) if (!isStrict(object)) loose.push(`${String(r.method)} ${r.url}`);
    }
    assert.deepEqual([...new Set(loose)], []);
    const sneaky = { name: '偷偷改', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 0, additionalUnits: 1, additionalFeeFen: 0, shopId: w.otherShopId, role: 'owner', status: 'approved', commissionBp: 0, balanceFen: 999_999 };
    const res = await w.owner.post(`/api/seller/shops/${w.shopId}/shipping-templates`, sneaky);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
  });
});

type ZodLike = { _zod: { def: { type: string; catchall?: ZodLike; options?: ZodLike[]; innerType?: ZodLike; left?: ZodLike; right?: ZodLike; in?: ZodLike } } };

/** The object schemas a body schema accepts (through unions, intersections, optionals and pipes). */
function objectsIn(schema: unknown): ZodLike[] {
  const def = (schema as ZodLike)._zod.def;
  switch (def.type) {
    case 'object':
      return [schema as ZodLike];
    case 'union':
      return (def.options ?? []).flatMap(objectsIn);
    case 'intersection':
      return [...objectsIn(def.left), ...objectsIn(def.right)];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return objectsIn(def.innerType);
    case 'pipe':
      return objectsIn(def.in);
    default:
      return [];
  }
}

function isStrict(object: ZodLike): boolean {
  return object._zod.def.catchall?._zod.def.type === 'never';
}
