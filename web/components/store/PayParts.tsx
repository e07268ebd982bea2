import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import type { CashierMethod, QrView } from '../../lib/payment-views.ts';

/** A payment method's mark: the providers' initial in their colour, line icons for the others. */
function MethodIcon({ icon }: { icon: CashierMethod['icon'] }) {
  const svg = (children: React.ReactNode) => (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
  let mark: React.ReactNode;
  switch (icon) {
    case 'alipay':
      mark = '支';
      break;
    case 'wechatpay':
      mark = '微';
      break;
    case 'sandbox':
      mark = svg(
        <>
          <path d="M9 3h6M10 3v6l-5 9a2 2 0 0 0 1.8 3h10.4a2 2 0 0 0 1.8-3l-5-9V3" />
          <path d="M7.5 15h9" />
        </>,
      );
      break;
    case 'qr':
      mark = svg(
        <>
          <rect x="3.5" y="3.5" width="6" height="6" rx="1" />
          <rect x="14.5" y="3.5" width="6" height="6" rx="1" />
          <rect x="3.5" y="14.5" width="6" height="6" rx="1" />
          <path d="M14.5 14.5h2v2h-2zM18.5 18.5h2v2h-2zM14.5 20.5h2M20.5 14.5v2" />
        </>,
      );
      break;
    case 'balance':
      mark = svg(
        <>
          <rect x="3" y="6" width="18" height="13" rx="2" />
          <path d="M3 10h18M16 14.5h2" />
          <path d="M6 6V4.5h10V6" />
        </>,
      );
      break;
    case 'cod':
      mark = svg(
        <>
          <path d="M2.5 6.5h11v9h-11zM13.5 9.5h4l3 3v3h-7z" />
          <circle cx="6.5" cy="17.5" r="1.6" />
          <circle cx="17" cy="17.5" r="1.6" />
        </>,
      );
      break;
  }
  return (
    <span className={`pay-method__icon pay-method__icon--${icon}`} aria-hidden="true">
      {mark}
    </span>
  );
}

/**
 * The ways to pay as radio cards (one group, name="method"). Controlled after hydration; before
 * it, and without JavaScript, the server's checked card is a plain radio choice.
 */
export function MethodCards({ methods, value, onChange, label }: { methods: CashierMethod[]; value: string | null; onChange: (value: string) => void; label: string }) {
  return (
    <div className="pay-methods" role="radiogroup" aria-label={label}>
      {methods.map((m) => (
        <label key={m.value} className={`pay-method${m.disabled ? ' is-disabled' : ''}`}>
          <input type="radio" name="method" value={m.value} checked={value === m.value} disabled={m.disabled} onChange={() => onChange(m.value)} />
          <MethodIcon icon={m.icon} />
          <span className="pay-method__body">
            <span className="pay-method__label">{m.label}</span>
            {m.hint ? <span className={`pay-method__hint${m.disabled ? ' pay-method__hint--warn' : ''}`}>{m.hint}</span> : null}
          </span>
          <span className="pay-method__check" aria-hidden="true" />
        </label>
      ))}
    </div>
  );
}

/** A QR code to scan with a phone, then 已完成支付 (which only asks the server how the payment stands). */
export function PayQr({ qr, otherHref }: { qr: QrView; otherHref: string }) {
  const { t } = useT();
  return (
    <section className="card pay-qr" aria-labelledby="pay-qr-title">
      <h2 id="pay-qr-title" className="card__title">
        {t('pay.qr.title')}
      </h2>
      <div className="pay-qr__body">
        <img className="pay-qr__image" src={qr.image} alt={t('pay.qr.alt')} width={200} height={200} />
        <div className="pay-qr__text">
          <p className="pay-qr__amount">
            {t('pay.qr.amount')} <strong className="price">{qr.amount}</strong>
          </p>
          <p>{t('pay.qr.hint')}</p>
          <p className="mono muted">{qr.content}</p>
        </div>
      </div>
      <div className="pay-actions">
        <Link to={qr.doneHref} className="btn btn--primary">
          {t('pay.qr.done')}
        </Link>
        <Link to={otherHref} className="btn btn--ghost">
          {t('pay.qr.other')}
        </Link>
      </div>
    </section>
  );
}

/** A provider's page that must be reached by a form post (Alipay's page pay in form mode): submitted at once. */
export function ProviderForm({ html }: { html: string }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('form')?.submit();
  }, [html]);
  return (
    <section className="card pay-redirect" aria-live="polite">
      <p>{t('pay.redirecting')}</p>
      <div ref={ref} className="pay-redirect__form" dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  );
}

/** Re-checks a payment that is being confirmed: revalidates every `everyMs`, at most `times` times. */
export function useRecheck(active: boolean, revalidate: () => void, everyMs = 3000, times = 40): number {
  const count = useRef(0);
  useEffect(() => {
    if (!active) return;
    if (count.current >= times) return;
    const timer = setTimeout(() => {
      count.current += 1;
      revalidate();
    }, everyMs);
    return () => clearTimeout(timer);
  });
  return count.current;
}
