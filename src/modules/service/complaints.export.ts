import type { Queryable } from '../../db/database.ts';
import { everyPage, listWorkbook, type SheetColumn } from '../../shared/spreadsheet.ts';
import { listComplaints, type ComplaintFilter, type ComplaintRow, type ComplaintViewer } from './service.queries.ts';
import type { ComplaintTimers } from './service.rules.ts';
import type { ComplaintCategory, ComplaintOutcome, ComplaintStatus } from './service.tables.ts';

const CATEGORY_ZH: Record<ComplaintCategory, string> = {
  quality: '质量问题', description_mismatch: '描述不符', service_attitude: '服务态度', logistics: '物流问题', fake_goods: '假冒商品', other: '其他',
};
const STATUS_ZH: Record<ComplaintStatus, string> = {
  submitted: '待受理', accepted: '已受理', investigating: '调查中', resolved: '已处理', closed: '已结束', rejected: '不予受理', withdrawn: '已撤回',
};
const OUTCOME_ZH: Record<ComplaintOutcome, string> = { upheld: '投诉成立', partly_upheld: '部分成立', not_upheld: '投诉不成立' };

export type ComplaintExportFilter = Omit<ComplaintFilter, 'page' | 'pageSize'>;
const PAGE = 100;

/** The shop's and the platform's sheet; the platform's adds the shop and who handles it. */
function columns(platform: boolean): SheetColumn<ComplaintRow>[] {
  return [
    { header: '投诉编号', width: 24, value: (c) => c.id },
    { header: '订单号', width: 24, value: (c) => c.orderId },
    ...(platform ? [{ header: '店铺', width: 20, value: (c: ComplaintRow) => c.shop.name }] : []),
    { header: '标题', width: 30, value: (c) => c.title },
    { header: '投诉人', width: 14, value: (c) => c.shopperName },
    { header: '类别', width: 10, value: (c) => CATEGORY_ZH[c.category] },
    { header: '状态', width: 10, value: (c) => STATUS_ZH[c.status] },
    { header: '提交时间', width: 20, value: (c) => c.createdAt },
    // The running clock's deadline; once both stopped, the resolution deadline it was held to.
    { header: '时限', width: 20, value: (c) => c.sla.nextDueAt ?? c.sla.resolution.dueAt },
    { header: '是否超时', width: 10, value: (c) => (c.sla.state === 'breached' ? '是' : '否') },
    ...(platform ? [{ header: '处理人', width: 12, value: (c: ComplaintRow) => c.assignee?.name ?? '' }] : []),
    { header: '处理结果', width: 12, value: (c) => (c.outcome ? OUTCOME_ZH[c.outcome] : '') },
  ];
}

/** Complaints as an .xlsx: a shop's (viewer shop) or every shop's (viewer platform), the list's filters and order. */
export function exportComplaints(q: Queryable, now: Date, timers: ComplaintTimers, viewer: ComplaintViewer & { role: 'shop' | 'platform' }, filter: ComplaintExportFilter): Promise<Buffer> {
  const rows = everyPage((page) => listComplaints(q, now, timers, viewer, { ...filter, page, pageSize: PAGE }), PAGE);
  return listWorkbook('投诉', columns(viewer.role === 'platform'), rows);
}
