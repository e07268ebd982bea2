import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';

describeEachDatabase('categories, brands and attribute templates', (database) => {
  let t: TestApp;
  let admin: ApiClient, staff: ApiClient, merchant: ApiClient;
  let ownerId: string;

  before(async () => {
    t = await createTestApp(database());
    const users = await Promise.all([
      makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' }),
      makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff' }),
      makeUser(t.ctx.db, t.clock),
    ]);
    ownerId = users[2].id;
    [admin, staff, merchant] = (await Promise.all(
      users.map(async (u, i) => {
        const c = new ApiClient(t.app, `10.30.0.${i + 1}`);
        assert.equal((await c.post('/api/auth/login', { identifier: u.identifier, password: u.password })).statusCode, 200);
        return c;
      }),
    )) as [ApiClient, ApiClient, ApiClient];
  });
  after(async () => {
    await t.app.close();
  });

  test('the admin builds a 3-level tree; a 4th level and an unknown parent are refused; staff and merchants may not', async () => {
    const l1 = (await admin.post('/api/admin/categories', { name: '家用电器', nameEn: 'Appliances', commissionBp: 300 })).json().id;
    const l2 = (await admin.post('/api/admin/categories', { parentId: l1, name: '厨房电器' })).json().id;
    const l3res = await admin.post('/api/admin/categories', { parentId: l2, name: '电饭煲' });
    assert.equal(l3res.statusCode, 201);
    const l3 = l3res.json().id;
    assert.equal((await admin.post('/api/admin/categories', { parentId: l3, name: '太深了' })).json().error.code, 'VALIDATION_FAILED');
    assert.equal((await admin.post('/api/admin/categories', { parentId: 'cat_nope', name: 'x' })).json().error.code, 'CATEGORY_NOT_FOUND');
    assert.equal((await admin.post('/api/admin/categories', { name: 'x', commissionBp: 20000 })).statusCode, 400);
    assert.equal((await staff.post('/api/admin/categories', { name: '员工加的' })).statusCode, 403, 'commission rates are the admin’s');
    assert.equal((await merchant.post('/api/admin/categories', { name: '商家加的' })).statusCode, 403);
    const all = (await staff.get('/api/admin/categories')).json().items;
    assert.deepEqual(all.filter((c: { id: string }) => [l1, l2, l3].includes(c.id)).map((c: { level: number }) => c.level), [1, 2, 3]);
    const tree = (await new ApiClient(t.app).get('/api/categories')).json().items;
    assert.equal(tree.find((c: { id: string }) => c.id === l1).children[0].children[0].name, '电饭煲');
  });

  test('renaming a category re-indexes search; disabling hides it from the public tree', async () => {
    const l1 = (await admin.post('/api/admin/categories', { name: '宠物' })).json().id;
    const l2 = (await admin.post('/api/admin/categories', { parentId: l1, name: '猫咪用品' })).json().id;
    const l3 = (await admin.post('/api/admin/categories', { parentId: l2, name: '猫粮' })).json().id;
    const shop = await makeShop(t.ctx.db, t.clock, ownerId);
    await makeOnSaleProduct(t.ctx.db, t.clock, shop, productInput(l3, { title: '全价成猫 鸡肉味 2kg' }));
    const search = (q: string) => new ApiClient(t.app).get(`/api/search?q=${encodeURIComponent(q)}`);
    assert.equal((await search('猫粮')).json().total, 1);
    assert.equal((await admin.request('PUT', `/api/admin/categories/${l3}`, { name: '猫主粮' })).statusCode, 204);
    assert.equal((await search('主粮')).json().total, 1);
    await admin.request('PUT', `/api/admin/categories/${l1}`, { name: '宠物', enabled: false });
    const tree = (await new ApiClient(t.app).get('/api/categories')).json().items;
    assert.ok(!tree.some((c: { id: string }) => c.id === l1));
  });

  test('brands: unique names; attribute templates set, replaced and removed', async () => {
    assert.equal((await staff.post('/api/admin/brands', { name: '山川', nameEn: 'Shanchuan' })).statusCode, 201);
    assert.equal((await staff.post('/api/admin/brands', { name: '山川' })).statusCode, 400);
    assert.ok((await new ApiClient(t.app).get('/api/brands')).json().items.some((b: { name: string }) => b.name === '山川'));
    const cat = (await admin.post('/api/admin/categories', { name: '鞋靴' })).json().id;
    const url = `/api/admin/categories/${cat}/attributes`;
    await staff.request('PUT', url, { name: '颜色', kind: 'spec', options: ['黑色', '白色'] });
    await staff.request('PUT', url, { name: '尺码', kind: 'spec', options: ['38', '39', '40'] });
    const origin = (await staff.request('PUT', url, { name: '产地', kind: 'param', options: [] })).json().id;
    await staff.request('PUT', url, { name: '颜色', kind: 'spec', options: ['黑色', '白色', '灰色'] });
    let attrs = (await new ApiClient(t.app).get(`/api/categories/${cat}/attributes`)).json().items;
    assert.equal(attrs.length, 3);
    assert.deepEqual(attrs.find((a: { name: string }) => a.name === '颜色').options, ['黑色', '白色', '灰色']);
    assert.equal((await staff.request('DELETE', `${url}/${origin}`)).statusCode, 204);
    assert.equal((await staff.request('DELETE', `${url}/${origin}`)).statusCode, 404);
    attrs = (await new ApiClient(t.app).get(`/api/categories/${cat}/attributes`)).json().items;
    assert.equal(attrs.length, 2);
    assert.equal((await merchant.request('PUT', url, { name: 'x', kind: 'spec', options: [] })).statusCode, 403);
  });
});
