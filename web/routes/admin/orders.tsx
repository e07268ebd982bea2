import type { Route } from './+types/orders';
import { useT } from '../../i18n/use-t.ts';
import { PageTitle } from '../../components/console/ConsoleShell.tsx';
import { OrderList } from '../../components/console/OrderConsole.tsx';
import { requirePlatform } from '../../lib/guards.server.ts';
import { listShops } from '../../lib/consoles.server.ts';
import { consoleOrders, exportQuery, readOrderFilter } from '../../lib/orders.server.ts';

const PAGE_SIZE = 20;

/** 订单 in the platform console: every shop's orders, searchable by id, status, shop, date and the buyer's phone suffix; 导出 downloads what the filters show. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requirePlatform(context, request);
  const filter = readOrderFilter(new URL(request.url));
  const [result, shops] = await Promise.all([
    consoleOrders(context, filter.shopId || null, filter, '/admin/orders', PAGE_SIZE),
    listShops(context.app.db),
  ]);
  return {
    filter,
    ...result,
    shops: shops.map((s) => ({ value: s.id, label: s.name })),
    exportHref: `/api/admin/orders/export${exportQuery(filter, true)}`,
  };
}

export default function AdminOrders({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  return (
    <>
      <title>{`${t('admin.nav.orders')} - ${t('console.admin')}`}</title>
      <PageTitle>{t('admin.nav.orders')}</PageTitle>
      <OrderList base="/admin/orders" filter={d.filter} total={d.total} counts={d.counts} items={d.items} pageSize={PAGE_SIZE} shops={d.shops} exportHref={d.exportHref} />
    </>
  );
}
