import { useNavigate } from 'react-router';
import { Button, Space } from 'antd';
import { ScanOutlined, UploadOutlined } from '@ant-design/icons';
import type { Route } from './+types/orders';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { OrderList } from '../../components/console/OrderConsole.tsx';
import { allows, notFound, requireShopMember } from '../../lib/guards.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { EXPORTERS, SHIPPERS, consoleOrders, exportQuery, readOrderFilter, shipAction } from '../../lib/orders.server.ts';
import { carrierOptions } from '../../lib/shipments.server.ts';

const PAGE_SIZE = 20;

/**
 * 订单 in the merchant console: every member reads; 发货 (carrier + number, whole or in parts), 备货完成
 * for 自提, 批量发货 and 核销 for owners, operators and warehouse staff. A 物流异常 tab lists orders with a
 * parcel that has not moved for days.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireShopMember(context, request, params.shopId);
  const shop = await findShop(context.app.db, params.shopId);
  if (!shop) throw notFound();
  const filter = readOrderFilter(new URL(request.url));
  const base = `/seller/${encodeURIComponent(shop.id)}/orders`;
  const result = await consoleOrders(context, shop.id, { ...filter, shopId: '' }, base, PAGE_SIZE);
  const canExport = allows(context, EXPORTERS, { shopId: shop.id });
  return {
    base,
    filter,
    ...result,
    canShip: allows(context, SHIPPERS, { shopId: shop.id }),
    carriers: carrierOptions(context.locale),
    exportHref: canExport ? `/api/seller/shops/${encodeURIComponent(shop.id)}/orders/export${exportQuery(filter)}` : null,
  };
}

export function action({ request, context, params }: Route.ActionArgs) {
  return shipAction({ request, context, shopId: params.shopId });
}

export default function SellerOrders({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  const navigate = useNavigate();
  const importHref = `${d.base}/import`;
  const pickupHref = d.base.replace(/\/orders$/, '/pickup');
  return (
    <>
      <title>{`${t('seller.nav.orders')} - ${t('console.seller')}`}</title>
      <PageTitle
        extra={
          d.canShip ? (
            <Space wrap>
              <Button href={importHref} icon={<UploadOutlined />} onClick={(e) => (e.preventDefault(), navigate(importHref))}>
                {t('shipImport.entry')}
              </Button>
              <Button href={pickupHref} icon={<ScanOutlined />} onClick={(e) => (e.preventDefault(), navigate(pickupHref))}>
                {t('pickup.entry')}
              </Button>
            </Space>
          ) : null
        }
      >
        {t('seller.nav.orders')}
      </PageTitle>
      <OrderList
        base={d.base}
        filter={d.filter}
        total={d.total}
        counts={d.counts}
        items={d.items}
        pageSize={PAGE_SIZE}
        canShip={d.canShip}
        exportHref={d.exportHref}
        badges={d.badges}
        carriers={d.carriers}
        staleCount={d.staleCount}
      />
    </>
  );
}
