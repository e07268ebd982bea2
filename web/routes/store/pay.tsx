import { Link, useRevalidator } from 'react-router';
import type { Route } from './+types/pay';
import { useT } from '../../i18n/use-t.ts';
import { Countdown } from '../../components/store/Countdown.tsx';
import { notFound, requireUser } from '../../lib/guards.server.ts';
import { paymentSummary } from '../../lib/orders.server.ts';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];

/**
 * 收银台 after 提交订单: the amount and the time left to pay (server time). Online payment comes
 * with the payments module; until then the page says so plainly and offers no pretend button.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const summary = await paymentSummary(context, auth.userId, params.paymentOrderId);
  if (!summary) throw notFound();
  return summary;
}

export default function Pay({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const revalidator = useRevalidator();
  const p = loaderData;
  return (
    <>
      <title>{`${t('pay.title')} - ${t('site.name')}`}</title>
      <section className="card pay-head" aria-labelledby="pay-title">
        <h1 id="pay-title" className="pay-head__title">
          {p.status === 'pending' ? t('pay.placed') : p.status === 'paid' ? t('pay.paid') : t('pay.cancelled')}
        </h1>
        <p className="pay-head__amount">
          <span className="muted">{t('pay.amount')}</span> <strong className="price price--big">{p.amount}</strong>
        </p>
        {p.payRemainingMs !== null ? (
          <p className="pay-head__timer">
            {t('pay.remaining')} <Countdown remainingMs={p.payRemainingMs} onDone={() => revalidator.revalidate()} />
          </p>
        ) : null}
        {p.status === 'pending' ? (
          <p className="pay-note" role="note">
            {t('pay.comingSoon', { time: p.payBefore })}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="pay-orders">
        <h2 id="pay-orders" className="card__title">
          {t('pay.orders', { count: p.orders.length })}
        </h2>
        <ul className="pay-orders">
          {p.orders.map((o) => (
            <li key={o.id}>
              <Link to={o.href} className="pay-orders__row">
                <span className="pay-orders__shop">{o.shopName}</span>
                <span className="muted small">{t(`order.status.${o.status}`)}</span>
                <span className="price">{o.payable}</span>
                <span aria-hidden="true">›</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <div className="pay-actions">
        <Link to="/me/orders?tab=pending_payment" className="btn btn--primary">
          {t('pay.viewOrders')}
        </Link>
        <Link to="/" className="btn btn--ghost">
          {t('pay.continue')}
        </Link>
      </div>
    </>
  );
}
