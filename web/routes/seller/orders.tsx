import type { Route } from './+types/orders';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { OrderList } from '../../components/console/OrderConsole.tsx';
import { allows, notFound, requireShopMember } from '../../lib/guards.server.ts';
import { findShop } from '../../lib/consoles.server.ts';
import { EXPORTERS, SHIPPERS, consoleOrders, exportQuery, readOrderFilter, shipAction } from '../../lib/orders.server.ts';

const PAGE_SIZE = 20;

/** 订单 in the merchant console: every member reads; 发货 for owners, operators and warehouse staff. */
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
    exportHref: canExport ? `/api/seller/shops/${encodeURIComponent(shop.id)}/orders/export${exportQuery(filter)}` : null,
  };
}

export function action({ request, context, params }: Route.ActionArgs) {
  return shipAction({ request, context, shopId: params.shopId });
}

export default function SellerOrders({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  return (
    <>
      <title>{`${t('seller.nav.orders')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('seller.nav.orders')}</PageTitle>
      <OrderList base={d.base} filter={d.filter} total={d.total} counts={d.counts} items={d.items} pageSize={PAGE_SIZE} canShip={d.canShip} exportHref={d.exportHref} />
    </>
  );
}
