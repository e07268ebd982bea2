import { Link } from 'react-router';
import { useRootData, useT } from '../i18n/use-t.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** 403 无权访问, 404 and 500, for shoppers and console users alike. */
export function ErrorPage({ status }: { status: 403 | 404 | 500 }) {
  const { t } = useT();
  const user = useRootData()?.user;
  const title = t(status === 403 ? 'error.403.title' : status === 404 ? 'error.404.title' : 'error.500.title');
  const body = t(status === 403 ? 'error.403.body' : status === 404 ? 'error.404.body' : 'error.500.body');
  return (
    <div className="error-page">
      <title>{`${title} - ${t('site.name')}`}</title>
      <header className="error-page__bar">
        <Link to="/" className="logo logo--small">
          {t('site.name')}
        </Link>
        <LanguageSwitch />
      </header>
      <main className="error-page__card" role="main">
        <div className={`error-page__code error-page__code--${status}`} aria-hidden="true">
          {status}
        </div>
        <h1 className="error-page__title">{title}</h1>
        <p className="error-page__body">{body}</p>
        <div className="error-page__actions">
          <Link to="/" className="btn btn--primary" reloadDocument>
            {t('error.home')}
          </Link>
          {status === 403 && user ? (
            <form method="post" action="/logout">
              <input type="hidden" name="redirectTo" value="/login" />
              <button type="submit" className="btn btn--ghost">
                {t('error.switchAccount')}
              </button>
            </form>
          ) : null}
        </div>
      </main>
    </div>
  );
}
