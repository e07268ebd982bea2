import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/address-edit';
import { useT } from '../../i18n/use-t.ts';
import { RegionPicker } from '../../components/store/RegionPicker.tsx';
import { addressFormAction, addressFormLoader } from '../../lib/addresses.server.ts';
import buyingCss from '../../styles/buying.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: buyingCss }];

/** 新增 / 编辑收货地址 (/me/addresses/new, /me/addresses/:addressId). */
export function loader({ request, context, params }: Route.LoaderArgs) {
  return addressFormLoader({ request, context, addressId: params.addressId });
}

export function action({ request, context, params }: Route.ActionArgs) {
  return addressFormAction({ request, context, addressId: params.addressId });
}

export default function AddressEdit({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const values = actionData?.values ?? loaderData.values;
  const options = actionData?.options ?? loaderData.options;
  const errors: Partial<Record<string, string>> = actionData?.errors ?? {};
  const message = actionData?.message ?? null;
  const { returnTo, addressId } = loaderData;
  const back = returnTo ? `/me/addresses?returnTo=${encodeURIComponent(returnTo)}` : '/me/addresses';
  const title = addressId ? t('address.editTitle') : t('address.newTitle');
  const err = (name: string) =>
    errors[name] ? (
      <small id={`${name}-error`} className="field-error">
        {errors[name]}
      </small>
    ) : null;

  return (
    <>
      <title>{`${title} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{title}</h1>
        <Link to={back} className="link-btn">
          ‹ {t('address.back')}
        </Link>
      </div>
      {/* key: a no-JavaScript round trip re-renders the fields with what came back */}
      <Form method="post" className="card form address-form" key={JSON.stringify(values)} noValidate>
        {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
        {message ? (
          <p className="form__error" role="alert">
            {message}
          </p>
        ) : null}
        <label className="form__field">
          <span>{t('address.recipient')}</span>
          <input name="recipient" defaultValue={values.recipient} maxLength={20} autoComplete="name" required aria-invalid={Boolean(errors.recipient) || undefined} aria-describedby={errors.recipient ? 'recipient-error' : undefined} />
          {err('recipient')}
        </label>
        <label className="form__field">
          <span>{t('address.mobile')}</span>
          <input name="mobile" type="tel" inputMode="tel" defaultValue={values.mobile} maxLength={20} autoComplete="tel" required aria-invalid={Boolean(errors.mobile) || undefined} aria-describedby={errors.mobile ? 'mobile-error' : undefined} />
          {err('mobile')}
        </label>
        <RegionPicker value={values} options={options} error={errors.districtCode} />
        <label className="form__field">
          <span>{t('address.street')}</span>
          <input name="street" defaultValue={values.street} maxLength={50} placeholder={t('address.streetPlaceholder')} />
          {err('street')}
        </label>
        <label className="form__field">
          <span>{t('address.detail')}</span>
          <textarea name="detail" defaultValue={values.detail} maxLength={100} rows={2} required placeholder={t('address.detailPlaceholder')} aria-invalid={Boolean(errors.detail) || undefined} aria-describedby={errors.detail ? 'detail-error' : undefined} />
          {err('detail')}
        </label>
        <fieldset className="form__field tag-picker">
          <legend>{t('address.tag')}</legend>
          <div className="co-choices">
            {loaderData.tags.map((tag) => (
              <label key={tag} className="choice choice--chip">
                <input type="radio" name="tag" value={tag} defaultChecked={values.tag === tag} />
                <span>{t(`address.tag.${tag}`)}</span>
              </label>
            ))}
            <label className="choice choice--chip">
              <input type="radio" name="tag" value="" defaultChecked={!values.tag} />
              <span>{t('address.tag.none')}</span>
            </label>
          </div>
        </fieldset>
        <label className="switch-row">
          <span>
            {t('address.setDefault')}
            <small className="muted">{t('address.setDefaultHint')}</small>
          </span>
          <input type="checkbox" name="isDefault" role="switch" className="switch" defaultChecked={values.isDefault} disabled={Boolean(addressId) && loaderData.values.isDefault} />
        </label>
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('address.saving') : t('address.save')}
        </button>
      </Form>
    </>
  );
}
