import { Link } from 'react-router';
import type { Route } from './+types/orders';
import { useT } from '../../i18n/use-t.ts';
import { useToast } from '../../components/store/Toast.tsx';
import { OrderActions, OrderLines, useOrderActionReport } from '../../components/store/OrderParts.tsx';
import { requireUser } from '../../lib/guards.server.ts';
import { buyerOrderAction, buyerOrders } from '../../lib/orders.server.ts';
import { BUYER_ORDER_TABS, type BuyerOrderTab } from '../../lib/buying-views.ts';
import { Pager } from '../../components/store/Pager.tsx';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];

const PAGE_SIZE = 10;

/** 我的订单: 全部 / 待付款 / 待发货 / 待收货 / 待评价 / 退款售后, one card per shop order. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const url = new URL(request.url);
  const tabParam = url.searchParams.get('tab') ?? 'all';
  const tab: BuyerOrderTab = (BUYER_ORDER_TABS as readonly string[]).includes(tabParam) ? (tabParam as BuyerOrderTab) : 'all';
  const pageParam = Number(url.searchParams.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? Math.min(pageParam, 1000) : 1;
  const result = await buyerOrders(context, auth.userId, tab, page, PAGE_SIZE);
  return { tab, page, pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)), ...result };
}

export function action({ request, context }: Route.ActionArgs) {
  return buyerOrderAction({ request, context });
}

export default function Orders({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const toast = useToast(2500);
  useOrderActionReport(toast.show);
  const { tab, page, pageCount, counts, items } = loaderData;
  const href = (next: BuyerOrderTab, p = 1) => `/me/orders${next === 'all' && p === 1 ? '' : `?tab=${next}${p > 1 ? `&page=${p}` : ''}`}`;

  return (
    <>
      <title>{`${t('orders.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('orders.title')}</h1>
      <nav className="order-nav" aria-label={t('orders.title')}>
        {BUYER_ORDER_TABS.map((key) => (
          <Link key={key} to={href(key)} className={`order-nav__tab${key === tab ? ' is-active' : ''}`} aria-current={key === tab ? 'page' : undefined} replace>
            {t(`orders.tab.${key}`)}
            {counts[key] > 0 && key !== 'all' ? <span className="order-nav__count">{counts[key]}</span> : null}
          </Link>
        ))}
      </nav>
      {actionData?.message ? (
        <p className={actionData.ok ? 'form__ok' : 'form__error'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      ) : null}

      {items.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-state__title">{t('orders.empty')}</p>
          <div className="empty-state__actions">
            <Link to="/" className="btn btn--primary">
              {t('cart.goShopping')}
            </Link>
          </div>
        </div>
      ) : (
        <ul className="order-list">
          {items.map((o) => (
            <li key={o.id} className="card order-card" aria-label={t('orders.cardLabel', { shop: o.shopName, id: o.id })}>
              <div className="order-card__head">
                <Link to={o.shopHref} className="order-card__shop">
                  {o.shopName} ›
                </Link>
                <span className={`order-status order-status--${o.status}`}>{t(`order.status.${o.status}`)}</span>
              </div>
              {/* The whole card opens the order for a tap; keyboards and screen readers use 查看详情. */}
              <Link to={o.href} className="order-card__body" tabIndex={-1} aria-hidden="true">
                <OrderLines lines={o.lines} compact />
              </Link>
              <p className="order-card__sum">
                {t(o.status === 'pending_payment' ? 'orders.sumDue' : 'orders.sum', { count: o.pieces })} <strong className="price">{o.payable}</strong>
                {o.shippingFee ? <span className="muted small"> {t('orders.withShipping', { fee: o.shippingFee })}</span> : null}
              </p>
              <OrderActions order={o} showDetail />
            </li>
          ))}
        </ul>
      )}

      <Pager page={page} pageCount={pageCount} href={(p) => href(tab, p)} label={t('orders.pages')} />
      {toast.node}
    </>
  );
}
