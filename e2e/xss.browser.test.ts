/**
 * Reliability row D3: stored XSS. Classic vectors go into a product's description, title,
 * subtitle, parameters and spec values through the real write paths (createProduct /
 * updateProduct) and into a shop's name; the product is approved; then the storefront product,
 * search and shop pages, the seller's product list and editor, and the platform's review pages
 * are opened in Chromium. Every vector would set window.__xss or open a dialog if it ran. The
 * test fails on any dialog, any console message, any page error, any navigation the page did
 * not ask for, and on window.__xss being set.
 *
 *   node --import tsx --test e2e/xss.browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkip, openHarness, PHONE, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { changeProductStatus, createProduct, updateProduct, type ProductInput } from '../src/modules/catalog/products.service.ts';
import { makeCategoryTree } from '../src/testing/catalog-fixtures.ts';
import { newId } from '../src/shared/ids.ts';

const RUN = 'window.__xss=1';

/** Each would run script if it reached the page as markup (or as a URL a click follows). */
export const VECTORS: string[] = [
  `<script>${RUN}</script>`,
  `</script><script>${RUN}</script>`,
  `"><script>${RUN}</script>`,
  `'><script>${RUN}</script>`,
  `</title><script>${RUN}</script>`,
  `</textarea><script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<img src="x" onerror=alert(1)>`,
  `<img src=x:alert(1) onerror=eval(src)>`,
  '<img src=`x`onerror=window.__xss=1>',
  `<svg onload=${RUN}>`,
  `<svg><script>${RUN}</script></svg>`,
  `<svg><animate onbegin=${RUN} attributeName=x dur=1s>`,
  `<body onload=${RUN}>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<iframe src="javascript:parent.__xss=1"></iframe>`,
  `<a href="javascript:${RUN}">点我</a>`,
  `<a href="JaVaScRiPt:${RUN}">x</a>`,
  `<a href="&#106;avascript:${RUN}">x</a>`,
  `<a href="  javascript:${RUN}">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==">d</a>`,
  `<div onmouseover="${RUN}">hover</div>`,
  `<p onclick="${RUN}">click</p>`,
  `<details open ontoggle=${RUN}>`,
  `<input autofocus onfocus=${RUN}>`,
  `<video><source onerror="${RUN}"></video>`,
  `<audio src=x onerror=${RUN}>`,
  `<marquee onstart=${RUN}>m</marquee>`,
  `<object data="javascript:${RUN}"></object>`,
  `<embed src="javascript:${RUN}">`,
  `<form><button formaction="javascript:${RUN}">x</button></form>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>">`,
  `<svg><style><img src=x onerror=${RUN}></style></svg>`,
  `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=${RUN} src>">`,
  `<!--<img src="--><img src=x onerror=${RUN}//">`,
  `<![CDATA[<script>${RUN}</script>]]>`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `<template><img src=x onerror=${RUN}></template>`,
  `<style>@import 'javascript:${RUN}';</style>`,
  `<link rel=stylesheet href="javascript:${RUN}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<base href="javascript:${RUN}//">`,
  `<table background="javascript:${RUN}"><tr><td>t</td></tr></table>`,
  `<x onclick=${RUN}>custom</x>`,
  `<img onerror=${RUN} src>`,
  `'-alert(1)-'`,
  `";alert(1);//`,
  `\u2028\u2029<script>${RUN}</script>`,
];

const ADMIN = { identifier: 'admin@xss.jishi.test', password: 'Admin-xss-pass-2026', displayName: '安全审核员' };
const MERCHANT = { identifier: '13700139001', password: 'Merchant-xss-2026', displayName: '<img src=x onerror=window.__xss=1>店长' };
const MARKER = '安全测试';
const SHOP_NAME = `<img src=x onerror=window.__xss=1>${MARKER}店</script><script>window.__xss=1</script>`;

describe('stored XSS (browser, D3)', { skip: browserSkip, timeout: 240_000 }, () => {
  let h: Harness;
  let shopId = '';
  let onSaleId = '';
  let pendingId = '';

  before(async () => {
    assert.ok(VECTORS.length >= 30, 'at least 30 vectors');
    h = await openHarness('xss');
    const { db, clock } = h.runtime.ctx;
    await createPlatformAdmin(db, ADMIN, clock);
    const merchant = await db.transaction().execute((trx) => createUser(trx, MERCHANT, clock));
    shopId = newId('shp');
    // The shop name goes in directly (there is no shop-editing path yet).
    await db.insertInto('shop').values({ id: shopId, name: SHOP_NAME, kind: 'individual', intro: VECTORS.slice(0, 8).join(' '), created_at: clock.now() }).execute();
    await db.insertInto('shop_member').values({ shop_id: shopId, user_id: merchant.id, role: 'owner', created_at: clock.now() }).execute();
    const cats = await makeCategoryTree(db);
    const actor = { userId: merchant.id, role: 'merchant' as const };

    const hostile = (title: string, offset: number): ProductInput => ({
      categoryId: cats.dresses,
      title,
      subtitle: VECTORS[(offset + 1) % VECTORS.length]!,
      descriptionHtml: `<p>${MARKER}</p>${VECTORS.join('\n<p>·</p>\n')}`,
      images: [],
      params: VECTORS.slice(0, 15).map((v, i) => ({ name: `参数${i}${v.slice(0, 12)}`, value: VECTORS[(i + offset) % VECTORS.length]! })),
      return7d: true,
      purchaseLimit: null,
      specs: [
        { name: '颜色</script>', values: [VECTORS[0]!, VECTORS[6]!] },
        { name: `<svg onload=${RUN}>`, values: ['S', VECTORS[10]!] },
      ],
      skus: [
        { spec: { '颜色</script>': VECTORS[0]!, [`<svg onload=${RUN}>`]: 'S' }, priceFen: 9900, stock: 5 },
        { spec: { '颜色</script>': VECTORS[0]!, [`<svg onload=${RUN}>`]: VECTORS[10]! }, priceFen: 10900, stock: 0 },
        { spec: { '颜色</script>': VECTORS[6]!, [`<svg onload=${RUN}>`]: 'S' }, priceFen: 9900, stock: 2 },
        { spec: { '颜色</script>': VECTORS[6]!, [`<svg onload=${RUN}>`]: VECTORS[10]! }, priceFen: 9900, stock: 1 },
      ],
    });

    await db.transaction().execute(async (trx) => {
      // Created with some vectors, then edited to carry the JSON-LD breakout in its title.
      onSaleId = await createProduct(trx, clock, shopId, actor, hostile(`${MARKER} ${VECTORS[6]}`, 3), true);
      await updateProduct(trx, clock, shopId, actor, onSaleId, hostile(`${MARKER} </script><script>${RUN}</script> <img src=x onerror=alert(1)>`, 5));
      await changeProductStatus(trx, clock, { userId: null, role: 'platform' }, onSaleId, 'approve', { shopId: null });
      pendingId = await createProduct(trx, clock, shopId, actor, hostile(`${MARKER} 待审 <svg onload=${RUN}>`, 7), true);
    });
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  /** Opens the page with traps set, pokes every element the payload might have wired, and checks nothing ran. */
  async function visit(page: Page, path: string, ready: (page: Page) => Promise<void>) {
    const problems: string[] = [];
    page.on('dialog', (dialog) => {
      problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => problems.push(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('popup', (popup) => problems.push(`popup: ${popup.url()}`));
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });

    const url = `${h.base}${path}`;
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, `${path} loads`);
    await ready(page);
    // Wake anything an event handler could have been attached to, then follow what links would.
    await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        for (const type of ['mouseover', 'focus', 'toggle', 'animationstart']) el.dispatchEvent(new Event(type, { bubbles: true }));
      }
      for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('.rich a, .rich--console a'))) {
        if (!/^https?:/.test(a.getAttribute('href') ?? '')) a.click();
      }
    });
    await page.mouse.move(200, 400);
    await page.mouse.move(600, 700);
    // Let timers, image errors and meta refreshes have their chance.
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));

    const flagged = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
    assert.equal(flagged, undefined, `${path}: a payload ran (window.__xss is set)`);
    assert.deepEqual(problems, [], `${path}: nothing in the console, no dialogs`);
    assert.equal(page.url(), url, `${path}: the page stayed where it was`);
    assert.deepEqual([...new Set(navigations)], [url], `${path}: no navigation the page did not ask for`);
    for (const frame of page.frames()) if (frame !== page.mainFrame()) assert.fail(`${path}: a frame was injected: ${frame.url()}`);
    // The description's markup was cleaned when written: nothing executable is left in it.
    const leftovers = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.rich *')).flatMap((el) => {
        const bad: string[] = [];
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE', 'LINK', 'META', 'BASE', 'FORM', 'INPUT', 'TEMPLATE'].includes(el.tagName.toUpperCase())) bad.push(el.tagName);
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name) || /^\s*(javascript|data|vbscript):/i.test(attr.value)) bad.push(`${el.tagName}[${attr.name}]`);
        }
        return bad;
      }),
    );
    assert.deepEqual(leftovers, [], `${path}: the description has no executable markup`);
  }

  it('the product page: text stays text, JSON-LD stays JSON', async () => {
    const page = await h.newPage();
    await visit(page, `/products/${onSaleId}`, async (p) => {
      await p.getByRole('heading', { level: 1, name: /安全测试 <\/script><script>window.__xss=1<\/script>/ }).waitFor();
      await p.getByText(SHOP_NAME).first().waitFor();
    });
    // The title with "</script>" is inside the JSON-LD, escaped, and the document still parses.
    const docs = await page.locator('script[type="application/ld+json"]').allTextContents();
    assert.ok(docs.length >= 2);
    for (const doc of docs) {
      assert.ok(!doc.includes('</script'), 'no raw </script> in JSON-LD');
      assert.ok(!doc.includes('<'), 'no raw < in JSON-LD');
    }
    const product = JSON.parse(docs[0]!) as { name: string };
    assert.match(product.name, /<\/script><script>window.__xss=1<\/script>/);
    // Choosing the hostile spec values (text on buttons) changes nothing either.
    await page.getByRole('button', { name: VECTORS[6]! }).click();
    await page.getByRole('button', { name: 'S', exact: true }).click();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    await h.shot(page, 'product');
  });

  it('the search, category and shop pages', async () => {
    const page = await h.newPage({ viewport: PHONE, mobile: true });
    await visit(page, `/search?q=${encodeURIComponent(MARKER)}`, async (p) => {
      await p.getByRole('link', { name: /安全测试 <\/script>/ }).waitFor();
    });
    await h.shot(page, 'search');
    const hostileQuery = `<img src=x onerror=${RUN}>`;
    await visit(await h.newPage(), `/search?q=${encodeURIComponent(hostileQuery)}&brand=${encodeURIComponent('"><script>window.__xss=1</script>')}&min=${encodeURIComponent('<b>')}`, async (p) => {
      await p.getByRole('heading', { name: `“${hostileQuery}”的搜索结果` }).waitFor();
    });
    await visit(await h.newPage(), `/shops/${shopId}`, async (p) => {
      await p.getByRole('heading', { level: 1, name: new RegExp(MARKER) }).waitFor();
    });
  });

  it("the seller's product list and editor", async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/login?redirectTo=${encodeURIComponent(`/seller/${shopId}/products`)}`);
    await h.logIn(page, MERCHANT);
    await page.waitForURL(`${h.base}/seller/${shopId}/products`);
    await visit(page, `/seller/${shopId}/products`, async (p) => {
      await p.getByRole('link', { name: /安全测试 <\/script>/ }).waitFor();
    });
    await h.shot(page, 'seller-list');
    const editor = await page.context().newPage();
    await visit(editor, `/seller/${shopId}/products/${onSaleId}/edit`, async (p) => {
      await p.getByRole('heading', { name: /编辑商品/ }).waitFor();
      await p.getByLabel('商品标题').waitFor();
    });
  });

  it("the platform's review queue and review pages", async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/login?redirectTo=%2Fadmin%2Fproduct-review`);
    await h.logIn(page, ADMIN);
    await page.waitForURL(`${h.base}/admin/product-review`);
    await visit(page, '/admin/product-review', async (p) => {
      await p.getByRole('link', { name: /安全测试 待审/ }).waitFor();
    });
    await h.shot(page, 'review-queue');
    for (const id of [pendingId, onSaleId]) {
      await visit(await page.context().newPage(), `/admin/product-review/${id}`, async (p) => {
        await p.getByText('变更记录').waitFor();
        await p.getByText(SHOP_NAME).first().waitFor();
      });
    }
    await visit(await page.context().newPage(), '/admin/product-review?tab=on_sale', async (p) => {
      await p.getByRole('link', { name: /安全测试 <\/script>/ }).waitFor();
    });
  });
});
