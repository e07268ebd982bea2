import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/database.ts';
import { fenToYuan } from '../catalog/import-export.ts';
import { listOrders, type ShopOrderFilter } from './orders.queries.ts';

const STATUS_ZH: Record<string, string> = {
  pending_payment: '待付款', paid: '待发货', shipped: '待收货', received: '已收货', completed: '已完成', cancelled: '已取消', closed: '已关闭',
};

/** A shop's orders as an .xlsx: one row per order line (the buyer is masked). */
export async function exportOrders(q: Queryable, shopId: string, filter: Omit<ShopOrderFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('订单');
  sheet.columns = ['订单号', '状态', '下单时间', '买家', '配送', '商品', '规格', '单价(元)', '数量', '小计(元)', '运费(元)', '实付(元)'].map((header) => ({ header, key: header, width: header === '商品' ? 36 : 14 }));
  sheet.getRow(1).font = { bold: true };
  for (let page = 1; ; page++) {
    const { items } = await listOrders(q, shopId, { ...filter, page, pageSize: 100 });
    for (const order of items) {
      for (const line of order.lines) {
        sheet.addRow({
          订单号: order.id, 状态: STATUS_ZH[order.status] ?? order.status, 下单时间: order.createdAt, 买家: order.buyer ?? '',
          配送: order.deliveryMethod === 'pickup' ? '到店自提' : '快递', 商品: line.title, 规格: Object.values(line.spec).join(' / '),
          '单价(元)': fenToYuan(Number(line.unitPriceFen)), 数量: line.qty, '小计(元)': fenToYuan(Number(line.lineTotalFen)),
          '运费(元)': fenToYuan(Number(order.shippingFeeFen)), '实付(元)': fenToYuan(Number(order.payableFen)),
        });
      }
    }
    if (items.length < 100) break;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
