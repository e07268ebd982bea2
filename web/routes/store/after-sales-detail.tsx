import { Form, Link, useNavigation, useRevalidator } from 'react-router';
import type { Route } from './+types/after-sales-detail';
import { useT } from '../../i18n/use-t.ts';
import { myAfterSalesAction, myAfterSalesDetailLoader } from '../../lib/after-sales.server.ts';
import { AFS_PHOTO_MAX, AFS_TEXT_MAX, type AfsDetailView } from '../../lib/after-sales-views.ts';
import { AfsPhotos, AfsTimeline, Conversation, DeadlineLine, ProgressSteps } from '../../components/store/AfterSalesParts.tsx';
import buyingCss from '../../styles/buying.css?url';
import complaintsCss from '../../styles/complaints.css?url';
import afterSalesCss from '../../styles/after-sales.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: complaintsCss },
  { rel: 'stylesheet', href: afterSalesCss },
];

/** One of my after-sales requests: progress, the running deadline, both sides' evidence, refunds, the conversation, my next steps. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return myAfterSalesDetailLoader({ request, context, requestId: params.requestId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return myAfterSalesAction({ request, context, requestId: params.requestId });
}

type T = ReturnType<typeof useT>['t'];

/** The banner's second line when no deadline runs: what happened, or what the platform is doing. */
function outcome(r: AfsDetailView, t: T): string {
  switch (r.status) {
    case 'escalated':
      return t('afs.hint.escalated');
    case 'refunded': {
      const sent = r.refunds.find((x) => !x.forShipping) ?? r.refunds[0];
      return sent ? t('afs.hint.refunded', { amount: r.refunded ?? sent.amount, to: t(`afs.refundTo.${sent.to}`) }) : t('afs.status.refunded');
    }
    case 'closed':
      return r.decision?.outcome === 'close' ? t('afs.hint.closedByPlatform', { note: r.decision.note ?? '' }) : t('afs.hint.closed');
    default:
      return t(`afs.hint.${r.status === 'completed' || r.status === 'cancelled' ? r.status : 'open'}`);
  }
}

export default function AfterSalesDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const { request: r, carriers, applied } = loaderData;
  const errors = (actionData && !actionData.ok ? actionData.fieldErrors : undefined) ?? {};
  const failedIntent = actionData && !actionData.ok ? actionData.intent : null;
  const can = (a: string) => r.actions.includes(a as never);
  return (
    <>
      <title>{`${t('afs.detail.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <span />
        <Link to="/me/after-sales" className="link-btn">
          ‹ {t('afs.my.title')}
        </Link>
      </div>
      <section className={`cmp-banner afs-banner afs-banner--${r.status}`} aria-labelledby="afs-status">
        <h1 id="afs-status" className="cmp-banner__status">
          {t(`afs.status.${r.status}`)}
        </h1>
        <p className="cmp-banner__hint">
          {r.deadline ? <DeadlineLine deadline={r.deadline} status={r.status} kind={r.kind} onDone={() => revalidator.revalidate()} /> : outcome(r, t)}
        </p>
        {r.status === 'rejected' && r.rejectReason ? <p className="cmp-banner__hint">{t('afs.rejectedBecause', { reason: r.rejectReason })}</p> : null}
      </section>

      {applied && !actionData ? (
        <p className="form__ok" role="status">
          {t('afs.applied')}
        </p>
      ) : null}
      {actionData?.message ? (
        <p className={actionData.ok ? 'form__ok' : 'form__error'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      ) : null}

      <section className="card" aria-labelledby="afs-progress">
        <h2 id="afs-progress" className="card__title">
          {t('afs.section.progress')}
        </h2>
        <ProgressSteps steps={r.steps} />
      </section>

      {r.refunds.length > 0 ? (
        <section className="card afs-refunds" aria-labelledby="afs-refunds">
          <h2 id="afs-refunds" className="card__title">
            {t('afs.section.refunds')}
          </h2>
          <ul className="afs-refund-list">
            {r.refunds.map((x) => (
              <li key={x.id} className="afs-refund" data-testid="afs-refund">
                <span className="afs-refund__amount price">{x.amount}</span>
                <span className="afs-refund__what">
                  {t(x.forShipping ? 'afs.refund.shipping' : 'afs.refund.item')} · {t(`afs.refundTo.${x.to}`)}
                </span>
                <span className={`afs-refund__status afs-refund__status--${x.status}`}>{t(`afs.refundStatus.${x.status}`)}</span>
                <span className="muted small">{x.finishedAt ?? x.at}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {can('submit_return') ? (
        <section className="card" aria-labelledby="afs-return">
          <h2 id="afs-return" className="card__title">
            {t('afs.return.title')}
          </h2>
          {r.returnAddress ? (
            <p className="afs-address">
              <span className="muted small">{t('afs.return.address')}</span>
              <span>{r.returnAddress}</span>
            </p>
          ) : (
            <p className="muted small">{t('afs.return.noAddress')}</p>
          )}
          <Form method="post" className="form afs-form">
            <input type="hidden" name="intent" value="return" />
            <label className="form__field">
              <span>{t('afs.field.carrier')}</span>
              <select name="carrier" defaultValue="" aria-invalid={errors.carrier ? true : undefined}>
                <option value="" disabled>
                  {t('afs.field.carrierPlaceholder')}
                </option>
                {carriers.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
              {errors.carrier ? <span className="field-error">{errors.carrier}</span> : null}
            </label>
            <label className="form__field">
              <span>{t('afs.field.trackingNo')}</span>
              <input name="trackingNo" autoComplete="off" maxLength={40} aria-invalid={errors.trackingNo ? true : undefined} />
              {errors.trackingNo ? <span className="field-error">{errors.trackingNo}</span> : null}
            </label>
            <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
              {t('afs.return.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      {can('confirm_replacement') ? (
        <Form method="post" className="card afs-confirm">
          <input type="hidden" name="intent" value="confirm_replacement" />
          <p>{r.replacementShipment ? t('afs.replacement.sent', { carrier: r.replacementShipment.carrierName, no: r.replacementShipment.trackingNo }) : null}</p>
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {t('afs.replacement.confirm')}
          </button>
        </Form>
      ) : null}

      {can('escalate') ? (
        <section className="card" aria-labelledby="afs-escalate">
          <h2 id="afs-escalate" className="card__title">
            {t('afs.escalate.title')}
          </h2>
          <p className="muted small">{t('afs.escalate.hint')}</p>
          <Form method="post" className="form afs-form">
            <input type="hidden" name="intent" value="escalate" />
            <label className="form__field">
              <span>{t('afs.escalate.reason')}</span>
              <textarea name="reason" rows={3} maxLength={AFS_TEXT_MAX.reason} aria-invalid={errors.reason ? true : undefined} placeholder={t('afs.escalate.placeholder')} />
              {errors.reason ? <span className="field-error">{errors.reason}</span> : null}
            </label>
            <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
              {t('afs.escalate.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="afs-content">
        <h2 id="afs-content" className="card__title">
          {t('afs.section.request')}
        </h2>
        <div className="afs-line">
          <span className="co-line__image">{r.line.image ? <img src={r.line.image} alt="" width={56} height={56} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}</span>
          <div className="afs-line__body">
            <span className="co-line__title">{r.line.title}</span>
            {r.line.spec ? <span className="cart-item__spec">{r.line.spec}</span> : null}
          </div>
        </div>
        <dl className="order-info afs-facts">
          <div>
            <dt>{t('afs.field.kind')}</dt>
            <dd>{t(`afs.kind.${r.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('afs.field.reason')}</dt>
            <dd>{t(`afs.reason.${r.reason}`)}</dd>
          </div>
          {r.amount ? (
            <div>
              <dt>{t('afs.field.amountShort')}</dt>
              <dd className="price">{r.amount}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('afs.field.qty')}</dt>
            <dd>{r.qty}</dd>
          </div>
          <div>
            <dt>{t('afs.orderNo')}</dt>
            <dd>
              {r.orderHref ? (
                <Link to={r.orderHref} className="mono">
                  {r.orderId}
                </Link>
              ) : (
                <span className="mono">{r.orderId}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('afs.requestNo')}</dt>
            <dd className="mono">{r.id}</dd>
          </div>
          <div>
            <dt>{t('afs.appliedAtLabel')}</dt>
            <dd>{r.createdAt}</dd>
          </div>
        </dl>
        {r.description ? <p className="cmp-desc">{r.description}</p> : null}
        <AfsPhotos photos={r.photos} />
      </section>

      {r.merchantNote || r.returnAddress || r.returnShipment || r.replacementShipment || r.rejectReason || r.decision || r.escalationReason ? (
        <section className="card" aria-labelledby="afs-handling">
          <h2 id="afs-handling" className="card__title">
            {t('afs.section.handling')}
          </h2>
          <dl className="order-info afs-facts">
            {r.rejectReason ? (
              <div>
                <dt>{t('afs.fact.rejectReason')}</dt>
                <dd>{r.rejectReason}</dd>
              </div>
            ) : null}
            {r.merchantNote ? (
              <div>
                <dt>{t('afs.fact.merchantNote')}</dt>
                <dd>{r.merchantNote}</dd>
              </div>
            ) : null}
            {r.returnAddress && !can('submit_return') ? (
              <div>
                <dt>{t('afs.return.address')}</dt>
                <dd>{r.returnAddress}</dd>
              </div>
            ) : null}
            {r.returnShipment ? (
              <div>
                <dt>{t('afs.fact.returnShipment')}</dt>
                <dd>
                  {r.returnShipment.carrierName} <span className="mono">{r.returnShipment.trackingNo}</span>
                </dd>
              </div>
            ) : null}
            {r.replacementShipment ? (
              <div>
                <dt>{t('afs.fact.replacementShipment')}</dt>
                <dd>
                  {r.replacementShipment.carrierName} <span className="mono">{r.replacementShipment.trackingNo}</span>
                </dd>
              </div>
            ) : null}
            {r.escalationReason ? (
              <div>
                <dt>{t('afs.fact.escalationReason')}</dt>
                <dd>{r.escalationReason}</dd>
              </div>
            ) : null}
            {r.decision ? (
              <div>
                <dt>{t('afs.fact.decision')}</dt>
                <dd>
                  {t(`afs.decision.${r.decision.outcome}`)}
                  {r.decision.note ? `：${r.decision.note}` : ''}
                </dd>
              </div>
            ) : null}
          </dl>
        </section>
      ) : null}

      <section className="card" aria-labelledby="afs-thread">
        <h2 id="afs-thread" className="card__title">
          {t('afs.section.thread')}
        </h2>
        <Conversation messages={r.messages} />
        {r.canMessage ? (
          <Form method="post" encType="multipart/form-data" className="form afs-form" key={r.messages.length}>
            <input type="hidden" name="intent" value="message" />
            <label className="form__field">
              <span className="visually-hidden">{t('afs.message.label')}</span>
              <textarea name="body" rows={2} maxLength={AFS_TEXT_MAX.message} placeholder={t('afs.message.placeholder')} aria-invalid={failedIntent === 'message' && errors.body ? true : undefined} />
              {failedIntent === 'message' && errors.body ? <span className="field-error">{errors.body}</span> : null}
            </label>
            <label className="form__field">
              <span className="small muted">{t('afs.photos.hint', { n: 0, max: AFS_PHOTO_MAX })}</span>
              <input className="cmp-file" type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/gif" multiple aria-label={t('afs.message.photos')} />
            </label>
            <div className="cmp-actions">
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('afs.message.send')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="afs-timeline">
        <h2 id="afs-timeline" className="card__title">
          {t('afs.section.timeline')}
        </h2>
        <AfsTimeline timeline={r.timeline} />
      </section>

      {can('cancel') ? (
        <details className="card disclose afs-cancel">
          <summary className="link-btn">{t('afs.cancel')}</summary>
          <Form method="post" className="form disclose__panel">
            <input type="hidden" name="intent" value="cancel" />
            <p className="small">{t('afs.cancel.confirmText')}</p>
            <button type="submit" className="btn btn--ghost btn--block" disabled={busy}>
              {t('afs.cancel.confirm')}
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
