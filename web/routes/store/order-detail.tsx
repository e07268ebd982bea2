import { useState } from 'react';
import { Link, useRevalidator } from 'react-router';
import type { Route } from './+types/order-detail';
import { useT } from '../../i18n/use-t.ts';
import { useToast } from '../../components/store/Toast.tsx';
import { Countdown } from '../../components/store/Countdown.tsx';
import { OrderActions, OrderLines, PinIcon, useOrderActionReport } from '../../components/store/OrderParts.tsx';
import { notFound, requireUser } from '../../lib/guards.server.ts';
import { buyerOrderAction, buyerOrderDetail } from '../../lib/orders.server.ts';
import buyingCss from '../../styles/buying.css?url';
import fulfilmentCss from '../../styles/fulfilment.css?url';
import afterSalesCss from '../../styles/after-sales.css?url';
import { orderAfterSalesLines } from '../../lib/after-sales.server.ts';
import { OrderLineAfterSales } from '../../components/store/AfterSalesParts.tsx';
import { ParcelList, PickupCodeCard } from '../../components/store/ParcelParts.tsx';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: fulfilmentCss },
  { rel: 'stylesheet', href: afterSalesCss },
];

/** The order's action bar takes the bottom of the screen on phones. */
export const handle = { hideTabbar: true };

/** 订单详情: status with the payment countdown, where it goes, what was bought, what it cost, what happened. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const auth = requireUser(context, request);
  const order = await buyerOrderDetail(context, auth.userId, params.orderId);
  if (!order) throw notFound();
  // Per line: 申请售后, the line's request and what was refunded (售后).
  return { order, afterSales: await orderAfterSalesLines(context, auth.userId, order.id) };
}

export function action({ request, context }: Route.ActionArgs) {
  return buyerOrderAction({ request, context });
}

function CopyButton({ text }: { text: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="link-btn link-btn--accent"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? t('order.copied') : t('order.copy')}
    </button>
  );
}

export default function OrderDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const toast = useToast(2500);
  useOrderActionReport(toast.show);
  const revalidator = useRevalidator();
  const { order: o } = loaderData;
  const d = o.deliveryInfo;
  const f = o.tracking;
  // A paid order part of which is on its way reads 部分发货; a paid 自提 order, 待自提 once its code is there.
  const stage = o.status !== 'paid' ? null : o.delivery === 'pickup' ? (f.pickup?.status === 'open' ? 'pickupReady' : 'pickupPreparing') : f.state === 'partial' ? 'partial' : null;
  return (
    <>
      <title>{`${t('order.detail')} - ${t('site.name')}`}</title>
      <section className={`order-banner order-banner--${o.status}`} aria-labelledby="order-status">
        <h1 id="order-status" className="order-banner__status">
          {stage === 'partial' ? t('order.status.partial') : stage === 'pickupReady' ? t('order.status.pickupReady') : t(`order.status.${o.status}`)}
        </h1>
        {o.payRemainingMs !== null ? (
          <p className="order-banner__timer">
            {t('pay.remaining')} <Countdown remainingMs={o.payRemainingMs} onDone={() => revalidator.revalidate()} />
          </p>
        ) : null}
        <p className="order-banner__hint">
          {stage === 'partial'
            ? t('order.hint.partial', { shipped: f.shippedPieces, total: f.totalPieces })
            : stage === 'pickupReady' || stage === 'pickupPreparing'
              ? t(stage === 'pickupReady' ? 'order.hint.pickupReady' : 'order.hint.pickupPreparing')
              : o.status === 'pending_payment'
                ? t('order.hint.pending_payment')
                : o.status === 'shipped' && o.autoConfirmAt
                  ? t('order.hint.shipped', { time: o.autoConfirmAt })
                  : o.status === 'cancelled' && o.cancelReason
                    ? t('order.hint.cancelledWhy', { reason: o.cancelReason })
                    : t(`order.hint.${o.status}`)}
        </p>
      </section>

      {actionData?.message ? (
        <p className={actionData.ok ? 'form__ok' : 'form__error'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      ) : null}

      {f.pickup && o.delivery === 'pickup' ? <PickupCodeCard pickup={f.pickup} /> : null}

      <section className="card order-where" aria-label={t(d.method === 'pickup' ? 'checkout.pickup' : 'checkout.express')}>
        <span className="co-address__pin" aria-hidden="true">
          <PinIcon />
        </span>
        {d.pickup ? (
          <div className="co-address__body">
            <span className="co-address__who">
              <span className="flag">{t('checkout.pickup')}</span> <strong>{d.pickup.name}</strong>
            </span>
            <span className="co-address__line">{d.pickup.address}</span>
            <span className="muted small">
              {t('checkout.hours', { hours: d.pickup.hours })}
              {d.pickup.phone ? ` · ${t('checkout.phone', { phone: d.pickup.phone })}` : ''}
            </span>
          </div>
        ) : d.address ? (
          <div className="co-address__body">
            <span className="co-address__who">
              <strong>{d.address.recipient}</strong> <span>{d.address.mobile}</span>
            </span>
            <span className="co-address__line">{d.address.full}</span>
          </div>
        ) : null}
      </section>

      <ParcelList fulfilment={f} />

      <section className="card" aria-label={o.shopName}>
        <div className="order-card__head">
          <Link to={o.shopHref} className="order-card__shop">
            {o.shopName} ›
          </Link>
          {o.status !== 'pending_payment' ? (
            <Link to={`/me/complaints/new?orderId=${encodeURIComponent(o.id)}`} className="link-btn">
              {t('complaint.fromOrder')}
            </Link>
          ) : null}
        </div>
        <OrderLines lines={o.lines} />
        <OrderLineAfterSales lines={loaderData.afterSales} />
        <dl className="order-amounts">
          <div>
            <dt>{t('checkout.itemsTotal')}</dt>
            <dd>{o.itemsTotal}</dd>
          </div>
          {o.adjustments.map((a, i) => (
            <div key={i}>
              <dt>{a.label}</dt>
              <dd>{a.amount}</dd>
            </div>
          ))}
          <div className="order-amounts__total">
            <dt>{o.status === 'pending_payment' || o.status === 'cancelled' ? t('order.toPay') : t('order.paid')}</dt>
            <dd className="price">{o.payable}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="order-info">
        <h2 id="order-info" className="card__title">
          {t('order.info')}
        </h2>
        <dl className="order-info">
          <div>
            <dt>{t('order.number')}</dt>
            <dd>
              <span className="mono">{o.id}</span> <CopyButton text={o.id} />
            </dd>
          </div>
          {o.times.map((row) => (
            <div key={row.label}>
              <dt>{row.label}</dt>
              <dd>{row.at}</dd>
            </div>
          ))}
          <div>
            <dt>{t('checkout.delivery')}</dt>
            <dd>{t(o.delivery === 'pickup' ? 'checkout.pickup' : 'checkout.express')}</dd>
          </div>
          {o.buyerNote ? (
            <div>
              <dt>{t('checkout.note')}</dt>
              <dd>{o.buyerNote}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('checkout.invoice')}</dt>
            <dd>{o.invoice ?? t('checkout.invoice.none')}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="order-timeline">
        <h2 id="order-timeline" className="card__title">
          {t('order.timeline')}
        </h2>
        <ol className="timeline">
          {o.timeline.map((e, i) => (
            <li key={i} className={i === 0 ? 'is-latest' : undefined}>
              <strong>{e.label}</strong>
              <span className="muted small">
                {e.at} · {e.actor}
              </span>
              {e.note ? <span className="small">{e.note}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      <div className="order-detail__actions">
        <OrderActions order={o} showTimer={false} />
      </div>
      {toast.node}
    </>
  );
}
