import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';

/**
 * A downloaded .xlsx (asserts a spreadsheet attachment, as `sendXlsx` answers) as its header row and one
 * header → cell object per row, cells as exceljs reads them (text, numbers).
 */
export async function readSheet(res: LightMyRequestResponse): Promise<{ headers: string[]; rows: Record<string, unknown>[] }> {
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="[\w.-]+\.xlsx"; filename\*=UTF-8''/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
  const [headers = [], ...data] = cells as [string[], ...unknown[][]];
  return { headers, rows: data.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))) };
}

/** The sheet's header row, and its rows as text ('' for an empty cell) keyed by the header. */
export async function readSheetRecords(res: LightMyRequestResponse): Promise<{ headers: string[]; records: Record<string, string>[] }> {
  const { headers, rows } = await readSheet(res);
  return { headers, records: rows.map((row) => Object.fromEntries(headers.map((h) => [h, row[h] === null || row[h] === undefined ? '' : String(row[h])]))) };
}

/** A time as exports write it: China time text (src/shared/spreadsheet.ts). */
export function isChinaTimeText(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value);
}
