import type { Route } from './+types/order-detail';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { OrderDetailPanel } from '../../components/console/OrderConsole.tsx';
import { notFound, requirePlatform } from '../../lib/guards.server.ts';
import { consoleOrderDetail } from '../../lib/orders.server.ts';

/** One order, any shop, read-only for the platform (its parcels and their trails too). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requirePlatform(context, request);
  const order = await consoleOrderDetail(context, params.orderId, null, '/admin/orders');
  if (!order) throw notFound();
  return { order };
}

export default function AdminOrderDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  return (
    <>
      <title>{`${t('console.orders.detailTitle')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('console.orders.detailTitle')}</PageTitle>
      <OrderDetailPanel order={loaderData.order} listHref="/admin/orders" showShop tracking={loaderData.order.tracking} />
    </>
  );
}
