import { Link } from 'react-router';
import type { Route } from './+types/complaints';
import { useT } from '../../i18n/use-t.ts';
import { myComplaintsLoader } from '../../lib/complaints.server.ts';
import { MY_COMPLAINT_TABS, type MyComplaintsTab } from '../../lib/complaint-views.ts';
import buyingCss from '../../styles/buying.css?url';
import { Pager } from '../../components/store/Pager.tsx';
import complaintsCss from '../../styles/complaints.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: complaintsCss },
];

/** 我的投诉: 全部 / 处理中 / 待评价 / 已完成. */
export function loader({ request, context }: Route.LoaderArgs) {
  return myComplaintsLoader({ request, context });
}

export default function MyComplaints({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { tab, page, pageCount, items } = loaderData;
  const href = (next: MyComplaintsTab, p = 1) => `/me/complaints${next === 'all' && p === 1 ? '' : `?tab=${next}${p > 1 ? `&page=${p}` : ''}`}`;
  return (
    <>
      <title>{`${t('complaint.my.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('complaint.my.title')}</h1>
        <Link to="/me" className="link-btn">
          ‹ {t('nav.me')}
        </Link>
      </div>
      <nav className="order-nav" aria-label={t('complaint.my.title')}>
        {MY_COMPLAINT_TABS.map((key) => (
          <Link key={key} to={href(key)} className={`order-nav__tab${key === tab ? ' is-active' : ''}`} aria-current={key === tab ? 'page' : undefined} replace>
            {t(`complaint.tab.${key}`)}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-state__title">{t('complaint.my.empty')}</p>
          <p className="muted">{t('complaint.my.emptyHint')}</p>
          <div className="empty-state__actions">
            <Link to="/me/orders" className="btn btn--primary">
              {t('me.allOrders')}
            </Link>
          </div>
        </div>
      ) : (
        <ul className="cmp-list">
          {items.map((c) => (
            <li key={c.id} className="card">
              <Link to={c.href} className="cmp-card">
                <div className="cmp-card__head">
                  <h2 className="cmp-card__title">
                    <span className="cmp-cat">{t(`complaint.category.${c.category}`)}</span>
                    {c.title}
                  </h2>
                  <span className={`cmp-status cmp-status--${c.status}`}>{t(`complaint.status.${c.status}`)}</span>
                </div>
                <p className="cmp-card__meta">
                  {c.shopName} · {c.createdAt}
                  {c.orderId ? ` · ${t('complaint.detail.order')} ${c.orderId}` : ''}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} href={(p) => href(tab, p)} label={t('orders.pages')} />
    </>
  );
}
