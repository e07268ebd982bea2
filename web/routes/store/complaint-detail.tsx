import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/complaint-detail';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { myComplaintAction, myComplaintLoader } from '../../lib/complaints.server.ts';
import { COMPLAINT_PHOTO_MAX, COMPLAINT_TEXT_MAX, type ComplaintDetailView, type PhotoView, type ThreadEntryView } from '../../lib/complaint-views.ts';
import buyingCss from '../../styles/buying.css?url';
import complaintsCss from '../../styles/complaints.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: complaintsCss },
];

/** One of my complaints: where it stands, what I said, the platform's resolution, the conversation; reply, rate or withdraw. */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return myComplaintLoader({ request, context, complaintId: params.complaintId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return myComplaintAction({ request, context, complaintId: params.complaintId });
}

function Photos({ photos }: { photos: PhotoView[] }) {
  const { t } = useT();
  if (photos.length === 0) return null;
  return (
    <ul className="cmp-photos">
      {photos.map((p, i) => (
        <li key={p.url}>
          <a href={p.url} target="_blank" rel="noreferrer">
            <img src={p.thumb} alt={t('complaint.photoAlt', { n: i + 1 })} width={72} height={72} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

function hint(c: ComplaintDetailView, t: ReturnType<typeof useT>['t']): string {
  switch (c.status) {
    case 'submitted':
      return t('complaint.hint.submitted', { time: c.sla.firstResponse.dueAt });
    case 'accepted':
    case 'investigating':
      return t('complaint.hint.handling', { time: c.sla.resolution.dueAt });
    case 'resolved':
      return t('complaint.hint.resolved', { time: c.autoCloseAt ?? '' });
    case 'rejected':
      return t('complaint.hint.rejected', { reason: c.rejectReason ?? '' });
    default:
      return t(`complaint.hint.${c.status}`);
  }
}

/** A thread line as the shopper sees it: their own words, the shop's, the platform's; status changes as events. */
function ThreadLine({ m }: { m: ThreadEntryView }) {
  const { t } = useT();
  if (m.kind === 'event') {
    const label = t(`complaint.event.${m.action ?? 'submit'}` as MessageKey, { name: m.body });
    return (
      <li className="cmp-event">
        {label}
        {m.body && m.action !== 'assign' && m.action !== 'resolve' ? `：${m.body}` : ''} · {m.at}
      </li>
    );
  }
  const who = m.mine ? t('complaint.role.me') : (m.authorName ?? t(`complaint.role.${m.authorRole}`));
  return (
    <li className={`cmp-msg cmp-msg--${m.authorRole}${m.mine ? ' cmp-msg--mine' : ''}`}>
      <span className="cmp-msg__who">
        {who}
        {!m.mine && m.authorName ? ` · ${t(`complaint.role.${m.authorRole}`)}` : ''} · {m.at}
      </span>
      {m.body ? <span className="cmp-msg__bubble">{m.body}</span> : null}
      <Photos photos={m.photos} />
    </li>
  );
}

export default function ComplaintDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const { complaint: c, filed } = loaderData;
  return (
    <>
      <title>{`${c.title} - ${t('complaint.my.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <span />
        <Link to="/me/complaints" className="link-btn">
          ‹ {t('complaint.my.title')}
        </Link>
      </div>
      <section className={`cmp-banner cmp-banner--${c.status}`} aria-labelledby="cmp-status">
        <h1 id="cmp-status" className="cmp-banner__status">
          {t(`complaint.status.${c.status}`)}
        </h1>
        <p className="cmp-banner__hint">{hint(c, t)}</p>
      </section>

      {filed && !actionData ? (
        <p className="form__ok" role="status">
          {t('complaint.filed')}
        </p>
      ) : null}
      {actionData?.message ? (
        <p className={actionData.ok ? 'form__ok' : 'form__error'} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      ) : null}

      {c.resolution ? (
        <section className="card cmp-resolution" aria-labelledby="cmp-resolution">
          <h2 id="cmp-resolution" className="card__title">
            {t('complaint.section.resolution')}
          </h2>
          {c.outcome ? <span className={`cmp-outcome cmp-outcome--${c.outcome}`}>{t(`complaint.outcome.${c.outcome}`)}</span> : null}
          <p className="cmp-desc">{c.resolution}</p>
          <p className="muted small">{c.resolvedAt}</p>
          {c.rating ? (
            <p className="small">
              {t('complaint.rating.show', { n: c.rating })}
              {c.feedback ? ` · ${c.feedback}` : ''}
            </p>
          ) : null}
        </section>
      ) : null}

      {c.actions.includes('feedback') ? (
        <section className="card" aria-labelledby="cmp-feedback">
          <h2 id="cmp-feedback" className="card__title">
            {t('complaint.feedback.title')}
          </h2>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="feedback" />
            <fieldset className="form__field">
              <legend>{t('complaint.feedback.rating')}</legend>
              <div className="cmp-stars">
                {[5, 4, 3, 2, 1].map((n) => (
                  <label key={n} className="choice choice--chip">
                    <input type="radio" name="rating" value={n} required defaultChecked={n === 5} />
                    <span>{t('complaint.feedback.stars', { n })}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <label className="form__field">
              <span>{t('complaint.feedback.comment')}</span>
              <textarea name="comment" rows={2} maxLength={COMPLAINT_TEXT_MAX.feedback} />
            </label>
            <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
              {t('complaint.feedback.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="cmp-content">
        <h2 id="cmp-content" className="card__title">
          <span className="cmp-cat">{t(`complaint.category.${c.category}`)}</span>
          {c.title}
        </h2>
        <p className="muted small">
          {c.shopName} · {t('complaint.detail.createdAt')} {c.createdAt}
        </p>
        <p className="cmp-desc">{c.description}</p>
        <Photos photos={c.photos} />
        {c.order ? (
          <p className="small">
            {t('complaint.detail.order')}{' '}
            {c.order.href ? (
              <Link to={c.order.href} className="mono">
                {c.order.id}
              </Link>
            ) : (
              <span className="mono">{c.order.id}</span>
            )}{' '}
            · {c.order.payable}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="cmp-thread">
        <h2 id="cmp-thread" className="card__title">
          {t('complaint.section.thread')}
        </h2>
        <ol className="cmp-thread">
          {c.thread.map((m) => (
            <ThreadLine key={m.id} m={m} />
          ))}
        </ol>
        {c.canMessage ? (
          <Form method="post" encType="multipart/form-data" className="form" key={c.thread.length}>
            <input type="hidden" name="intent" value="message" />
            <label className="form__field">
              <span className="visually-hidden">{t('complaint.message.label')}</span>
              <textarea name="body" rows={3} maxLength={COMPLAINT_TEXT_MAX.message} placeholder={t('complaint.message.placeholder')} />
            </label>
            <label className="form__field">
              <span className="small muted">{t('complaint.field.photosHint', { max: COMPLAINT_PHOTO_MAX })}</span>
              <input className="cmp-file" type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/gif" multiple />
            </label>
            <div className="cmp-actions">
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('complaint.message.send')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {c.actions.includes('withdraw') ? (
        <details className="card disclose">
          <summary>{t('complaint.withdraw')}</summary>
          <Form method="post" className="form disclose__panel">
            <input type="hidden" name="intent" value="withdraw" />
            <label className="form__field">
              <span>{t('complaint.withdraw.reason')}</span>
              <input name="reason" maxLength={COMPLAINT_TEXT_MAX.reason} />
            </label>
            <button type="submit" className="btn btn--ghost btn--block" disabled={busy}>
              {t('complaint.withdraw.confirm')}
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
