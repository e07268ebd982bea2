import { Link, useRevalidator } from 'react-router';
import type { Route } from './+types/pay-result';
import { useT } from '../../i18n/use-t.ts';
import { useRecheck } from '../../components/store/PayParts.tsx';
import { payResultLoader } from '../../lib/payments.server.ts';
import buyingCss from '../../styles/buying.css?url';
import paymentsCss from '../../styles/payments.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: paymentsCss },
];

/** Every few seconds while the payment is being confirmed; then the shopper refreshes by hand. */
const RECHECK_MS = 3000;
const RECHECK_TIMES = 40;

/**
 * 支付结果, where the provider sends the shopper back (?attempt=). The browser arriving here proves
 * nothing: the loader asks the provider (主动查单) while the payment is open, and the page says 支付成功
 * only once the server has it as paid — by that answer or by the provider's notification.
 */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return payResultLoader({ request, context, paymentOrderId: params.paymentOrderId });
}

export default function PayResult({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const revalidator = useRevalidator();
  const r = loaderData;
  const confirming = r.state === 'confirming';
  const checks = useRecheck(confirming && revalidator.state === 'idle', () => revalidator.revalidate(), RECHECK_MS, RECHECK_TIMES);
  const gaveUp = confirming && checks >= RECHECK_TIMES;
  const title = { success: t('payResult.success'), confirming: t('payResult.confirming'), failed: t('payResult.failed'), refunding: t('payResult.refunding') }[r.state];

  return (
    <>
      <title>{`${title} - ${t('site.name')}`}</title>
      <section className={`card pay-result pay-result--${r.state}`} aria-labelledby="pay-result-title">
        <span className="pay-result__icon" aria-hidden="true">
          {r.state === 'success' ? '✓' : r.state === 'confirming' ? '' : '!'}
        </span>
        <h1 id="pay-result-title" className="pay-result__title">
          {title}
        </h1>
        <p className="pay-result__amount">
          <strong className="price price--big">{r.amount}</strong>
        </p>
        <dl className="pay-result__facts">
          <div>
            <dt>{t('payResult.method')}</dt>
            <dd>{r.method}</dd>
          </div>
          {r.paidAt ? (
            <div>
              <dt>{t('payResult.paidAt')}</dt>
              <dd>{r.paidAt}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('payResult.tradeNo')}</dt>
            <dd className="mono">{r.attemptId}</dd>
          </div>
        </dl>

        {r.state === 'success' ? <p className="pay-result__note">{t('payResult.successNote')}</p> : null}
        {r.state === 'refunding' ? <p className="pay-result__note">{t('payResult.refundingNote')}</p> : null}
        {r.state === 'failed' ? <p className="pay-result__note">{t('payResult.failedNote')}</p> : null}
        {confirming ? (
          <p className="pay-result__note" role="status" aria-live="polite">
            {gaveUp ? t('payResult.confirmingStopped') : t('payResult.confirmingNote', { seconds: RECHECK_MS / 1000 })}
          </p>
        ) : null}

        <div className="pay-actions">
          {r.state === 'success' ? (
            <>
              <Link to="/me/orders?tab=to_ship" className="btn btn--primary">
                {t('payResult.viewOrders')}
              </Link>
              <Link to="/" className="btn btn--ghost">
                {t('payResult.continue')}
              </Link>
            </>
          ) : null}
          {r.state === 'refunding' ? (
            <Link to="/me/orders" className="btn btn--primary">
              {t('payResult.myOrders')}
            </Link>
          ) : null}
          {confirming ? (
            <>
              <Link to={`/pay/${encodeURIComponent(r.paymentOrderId)}/result?attempt=${encodeURIComponent(r.attemptId)}`} className="btn btn--primary" replace>
                {t('payResult.recheck')}
              </Link>
              <Link to={r.cashierHref} className="btn btn--ghost">
                {t('payResult.backToCashier')}
              </Link>
            </>
          ) : null}
          {r.state === 'failed' ? (
            <>
              <Link to={r.cashierHref} className="btn btn--primary">
                {t('payResult.payAgain')}
              </Link>
              <Link to="/me/orders?tab=pending_payment" className="btn btn--ghost">
                {t('payResult.myOrders')}
              </Link>
            </>
          ) : null}
        </div>
      </section>

      <section className="card" aria-labelledby="pay-result-orders">
        <h2 id="pay-result-orders" className="card__title">
          {t('pay.orders', { count: r.orders.length })}
        </h2>
        <ul className="pay-orders">
          {r.orders.map((o) => (
            <li key={o.id}>
              <Link to={o.href} className="pay-orders__row pay-orders__row--3">
                <span className="pay-orders__shop">{o.shopName}</span>
                <span className="price">{o.payable}</span>
                <span aria-hidden="true">›</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
