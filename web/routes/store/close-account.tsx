import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/close-account';
import { useT } from '../../i18n/use-t.ts';
import { closeAccountAction, closeAccountPage } from '../../lib/account-closure.server.ts';
import accountCss from '../../styles/account.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: accountCss }];

/**
 * 注销账号: what is deleted and what is kept, what must be finished first (with links), a copy of one's
 * data, then the password (and 2FA code) and the typed word 注销. Closing signs out everywhere.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  return closeAccountPage(context, request);
}

export function action({ request, context }: Route.ActionArgs) {
  return closeAccountAction(context, request);
}

export default function CloseAccount({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const busy = useNavigation().state !== 'idle';
  if (loaderData.done) {
    return (
      <>
        <title>{`${t('account.close.doneTitle')} - ${t('site.name')}`}</title>
        <section className="card" role="status">
          <h1 className="page-title">{t('account.close.doneTitle')}</h1>
          <p>{t('account.close.doneBody')}</p>
          <Link to="/" className="btn btn--primary">
            {t('account.close.home')}
          </Link>
        </section>
      </>
    );
  }
  const { blockers, twoFactor } = loaderData;
  const error = actionData?.error ?? null;
  const invalid = (name: string) => (actionData?.field === name ? true : undefined);
  return (
    <>
      <title>{`${t('account.close.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('account.close.title')}</h1>

      <section className="card" aria-labelledby="closure-what">
        <h2 id="closure-what" className="card__title">
          {t('account.close.intro')}
        </h2>
        <ul className="closure__list">
          <li>{t('account.close.erased1')}</li>
          <li>{t('account.close.erased2')}</li>
          <li>{t('account.close.erased3')}</li>
          <li>{t('account.close.erased4')}</li>
        </ul>
        <p className="muted">{t('account.close.kept')}</p>
        <p className="muted">{t('account.close.reuse')}</p>
        <p>
          {t('account.close.export')}{' '}
          <a href="/api/me/export" download>
            {t('account.close.exportLink')}
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="closure-blockers">
        <h2 id="closure-blockers" className="card__title">
          {t('account.close.blockersTitle')}
        </h2>
        {blockers.length === 0 ? (
          <p className="form__ok">{t('account.close.ready')}</p>
        ) : (
          <ul className="closure__blockers" data-testid="closure-blockers">
            {blockers.map((b) => (
              <li key={b.code + b.message}>
                <span>{b.message}</span>
                {b.href ? <Link to={b.href}>{t('account.close.blockerLink')} ›</Link> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {blockers.length === 0 ? (
        <section className="card" aria-labelledby="closure-form">
          <h2 id="closure-form" className="card__title">
            {t('account.close.formTitle')}
          </h2>
          {error ? (
            <p className="form__error" role="alert">
              {error}
            </p>
          ) : null}
          <Form method="post" className="form" autoComplete="off">
            <label className="form__field">
              <span>{t('account.close.password')}</span>
              <input name="password" type="password" autoComplete="current-password" required maxLength={1024} aria-invalid={invalid('password')} />
            </label>
            {twoFactor ? (
              <label className="form__field">
                <span>{t('account.close.code')}</span>
                <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required placeholder={t('account.close.codePlaceholder')} aria-invalid={invalid('code')} />
              </label>
            ) : null}
            <label className="form__field">
              <span>{t('account.close.confirm')}</span>
              <input name="confirmation" required maxLength={20} placeholder={t('account.close.confirmPlaceholder')} aria-invalid={invalid('confirmation')} />
            </label>
            <label className="form__field">
              <span>{t('account.close.reason')}</span>
              <textarea name="reason" maxLength={200} rows={2} />
            </label>
            <p className="closure__warn">{t('account.close.irreversible')}</p>
            <button type="submit" className="btn btn--danger btn--block" disabled={busy}>
              {t('account.close.submit')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
