import { useEffect, useRef } from 'react';
import { Link, useFetcher, useRevalidator } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import type { BuyerOrderCard, LineView } from '../../lib/buying-views.ts';
import { Countdown } from './Countdown.tsx';

/** A location pin (the address card's mark). */
export function PinIcon({ size = 18 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M12 21s-7-6.1-7-11.5A7 7 0 0 1 19 9.5C19 14.9 12 21 12 21z" />
      <circle cx="12" cy="9.5" r="2.5" />
    </svg>
  );
}

/** The same list as orders.server.ts CANCEL_REASON_KEYS (the server only accepts these). */
const CANCEL_REASONS: readonly MessageKey[] = ['order.cancelReason.noLonger', 'order.cancelReason.address', 'order.cancelReason.spec', 'order.cancelReason.duplicate', 'order.cancelReason.other'];

/** What was bought; `compact` (inside an order card, itself a link) without links of its own. */
export function OrderLines({ lines, compact = false }: { lines: LineView[]; compact?: boolean }) {
  return (
    <ul className={`order-lines${compact ? ' order-lines--compact' : ''}`}>
      {lines.map((l) => (
        <li key={l.id} className="co-line">
          {compact ? (
            <span className="co-line__image">{l.image ? <img src={l.image} alt="" width={72} height={72} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}</span>
          ) : (
            <Link to={l.href} className="co-line__image">
              {l.image ? <img src={l.image} alt="" width={72} height={72} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}
            </Link>
          )}
          <div className="co-line__body">
            <span className="co-line__title">{l.title}</span>
            {l.spec ? <span className="cart-item__spec">{l.spec}</span> : null}
          </div>
          <div className="co-line__price">
            <span>{l.price}</span>
            <span className="muted small">×{l.qty}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

type ActionResult = { ok: boolean; orderId: string; message: string };

/**
 * One fetcher for every order action on a page, shared by key: a cancelled or received order
 * leaves its tab (its card unmounts), so the page, not the card, reports the outcome.
 */
const ORDER_ACTION = 'order-action';

export function useOrderActionReport(onMessage: (text: string) => void) {
  const fetcher = useFetcher<ActionResult>({ key: ORDER_ACTION });
  // Only outcomes that arrive while this page is shown (a keyed fetcher's data can outlive a page).
  const seen = useRef(fetcher.data);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || fetcher.data === seen.current) return;
    seen.current = fetcher.data;
    onMessage(fetcher.data.message);
  }, [fetcher.state, fetcher.data, onMessage]);
}

/**
 * 取消订单 (with a reason) and 确认收货, each behind a disclosure that asks first. Plain form posts
 * to the page's own action; with JavaScript they go through the shared fetcher (useOrderActionReport).
 */
export function OrderActions({ order, showDetail = false, showTimer = true }: { order: BuyerOrderCard; showDetail?: boolean; showTimer?: boolean }) {
  const { t } = useT();
  const fetcher = useFetcher<ActionResult>({ key: ORDER_ACTION });
  const revalidator = useRevalidator();
  const busy = fetcher.state !== 'idle';

  return (
    <div className="order-actions">
      {showTimer && order.payRemainingMs !== null ? (
        <span className="order-actions__timer">
          {t('order.payLeft')} <Countdown remainingMs={order.payRemainingMs} onDone={() => revalidator.revalidate()} />
        </span>
      ) : null}
      {showDetail ? (
        <Link to={order.href} className="btn btn--ghost btn--sm">
          {t('order.viewDetail')}
        </Link>
      ) : null}
      {order.canCancel ? (
        <details className="disclose">
          <summary className="btn btn--ghost btn--sm">{t('order.cancel')}</summary>
          <fetcher.Form method="post" className="disclose__panel">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="orderId" value={order.id} />
            <fieldset className="reasons">
              <legend>{t('order.cancelWhy')}</legend>
              {CANCEL_REASONS.map((key, i) => (
                <label key={key} className="choice">
                  <input type="radio" name="reason" value={key} defaultChecked={i === 0} />
                  <span>{t(key)}</span>
                </label>
              ))}
            </fieldset>
            {order.status === 'paid' ? <p className="muted small">{t('order.cancelPaidHint')}</p> : null}
            <button type="submit" className="btn btn--primary btn--sm" disabled={busy}>
              {t('order.cancelConfirm')}
            </button>
          </fetcher.Form>
        </details>
      ) : null}
      {order.canConfirm ? (
        <details className="disclose">
          <summary className="btn btn--primary btn--sm">{t('order.confirmReceipt')}</summary>
          <fetcher.Form method="post" className="disclose__panel">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="orderId" value={order.id} />
            <p className="small">{t('order.confirmHint')}</p>
            <button type="submit" className="btn btn--primary btn--sm" disabled={busy}>
              {t('order.confirmReceived')}
            </button>
          </fetcher.Form>
        </details>
      ) : null}
      {order.status === 'pending_payment' ? (
        <Link to={order.payHref} className="btn btn--primary btn--sm">
          {t('order.pay')}
        </Link>
      ) : null}
    </div>
  );
}
