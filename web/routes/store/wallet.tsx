import { useState } from 'react';
import { Form, Link, useNavigation, useRevalidator } from 'react-router';
import type { Route } from './+types/wallet';
import { useT } from '../../i18n/use-t.ts';
import { MethodCards, PayQr, ProviderForm, useRecheck } from '../../components/store/PayParts.tsx';
import { walletAction, walletLoader } from '../../lib/payments.server.ts';
import buyingCss from '../../styles/buying.css?url';
import { Pager } from '../../components/store/Pager.tsx';
import paymentsCss from '../../styles/payments.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: paymentsCss },
];

/** Amounts a shopper taps instead of typing (yuan). */
const QUICK_AMOUNTS = ['50', '100', '200', '500'];

/**
 * 我的余额: the balance and its history (from the ledger), and 充值 through an online provider.
 * The provider sends the shopper back to ?topup=<attempt>, which is checked with the provider.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  return walletLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return walletAction({ request, context });
}

export default function Wallet({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const w = loaderData;
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST' && navigation.formAction === '/me/wallet';
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState(w.methods[0]?.value ?? null);
  const [dismissed, setDismissed] = useState<unknown>(null);
  const shown = actionData && actionData !== dismissed ? actionData : null;
  const error = shown && 'error' in shown ? shown.error : null;
  const qr = shown && 'qr' in shown ? shown.qr : undefined;
  const providerForm = shown && 'providerForm' in shown ? shown.providerForm : undefined;
  const confirming = w.topUp?.state === 'confirming';
  useRecheck(confirming && revalidator.state === 'idle', () => revalidator.revalidate());
  const page = (n: number) => `/me/wallet${n > 1 ? `?page=${n}` : ''}`;

  return (
    <>
      <title>{`${t('wallet.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('wallet.title')}</h1>

      <section className="card wallet-head" aria-label={t('wallet.balance')}>
        <span className="wallet-head__label">{t('wallet.balance')}</span>
        <strong className="wallet-head__amount" data-testid="wallet-balance">
          {w.balance}
        </strong>
        <span className="wallet-head__hint">{t('wallet.balanceHint')}</span>
      </section>

      {w.topUp ? (
        <p className={`pay-note wallet-topup wallet-topup--${w.topUp.state}`} role="status" aria-live="polite">
          {w.topUp.state === 'success'
            ? t('wallet.topUp.success', { amount: w.topUp.amount })
            : w.topUp.state === 'confirming'
              ? t('wallet.topUp.confirming', { amount: w.topUp.amount })
              : t('wallet.topUp.failed', { amount: w.topUp.amount })}
        </p>
      ) : null}

      {qr ? <PayQr qr={qr} otherHref="/me/wallet" /> : null}
      {providerForm ? <ProviderForm html={providerForm.html} /> : null}

      {!qr && !providerForm ? (
        <section className="card" aria-labelledby="wallet-topup">
          <h2 id="wallet-topup" className="card__title">
            {t('wallet.topUp')}
          </h2>
          {w.methods.length === 0 ? (
            <p className="muted">{t('wallet.noMethods')}</p>
          ) : (
            <Form method="post" action="/me/wallet" className="form wallet-form" onSubmit={(e) => submitting && e.preventDefault()} onChange={() => setDismissed(actionData)}>
              <input type="hidden" name="key" value={w.key} />
              <label className="form__field">
                <span>{t('wallet.amount')}</span>
                <span className="wallet-form__amount">
                  <span aria-hidden="true">¥</span>
                  <input name="amount" inputMode="decimal" autoComplete="off" required maxLength={12} placeholder={t('wallet.amountPlaceholder')} value={amount} onChange={(e) => setAmount(e.target.value)} />
                </span>
              </label>
              <div className="co-choices wallet-form__quick" aria-label={t('wallet.quick')}>
                {QUICK_AMOUNTS.map((a) => (
                  <button key={a} type="button" className={`amount-chip${amount === a ? ' is-active' : ''}`} aria-pressed={amount === a} onClick={() => setAmount(a)}>
                    ¥{a}
                  </button>
                ))}
              </div>
              <MethodCards methods={w.methods} value={method} onChange={setMethod} label={t('wallet.method')} />
              {error ? (
                <p className="form__error" role="alert">
                  {error}
                </p>
              ) : null}
              <button type="submit" className="btn btn--primary" disabled={submitting || !method}>
                {submitting ? t('pay.submitting') : t('wallet.submit')}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="wallet-history">
        <h2 id="wallet-history" className="card__title">
          {t('wallet.history')}
        </h2>
        {w.lines.length === 0 ? (
          <p className="empty-line">{t('wallet.empty')}</p>
        ) : (
          <ul className="wallet-lines">
            {w.lines.map((l, i) => (
              <li key={i} className="wallet-line">
                <span className="wallet-line__kind">{l.kind}</span>
                <span className={`wallet-line__change${l.positive ? ' is-in' : ' is-out'}`}>{l.change}</span>
                <span className="wallet-line__at muted small">
                  {l.at}
                  {l.memo ? ` · ${l.memo}` : ''}
                </span>
                <span className="wallet-line__after muted small">{t('wallet.after', { balance: l.balanceAfter })}</span>
              </li>
            ))}
          </ul>
        )}
        <Pager page={w.page} pageCount={w.pageCount} href={page} label={t('wallet.history')} />
      </section>
    </>
  );
}
