import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeBrand, makeCategoryTree } from '../../testing/catalog-fixtures.ts';
import { COLUMNS, exportProducts, importProducts, readRows, yuanToFen, type Row } from './import-export.ts';

test('yuan in the sheet becomes exact fen', () => {
  assert.equal(yuanToFen('199.9'), 19990);
  assert.equal(yuanToFen('0.07'), 7);
  assert.equal(yuanToFen('1,299'), 129900);
  assert.equal(yuanToFen('¥59.00'), 5900);
  for (const bad of ['-1', '1.999', 'abc', '', '1e3', '0.1.2']) assert.equal(yuanToFen(bad), null, bad);
});

function csv(rows: Row[]): Buffer {
  const escape = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => escape(r[c] ?? '')).join(','))].join('\n');
  return Buffer.from(`\uFEFF${text}`);
}

describeEachDatabase('product import and export', (database) => {
  let t: TestApp;
  let shopId: string, otherShopId: string;
  let owner: ApiClient;

  const dress = (key: string, colour: string, size: string, price: string, extra: Row = {}): Row => ({
    商品编码: key, 标题: '法式碎花连衣裙', 类目: '服饰>女装>连衣裙', 品牌: '青禾', 规格1: '颜色', 规格1值: colour, 规格2: '尺码', 规格2值: size,
    '价格(元)': price, 库存: '10', 参数: '材质=棉;产地=杭州', ...extra,
  });

  before(async () => {
    t = await createTestApp(database());
    await makeCategoryTree(t.ctx.db);
    await makeBrand(t.ctx.db, '青禾', 'Qinghe');
    const u = await makeUser(t.ctx.db, t.clock);
    const other = await makeUser(t.ctx.db, t.clock);
    shopId = await makeShop(t.ctx.db, t.clock, u.id);
    otherShopId = await makeShop(t.ctx.db, t.clock, other.id);
    owner = new ApiClient(t.app, '10.40.0.1');
    await owner.post('/api/auth/login', { identifier: u.identifier, password: u.password });
  });
  after(async () => {
    await t.app.close();
  });

  test('a CSV import creates good products and reports bad ones row by row, each product all or nothing', async () => {
    const rows = [
      dress('A1', '黑色', 'S', '199'), dress('A1', '黑色', 'M', '199.5'), dress('A1', '白色', 'S', '209'), dress('A1', '白色', 'M', '209'),
      dress('B2', '黑色', 'S', '-5'), dress('B2', '黑色', 'M', '99.999'),
      dress('C3', '红色', 'S', '59', { 类目: '服饰>女装>不存在' }),
      dress('D4', '红色', 'S', '59', { 库存: '十个' }),
      dress('E5', '红色', 'S', '59'), dress('E5', '红色', 'S', '69'),
    ];
    const report = await importProducts(t.ctx.db, t.clock, shopId, { userId: null, role: 'system' }, await readRows(csv(rows), 'csv'));
    assert.equal(report.rowCount, 10);
    assert.deepEqual(report.created.map((c) => c.productKey), ['A1']);
    const failures = Object.fromEntries(report.failed.map((f) => [f.productKey, f.errors.map((e) => `${e.row}:${e.column}`)]));
    assert.deepEqual(failures, { B2: ['6:价格(元)', '7:价格(元)'], C3: ['8:类目'], D4: ['9:库存'], E5: ['11:规格1值'] });
    const product = await t.ctx.db.selectFrom('product').selectAll().where('id', '=', report.created[0]!.productId).executeTakeFirstOrThrow();
    assert.equal(product.status, 'draft');
    assert.equal(product.min_price_fen, 19900);
    assert.deepEqual(product.params, [{ name: '材质', value: '棉' }, { name: '产地', value: '杭州' }]);
    const skus = await t.ctx.db.selectFrom('sku').select('price_fen').where('product_id', '=', product.id).orderBy('price_fen').execute();
    assert.deepEqual(skus.map((s) => s.price_fen), [19900, 19950, 20900, 20900]);
  });

  test('a CSV saved by Excel in GBK reads the same', async () => {
    const text = `${COLUMNS.join(',')}\nG1,纯棉T恤,,服饰>女装>连衣裙,,颜色,白色,,,49,,5,,,,,,,`;
    const rows = await readRows(iconv.encode(text, 'gbk'), 'csv');
    assert.equal(rows[0]?.['标题'], '纯棉T恤');
    const report = await importProducts(t.ctx.db, t.clock, shopId, { userId: null, role: 'system' }, rows);
    assert.deepEqual(report.created.map((c) => c.productKey), ['G1']);
  });

  test('export → edit → import round-trips through .xlsx, via the API', async () => {
    const file = await exportProducts(t.ctx.db, shopId);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.rowCount, 1 + 4 + 1, 'header + A1 (4 SKUs) + G1');
    const boundary = '----jishi-import';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const other = await makeUser(t.ctx.db, t.clock);
    const otherClient = new ApiClient(t.app, '10.40.0.2');
    await t.ctx.db.insertInto('shop_member').values({ shop_id: otherShopId, user_id: other.id, role: 'operator', created_at: t.clock.now() }).execute();
    await otherClient.post('/api/auth/login', { identifier: other.identifier, password: other.password });
    const res = await otherClient.request('POST', `/api/seller/shops/${otherShopId}/products/import`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().created.length, 2);
    const exported = await owner.get(`/api/seller/shops/${shopId}/products/export`);
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-type']), /spreadsheetml/);
    assert.equal((await owner.get(`/api/seller/shops/${otherShopId}/products/export`)).statusCode, 404, "another shop's export");
  });
});

