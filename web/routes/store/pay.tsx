import { useEffect, useRef, useState } from 'react';
import { Form, Link, useNavigation, useRevalidator, type ShouldRevalidateFunctionArgs } from 'react-router';
import type { Route } from './+types/pay';
import { useT } from '../../i18n/use-t.ts';
import { Countdown } from '../../components/store/Countdown.tsx';
import { MethodCards, PayQr, ProviderForm } from '../../components/store/PayParts.tsx';
import { cashierAction, cashierLoader } from '../../lib/payments.server.ts';
import buyingCss from '../../styles/buying.css?url';
import paymentsCss from '../../styles/payments.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: paymentsCss },
];

/** The 去支付 bar takes the bottom of the screen on phones. */
export const handle = { hideTabbar: true };

/**
 * 收银台: the amount, the time left before the orders are cancelled (server time), the orders, and
 * the ways to pay as radio cards. Online methods go to the provider (a redirect or a QR code); the
 * order counts as paid only when the provider confirms it (notification or active query).
 */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return cashierLoader({ request, context, paymentOrderId: params.paymentOrderId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return cashierAction({ request, context, paymentOrderId: params.paymentOrderId });
}

/**
 * A refused payment (not enough balance, the order paid or closed meanwhile) reloads the page's
 * data too, so the methods, the balance and the state shown are the ones that refused it.
 */
export function shouldRevalidate({ actionStatus, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (actionStatus !== undefined && actionStatus >= 400) return true;
  return defaultShouldRevalidate;
}

export default function Pay({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const p = loaderData;
  const here = `/pay/${encodeURIComponent(p.id)}`;
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST' && navigation.formAction === here;
  const [method, setMethod] = useState(p.defaultMethod);
  // A method that can no longer pay (the balance went down) is not left chosen.
  useEffect(() => {
    if (!p.methods.some((m) => m.value === method && !m.disabled)) setMethod(p.defaultMethod);
  }, [p.methods, p.defaultMethod, method]);
  // An answer stays until the shopper picks again.
  const [dismissed, setDismissed] = useState<unknown>(null);
  const shown = actionData && actionData !== dismissed ? actionData : null;
  const error = shown && 'error' in shown ? shown.error : null;
  const qr = shown && 'qr' in shown ? shown.qr : undefined;
  const providerForm = shown && 'providerForm' in shown ? shown.providerForm : undefined;
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ block: 'center' });
  }, [error]);

  const pending = p.status === 'pending';
  const title = { pending: t('pay.placed'), paid: t('pay.paid'), cancelled: t('pay.cancelled'), expired: t('pay.expired') }[p.status];

  return (
    <>
      <title>{`${t('pay.title')} - ${t('site.name')}`}</title>
      <section className={`card pay-head pay-head--${p.status}`} aria-labelledby="pay-title">
        <h1 id="pay-title" className="pay-head__title">
          {title}
        </h1>
        <p className="pay-head__amount">
          <span className="muted">{p.status === 'paid' ? t('pay.paidAmount') : t('pay.amount')}</span>{' '}
          <strong className="price price--big" data-testid="pay-amount">
            {p.amount}
          </strong>
        </p>
        {pending ? (
          <p className="pay-head__timer">
            {t('pay.remaining')} <Countdown remainingMs={p.remainingMs} className="pay-head__countdown" onDone={() => revalidator.revalidate()} />
            <span className="pay-head__deadline">{t('pay.deadline', { time: p.payBefore })}</span>
          </p>
        ) : null}
        {p.status === 'paid' && p.paidWith ? <p className="pay-head__note">{t('pay.paidWith', { method: p.paidWith, time: p.paidAt ?? '' })}</p> : null}
        {p.status === 'expired' ? <p className="pay-head__note">{t('pay.expiredNote')}</p> : null}
        {p.status === 'cancelled' ? <p className="pay-head__note">{t('pay.cancelledNote')}</p> : null}
      </section>

      {pending && p.openAttemptHref && !shown ? (
        <p className="pay-note pay-note--open" role="note">
          {t('pay.openAttempt')}{' '}
          <Link to={p.openAttemptHref} className="pay-note__link">
            {t('pay.openAttemptLink')} ›
          </Link>
        </p>
      ) : null}

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

      {pending && qr ? <PayQr qr={qr} otherHref={here} /> : null}
      {pending && providerForm ? <ProviderForm html={providerForm.html} /> : null}

      {pending && !qr && !providerForm ? (
        <Form method="post" action={here} className="pay-form" onSubmit={(e) => submitting && e.preventDefault()} onChange={() => setDismissed(actionData)}>
          <input type="hidden" name="key" value={p.key} />
          <section className="card" aria-labelledby="pay-methods">
            <h2 id="pay-methods" className="card__title">
              {t('pay.methods')}
            </h2>
            <MethodCards methods={p.methods} value={method} onChange={setMethod} label={t('pay.methods')} />
          </section>
          {error ? (
            <p ref={errorRef} className="form__error pay-form__error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="pay-bar">
            <div className="pay-bar__sum">
              <span className="muted small">{t('pay.payNow')}</span>
              <strong className="price">{p.amount}</strong>
            </div>
            <button type="submit" className="btn btn--primary pay-bar__go" disabled={submitting || !method}>
              {submitting ? t('pay.submitting') : t('pay.submit')}
            </button>
          </div>
          <p className="pay-later">
            <Link to="/me/orders?tab=pending_payment">{t('pay.later')} ›</Link>
          </p>
        </Form>
      ) : null}

      {!pending ? (
        <div className="pay-actions">
          <Link to={p.status === 'paid' ? '/me/orders?tab=to_ship' : '/me/orders'} className="btn btn--primary">
            {t('pay.viewOrders')}
          </Link>
          <Link to="/" className="btn btn--ghost">
            {t('pay.continue')}
          </Link>
        </div>
      ) : null}
    </>
  );
}
