import { useEffect, useRef, useState } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/after-sales-new';
import { useT } from '../../i18n/use-t.ts';
import { newAfterSalesAction, newAfterSalesLoader } from '../../lib/after-sales.server.ts';
import { AFS_PHOTO_MAX, AFS_REFUND_KINDS, AFS_TEXT_MAX, fenToYuanInput, periodText, type AfsKind } from '../../lib/after-sales-views.ts';
import { ApiCallError, postForm } from '../../lib/api-client.ts';
import buyingCss from '../../styles/buying.css?url';
import complaintsCss from '../../styles/complaints.css?url';
import afterSalesCss from '../../styles/after-sales.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: complaintsCss },
  { rel: 'stylesheet', href: afterSalesCss },
];

/** 申请售后 for one line of an order: kind, reason, amount (≤ what the line can get back), description, up to 9 pictures. */
export function loader({ request, context }: Route.LoaderArgs) {
  return newAfterSalesLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return newAfterSalesAction({ request, context });
}

interface Photo {
  id: string;
  url: string;
}

/**
 * Pictures go up one by one as they are chosen (POST /api/me/after-sales/photos) and come back as
 * thumbnails with a remove button; the form sends their ids. Without JavaScript the file input is
 * sent with the form instead.
 */
function PhotoPicker({ initial, error }: { initial: Photo[]; error?: string | undefined }) {
  const { t } = useT();
  const [photos, setPhotos] = useState<Photo[]>(initial);
  const [uploading, setUploading] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const room = AFS_PHOTO_MAX - photos.length - uploading;
  const onChange = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const chosen = [...files].slice(0, Math.max(0, room));
    setFailed(files.length > chosen.length ? t('afs.err.photos', { max: AFS_PHOTO_MAX }) : null);
    // The files are on their way; the form must not send them a second time.
    if (input.current) input.current.value = '';
    setUploading((n) => n + chosen.length);
    for (const file of chosen) {
      const body = new FormData();
      body.append('file', file);
      try {
        const photo = await postForm<Photo>('/api/me/after-sales/photos', body);
        setPhotos((list) => [...list, { id: photo.id, url: photo.url }]);
      } catch (e) {
        setFailed(e instanceof ApiCallError && e.message ? e.message : t('afs.photos.failed'));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };
  const message = error ?? failed;
  return (
    <div className="form__field">
      <span id="afs-photos-label">{t('afs.field.photos')}</span>
      <ul className="afs-thumbs" aria-labelledby="afs-photos-label">
        {photos.map((p, i) => (
          <li key={p.id} className="afs-thumb">
            <input type="hidden" name="photoIds" value={p.id} />
            <input type="hidden" name="photoUrls" value={p.url} />
            <img src={p.url} alt={t('afs.photoAlt', { n: i + 1 })} width={72} height={72} />
            <button type="button" className="afs-thumb__remove" aria-label={t('afs.photos.remove', { n: i + 1 })} onClick={() => setPhotos((list) => list.filter((x) => x.id !== p.id))}>
              ×
            </button>
          </li>
        ))}
        {Array.from({ length: uploading }, (_, i) => (
          <li key={`up-${i}`} className="afs-thumb afs-thumb--loading" aria-live="polite">
            {t('afs.photos.uploading')}
          </li>
        ))}
        {room > 0 ? (
          <li className="afs-thumb afs-thumb--add">
            <label>
              <span aria-hidden="true">＋</span>
              <span className="visually-hidden">{t('afs.photos.add')}</span>
              <input
                ref={input}
                type="file"
                name="photos"
                accept="image/jpeg,image/png,image/webp,image/gif"
                multiple
                aria-label={t('afs.photos.add')}
                aria-describedby="afs-photos-hint"
                onChange={(e) => void onChange(e.currentTarget.files)}
              />
            </label>
          </li>
        ) : null}
      </ul>
      <small id="afs-photos-hint" className="muted">
        {t('afs.photos.hint', { n: photos.length, max: AFS_PHOTO_MAX })}
      </small>
      {message ? (
        <span className="field-error" role="alert">
          {message}
        </span>
      ) : null}
    </div>
  );
}

export default function NewAfterSales({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const { order, line, kinds, openRequest, afterSalesUntil, noReasonUntil, decisionMs, key } = loaderData;
  const allowed = kinds.filter((k) => k.allowed);
  const blocked = kinds.filter((k) => !k.allowed && k.whyNot);
  const values = actionData?.values;
  // A field's error stays until the field is changed.
  const [edited, setEdited] = useState<Record<string, boolean>>({});
  useEffect(() => setEdited({}), [actionData]);
  const errors = Object.fromEntries(Object.entries(actionData?.fieldErrors ?? {}).filter(([name]) => !edited[name])) as Record<string, string | undefined>;
  const edit = (name: string) => () => setEdited((e) => (e[name] ? e : { ...e, [name]: true }));
  const first = allowed.find((k) => k.kind === values?.kind) ?? allowed.find((k) => k.kind === 'return_refund') ?? allowed[0];
  const [kind, setKind] = useState<AfsKind | undefined>(first?.kind);
  const current = allowed.find((k) => k.kind === kind);
  const [reason, setReason] = useState(values?.reason ?? '');
  const refund = current ? AFS_REFUND_KINDS.includes(current.kind) : false;
  return (
    <>
      <title>{`${t('afs.new.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('afs.new.title')}</h1>
        <Link to={order.href} className="link-btn">
          ‹ {t('order.detail')}
        </Link>
      </div>

      <section className="card afs-line" aria-label={t('afs.new.item')}>
        <span className="co-line__image">{line.image ? <img src={line.image} alt="" width={64} height={64} /> : <span className="thumb-empty" aria-hidden="true" />}</span>
        <div className="afs-line__body">
          <span className="co-line__title">{line.title}</span>
          {line.spec ? <span className="cart-item__spec">{line.spec}</span> : null}
          <span className="muted small">
            ×{line.qty} · {t('afs.new.paid', { amount: line.paid })}
            {line.refunded ? ` · ${t('afs.order.refunded', { amount: line.refunded })}` : ''}
          </span>
        </div>
      </section>

      {openRequest ? (
        <div className="card empty-state">
          <p className="empty-state__title">{t('afs.new.open', { status: t(`afs.status.${openRequest.status}`) })}</p>
          <div className="empty-state__actions">
            <Link to={openRequest.href} className="btn btn--primary">
              {t('afs.new.viewOpen')}
            </Link>
          </div>
        </div>
      ) : allowed.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-state__title">{t('afs.new.none')}</p>
          {blocked[0] ? <p className="muted">{blocked.find((k) => k.kind === 'return_refund')?.whyNot ?? blocked[0].whyNot}</p> : null}
          <div className="empty-state__actions">
            <Link to={order.href} className="btn btn--ghost">
              {t('order.detail')}
            </Link>
          </div>
        </div>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card form afs-form" noValidate>
          {actionData?.message ? (
            <p className="form__error" role="alert">
              {actionData.message}
            </p>
          ) : null}
          <input type="hidden" name="orderId" value={order.id} />
          <input type="hidden" name="lineId" value={line.id} />
          <input type="hidden" name="key" value={key} />
          <fieldset className="form__field" aria-describedby={errors.kind ? 'afs-kind-error' : undefined}>
            <legend>{t('afs.field.kind')}</legend>
            <div className="co-choices">
              {allowed.map((k) => (
                <label key={k.kind} className="choice">
                  <input
                    type="radio"
                    name="kind"
                    value={k.kind}
                    checked={kind === k.kind}
                    onChange={() => {
                      edit('kind')();
                      setKind(k.kind);
                      if (!k.reasons.includes(reason as never)) setReason('');
                    }}
                  />
                  <span>{t(`afs.kind.${k.kind}`)}</span>
                </label>
              ))}
            </div>
            <small className="muted">{current ? t(`afs.kindHint.${current.kind}`) : null}</small>
            {blocked.length > 0 ? (
              <ul className="afs-blocked">
                {blocked.map((k) => (
                  <li key={k.kind} className="muted small">
                    {t(`afs.kind.${k.kind}`)}：{k.whyNot}
                  </li>
                ))}
              </ul>
            ) : null}
            {errors.kind ? (
              <span id="afs-kind-error" className="field-error" role="alert">
                {errors.kind}
              </span>
            ) : null}
          </fieldset>

          <fieldset className="form__field">
            <legend>{t('afs.field.reason')}</legend>
            <div className="co-choices">
              {(current?.reasons ?? []).map((r) => (
                <label key={r} className="choice">
                  <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => {
                      edit('reason')();
                      setReason(r);
                    }} aria-invalid={errors.reason ? true : undefined} />
                  <span>{t(`afs.reason.${r}`)}</span>
                </label>
              ))}
            </div>
            {reason === 'no_reason_7d' && noReasonUntil ? <small className="muted">{t('afs.noReasonUntil', { time: noReasonUntil })}</small> : null}
            {errors.reason ? (
              <span className="field-error" role="alert">
                {errors.reason}
              </span>
            ) : null}
          </fieldset>

          {refund && current ? (
            <label className="form__field">
              <span>{t('afs.field.amount')}</span>
              <input
                key={current.kind}
                name="amount"
                inputMode="decimal"
                autoComplete="off"
                defaultValue={values?.amount && values.kind === current.kind ? values.amount : fenToYuanInput(current.maxAmountFen)}
                aria-invalid={errors.amount ? true : undefined}
                onInput={edit('amount')}
                aria-describedby="afs-amount-hint"
                maxLength={12}
              />
              <small id="afs-amount-hint" className="muted">
                {t('afs.amountHint', { max: current.maxAmount })}
              </small>
              {errors.amount ? (
                <span className="field-error" role="alert">
                  {errors.amount}
                </span>
              ) : null}
            </label>
          ) : null}

          <label className="form__field">
            <span>{t('afs.field.description')}</span>
            <textarea
              name="description"
              rows={4}
              maxLength={AFS_TEXT_MAX.description}
              defaultValue={values?.description ?? ''}
              placeholder={t('afs.field.descriptionPlaceholder')}
              aria-invalid={errors.description ? true : undefined}
              onInput={edit('description')}
            />
            {errors.description ? (
              <span className="field-error" role="alert">
                {errors.description}
              </span>
            ) : null}
          </label>

          <PhotoPicker initial={values?.photos ?? []} error={errors.photos} />

          <p className="cmp-sla-note">{afterSalesUntil ? t('afs.new.note', { time: afterSalesUntil, decision: periodText(decisionMs, t) }) : t('afs.new.noteBefore', { decision: periodText(decisionMs, t) })}</p>
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('afs.new.submitting') : t('afs.new.submit')}
          </button>
        </Form>
      )}
    </>
  );
}
