import type { Queryable } from '../../db/database.ts';
import { everyPage, listWorkbook, yuanText, type SheetColumn } from '../../shared/spreadsheet.ts';
import { listAfterSales, type ListFilter } from './after-sales.queries.ts';
import { AFTER_SALES_KIND_LABELS, AFTER_SALES_REASONS, AFTER_SALES_STATUS_LABELS, REFUND_KINDS } from './after-sales.rules.ts';

type Request = Awaited<ReturnType<typeof listAfterSales>>['items'][number];
export type AfterSalesExportFilter = Omit<ListFilter, 'page' | 'pageSize'>;

const PAGE = 100;

/** The merchant's and the platform's sheet: one row per request, the shop only on the platform's. */
function columns(withShop: boolean): SheetColumn<Request>[] {
  return [
    { header: '售后单号', width: 24, value: (r) => r.id },
    { header: '订单号', width: 24, value: (r) => r.orderId },
    ...(withShop ? [{ header: '店铺', width: 20, value: (r: Request) => r.shopName }] : []),
    { header: '商品', width: 30, value: (r) => [r.line.title, ...Object.values(r.line.spec)].join(' / ') },
    { header: '买家', width: 14, value: (r) => r.buyer },
    { header: '类型', width: 10, value: (r) => AFTER_SALES_KIND_LABELS[r.kind].zh },
    { header: '状态', width: 12, value: (r) => AFTER_SALES_STATUS_LABELS[r.status].zh },
    { header: '申请原因', width: 18, value: (r) => AFTER_SALES_REASONS[r.reason].zh },
    { header: '数量', width: 8, value: (r) => r.qty },
    // What was asked for: exchange and repair ask for none (unless a ruling refunded them).
    { header: '退款金额(元)', width: 12, value: (r) => (REFUND_KINDS.includes(r.kind) || r.amountFen > 0 ? yuanText(r.amountFen) : '') },
    { header: '已退款(元)', width: 12, value: (r) => yuanText(r.refundedFen + r.shippingRefundFen) },
    { header: '申请时间', width: 20, value: (r) => r.createdAt },
    { header: '处理时限', width: 20, value: (r) => r.deadline?.at },
    { header: '最后更新', width: 20, value: (r) => r.updatedAt },
  ];
}

/** A shop's after-sales requests (the queue's filters and order) as an .xlsx; the buyer masked as the list shows it. */
export function exportShopAfterSales(q: Queryable, shopId: string, filter: AfterSalesExportFilter): Promise<Buffer> {
  const rows = everyPage((page) => listAfterSales(q, { role: 'merchant', shopId }, { ...filter, page, pageSize: PAGE }), PAGE);
  return listWorkbook('售后', columns(false), rows);
}

/** Every shop's requests (the platform list's filters, shop included) as an .xlsx, with the shop. */
export function exportPlatformAfterSales(q: Queryable, filter: AfterSalesExportFilter): Promise<Buffer> {
  const rows = everyPage((page) => listAfterSales(q, { role: 'platform' }, { ...filter, page, pageSize: PAGE }), PAGE);
  return listWorkbook('售后', columns(true), rows);
}
