import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/complaint-new';
import { useT } from '../../i18n/use-t.ts';
import { newComplaintAction, newComplaintLoader } from '../../lib/complaints.server.ts';
import { COMPLAINT_PHOTO_MAX, COMPLAINT_TEXT_MAX } from '../../lib/complaint-views.ts';
import buyingCss from '../../styles/buying.css?url';
import complaintsCss from '../../styles/complaints.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: complaintsCss },
];

/** 投诉商家: from an order (?orderId=) or a shop (?shopId=): category, title, description, up to 9 pictures. */
export function loader({ request, context }: Route.LoaderArgs) {
  return newComplaintLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return newComplaintAction({ request, context });
}

export default function NewComplaint({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const { target, categories } = loaderData;
  const values = actionData?.values ?? { category: '', title: '', description: '' };
  const back = target.orderId ? `/me/orders/${encodeURIComponent(target.orderId)}` : '/me/complaints';
  return (
    <>
      <title>{`${t('complaint.new.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('complaint.new.title')}</h1>
        <Link to={back} className="link-btn">
          ‹ {t('address.back')}
        </Link>
      </div>

      <section className="card cmp-target" aria-label={t('complaint.new.target')}>
        <span className="cmp-target__shop">{target.shopName}</span>
        {target.orderId ? (
          <>
            <span className="muted small">
              {t('complaint.detail.order')} <span className="mono">{target.orderId}</span> · {target.createdAt} · {target.payable}
            </span>
            <ul className="order-lines order-lines--compact">
              {target.lines.map((l) => (
                <li key={l.id} className="co-line">
                  <span className="co-line__image">{l.image ? <img src={l.image} alt="" width={48} height={48} loading="lazy" /> : <span className="thumb-empty" aria-hidden="true" />}</span>
                  <div className="co-line__body">
                    <span className="co-line__title">{l.title}</span>
                    {l.spec ? <span className="cart-item__spec">{l.spec}</span> : null}
                  </div>
                  <div className="co-line__price">
                    <span className="muted small">×{l.qty}</span>
                  </div>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <span className="muted small">{t('complaint.detail.noOrder')}</span>
        )}
      </section>

      {/* key: a no-JavaScript round trip re-renders the fields with what came back */}
      <Form method="post" encType="multipart/form-data" className="card form" key={JSON.stringify(values)}>
        {actionData?.message ? (
          <p className="form__error" role="alert">
            {actionData.message}
          </p>
        ) : null}
        {target.orderId ? <input type="hidden" name="orderId" value={target.orderId} /> : <input type="hidden" name="shopId" value={target.shopId} />}
        <fieldset className="form__field">
          <legend>{t('complaint.field.category')}</legend>
          <div className="cmp-cats">
            {categories.map((c, i) => (
              <label key={c} className="choice choice--chip">
                <input type="radio" name="category" value={c} required defaultChecked={values.category ? values.category === c : i === 0} />
                <span>{t(`complaint.category.${c}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="form__field">
          <span>{t('complaint.field.title')}</span>
          <input name="title" defaultValue={values.title} maxLength={COMPLAINT_TEXT_MAX.title} required placeholder={t('complaint.field.titlePlaceholder')} />
        </label>
        <label className="form__field">
          <span>{t('complaint.field.description')}</span>
          <textarea name="description" defaultValue={values.description} maxLength={COMPLAINT_TEXT_MAX.description} rows={5} required placeholder={t('complaint.field.descriptionPlaceholder')} />
        </label>
        <label className="form__field">
          <span>{t('complaint.field.photos')}</span>
          <input className="cmp-file" type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/gif" multiple aria-describedby="cmp-photos-hint" />
          <small id="cmp-photos-hint" className="muted">
            {t('complaint.field.photosHint', { max: COMPLAINT_PHOTO_MAX })}
          </small>
        </label>
        <p className="cmp-sla-note">{t('complaint.new.sla')}</p>
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('complaint.new.submitting') : t('complaint.new.submit')}
        </button>
      </Form>
    </>
  );
}
