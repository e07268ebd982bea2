import type { Queryable } from '../../db/database.ts';
import { everyPage, listWorkbook, yuanText, type SheetColumn } from '../../shared/spreadsheet.ts';
import { listOrders, type ShopOrderFilter } from './orders.queries.ts';

const STATUS_ZH: Record<string, string> = {
  pending_payment: '待付款', paid: '待发货', shipped: '待收货', received: '已收货', completed: '已完成', cancelled: '已取消', closed: '已关闭',
};

type Order = Awaited<ReturnType<typeof listOrders>>['items'][number];
type LineRow = { order: Order; line: Order['lines'][number] };
export type OrderExportFilter = Omit<ShopOrderFilter, 'page' | 'pageSize'>;

/** One column list for both consoles; the platform's sheet adds the shop after the order number. */
function columns(withShop: boolean): SheetColumn<LineRow>[] {
  return [
    { header: '订单号', width: 24, value: (r) => r.order.id },
    ...(withShop ? [{ header: '店铺', width: 20, value: (r: LineRow) => r.order.shopName }] : []),
    { header: '状态', width: 10, value: (r) => STATUS_ZH[r.order.status] ?? r.order.status },
    { header: '下单时间', width: 20, value: (r) => r.order.createdAt },
    { header: '买家', width: 14, value: (r) => r.order.buyer },
    { header: '配送', width: 10, value: (r) => (r.order.deliveryMethod === 'pickup' ? '到店自提' : '快递') },
    { header: '商品', width: 36, value: (r) => r.line.title },
    { header: '规格', value: (r) => Object.values(r.line.spec).join(' / ') },
    { header: '单价(元)', width: 12, value: (r) => yuanText(r.line.unitPriceFen) },
    { header: '数量', width: 8, value: (r) => r.line.qty },
    { header: '小计(元)', width: 12, value: (r) => yuanText(r.line.lineTotalFen) },
    { header: '运费(元)', width: 12, value: (r) => yuanText(r.order.shippingFeeFen) },
    { header: '实付(元)', width: 12, value: (r) => yuanText(r.order.payableFen) },
  ];
}

async function* lineRows(q: Queryable, shopId: string | null, filter: OrderExportFilter): AsyncGenerator<LineRow> {
  for await (const order of everyPage((page) => listOrders(q, shopId, { ...filter, page, pageSize: 100 }), 100)) {
    for (const line of order.lines) yield { order, line };
  }
}

/** A shop's orders as an .xlsx: one row per order line (the buyer is masked). */
export async function exportOrders(q: Queryable, shopId: string, filter: OrderExportFilter): Promise<Buffer> {
  return listWorkbook('订单', columns(false), lineRows(q, shopId, filter));
}

/** Every shop's orders (or one shop's, `shopId`) for the platform: the merchant's sheet plus 店铺; the buyer masked as the list shows it. */
export async function exportPlatformOrders(q: Queryable, filter: OrderExportFilter & { shopId?: string | undefined }): Promise<Buffer> {
  const { shopId, ...rest } = filter;
  return listWorkbook('订单', columns(true), lineRows(q, shopId ?? null, rest));
}
