import { useEffect, useRef } from 'react';
import { Form, Link, data, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/register';
import { useT } from '../../i18n/use-t.ts';
import { translate } from '../../i18n/messages.ts';
import { registerAndSignIn } from '../../lib/services.server.ts';
import { formError } from '../../lib/app-errors.server.ts';
import { requestMeta, sessionHeaders } from '../../lib/cookies.server.ts';
import { mergeCartAtLogin } from '../../lib/cart.server.ts';
import { safeRedirectTo } from '../../lib/safe-redirect.ts';
import { field } from '../../lib/forms.ts';
import { registrationAgreements } from '../../lib/content.server.ts';
import contentCss from '../../styles/content.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: contentCss }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get('redirectTo'));
  if (context.auth) throw redirect(redirectTo);
  // The agreement versions shown here go back with the form: a newer one in between is caught.
  return { redirectTo, agreementVersionIds: await registrationAgreements(context) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const identifier = field(form, 'identifier', 254);
  const displayName = field(form, 'displayName', 30);
  const password = field(form, 'password', 1000);
  const agreed = form.get('agree') === 'on';
  // Optional consents (营销消息, 个性化推荐): separate from the agreements and off unless switched on.
  const consents = { marketing: form.get('marketing') === 'on', personalisation: form.get('personalisation') === 'on' };
  const agreementVersionIds = form.getAll('agreementVersionId').filter((v): v is string => typeof v === 'string').slice(0, 5);
  const redirectTo = safeRedirectTo(form.get('redirectTo'));
  // Echo back what was typed, except the password.
  const typed = { identifier, displayName, agreed };
  if (!agreed) return data({ error: translate(context.locale, 'register.mustAgree'), ...typed }, { status: 400 });
  try {
    const { app } = context;
    const { user, session } = await registerAndSignIn(app.db, { identifier, password, displayName, agreementVersionIds, consents }, requestMeta(context), app.clock, app.config.sessionTtlDays);
    const headers = sessionHeaders(context, session);
    // The visitor's cart joins the account's, and the cart cookie goes.
    await mergeCartAtLogin(context, request, user.id, headers);
    return redirect(redirectTo, { status: 303, headers });
  } catch (error) {
    const { message, status } = formError(error, context.locale);
    return data({ error: message, ...typed }, { status });
  }
}

export default function Register({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formAction?.startsWith('/register');
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (actionData?.error && password.current) password.current.value = '';
  }, [actionData]);
  const loginHref = loaderData.redirectTo === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(loaderData.redirectTo)}`;

  return (
    <div className="auth">
      <title>{`${t('register.title')} - ${t('site.name')}`}</title>
      <div className="auth__card card">
        <h1 className="auth__title">{t('register.heading')}</h1>
        <Form method="post" replace className="form">
          <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
          {loaderData.agreementVersionIds.map((id) => (
            <input key={id} type="hidden" name="agreementVersionId" value={id} />
          ))}
          {actionData?.error ? (
            <p className="form__error" role="alert">
              {actionData.error}
            </p>
          ) : null}
          <label className="form__field">
            <span>{t('login.identifier')}</span>
            <input name="identifier" type="text" inputMode="email" autoComplete="username" required defaultValue={actionData?.identifier ?? ''} placeholder={t('login.identifierPlaceholder')} maxLength={254} />
          </label>
          <label className="form__field">
            <span>{t('register.displayName')}</span>
            <input name="displayName" type="text" autoComplete="nickname" defaultValue={actionData?.displayName ?? ''} placeholder={t('register.displayNamePlaceholder')} maxLength={30} />
          </label>
          <label className="form__field">
            <span>{t('login.password')}</span>
            <input ref={password} name="password" type="password" autoComplete="new-password" required minLength={8} placeholder={t('register.passwordPlaceholder')} maxLength={128} />
          </label>
          <label className="form__check">
            <input type="checkbox" name="agree" required defaultChecked={actionData?.agreed ?? false} />
            <span>
              {t('register.agreePrefix')}
              <Link to="/terms" target="_blank" rel="noopener">
                {t('legal.terms')}
              </Link>
              {t('register.and')}
              <Link to="/privacy" target="_blank" rel="noopener">
                {t('legal.privacy')}
              </Link>
            </span>
          </label>
          <fieldset className="consents">
            <legend>{t('agr.register.optional')}</legend>
            <label className="consent">
              <span>{t('agr.register.marketing')}</span>
              <input type="checkbox" role="switch" name="marketing" defaultChecked={false} />
            </label>
            <label className="consent">
              <span>{t('agr.register.personalisation')}</span>
              <input type="checkbox" role="switch" name="personalisation" defaultChecked={false} />
            </label>
          </fieldset>
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('register.submitting') : t('register.submit')}
          </button>
        </Form>
        <p className="auth__switch">
          {t('register.hasAccount')} <Link to={loginHref}>{t('register.toLogin')}</Link>
        </p>
      </div>
    </div>
  );
}
