import type { Queryable } from '../../db/database.ts';
import { everyPage, listWorkbook, type SheetColumn } from '../../shared/spreadsheet.ts';
import { listSuggestions, type SuggestionFilter, type SuggestionView } from './suggestions.service.ts';

const STATUS_ZH: Record<string, string> = { new: '待处理', reviewing: '处理中', adopted: '已采纳', declined: '暂不采纳', closed: '已关闭' };
const CATEGORY_ZH: Record<string, string> = { feature: '功能建议', experience: '使用体验', goods: '商品与品类', service: '服务与售后', rules: '平台规则', other: '其他' };
const ROLE_ZH: Record<string, string> = { shopper: '买家', merchant: '商家' };

const COLUMNS: SheetColumn<SuggestionView>[] = [
  { header: '编号', width: 30, value: (s) => s.id },
  { header: '提交时间', width: 20, value: (s) => s.createdAt },
  { header: '来源', width: 8, value: (s) => ROLE_ZH[s.role] ?? s.role },
  { header: '提交人', width: 14, value: (s) => s.author.name },
  { header: '店铺', width: 20, value: (s) => s.shop?.name },
  { header: '类别', width: 12, value: (s) => CATEGORY_ZH[s.category] ?? s.category },
  { header: '内容', width: 50, value: (s) => s.body },
  { header: '状态', width: 10, value: (s) => STATUS_ZH[s.status] ?? s.status },
  { header: '回复', width: 50, value: (s) => s.reply },
  { header: '回复时间', width: 20, value: (s) => s.repliedAt },
];

/** 建议箱 as an .xlsx: the platform's queue under these filters, in its order (oldest first). */
export async function exportSuggestions(q: Queryable, filter: Omit<SuggestionFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  return listWorkbook('建议箱', COLUMNS, everyPage((page) => listSuggestions(q, { ...filter, page, pageSize: 100 }, 'oldest'), 100));
}
