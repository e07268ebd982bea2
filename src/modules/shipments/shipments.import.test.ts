import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import type { ApiClient } from '../../testing/app.ts';
import { idem, makeShipMall, paidOrder, type ShipMall } from './shipments.test-helpers.ts';

function multipart(filename: string, bytes: Buffer) {
  const boundary = '----jishi-ship-import';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function sheet(rows: (string | number)[][], header = ['订单号', '快递公司', '快递单号', '备注']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('发货');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(client: ApiClient, shopId: string, file: Buffer, name = 'ship.xlsx') {
  const form = multipart(name, file);
  return client.request('POST', `/api/seller/shops/${shopId}/shipments/import`, form.payload, { 'content-type': form.contentType });
}

describeEachDatabase('shipments: 批量发货 by Excel import', (database) => {
  let t: TestApp;
  let m: ShipMall;
  let shop: string;

  before(async () => {
    t = await createTestApp(database());
    m = await makeShipMall(t);
    shop = m.market.shops[0]!;
  });

  test('the template lists the orders to ship, with a carrier drop-down; it reads back', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 2 }]);
    const res = await m.merchant.get(`/api/seller/shops/${shop}/shipments/import-template`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('发货')!;
    assert.deepEqual((ws.getRow(1).values as string[]).slice(1, 4), ['订单号', '快递公司', '快递单号']);
    const ids = ws.getColumn(1).values.slice(2);
    assert.ok(ids.includes(o.orderId));
    assert.match(String(ws.getRow(ids.indexOf(o.orderId) + 2).getCell(5).value), /付款测试商品 1×2/);
    assert.equal(ws.getCell('B2').dataValidation.type, 'list');
    assert.ok(wb.getWorksheet('快递公司')!.getColumn(1).values.includes('顺丰速运'));
    assert.equal((await m.service.get(`/api/seller/shops/${shop}/shipments/import-template`)).statusCode, 403);
  });

  test('good rows ship, bad rows are reported with clear errors and change nothing; each row on its own', async () => {
    const good = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const alias = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }, { skuId: m.skuB, qty: 1 }]);
    const partial = await paidOrder(t, m, [{ skuId: m.skuA, qty: 2 }, { skuId: m.skuB, qty: 1 }]);
    await m.merchant.post(`/api/seller/shops/${shop}/orders/${partial.orderId}/ship`, { carrier: 'SF', trackingNo: 'SF1000000000001', lines: [{ orderLineId: partial.lineIds[m.skuA], qty: 2 }] }, idem());
    const badCarrier = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const badNumber = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const theirs = await paidOrder(t, m, [{ skuId: m.market.skus[1]!, qty: 1 }], { shopIndex: 1 });
    const unpaid = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }], { paid: false });

    const file = await sheet([
      [good.orderId, '顺丰速运', 'SF2000000000001', '第一行'],
      [alias.orderId, 'zto', '78 1234 5678 9010'],
      [partial.orderId, '圆通', 'YT2000000000001'],
      [],
      [badCarrier.orderId, '火星快递', 'SF2000000000002'],
      [badNumber.orderId, '极兔速递', 'JT123'],
      [theirs.orderId, '顺丰', 'SF2000000000003'],
      [unpaid.orderId, '顺丰', 'SF2000000000004'],
      ['', '顺丰', 'SF2000000000005'],
      [good.orderId, '申通', '773123456789999'],
    ]);
    const res = await upload(m.merchant, shop, file);
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.equal(report.rowCount, 9, 'the empty row is skipped');
    assert.equal(report.shipped, 3);
    assert.equal(report.failed, 6);
    const byRow = Object.fromEntries(report.rows.map((r: { row: number }) => [r.row, r]));
    assert.equal(byRow[2].ok, true);
    assert.equal(byRow[2].orderStatus, 'shipped');
    assert.equal(byRow[3].carrier, 'ZTO', 'a carrier code, name, short name or Kuaidi100 code is understood');
    assert.equal(byRow[4].orderStatus, 'shipped', 'the rest of a partly shipped order');
    assert.deepEqual(byRow[6].error.code, 'CARRIER_UNKNOWN');
    assert.match(byRow[6].error.message, /火星快递/);
    assert.equal(byRow[7].error.code, 'TRACKING_NO_INVALID');
    assert.match(byRow[7].error.message, /极兔速递运单号格式不正确：JT123/);
    assert.equal(byRow[8].error.code, 'ORDER_NOT_FOUND', "another shop's order");
    assert.equal(byRow[9].error.code, 'ORDER_STATUS_CONFLICT');
    assert.equal(byRow[10].error.code, 'ORDER_NOT_FOUND', 'no order id');
    assert.equal(byRow[11].error.code, 'ORDER_STATUS_CONFLICT', 'the same order again: already shipped');

    const statuses = Object.fromEntries((await t.ctx.db.selectFrom('shop_order').select(['id', 'status']).where('id', 'in', [good.orderId, alias.orderId, partial.orderId, badCarrier.orderId, badNumber.orderId, theirs.orderId]).execute()).map((o) => [o.id, o.status]));
    assert.deepEqual(
      [good, alias, partial, badCarrier, badNumber, theirs].map((o) => statuses[o.orderId]),
      ['shipped', 'shipped', 'shipped', 'paid', 'paid', 'paid'],
    );
    const stray = await t.ctx.db.selectFrom('shipment').select('id').where('order_id', 'in', [badCarrier.orderId, badNumber.orderId, theirs.orderId, unpaid.orderId]).execute();
    assert.equal(stray.length, 0, 'bad rows wrote nothing');
  });

  test('English messages for an English caller; CSV too; a file that is not a sheet, or without the columns, is IMPORT_INVALID; only shippers may import', async () => {
    const o = await paidOrder(t, m, [{ skuId: m.skuA, qty: 1 }]);
    const csv = Buffer.from(`订单号,快递公司,快递单号\n${o.orderId},SF,SF12\n`, 'utf8');
    const form = multipart('ship.csv', csv);
    const res = await m.merchant.request('POST', `/api/seller/shops/${shop}/shipments/import`, form.payload, { 'content-type': form.contentType, 'accept-language': 'en' });
    assert.equal(res.json().rows[0].error.message, 'Not a valid 顺丰速运 tracking number: SF12 (like SF1234567890123)');
    assert.equal((await upload(m.merchant, shop, Buffer.from('PK not really a zip'))).json().error.code, 'IMPORT_INVALID');
    assert.equal((await upload(m.merchant, shop, await sheet([[o.orderId, 'SF']], ['order', 'carrier']))).json().error.code, 'IMPORT_INVALID');
    assert.equal((await upload(m.service, shop, await sheet([]))).statusCode, 403);
    assert.equal((await upload(m.otherMerchant, shop, await sheet([]))).json().error.code, 'SHOP_NOT_FOUND');
  });
});
