import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { addShopMember, makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeBrand, makeCategoryTree } from '../../testing/catalog-fixtures.ts';

function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----jishi' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describeEachDatabase('catalog API', (database) => {
  let t: TestApp;
  let ownerA: ApiClient, ownerB: ApiClient, warehouseA: ApiClient, admin: ApiClient, shopper: ApiClient, visitor: ApiClient;
  let shopA: string, shopB: string;
  let cats: Awaited<ReturnType<typeof makeCategoryTree>>;
  let brandId: string;

  const signIn = async (login: { identifier: string; password: string }, ip: string) => {
    const c = new ApiClient(t.app, ip);
    assert.equal((await c.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return c;
  };
  const body = (overrides: Record<string, unknown> = {}) => ({
    categoryId: cats.dresses,
    brandId,
    title: '法式碎花连衣裙 收腰显瘦',
    subtitle: '夏季新款',
    descriptionHtml: '<p>面料柔软</p>',
    images: [],
    params: [{ name: '材质', value: '棉' }],
    return7d: true,
    specs: [{ name: '颜色', values: ['黑色', '白色'] }, { name: '尺码', values: ['S', 'M', 'L'] }],
    skus: ['黑色', '白色'].flatMap((c, i) => ['S', 'M', 'L'].map((s, j) => ({ spec: { 颜色: c, 尺码: s }, priceFen: 19900 + (i * 3 + j) * 100, stock: 10 }))),
    ...overrides,
  });

  before(async () => {
    t = await createTestApp(database());
    const { db } = t.ctx;
    cats = await makeCategoryTree(db);
    brandId = await makeBrand(db, '青禾', 'Qinghe');
    const a = await makeUser(db, t.clock);
    const b = await makeUser(db, t.clock);
    const w = await makeUser(db, t.clock);
    const adm = await makeUser(db, t.clock, { platformRole: 'platform_staff' });
    const s = await makeUser(db, t.clock);
    shopA = await makeShop(db, t.clock, a.id);
    shopB = await makeShop(db, t.clock, b.id);
    await addShopMember(db, t.clock, shopA, w.id, 'warehouse');
    [ownerA, ownerB, warehouseA, admin, shopper] = (await Promise.all([a, b, w, adm, s].map((u, i) => signIn(u, `10.20.0.${i + 1}`)))) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
    visitor = new ApiClient(t.app, '10.20.1.1');
  });
  after(async () => {
    await t.app.close();
  });

  test('merchant creates 2 × 3, uploads an image, submits; admin approves; a shopper finds it, filters by price, opens it', async () => {
    const png = await sharp({ create: { width: 900, height: 900, channels: 3, background: '#f5d0c5' } }).png().toBuffer();
    const form = multipart('file', 'dress.png', 'image/png', png);
    const uploaded = await ownerA.request('POST', `/api/seller/shops/${shopA}/images`, form.payload, { 'content-type': form.contentType });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const image = uploaded.json().url as string;

    const created = await ownerA.post(`/api/seller/shops/${shopA}/products`, body({ images: [image], submit: true }));
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.equal(created.json().status, 'pending_review');
    assert.equal((await visitor.get(`/api/products/${id}`)).statusCode, 404, 'not visible before approval');

    const queue = await admin.get('/api/admin/products?status=pending_review');
    assert.ok(queue.json().items.some((p: { id: string }) => p.id === id));
    assert.equal((await admin.post(`/api/admin/products/${id}/approve`, {})).json().status, 'on_sale');

    const found = await visitor.get(`/api/search?q=${encodeURIComponent('连衣裙')}&priceMin=10000&priceMax=20000`);
    assert.equal(found.statusCode, 200);
    assert.deepEqual(found.json().items.map((i: { id: string }) => i.id), [id]);
    assert.equal((await visitor.get(`/api/search?q=${encodeURIComponent('连衣裙')}&priceMin=30000`)).json().total, 0);
    const detail = (await visitor.get(`/api/products/${id}`)).json();
    assert.equal(detail.skus.length, 6);
    assert.deepEqual(detail.specs, [{ name: '颜色', values: ['黑色', '白色'] }, { name: '尺码', values: ['S', 'M', 'L'] }], "the merchant's order");
    assert.deepEqual(detail.images, [image]);
    assert.equal(detail.categoryPath.length, 3);
    const history = (await ownerA.get(`/api/seller/shops/${shopA}/products/${id}`)).json().history;
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['create', 'approve']);
  });

  test('bad input → catalogued 4xx, nothing written', async () => {
    const before = (await ownerA.get(`/api/seller/shops/${shopA}/products`)).json().total;
    const cases: [Record<string, unknown>, string][] = [
      [body({ skus: [{ spec: { 颜色: '黑色', 尺码: 'S' }, priceFen: -100, stock: 1 }] }), 'VALIDATION_FAILED'],
      [body({ skus: [{ spec: { 颜色: '黑色', 尺码: 'S' }, priceFen: 99.9, stock: 1 }] }), 'VALIDATION_FAILED'],
      [body({ skus: [{ spec: { 颜色: '黑色', 尺码: 'S' }, priceFen: '100', stock: 1 }] }), 'VALIDATION_FAILED'],
      [body({ skus: [{ spec: { 颜色: '黑色', 尺码: 'S' }, priceFen: 100, stock: 1 }, { spec: { 尺码: 'S', 颜色: '黑色' }, priceFen: 200, stock: 1 }] }), 'SPEC_DUPLICATE'],
      [body({ categoryId: 'cat_missing' }), 'CATEGORY_NOT_FOUND'],
      [body({ salesCount: 99999 }), 'VALIDATION_FAILED'],
      [body({ status: 'on_sale' }), 'VALIDATION_FAILED'],
      [body({ images: ['https://evil.example/x.png'] }), 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await ownerA.post(`/api/seller/shops/${shopA}/products`, payload);
      assert.equal(res.json().error?.code, code, JSON.stringify(payload).slice(0, 120));
      assert.ok(res.statusCode >= 400 && res.statusCode < 500);
    }
    const html = multipart('file', 'x.jpg', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>'));
    const notImage = await ownerA.request('POST', `/api/seller/shops/${shopA}/images`, html.payload, { 'content-type': html.contentType });
    assert.equal(notImage.json().error.code, 'IMAGE_INVALID');
    const big = multipart('file', 'big.jpg', 'image/jpeg', Buffer.alloc(11 * 1024 * 1024, 7));
    const tooBig = await ownerA.request('POST', `/api/seller/shops/${shopA}/images`, big.payload, { 'content-type': big.contentType });
    assert.equal(tooBig.statusCode, 413);
    assert.equal(tooBig.json().error.code, 'IMAGE_TOO_LARGE');
    assert.equal((await ownerA.get(`/api/seller/shops/${shopA}/products`)).json().total, before);
  });

  test('tenant isolation: another shop’s product is 404 on every seller route, bulk with a mixed list changes nothing', async () => {
    const theirs = (await ownerB.post(`/api/seller/shops/${shopB}/products`, body({ title: '乙店的商品' }))).json().id;
    const mine = (await ownerA.post(`/api/seller/shops/${shopA}/products`, body({ title: '甲店的商品' }))).json().id;
    const attempts = [
      ownerA.get(`/api/seller/shops/${shopA}/products/${theirs}`),
      ownerA.request('PUT', `/api/seller/shops/${shopA}/products/${theirs}`, body({ title: '偷改' })),
      ownerA.request('PATCH', `/api/seller/shops/${shopA}/products/${theirs}/skus`, { skus: [{ skuId: 'sku_x', priceFen: 1 }] }),
      ownerA.post(`/api/seller/shops/${shopA}/products/${theirs}/submit`, {}),
      ownerA.post(`/api/seller/shops/${shopA}/products/${theirs}/off-shelf`, {}),
      ownerA.get(`/api/seller/shops/${shopB}/products/${theirs}`),
      ownerA.get(`/api/seller/shops/${shopB}/products`),
    ];
    for (const res of await Promise.all(attempts)) {
      assert.equal(res.statusCode, 404, res.body);
      assert.ok(!res.body.includes('乙店的商品'));
    }
    const bulk = await ownerA.post(`/api/seller/shops/${shopA}/products/bulk`, { action: 'submit', productIds: [mine, theirs] });
    assert.equal(bulk.statusCode, 404);
    assert.equal((await ownerA.get(`/api/seller/shops/${shopA}/products/${mine}`)).json().status, 'draft', 'all or nothing');
    assert.equal((await ownerB.get(`/api/seller/shops/${shopB}/products/${theirs}`)).json().title, '乙店的商品');
  });

  test('roles: warehouse staff can read but not edit products; shoppers and visitors cannot review', async () => {
    assert.equal((await warehouseA.get(`/api/seller/shops/${shopA}/products`)).statusCode, 200);
    assert.equal((await warehouseA.post(`/api/seller/shops/${shopA}/products`, body())).statusCode, 403);
    assert.equal((await shopper.get('/api/admin/products')).statusCode, 403);
    assert.equal((await visitor.post('/api/admin/products/prd_x/approve', {})).statusCode, 401);
    assert.equal((await ownerA.post('/api/admin/products/review', { action: 'approve', productIds: ['prd_x'] })).statusCode, 403);
  });

  test('F4: no route lets anyone write sales counts or ratings', async () => {
    const id = (await ownerA.post(`/api/seller/shops/${shopA}/products`, body({ title: '销量测试' }))).json().id;
    for (const field of ['salesCount', 'sales_count', 'ratingAvgX100', 'reviewCount']) {
      const res = await ownerA.request('PUT', `/api/seller/shops/${shopA}/products/${id}`, body({ [field]: 100000 }));
      assert.equal(res.statusCode, 400, field);
    }
    const sku = (await ownerA.get(`/api/seller/shops/${shopA}/products/${id}`)).json().skus[0].id;
    const sneaky = await ownerA.request('PATCH', `/api/seller/shops/${shopA}/products/${id}/skus`, { skus: [{ skuId: sku, stock: 1, salesCount: 5 }] });
    assert.equal(sneaky.statusCode, 400);
    const row = await t.ctx.db.selectFrom('product').select(['sales_count', 'rating_avg_x100', 'review_count']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { sales_count: 0, rating_avg_x100: 0, review_count: 0 });
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && JSON.stringify(r.schema ?? {}).match(/sales_?count|rating_?avg|review_?count/i) && r.method !== 'GET');
    assert.deepEqual(routes.map((r) => r.url), [], 'no write route accepts these fields');
  });

  test('D6: search sorts and filters come from fixed lists', async () => {
    assert.equal((await visitor.get(`/api/search?sort=${encodeURIComponent('price; drop table product')}`)).statusCode, 400);
    assert.equal((await visitor.get('/api/search?orderBy=title')).statusCode, 400);
    assert.equal((await visitor.get(`/api/search?spec=${encodeURIComponent("颜色:黑色' or 1=1 --")}`)).json().total, 0);
    assert.equal((await visitor.get(`/api/search?spec=nocolon`)).json().error.code, 'SPEC_INVALID');
    assert.equal((await visitor.get(`/api/search?q=${encodeURIComponent("') or 1=1 --")}`)).statusCode, 200);
    assert.equal((await visitor.get('/api/search?priceMin=-5')).statusCode, 400);
  });
});
