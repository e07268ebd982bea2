import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';

/** A downloaded .xlsx as text rows (header first): asserts the response is a spreadsheet download. */
export async function readSheet(res: LightMyRequestResponse): Promise<string[][]> {
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  assert.match(String(res.headers['content-disposition']), /^attachment; filename=/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.push(cells.map((v) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

/** The sheet's rows as objects keyed by the header row. */
export async function readSheetRecords(res: LightMyRequestResponse): Promise<Record<string, string>[]> {
  const [header = [], ...rows] = await readSheet(res);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}

/** A time as exports write it: China time text (src/shared/spreadsheet.ts). */
export function isChinaTimeText(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value);
}
