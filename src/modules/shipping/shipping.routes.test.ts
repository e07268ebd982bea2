import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { addShopMember, makeShop, makeUser } from '../../testing/fixtures.ts';
import { getPickupPointForCheckout, quoteShopShipping } from './shipping.service.ts';

describeEachDatabase('shipping API', (database) => {
  let t: TestApp;
  let ownerA: ApiClient, ownerB: ApiClient, warehouseA: ApiClient, serviceA: ApiClient, shopper: ApiClient, visitor: ApiClient;
  let shopA: string, shopB: string;

  const signIn = async (login: { identifier: string; password: string }, ip: string) => {
    const c = new ApiClient(t.app, ip);
    assert.equal((await c.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return c;
  };
  const template = (overrides: Record<string, unknown> = {}) => ({
    name: '全国按件',
    chargeBy: 'piece',
    firstUnits: 1,
    firstFeeFen: 800,
    additionalUnits: 1,
    additionalFeeFen: 300,
    freeOverFen: 9900,
    freeOverQty: null,
    regionRules: [{ provinceCodes: ['650000', '630000'], firstUnits: 1, firstFeeFen: 2000, additionalUnits: 1, additionalFeeFen: 1000 }],
    excludedProvinces: ['540000'],
    ...overrides,
  });
  const point = (overrides: Record<string, unknown> = {}) => ({
    name: '南山门店',
    provinceCode: '440000',
    cityCode: '440300',
    districtCode: '440305',
    street: '粤海街道',
    detail: '科技园路 1 号 1 楼',
    openingHours: '周一至周日 09:00-21:00',
    contactPhone: '0755-86013388',
    longitude: 113.9436,
    latitude: 22.5401,
    ...overrides,
  });
  const base = (shopId: string) => `/api/seller/shops/${shopId}/shipping-templates`;
  const points = (shopId: string) => `/api/seller/shops/${shopId}/pickup-points`;
  const defaultIds = async (shopId: string) =>
    (await t.ctx.db.selectFrom('shipping_template').select('id').where('shop_id', '=', shopId).where('is_default', '=', true).execute()).map((r) => r.id);

  before(async () => {
    t = await createTestApp(database());
    const { db } = t.ctx;
    const [a, b, w, cs, s] = [await makeUser(db, t.clock), await makeUser(db, t.clock), await makeUser(db, t.clock), await makeUser(db, t.clock), await makeUser(db, t.clock)];
    shopA = await makeShop(db, t.clock, a.id, { name: '甲店物流' });
    shopB = await makeShop(db, t.clock, b.id, { name: '乙店物流' });
    await addShopMember(db, t.clock, shopA, w.id, 'warehouse');
    await addShopMember(db, t.clock, shopA, cs.id, 'customer_service');
    [ownerA, ownerB, warehouseA, serviceA, shopper] = (await Promise.all([a, b, w, cs, s].map((u, i) => signIn(u, `10.40.0.${i + 1}`)))) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
    visitor = new ApiClient(t.app, '10.40.1.1');
  });
  after(async () => {
    await t.app.close();
  });

  test('a shop without a template ships free everywhere', async () => {
    const quote = await quoteShopShipping(t.ctx.db, shopA, [{ qty: 3, weightG: 500, lineTotalFen: 3000 }], '540000');
    assert.deepEqual(quote, { deliverable: true, feeFen: 0, templateId: null });
  });

  test('templates: the first is the default; quoteShopShipping applies it', async () => {
    const created = await ownerA.post(base(shopA), template());
    assert.equal(created.statusCode, 201, created.body);
    const tpl = created.json();
    assert.equal(tpl.isDefault, true);
    assert.deepEqual(tpl.regionRules, [{ provinceCodes: ['650000', '630000'], firstUnits: 1, firstFeeFen: 2000, additionalUnits: 1, additionalFeeFen: 1000, freeOverFen: null, freeOverQty: null }]);
    assert.deepEqual(tpl.excludedProvinces, ['540000']);
    assert.equal(tpl.freeOverFen, 9900);
    assert.deepEqual((await ownerA.get(`${base(shopA)}/${tpl.id}`)).json(), tpl);

    const lines = [{ qty: 3, weightG: 200, lineTotalFen: 3000 }];
    assert.deepEqual(await quoteShopShipping(t.ctx.db, shopA, lines, '440000'), { deliverable: true, feeFen: 800 + 2 * 300, templateId: tpl.id });
    assert.deepEqual(await quoteShopShipping(t.ctx.db, shopA, lines, '650000'), { deliverable: true, feeFen: 2000 + 2 * 1000, templateId: tpl.id });
    assert.deepEqual(await quoteShopShipping(t.ctx.db, shopA, lines, '540000'), { deliverable: false, feeFen: 0, templateId: tpl.id });
    assert.deepEqual(await quoteShopShipping(t.ctx.db, shopA, [{ qty: 1, weightG: 0, lineTotalFen: 9900 }], '440000'), { deliverable: true, feeFen: 0, free: { reason: 'amount', overFen: 9900 }, templateId: tpl.id });
  });

  test('default: a new default unsets the old, deleting the default promotes the newest remaining', async () => {
    // on shop B, which has no template yet
    const ids: string[] = [];
    for (const name of ['一', '二', '三']) {
      t.clock.advance(1000);
      ids.push((await ownerB.post(base(shopB), template({ name }))).json().id);
    }
    assert.deepEqual(await defaultIds(shopB), [ids[0]]);
    t.clock.advance(1000);
    const weight = await ownerB.post(base(shopB), template({ name: '按重', chargeBy: 'weight', firstUnits: 1000, additionalUnits: 500, isDefault: true }));
    assert.equal(weight.statusCode, 201, weight.body);
    ids.push(weight.json().id);
    assert.deepEqual(await defaultIds(shopB), [ids[3]]);
    assert.equal((await ownerB.get(base(shopB))).json().items[0].id, ids[3], 'the default listed first');
    assert.equal((await ownerB.post(`${base(shopB)}/${ids[1]}/default`)).statusCode, 204);
    assert.deepEqual(await defaultIds(shopB), [ids[1]]);
    const put = await ownerB.request('PUT', `${base(shopB)}/${ids[1]}`, template({ name: '改名', isDefault: false }));
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().name, '改名');
    assert.equal(put.json().isDefault, true, 'false does not leave the shop without a default');
    assert.equal((await ownerB.request('DELETE', `${base(shopB)}/${ids[1]}`)).statusCode, 204);
    assert.deepEqual(await defaultIds(shopB), [ids[3]], 'the newest remaining becomes the default');
    for (const id of [ids[0], ids[2], ids[3]]) assert.equal((await ownerB.request('DELETE', `${base(shopB)}/${id}`)).statusCode, 204);
    assert.deepEqual(await defaultIds(shopB), []);
    assert.equal((await ownerB.get(base(shopB))).json().items.length, 0);
  });

  test('bad input → catalogued 4xx (money must be non-negative integer fen), nothing written', async () => {
    const before = (await ownerA.get(base(shopA))).json().items.length;
    const rule = { provinceCodes: ['650000'], firstUnits: 1, firstFeeFen: 100, additionalUnits: 1, additionalFeeFen: 100 };
    const cases: [Record<string, unknown>, string][] = [
      [template({ firstFeeFen: -1 }), 'VALIDATION_FAILED'],
      [template({ additionalFeeFen: 99.5 }), 'VALIDATION_FAILED'],
      [template({ firstFeeFen: '800' }), 'VALIDATION_FAILED'],
      [template({ freeOverFen: -100 }), 'VALIDATION_FAILED'],
      [template({ regionRules: [{ ...rule, firstFeeFen: -5 }] }), 'VALIDATION_FAILED'],
      [template({ regionRules: [{ ...rule, freeOverFen: 0.5 }] }), 'VALIDATION_FAILED'],
      [template({ firstUnits: 0 }), 'VALIDATION_FAILED'],
      [template({ additionalUnits: 0 }), 'VALIDATION_FAILED'],
      [template({ freeOverQty: 0 }), 'VALIDATION_FAILED'],
      [template({ chargeBy: 'volume' }), 'VALIDATION_FAILED'],
      [template({ name: '' }), 'VALIDATION_FAILED'],
      [template({ shopId: shopB }), 'VALIDATION_FAILED'],
      [template({ excludedProvinces: ['990000'] }), 'REGION_INVALID'],
      [template({ excludedProvinces: ['440300'] }), 'REGION_INVALID'],
      [template({ regionRules: [{ ...rule, provinceCodes: ['123456'] }] }), 'REGION_INVALID'],
      [template({ regionRules: [rule, { ...rule }] }), 'SHIPPING_TEMPLATE_INVALID'],
      [template({ regionRules: [rule], excludedProvinces: ['650000'] }), 'SHIPPING_TEMPLATE_INVALID'],
    ];
    for (const [payload, code] of cases) {
      const res = await ownerA.post(base(shopA), payload);
      assert.equal(res.json().error?.code, code, JSON.stringify(payload));
      assert.ok(res.statusCode >= 400 && res.statusCode < 500);
    }
    const id = (await ownerA.get(base(shopA))).json().items[0].id;
    const put = await ownerA.request('PUT', `${base(shopA)}/${id}`, template({ firstFeeFen: -800 }));
    assert.equal(put.statusCode, 400);
    assert.equal((await ownerA.get(base(shopA))).json().items.length, before);
    assert.equal((await ownerA.get(`${base(shopA)}/${id}`)).json().firstFeeFen, 800, 'unchanged');
  });

  test('tenant isolation: another shop’s template or pickup point is 404, and stays as it was', async () => {
    const theirTemplate = (await ownerB.post(base(shopB), template({ name: '乙店模板' }))).json().id;
    const theirPoint = (await ownerB.post(points(shopB), point({ name: '乙店自提点' }))).json().id;
    const templateAttempts = [
      ownerA.get(`${base(shopA)}/${theirTemplate}`),
      ownerA.request('PUT', `${base(shopA)}/${theirTemplate}`, template({ name: '偷改' })),
      ownerA.post(`${base(shopA)}/${theirTemplate}/default`),
      ownerA.request('DELETE', `${base(shopA)}/${theirTemplate}`),
    ];
    for (const res of await Promise.all(templateAttempts)) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().error.code, 'SHIPPING_TEMPLATE_NOT_FOUND');
      assert.ok(!res.body.includes('乙店'));
    }
    const pointAttempts = [
      ownerA.get(`${points(shopA)}/${theirPoint}`),
      ownerA.request('PUT', `${points(shopA)}/${theirPoint}`, point({ name: '偷改' })),
      ownerA.request('DELETE', `${points(shopA)}/${theirPoint}`),
    ];
    for (const res of await Promise.all(pointAttempts)) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().error.code, 'PICKUP_POINT_NOT_FOUND');
      assert.ok(!res.body.includes('乙店'));
    }
    for (const url of [base(shopB), `${base(shopB)}/${theirTemplate}`, points(shopB)]) {
      const res = await ownerA.get(url);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'SHOP_NOT_FOUND');
    }
    assert.equal((await ownerA.post(base(shopB), template())).json().error.code, 'SHOP_NOT_FOUND');
    assert.ok(!(await ownerA.get(base(shopA))).body.includes(theirTemplate));
    assert.equal((await ownerB.get(`${base(shopB)}/${theirTemplate}`)).json().name, '乙店模板');
    assert.equal((await ownerB.get(`${points(shopB)}/${theirPoint}`)).json().name, '乙店自提点');
    await assert.rejects(getPickupPointForCheckout(t.ctx.db, shopA, theirPoint), (e: { code?: string }) => e.code === 'PICKUP_POINT_NOT_FOUND');
  });

  test('roles: warehouse and operator write, other members read, strangers see no shop', async () => {
    const created = await warehouseA.post(base(shopA), template({ name: '仓库建的' }));
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await serviceA.get(base(shopA))).statusCode, 200);
    assert.equal((await serviceA.get(points(shopA))).statusCode, 200);
    const denied = await serviceA.post(base(shopA), template());
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, 'FORBIDDEN');
    assert.equal((await serviceA.request('DELETE', `${base(shopA)}/${created.json().id}`)).statusCode, 403);
    assert.equal((await serviceA.post(points(shopA), point())).statusCode, 403);
    assert.equal((await shopper.get(base(shopA))).json().error.code, 'SHOP_NOT_FOUND');
    assert.equal((await visitor.get(base(shopA))).statusCode, 401);
    assert.equal((await ownerA.request('DELETE', `${base(shopA)}/${created.json().id}`)).statusCode, 204);
  });

  test('pickup points: phone normalised, region names derived; disabled ones hidden from shoppers and checkout', async () => {
    const created = await ownerA.post(points(shopA), point({ contactPhone: '075586013388' }));
    assert.equal(created.statusCode, 201, created.body);
    const p = created.json();
    assert.equal(p.contactPhone, '0755-86013388');
    assert.deepEqual([p.provinceName, p.cityName, p.districtName], ['广东省', '深圳市', '南山区']);
    assert.equal(p.fullAddress, '广东省深圳市南山区粤海街道科技园路 1 号 1 楼');
    assert.equal(p.enabled, true);
    const hidden = (await warehouseA.post(points(shopA), point({ name: '暂停营业', contactPhone: '13800138000', enabled: false }))).json();
    assert.equal(hidden.contactPhone, '+8613800138000');
    assert.equal(hidden.enabled, false);

    assert.equal((await ownerA.get(points(shopA))).json().items.length, 2);
    const pub = await visitor.get(`/api/shops/${shopA}/pickup-points`);
    assert.equal(pub.statusCode, 200);
    assert.deepEqual(pub.json().items.map((i: { id: string }) => i.id), [p.id]);
    assert.equal(pub.json().items[0].openingHours, '周一至周日 09:00-21:00');
    assert.equal(pub.json().items[0].enabled, undefined);
    assert.equal((await visitor.get('/api/shops/shp_nope/pickup-points')).json().error.code, 'SHOP_NOT_FOUND');

    assert.deepEqual(await getPickupPointForCheckout(t.ctx.db, shopA, p.id), {
      id: p.id, name: '南山门店', address: p.fullAddress, hours: '周一至周日 09:00-21:00', phone: '0755-86013388',
    });
    await assert.rejects(getPickupPointForCheckout(t.ctx.db, shopA, hidden.id), (e: { code?: string }) => e.code === 'PICKUP_POINT_NOT_FOUND');

    const enabled = await ownerA.request('PUT', `${points(shopA)}/${hidden.id}`, point({ name: '恢复营业', enabled: true }));
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.equal((await visitor.get(`/api/shops/${shopA}/pickup-points`)).json().items.length, 2);
    assert.equal((await ownerA.request('DELETE', `${points(shopA)}/${hidden.id}`)).statusCode, 204);
    assert.equal((await ownerA.request('DELETE', `${points(shopA)}/${hidden.id}`)).json().error.code, 'PICKUP_POINT_NOT_FOUND');

    const before = (await ownerA.get(points(shopA))).json().items.length;
    const cases: [Record<string, unknown>, string][] = [
      [point({ contactPhone: '12345' }), 'PHONE_INVALID'],
      [point({ cityCode: '440100' }), 'REGION_MISMATCH'],
      [point({ districtCode: '449999' }), 'REGION_INVALID'],
      [point({ openingHours: '' }), 'VALIDATION_FAILED'],
      [point({ detail: 'x' }), 'VALIDATION_FAILED'],
      [point({ latitude: 95 }), 'VALIDATION_FAILED'],
      [point({ latitude: null }), 'VALIDATION_FAILED'],
      [point({ provinceName: '火星' }), 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await ownerA.post(points(shopA), payload);
      assert.equal(res.json().error?.code, code, JSON.stringify(payload));
      assert.ok(res.statusCode >= 400 && res.statusCode < 500);
    }
    assert.equal((await ownerA.get(points(shopA))).json().items.length, before);
  });
});
