import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';

describeEachDatabase('robots.txt and sitemaps', (database) => {
  let t: TestApp;
  let productId: string;
  before(async () => {
    t = await createTestApp(database());
    const cats = await makeCategoryTree(t.ctx.db);
    const u = await makeUser(t.ctx.db, t.clock);
    const shop = await makeShop(t.ctx.db, t.clock, u.id);
    productId = await makeOnSaleProduct(t.ctx.db, t.clock, shop, productInput(cats.earphones, { title: '蓝牙耳机 <&> "特价"' }));
  });
  after(async () => {
    await t.app.close();
  });

  test('robots.txt keeps crawlers out of consoles and the API and names the sitemap', async () => {
    const res = await t.app.inject({ url: '/robots.txt', headers: { host: 'mall.example.cn' } });
    assert.match(res.body, /Disallow: \/seller/);
    assert.match(res.body, /Disallow: \/admin/);
    assert.match(res.body, /Sitemap: http:\/\/mall\.example\.cn\/sitemap\.xml/);
  });

  test('the sitemap index lists paginated sitemaps; product sitemaps list on-sale products with lastmod', async () => {
    const index = await t.app.inject({ url: '/sitemap.xml', headers: { host: 'mall.example.cn' } });
    assert.match(String(index.headers['content-type']), /xml/);
    assert.match(index.body, /<sitemapindex/);
    assert.match(index.body, /products-1\.xml/);
    const page = await t.app.inject({ url: '/sitemaps/products-1.xml', headers: { host: 'mall.example.cn' } });
    assert.match(page.body, new RegExp(`<loc>http://mall.example.cn/products/${productId}</loc><lastmod>`));
    assert.equal((await t.app.inject({ url: '/sitemaps/products-2.xml' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/sitemaps/products-x.xml' })).statusCode, 400);
    const categories = await t.app.inject({ url: '/sitemaps/categories.xml' });
    assert.equal((categories.body.match(/<url>/g) ?? []).length, 8, 'home + 7 categories');
  });
});
