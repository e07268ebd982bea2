import type { Queryable } from '../../db/database.ts';
import { everyPage, listWorkbook, type SheetColumn } from '../../shared/spreadsheet.ts';
import { changedFields, searchAuditLog, type AuditLogFilter } from './audit.queries.ts';

/** Enough for any search an operator files; a wider one narrows by time first (the sheet says where it stopped). */
export const AUDIT_EXPORT_MAX_ROWS = 20_000;
const PAGE = 500;
/** Excel's limit on a cell's text. */
const CELL_MAX = 32_000;

type Entry = Awaited<ReturnType<typeof searchAuditLog>>['items'][number];

const json = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > CELL_MAX ? `${text.slice(0, CELL_MAX)}…` : text;
};

const COLUMNS: SheetColumn<Entry>[] = [
  { header: '序号', width: 8, value: (e) => e.seq },
  { header: '时间', width: 20, value: (e) => e.at },
  { header: '操作人', width: 14, value: (e) => e.actor.name ?? '' },
  { header: '操作人ID', width: 22, value: (e) => e.actor.id },
  { header: '角色', width: 18, value: (e) => e.actor.roles.join(', ') },
  { header: '后台', width: 10, value: (e) => (e.console === 'seller' ? '商家后台' : '平台后台') },
  { header: '店铺', width: 18, value: (e) => e.shop?.name ?? '' },
  { header: '操作', width: 40, value: (e) => e.action },
  { header: '对象', width: 30, value: (e) => (e.target ? `${e.target.type} ${e.target.id ?? ''}`.trim() : '') },
  { header: '改动字段', width: 24, value: (e) => (e.target ? changedFields(e).filter((f) => f !== 'updated_at').join(', ') : '') },
  { header: '修改前', width: 40, value: (e) => json(e.before) },
  { header: '修改后', width: 40, value: (e) => json(e.after) },
  { header: '请求号', width: 24, value: (e) => e.requestId },
  { header: 'IP', width: 16, value: (e) => e.ip },
];

/** 操作日志 as an .xlsx: the search's matches, newest first, at most AUDIT_EXPORT_MAX_ROWS of them. Give `to`, so rows written meanwhile do not shift the pages. */
export async function exportAuditLog(q: Queryable, filter: Omit<AuditLogFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  async function* entries() {
    let count = 0;
    for await (const entry of everyPage((page) => searchAuditLog(q, { ...filter, page, pageSize: PAGE }), PAGE)) {
      if (count++ >= AUDIT_EXPORT_MAX_ROWS) return;
      yield entry;
    }
  }
  return listWorkbook('操作日志', COLUMNS, entries());
}
