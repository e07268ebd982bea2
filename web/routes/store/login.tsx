import { useEffect, useRef } from 'react';
import { Form, Link, data, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/login';
import { useT } from '../../i18n/use-t.ts';
import { login } from '../../lib/services.server.ts';
import { formError } from '../../lib/app-errors.server.ts';
import { requestMeta, sessionHeaders } from '../../lib/cookies.server.ts';
import { mergeCartAtLogin } from '../../lib/cart.server.ts';
import { safeRedirectTo } from '../../lib/safe-redirect.ts';
import { field } from '../../lib/forms.ts';
import { afterLoginPath } from '../../lib/content.server.ts';

export function loader({ request, context }: Route.LoaderArgs) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get('redirectTo'));
  if (context.auth) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const identifier = field(form, 'identifier', 254);
  const password = field(form, 'password', 1000);
  const code = field(form, 'code', 10).trim();
  const redirectTo = safeRedirectTo(form.get('redirectTo'));
  try {
    const { app } = context;
    const { user, session } = await login(app.db, { identifier, password, ...(code ? { code } : {}) }, requestMeta(context), app.clock, app.config.sessionTtlDays);
    const headers = sessionHeaders(context, session);
    // The visitor's cart joins the account's, and the cart cookie goes.
    await mergeCartAtLogin(context, request, user.id, headers);
    // Agreement versions in force that this account has not accepted come first (协议更新).
    return redirect(await afterLoginPath(context, user.id, redirectTo), { status: 303, headers });
  } catch (error) {
    const { code: errorCode, message, status } = formError(error, context.locale);
    // The typed identifier comes back; the password never does (it stays in the field only while the code is asked for).
    const needCode = errorCode === 'TWO_FACTOR_REQUIRED' || errorCode === 'TWO_FACTOR_INVALID';
    return data({ error: message, identifier, needCode }, { status });
  }
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formAction?.startsWith('/login');
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (actionData?.error && !actionData.needCode && password.current) password.current.value = '';
  }, [actionData]);
  const registerHref = loaderData.redirectTo === '/' ? '/register' : `/register?redirectTo=${encodeURIComponent(loaderData.redirectTo)}`;

  return (
    <div className="auth">
      <title>{`${t('login.title')} - ${t('site.name')}`}</title>
      <div className="auth__card card">
        <h1 className="auth__title">{t('login.heading')}</h1>
        <Form method="post" replace className="form" noValidate>
          <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
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
            <span>{t('login.password')}</span>
            <input ref={password} name="password" type="password" autoComplete="current-password" required placeholder={t('login.passwordPlaceholder')} maxLength={128} />
          </label>
          {actionData?.needCode ? (
            <label className="form__field">
              <span>{t('security.code')}</span>
              <input name="code" type="text" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required autoFocus placeholder={t('security.codePlaceholder')} />
            </label>
          ) : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </Form>
        <p className="auth__switch">
          {t('login.noAccount')} <Link to={registerHref}>{t('login.toRegister')}</Link>
        </p>
      </div>
    </div>
  );
}
