import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { chinaTimeText } from './clock.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One column of an exported list: its header (zh-CN, as merchants and operators file them) and how a row fills it. */
export interface SheetColumn<Row> {
  header: string;
  width?: number;
  value: (row: Row) => string | number | Date | null | undefined;
}

/** Yuan with two decimals for a fen amount, as a spreadsheet shows money ("-12.50" for a refund). */
export function yuanText(amountFen: number | string | bigint): string {
  const value = BigInt(amountFen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Times are written as China time text ("2026-11-23 18:04:40"): a Date cell would show UTC to the operator. */
function cell(value: string | number | Date | null | undefined): string | number {
  if (value instanceof Date) return chinaTimeText(value);
  return value ?? '';
}

/**
 * A one-sheet workbook of a list: bold header row, the given column widths, one row per item.
 * `rows` may be an async iterable, so long lists are read page by page instead of all at once.
 */
export async function listWorkbook<Row>(sheetName: string, columns: readonly SheetColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for await (const row of rows) sheet.addRow(columns.map((c) => cell(c.value(row))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every item of a paged list query, one page at a time. */
export async function* everyPage<Item>(fetchPage: (page: number) => Promise<{ items: Item[] }>, pageSize: number): AsyncGenerator<Item> {
  for (let page = 1; ; page++) {
    const { items } = await fetchPage(page);
    yield* items;
    if (items.length < pageSize) return;
  }
}

/** Answers a download: the .xlsx under a file name the browser keeps (RFC 5987 for a Chinese name, with an ASCII fallback). */
export function sendXlsx(reply: FastifyReply, fileName: string, file: Buffer, asciiFallback = fileName) {
  const ascii = asciiFallback.replace(/[^\w.-]+/g, '_');
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(file);
}
