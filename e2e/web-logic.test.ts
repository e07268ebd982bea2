/**
 * The web's pure helpers (no browser, no server): yuan → fen, the SKU sheet's availability,
 * the editor's request body, JSON-LD escaping and the search URL. They live in web/lib; the test
 * runner looks in src/ and e2e/, so their tests are here.
 *
 *   node --import tsx --test e2e/web-logic.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bpToPercent, fenToYuan, parseCount, percentToBp, yuanToFen } from '../web/lib/money.ts';
import { chosenSku, clampQuantity, initialSelection, isAvailable } from '../web/lib/sku-picker.ts';
import { buildProductInput, skuRows, type EditorSku, type EditorValues } from '../web/lib/product-editor.ts';
import { jsonLd, plainSnippet } from '../web/lib/seo.ts';
import { searchHref, searchQueryString, toggle, withSpec } from '../web/lib/search-url.ts';
import { readSearchState } from '../web/lib/search.server.ts';
import { productInput } from '../src/modules/catalog/catalog.schemas.ts';
import { specKey } from '../src/modules/catalog/catalog.rules.ts';
import type { SearchStateView } from '../web/lib/views.ts';

describe('money inputs', () => {
  test('yuan text to fen, exactly', () => {
    assert.equal(yuanToFen('199'), 19900);
    assert.equal(yuanToFen('199.9'), 19990);
    assert.equal(yuanToFen('0.07'), 7);
    assert.equal(yuanToFen('¥1,299.50'), 129950);
    assert.equal(yuanToFen('0.29'), 29, 'no 0.29 * 100 = 28.999… float error');
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '.5', '1.']) assert.equal(yuanToFen(bad), null, bad);
    assert.equal(fenToYuan(21950), '219.50');
    assert.equal(fenToYuan(7), '0.07');
  });
  test('percent to basis points and back', () => {
    assert.equal(percentToBp('5'), 500);
    assert.equal(percentToBp('4.25%'), 425);
    assert.equal(percentToBp('100'), 10_000);
    assert.equal(percentToBp('100.01'), null);
    assert.equal(bpToPercent(425), '4.25');
    assert.equal(bpToPercent(550), '5.5');
    assert.equal(bpToPercent(500), '5');
    assert.equal(parseCount('12'), 12);
    assert.equal(parseCount('1.5'), null);
  });
});

describe('SKU sheet', () => {
  const skus = [
    { spec: { 颜色: '粉', 尺码: 'S' }, stock: 5 },
    { spec: { 颜色: '粉', 尺码: 'L' }, stock: 0 },
    { spec: { 颜色: '蓝', 尺码: 'S' }, stock: 0 },
    { spec: { 颜色: '蓝', 尺码: 'L' }, stock: 2 },
  ];
  const dims = [
    { name: '颜色', values: ['粉', '蓝'] },
    { name: '尺码', values: ['S', 'L'] },
  ];
  test('a value is available when an in-stock SKU has it with the other chosen values', () => {
    assert.equal(isAvailable(skus, {}, '尺码', 'L'), true);
    assert.equal(isAvailable(skus, { 颜色: '粉' }, '尺码', 'L'), false);
    assert.equal(isAvailable(skus, { 颜色: '粉' }, '尺码', 'S'), true);
    assert.equal(isAvailable(skus, { 尺码: 'S' }, '颜色', '蓝'), false);
    // Changing the value of the same dimension ignores its current choice.
    assert.equal(isAvailable(skus, { 颜色: '粉' }, '颜色', '蓝'), true);
  });
  test('the chosen SKU, single-value dimensions and the quantity clamp', () => {
    assert.equal(chosenSku(skus, dims, { 颜色: '蓝' }), undefined);
    assert.equal(chosenSku(skus, dims, { 颜色: '蓝', 尺码: 'L' })?.stock, 2);
    assert.deepEqual(initialSelection(skus, [{ name: '颜色', values: ['粉'] }]), { 颜色: '粉' });
    assert.equal(clampQuantity(9, 3, null), 3);
    assert.equal(clampQuantity(9, 30, 5), 5);
    assert.equal(clampQuantity(0, 30, 5), 1);
  });
});

describe('product editor', () => {
  const values: EditorValues = {
    categoryPath: ['c1', 'c2', 'c3'],
    brandId: null,
    title: '  春日连衣裙 ',
    subtitle: '',
    descriptionHtml: '<p>x</p>',
    images: [{ url: '/media/u/2026/11/img_1-800.webp', thumb: '/media/u/2026/11/img_1-200.webp' }],
    params: [
      { name: '材质', value: '雪纺' },
      { name: '', value: '' },
    ],
    return7d: true,
    purchaseLimit: null,
    specs: [
      { name: '颜色', values: ['粉', '蓝'] },
      { name: '尺码', values: ['S', 'M', 'L'] },
    ],
    skus: [],
  };
  test('the SKU table follows the spec matrix and keeps typed values', () => {
    const typed = new Map<string, EditorSku>([[specKey({ 颜色: '蓝', 尺码: 'M' }), { spec: { 尺码: 'M', 颜色: '蓝' }, price: '10', original: '', stock: '1' }]]);
    const { rows, problem } = skuRows(values.specs, typed);
    assert.equal(problem, null);
    assert.equal(rows.length, 6);
    assert.equal(rows[4]!.price, '10');
    assert.deepEqual(skuRows([{ name: '颜色', values: ['粉'] }, { name: '颜色', values: ['蓝'] }], new Map()).problem?.key, 'seller.editor.err.specDuplicate');
    assert.equal(skuRows([], new Map()).rows.length, 1, 'no dimensions: one default SKU');
  });
  test('the request body passes the API schema; problems are reported', () => {
    const { rows } = skuRows(values.specs, new Map());
    const filled = rows.map((r) => ({ ...r, price: '199.5', stock: '3' }));
    const { input, problems } = buildProductInput(values, filled, []);
    assert.deepEqual(problems, []);
    const parsed = productInput.parse(input);
    assert.equal(parsed.title, '春日连衣裙');
    assert.equal(parsed.skus[0]!.priceFen, 19950);
    assert.deepEqual(parsed.params, [{ name: '材质', value: '雪纺' }]);
    const bad = buildProductInput({ ...values, categoryPath: ['c1'], title: 'x' }, rows, [{ name: '产地', kind: 'param', options: [], required: true }]);
    assert.deepEqual(
      bad.problems.map((p) => p.key),
      ['seller.editor.err.category', 'seller.editor.err.title', 'seller.editor.err.paramRequired', 'seller.editor.err.price', 'seller.editor.err.stock'],
    );
  });
});

describe('SEO helpers', () => {
  test('JSON-LD cannot close its script element', () => {
    const text = jsonLd({ name: '</script><script>alert(1)</script> & \u2028' });
    assert.ok(!text.includes('<') && !text.includes('>') && !text.includes('&'));
    assert.equal((JSON.parse(text) as { name: string }).name, '</script><script>alert(1)</script> & \u2028');
  });
  test('meta description from HTML', () => {
    assert.equal(plainSnippet('<p>轻盈<strong>雪纺</strong></p>\n<ul><li>a</li></ul>'), '轻盈 雪纺 a');
  });
});

describe('search URL', () => {
  const base: SearchStateView = { q: '连衣裙', category: '', brands: [], min: '', max: '', specs: {}, stock: false, self: false, sort: 'relevance', page: 3 };
  test('state → query → state', () => {
    const state: SearchStateView = { ...base, category: 'cat_1', brands: ['b1', 'b2'], min: '100', max: '200.5', specs: { 颜色: '黑色' }, stock: true, self: true, sort: 'price_asc' };
    const url = new URL(`http://x/search${searchQueryString(state)}`);
    assert.deepEqual(readSearchState(url), state);
  });
  test('changing a filter goes back to page 1; turning a page keeps the filters', () => {
    assert.equal(searchHref('/search', base, { sort: 'sales' }), `/search?q=${encodeURIComponent('连衣裙')}&sort=sales`);
    assert.equal(searchHref('/search', base, { page: 4 }), `/search?q=${encodeURIComponent('连衣裙')}&page=4`);
    assert.deepEqual(toggle(['a'], 'a'), []);
    assert.deepEqual(withSpec({ 颜色: '黑' }, '颜色', '黑'), {});
    assert.deepEqual(withSpec({ 颜色: '黑' }, '颜色', '白'), { 颜色: '白' });
  });
  test('malformed queries are dropped, not errors', () => {
    const state = readSearchState(new URL('http://x/search?sort=evil&page=-2&spec=nocolon&spec=:x&stock=yes'));
    assert.equal(state.sort, 'relevance');
    assert.equal(state.page, 1);
    assert.deepEqual(state.specs, {});
    assert.equal(state.stock, false);
  });
});
