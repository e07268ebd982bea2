import { Link } from 'react-router';
import type { Route } from './+types/after-sales';
import { useT } from '../../i18n/use-t.ts';
import { myAfterSalesLoader } from '../../lib/after-sales.server.ts';
import { MY_AFS_TABS, type MyAfsTab } from '../../lib/after-sales-views.ts';
import { DeadlineLine } from '../../components/store/AfterSalesParts.tsx';
import buyingCss from '../../styles/buying.css?url';
import complaintsCss from '../../styles/complaints.css?url';
import { Pager } from '../../components/store/Pager.tsx';
import afterSalesCss from '../../styles/after-sales.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: complaintsCss },
  { rel: 'stylesheet', href: afterSalesCss },
];

/** 退款/售后: my requests — 全部 / 处理中 / 已结束 — with where each stands and its running deadline. */
export function loader({ request, context }: Route.LoaderArgs) {
  return myAfterSalesLoader({ request, context });
}

export default function MyAfterSales({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { tab, page, pageCount, items, counts } = loaderData;
  const href = (next: MyAfsTab, p = 1) => `/me/after-sales${next === 'all' && p === 1 ? '' : `?tab=${next}${p > 1 ? `&page=${p}` : ''}`}`;
  return (
    <>
      <title>{`${t('afs.my.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('afs.my.title')}</h1>
        <Link to="/me" className="link-btn">
          ‹ {t('nav.me')}
        </Link>
      </div>
      <nav className="order-nav" aria-label={t('afs.my.title')}>
        {MY_AFS_TABS.map((key) => (
          <Link key={key} to={href(key)} className={`order-nav__tab${key === tab ? ' is-active' : ''}`} aria-current={key === tab ? 'page' : undefined} replace>
            {t(`afs.tab.${key}`)}
            {key === 'open' && counts.open > 0 ? <span className="order-nav__count">{counts.open}</span> : null}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-state__title">{t('afs.my.empty')}</p>
          <p className="muted">{t('afs.my.emptyHint')}</p>
          <div className="empty-state__actions">
            <Link to="/me/orders" className="btn btn--primary">
              {t('me.allOrders')}
            </Link>
          </div>
        </div>
      ) : (
        <ul className="cmp-list">
          {items.map((r) => (
            <li key={r.id} className="card afs-card">
              <div className="cmp-card__head">
                <span className="afs-card__shop">{r.shopName}</span>
                <span className={`afs-status afs-status--${r.status}`}>{t(`afs.status.${r.status}`)}</span>
              </div>
              <Link to={r.href} className="afs-card__body" aria-label={t('afs.my.cardLabel', { title: r.line.title, status: t(`afs.status.${r.status}`) })}>
                <span className="co-line__image">{r.line.image ? <img src={r.line.image} alt="" width={56} height={56} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}</span>
                <span className="afs-card__main">
                  <span className="afs-card__title">{r.line.title}</span>
                  <span className="muted small">
                    <span className="afs-kind">{t(`afs.kind.${r.kind}`)}</span> {t(`afs.reason.${r.reason}`)}
                  </span>
                  <span className="small">
                    {r.refunded ? t('afs.refundedAmount', { amount: r.refunded }) : r.amount ? t('afs.askedAmount', { amount: r.amount }) : t('afs.qtyOnly', { qty: r.qty })}
                  </span>
                </span>
              </Link>
              {r.deadline ? (
                <p className="afs-card__deadline small">
                  <DeadlineLine deadline={r.deadline} status={r.status} kind={r.kind} />
                </p>
              ) : null}
              <p className="cmp-card__meta">
                {t('afs.appliedAt', { time: r.createdAt })} · {t('afs.orderNo')} {r.orderId}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} href={(p) => href(tab, p)} label={t('orders.pages')} />
    </>
  );
}
