import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Db, Queryable } from '../../db/database.ts';
import { AppError, renderMessage, type Locale } from '../../http/errors.ts';
import type { ErrorCode } from '../../http/error-catalogue.ts';
import type { Clock } from '../../shared/clock.ts';
import type { OrderActor } from '../orders/orders.service.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';
import { CARRIERS, carrierFromText } from './shipments.carriers.ts';
import { shipOrder } from './shipments.service.ts';

/**
 * 批量发货: a sheet with 订单号, 快递公司, 快递单号 (other columns are ignored, so the template can show
 * the recipient and the goods next to them). Each row ships everything still unshipped of its order
 * in one parcel, in its own transaction: a bad row is reported and changes nothing, the others ship.
 */
export const IMPORT_COLUMNS = ['订单号', '快递公司', '快递单号'] as const;
export const MAX_IMPORT_ROWS = 2000;

export interface ShipRow {
  /** The spreadsheet row number (header = 1). */
  row: number;
  orderId: string;
  carrier: string;
  trackingNo: string;
}

export interface ShipRowResult extends ShipRow {
  ok: boolean;
  shipmentId: string | null;
  orderStatus: string | null;
  error: { code: ErrorCode; message: string } | null;
}

export interface ShipImportReport {
  rowCount: number;
  shipped: number;
  failed: number;
  rows: ShipRowResult[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

/** Rows of an .xlsx (first sheet) or .csv (UTF-8 or GBK) with the three columns named in the header row. */
export async function readShipRows(bytes: Buffer): Promise<ShipRow[]> {
  const rows: ShipRow[] = [];
  const push = (n: number, get: (name: (typeof IMPORT_COLUMNS)[number]) => string) => {
    const row = { row: n, orderId: get('订单号').trim(), carrier: get('快递公司').trim(), trackingNo: get('快递单号').trim() };
    if (row.orderId || row.carrier || row.trackingNo) rows.push(row);
  };
  if (bytes.subarray(0, 2).toString() !== 'PK') {
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(bytes);
    let records: Record<string, string>[];
    try {
      records = parseCsv(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
    } catch {
      throw new AppError('IMPORT_INVALID');
    }
    if (records.length > 0 && !IMPORT_COLUMNS.every((c) => c in records[0]!)) throw new AppError('IMPORT_INVALID');
    records.forEach((r, i) => push(i + 2, (c) => r[c] ?? ''));
    return rows;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_INVALID');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => cellText(v).trim());
  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof IMPORT_COLUMNS)[number], number>;
  if (Object.values(index).some((i) => i < 0)) throw new AppError('IMPORT_INVALID');
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as ExcelJS.CellValue[];
    push(n, (c) => cellText(values[index[c]]));
  });
  return rows;
}

/** Ships row by row (each all or nothing) and reports every row, messages in the caller's language. */
export async function importShipments(
  db: Db,
  clock: Clock,
  timers: OrderTimers,
  input: { shopId: string; actor: OrderActor; rows: ShipRow[]; locale: Locale; subscribe: boolean },
): Promise<ShipImportReport> {
  if (input.rows.length > MAX_IMPORT_ROWS) throw new AppError('SHIPMENT_IMPORT_TOO_MANY', { max: MAX_IMPORT_ROWS });
  const results: ShipRowResult[] = [];
  for (const row of input.rows) {
    try {
      if (!row.orderId) throw new AppError('ORDER_NOT_FOUND');
      const carrier = carrierFromText(row.carrier);
      if (!carrier) throw new AppError('CARRIER_UNKNOWN', { carrier: row.carrier || '—' });
      const shipped = await db.transaction().execute((trx) =>
        shipOrder(trx, clock, timers, { shopId: input.shopId, orderId: row.orderId, carrier: carrier.code, trackingNo: row.trackingNo, actor: input.actor }, { subscribe: input.subscribe }),
      );
      results.push({ ...row, carrier: carrier.code, ok: true, shipmentId: shipped.shipmentId, orderStatus: shipped.orderStatus, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ ...row, ok: false, shipmentId: null, orderStatus: null, error: { code: error.code, message: renderMessage(error.code, input.locale, error.params) } });
    }
  }
  const shipped = results.filter((r) => r.ok).length;
  return { rowCount: results.length, shipped, failed: results.length - shipped, rows: results };
}

/**
 * The template: the three columns, pre-filled with the shop's paid express orders (a paid order still
 * has something to ship: the last parcel moves it to shipped) (recipient and goods alongside, for the packer), a 快递公司 drop-down, and a
 * second sheet listing the carriers.
 */
export async function shipmentImportTemplate(q: Queryable, shopId: string): Promise<Buffer> {
  const orders = await q
    .selectFrom('shop_order as o')
    .select(['o.id', 'o.address', 'o.created_at'])
    .where('o.shop_id', '=', shopId)
    .where('o.status', '=', 'paid')
    .where('o.delivery_method', '=', 'express')
    .orderBy('o.created_at')
    .limit(MAX_IMPORT_ROWS)
    .execute();
  const lines = orders.length
    ? await q.selectFrom('order_line').select(['order_id', 'title', 'qty']).where('order_id', 'in', orders.map((o) => o.id)).orderBy('id').execute()
    : [];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发货');
  sheet.columns = [
    { header: '订单号', key: 'orderId', width: 34 },
    { header: '快递公司', key: 'carrier', width: 14 },
    { header: '快递单号', key: 'trackingNo', width: 22 },
    { header: '收件人（参考）', key: 'recipient', width: 26 },
    { header: '商品（参考）', key: 'goods', width: 48 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const o of orders) {
    const a = o.address;
    sheet.addRow({
      orderId: o.id,
      carrier: '',
      trackingNo: '',
      recipient: a ? `${a.recipient} ${a.province}${a.city === a.province ? '' : a.city}${a.district}` : '',
      goods: lines.filter((l) => l.order_id === o.id).map((l) => `${l.title}×${l.qty}`).join('；'),
    });
  }
  const list = workbook.addWorksheet('快递公司');
  list.columns = [
    { header: '快递公司', key: 'name', width: 16 },
    { header: '代码', key: 'code', width: 8 },
    { header: '运单号示例', key: 'example', width: 20 },
  ];
  list.getRow(1).font = { bold: true };
  for (const c of CARRIERS) list.addRow({ name: c.name, code: c.code, example: c.example ?? '' });
  const lastRow = Math.max(orders.length + 1, 200);
  for (let r = 2; r <= lastRow; r++) {
    sheet.getCell(`B${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`'快递公司'!$A$2:$A$${CARRIERS.length + 1}`] };
    sheet.getCell(`C${r}`).numFmt = '@';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
