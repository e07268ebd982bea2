/**
 * The catalog end to end in a real browser: a merchant lists a dress (2 colours × 3 sizes) through
 * the product editor, uploads its picture and submits it; the platform approves it; a shopper
 * finds it (Chinese word, autocomplete, pinyin), filters by price, opens it and picks a SKU.
 *
 *   node --import tsx --test e2e/catalog.browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { browserSkip, DESKTOP, openHarness, PHONE, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { setAttribute } from '../src/modules/catalog/taxonomy.service.ts';
import { makeBrand, makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { newId } from '../src/shared/ids.ts';

const ADMIN = { identifier: 'admin@catalog.jishi.test', password: 'Admin-catalog-2026', displayName: '审核员' };
const MERCHANT = { identifier: '13700138001', password: 'Merchant-catalog-2026', displayName: '林店长' };
const WAREHOUSE = { identifier: '13700138002', password: 'Warehouse-catalog-2026', displayName: '仓管小周' };
const SHOP_NAME = '森屿女装旗舰店';
const TITLE = '春日碎花雪纺连衣裙 法式复古';

/** Buttons whose label is two CJK characters get a space inserted by antd ("通 过"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('catalog (browser)', { skip: browserSkip, timeout: 240_000 }, () => {
  let h: Harness;
  let shopId = '';
  let productId = '';

  before(async () => {
    h = await openHarness('catalog');
    const { db, clock } = h.runtime.ctx;
    await createPlatformAdmin(db, ADMIN, clock);
    const merchant = await db.transaction().execute((trx) => createUser(trx, MERCHANT, clock));
    shopId = newId('shp');
    await db.insertInto('shop').values({ id: shopId, name: SHOP_NAME, kind: 'flagship', created_at: clock.now() }).execute();
    await db.insertInto('shop_member').values({ shop_id: shopId, user_id: merchant.id, role: 'owner', created_at: clock.now() }).execute();
    const warehouse = await db.transaction().execute((trx) => createUser(trx, WAREHOUSE, clock));
    await db.insertInto('shop_member').values({ shop_id: shopId, user_id: warehouse.id, role: 'warehouse', created_at: clock.now() }).execute();
    const cats = await makeCategoryTree(db);
    await makeBrand(db, '森屿', 'Senyu');
    await db.transaction().execute(async (trx) => {
      await setAttribute(trx, cats.dresses, { name: '颜色', kind: 'spec', options: ['黑色', '白色'] });
      await setAttribute(trx, cats.dresses, { name: '尺码', kind: 'spec', options: ['S', 'M', 'L', 'XL'], sortOrder: 1 });
      await setAttribute(trx, cats.dresses, { name: '材质', kind: 'param', options: ['棉', '雪纺', '真丝'], required: true });
    });
    // Two other dresses on sale, one cheaper and one dearer than the merchant's new one.
    await makeOnSaleProduct(db, clock, shopId, productInput(cats.dresses, { title: '基础款纯棉T恤连衣裙', skus: [{ spec: { 颜色: '黑色' }, priceFen: 5900, stock: 10 }] }));
    await makeOnSaleProduct(db, clock, shopId, productInput(cats.dresses, { title: '真丝缎面晚礼服连衣裙', skus: [{ spec: { 颜色: '黑色' }, priceFen: 89900, stock: 10 }] }));
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('a merchant lists a 2 × 3 product with a picture through the editor and submits it', async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/seller/${shopId}/products`);
    await h.logIn(page, MERCHANT);
    await page.waitForURL(`${h.base}/seller/${shopId}/products`);
    await page.getByRole('tab', { name: /全部 \(2\)/ }).waitFor();
    await page.getByRole('link', { name: '发布商品' }).click();
    await page.waitForURL(`${h.base}/seller/${shopId}/products/new`);
    await page.getByRole('heading', { name: '发布商品' }).waitFor();

    // Category: level 3 through the cascader.
    await page.locator('#pe-category').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '服饰' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '女装' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '连衣裙' }).click();
    // The category's parameter names are filled in.
    const material = page.getByLabel('材质 的值');
    await material.waitFor();
    await material.fill('雪纺');

    await page.locator('#pe-brand').click();
    await page.locator('.ant-select-item-option', { hasText: '森屿' }).click();
    await page.getByLabel('商品标题').fill(TITLE);
    await page.getByLabel('副标题').fill('雪纺面料 轻盈透气');

    // A picture rendered here, uploaded through the API (CSRF header from the cookie).
    const png = await sharp({ create: { width: 640, height: 640, channels: 3, background: { r: 244, g: 170, b: 190 } } }).png().toBuffer();
    await page.locator('input[type=file]').first().setInputFiles({ name: 'dress.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('figure', { name: '图片 1' }).locator('img').waitFor();

    // Spec 1 typed by hand, spec 2 from the category's suggestions.
    await page.getByRole('button', { name: '添加规格' }).click();
    await page.getByLabel('规格名 1').fill('颜色');
    await page.keyboard.press('Escape');
    const colours = page.getByLabel('规格值 1');
    await colours.click();
    for (const colour of ['樱花粉', '天空蓝']) {
      await colours.pressSequentially(colour);
      await colours.press('Enter');
    }
    await colours.press('Escape');
    await page.getByRole('button', { name: '+ 尺码' }).click();
    const sizes = page.getByLabel('规格值 2');
    await sizes.click();
    for (const size of ['S', 'M', 'L']) {
      // On a busy machine a click can land while the dropdown animates: click until the tag shows.
      const option = page.locator(`.ant-select-item-option[title="${size}"]`);
      const chosen = page.locator(`.ant-select-selection-item[title="${size}"]`);
      for (let i = 0; i < 5 && (await chosen.count()) === 0; i++) {
        if (!(await option.isVisible())) await sizes.click();
        await option.click();
        await chosen.first().waitFor({ timeout: 2000 }).catch(() => undefined);
      }
    }
    await page.keyboard.press('Escape');

    // The SKU table follows specMatrix: 6 rows.
    const priceInputs = page.getByRole('textbox', { name: / 价格\(元\)$/ });
    await page.getByLabel('天空蓝 / L 价格(元)').waitFor();
    // The table re-renders row by row on a busy machine: wait for the count to settle (bounded).
    for (let i = 0; i < 50 && (await priceInputs.count()) !== 6; i++) await page.waitForTimeout(100);
    assert.equal(await priceInputs.count(), 6);

    // 批量设置, then a few rows of their own.
    await page.getByLabel('批量价格').fill('199');
    await page.getByLabel('批量原价').fill('299');
    await page.getByLabel('批量库存').fill('20');
    await page.getByRole('button', { name: '应用到全部 SKU' }).click();
    assert.equal(await page.getByLabel('樱花粉 / M 价格(元)').inputValue(), '199');
    await page.getByLabel('天空蓝 / L 价格(元)').fill('219.5');
    await page.getByLabel('樱花粉 / L 库存').fill('0');
    await page.getByLabel('天空蓝 / S 库存').fill('3');

    await page.getByLabel('详情（HTML）').fill('<p>轻盈<strong>雪纺</strong>，春日出游。</p><script>window.__xss = 1</script>');
    await page.getByLabel('每人限购').fill('5');
    await h.shot(page, 'editor');

    await page.getByRole('button', { name: '保存并提交审核' }).click();
    await page.waitForURL(`${h.base}/seller/${shopId}/products?saved=submitted`);
    await page.getByText('商品已保存并提交审核').waitFor();
    const row = page.getByRole('row').filter({ hasText: TITLE });
    await row.getByText('审核中').waitFor();
    await row.getByText('6 个 SKU').waitFor();
    productId = (await row.getByRole('link', { name: /编\s?辑/ }).getAttribute('href'))!.split('/')[4]!;
    assert.match(productId, /^prd_/);
    await page.getByRole('tab', { name: /审核中 \(1\)/ }).waitFor();
    await h.shot(page, 'seller-list');
    const phone = await page.context().newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${h.base}/seller/${shopId}/products`);
    await phone.getByRole('row').filter({ hasText: TITLE }).waitFor();
    await h.shot(phone, 'seller-list-phone');
    await phone.goto(`${h.base}/seller/${shopId}/products/${productId}/edit`);
    await phone.getByLabel('天空蓝 / L 价格(元)').waitFor();
    assert.equal(await phone.getByLabel('天空蓝 / L 价格(元)').inputValue(), '219.50', 'the editor shows stored fen as yuan');
    await h.shot(phone, 'editor-phone');
  });

  it('the platform approves it from the review queue', async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/admin/product-review`);
    await h.logIn(page, ADMIN);
    await page.waitForURL(`${h.base}/admin/product-review`);
    await page.getByRole('link', { name: TITLE }).waitFor();
    await h.shot(page, 'review-queue');
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${h.base}/admin/product-review/${productId}`);
    await page.getByRole('cell', { name: '樱花粉' }).first().waitFor();
    await page.getByRole('cell', { name: '¥219.50' }).waitFor();
    await page.getByText('创建').first().waitFor();
    // The description was sanitised when it was written: the script is gone.
    assert.equal(await page.locator('.rich script').count(), 0);
    await h.shot(page, 'review-detail');
    await page.getByRole('button', { name: cjk2('通过') }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: cjk2('确定') }).click();
    await page.waitForURL(`${h.base}/admin/product-review`);
    await page.getByText('已通过 1 件商品').waitFor();
    await page.getByRole('tab', { name: /出售中 \(3\)/ }).waitFor();

    await page.goto(`${h.base}/admin/catalog`);
    await page.getByText('服饰', { exact: true }).waitFor();
    await h.shot(page, 'admin-categories');
  });

  it('a shopper finds it by a Chinese word (with autocomplete) and by pinyin', async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/`);
    const box = page.getByRole('combobox', { name: '搜索商品' });
    await box.pressSequentially('雪纺');
    await page.getByRole('option', { name: TITLE }).waitFor();
    await box.press('Enter');
    await page.waitForURL(`${h.base}/search?q=${encodeURIComponent('雪纺')}`);
    await page.getByRole('heading', { name: '“雪纺”的搜索结果' }).waitFor();
    await page.getByRole('link', { name: new RegExp(TITLE) }).waitFor();

    await page.goto(`${h.base}/search?q=xuefang`);
    await page.getByRole('link', { name: new RegExp(TITLE) }).waitFor();
    assert.equal(await page.getByRole('link', { name: /真丝缎面晚礼服/ }).count(), 0);
  });

  let page: Page;
  it('filters by price, with the range in the URL', async () => {
    page = await h.newPage();
    await page.goto(`${h.base}/search?q=${encodeURIComponent('连衣裙')}`);
    await page.getByText('共 3 件商品').waitFor();
    await page.getByLabel('最低价').fill('150');
    await page.getByLabel('最高价').fill('300');
    await page.getByRole('button', { name: '确定' }).click();
    await page.waitForURL(/min=150&max=300/);
    await page.getByText('共 1 件商品').waitFor();
    await page.getByRole('link', { name: new RegExp(TITLE) }).waitFor();
    assert.equal(await page.getByRole('link', { name: /基础款纯棉/ }).count(), 0);
    await page.getByRole('link', { name: '取消筛选：¥150 – ¥300' }).waitFor();
    await h.shot(page, 'search-filtered');
    await page.setViewportSize(PHONE);
    await h.shot(page, 'search-filtered-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('opens the product, and the price, stock and sold-out combinations follow the chosen spec', async () => {
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.waitForURL(`${h.base}/products/${productId}`);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    const price = page.getByTestId('price');
    const stock = page.getByTestId('stock');
    assert.match(await price.innerText(), /¥199\.00 – ¥219\.50/);
    await page.getByText('7天无理由退货').waitFor();
    await page.getByRole('row', { name: '材质 雪纺' }).waitFor();
    await page.getByRole('row', { name: '品牌 森屿' }).waitFor();
    await page.getByRole('link', { name: `${SHOP_NAME} 旗舰店 进店逛逛 ›` }).waitFor();

    const L = page.getByRole('button', { name: 'L', exact: true });
    assert.equal(await L.isEnabled(), true, 'L is in stock in some colour');
    await page.getByRole('button', { name: '天空蓝' }).click();
    await L.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=price]')?.textContent?.includes('¥219.50'));
    assert.match(await price.innerText(), /¥219\.50\s*原价\s*¥299\.00/);
    assert.match(await stock.innerText(), /库存 20 件/);
    await page.getByText('已选：天空蓝 L ×1').waitFor();

    await page.getByRole('button', { name: 'S', exact: true }).click();
    assert.match(await price.innerText(), /¥199\.00/);
    assert.match(await stock.innerText(), /库存 3 件/);
    await page.getByText('库存紧张').waitFor();
    // The stepper stops at the stock (3), then at the purchase limit (5).
    const more = page.getByRole('button', { name: '增加' });
    for (let i = 0; i < 4; i++) if (await more.isEnabled()) await more.click();
    assert.equal(await page.getByRole('textbox', { name: '数量' }).inputValue(), '3');
    await page.getByRole('button', { name: 'M', exact: true }).click();
    for (let i = 0; i < 6; i++) if (await more.isEnabled()) await more.click();
    assert.equal(await page.getByRole('textbox', { name: '数量' }).inputValue(), '5');

    // 樱花粉 / L has no stock: once 樱花粉 is chosen, L cannot be.
    await page.getByRole('button', { name: '樱花粉' }).click();
    assert.equal(await L.isDisabled(), true, '樱花粉 / L is sold out');
    assert.equal(await page.getByRole('button', { name: 'M', exact: true }).isEnabled(), true);
    await h.shot(page, 'product');

    await page.getByRole('button', { name: '加入购物车' }).click();
    await page.getByRole('status').getByText('已加入购物车').waitFor();

    // SEO: canonical, Open Graph, JSON-LD Product + Offer and BreadcrumbList (no rating without reviews).
    assert.equal(await page.locator('link[rel=canonical]').getAttribute('href'), `${h.base}/products/${productId}`);
    assert.equal(await page.locator('meta[property="og:title"]').getAttribute('content'), `${TITLE} - 集市`);
    const docs = (await page.locator('script[type="application/ld+json"]').allTextContents()).map((t) => JSON.parse(t) as Record<string, unknown>);
    const product = docs.find((d) => d['@type'] === 'Product') as { offers: { price: string; priceCurrency: string; availability: string }; aggregateRating?: unknown } | undefined;
    assert.ok(product, 'Product JSON-LD');
    assert.equal(product.offers.price, '199.00');
    assert.equal(product.offers.priceCurrency, 'CNY');
    assert.equal(product.offers.availability, 'https://schema.org/InStock');
    assert.equal(product.aggregateRating, undefined);
    assert.ok(docs.some((d) => d['@type'] === 'BreadcrumbList'));

    const phone = await h.newPage({ viewport: PHONE, mobile: true });
    await phone.goto(`${h.base}/products/${productId}`);
    await phone.getByRole('button', { name: '天空蓝' }).click();
    await phone.getByRole('button', { name: 'L', exact: true }).click();
    await phone.getByText('已选：天空蓝 L ×1').waitFor();
    await h.shot(phone, 'product-phone');
  });

  it('warehouse staff may look at the products but not change them', async () => {
    const staff = await h.newPage();
    await staff.goto(`${h.base}/seller/${shopId}/products`);
    await h.logIn(staff, WAREHOUSE);
    await staff.waitForURL(`${h.base}/seller/${shopId}/products`);
    await staff.getByText('你的角色可以查看商品，但不能修改。').waitFor();
    assert.equal(await staff.getByRole('link', { name: '发布商品' }).count(), 0);
    await staff.getByRole('link', { name: '查看' }).first().waitFor();
    await staff.goto(`${h.base}/seller/${shopId}/products/${productId}/edit`);
    await staff.getByLabel('商品标题').waitFor();
    assert.equal(await staff.getByLabel('商品标题').isDisabled(), true);
    assert.equal(await staff.getByRole('button', { name: '保存并提交审核' }).count(), 0);
    // The page actions check the role themselves.
    const edit = await staff.request.post(`${h.base}/seller/${shopId}/products/${productId}/edit`, { form: { intent: 'draft', payload: '{}' }, maxRedirects: 0 });
    assert.equal(edit.status(), 403);
    const bulk = await staff.request.post(`${h.base}/seller/${shopId}/products`, { form: { intent: 'take_off_shelf', id: productId }, maxRedirects: 0 });
    assert.equal(bulk.status(), 403);
  });

  it('shows the shop page with its kind, and 404 for products not on sale', async () => {
    await page.getByRole('link', { name: /进店逛逛/ }).click();
    await page.waitForURL(`${h.base}/shops/${shopId}`);
    await page.getByRole('heading', { name: `${SHOP_NAME} 旗舰店`, level: 1 }).waitFor();
    await page.getByText('3 件商品在售').waitFor();
    await h.shot(page, 'shop');
    const response = await page.goto(`${h.base}/products/prd_does_not_exist`);
    assert.equal(response?.status(), 404);
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
  });
});
