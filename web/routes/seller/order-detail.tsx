import type { Route } from './+types/order-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { OrderDetailPanel } from '../../components/console/OrderConsole.tsx';
import { allows, notFound, requireShopMember } from '../../lib/guards.server.ts';
import { SHIPPERS, consoleOrderDetail, shipAction } from '../../lib/orders.server.ts';
import { carrierOptions } from '../../lib/shipments.server.ts';

/** 订单详情 in the merchant console: another shop's order is a 404. Parcels with their trails; 发货 / 备货完成 / 物流节点 for shippers. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireShopMember(context, request, params.shopId);
  const base = `/seller/${encodeURIComponent(params.shopId)}/orders`;
  const order = await consoleOrderDetail(context, params.orderId, params.shopId, base);
  if (!order) throw notFound();
  return { order, listHref: base, canShip: allows(context, SHIPPERS, { shopId: params.shopId }), carriers: carrierOptions(context.locale) };
}

export function action({ request, context, params }: Route.ActionArgs) {
  return shipAction({ request, context, shopId: params.shopId });
}

export default function SellerOrderDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { tracking, ...order } = loaderData.order;
  return (
    <>
      <title>{`${t('console.orders.detailTitle')} - ${t('console.seller')}`}</title>
      <PageTitle>{t('console.orders.detailTitle')}</PageTitle>
      <OrderDetailPanel order={order} listHref={loaderData.listHref} canShip={loaderData.canShip} tracking={tracking} carriers={loaderData.carriers} />
    </>
  );
}
