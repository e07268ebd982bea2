import { Form, Link, useActionData, useNavigation } from 'react-router';
import type { Route } from './+types/security';
import { useT } from '../../i18n/use-t.ts';
import { securityAction, securityPage } from '../../lib/security.server.ts';

/**
 * 账号安全: turn 两步验证 (TOTP) on by scanning a QR code and entering a code; off with a current code.
 * Also the way to 导出我的数据 (a JSON copy) and to 注销账号 (/me/close-account).
 */
export function loader({ request, context }: Route.LoaderArgs) {
  return securityPage(context, request);
}

export function action({ request, context }: Route.ActionArgs) {
  return securityAction(context, request);
}

export default function Security({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const d = loaderData;
  const setup = result?.setup ?? null;
  const notice = result?.message ?? null;
  return (
    <>
      <title>{`${t('security.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('security.title')}</h1>
      {d.required && !d.enabled ? (
        <p className="pay-note" role="alert">
          {t('security.required')}
        </p>
      ) : null}
      {notice ? (
        <p className={result?.ok ? 'pay-note' : 'form__error'} role={result?.ok ? 'status' : 'alert'}>
          {notice}
        </p>
      ) : null}
      <section className="card" aria-labelledby="two-factor">
        <h2 id="two-factor" className="card__title">
          {t('security.twoFactor')} <span className={d.enabled ? 'tag tag--ok' : 'tag'}>{d.enabled ? t('security.on') : t('security.off')}</span>
        </h2>
        <p className="muted">{t('security.intro')}</p>
        {d.enabled ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="disable" />
            <p className="muted small">{t('security.disableHint')}</p>
            <label className="form__field">
              <span>{t('security.code')}</span>
              <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required placeholder={t('security.codePlaceholder')} />
            </label>
            <button type="submit" className="btn" disabled={busy || d.required}>
              {t('security.disable')}
            </button>
          </Form>
        ) : setup ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="enable" />
            <input type="hidden" name="secret" value={setup.secret} />
            <input type="hidden" name="qr" value={setup.qr} />
            <p>{t('security.scan')}</p>
            <img src={setup.qr} alt={t('security.scan')} width={200} height={200} />
            <p className="small">
              {t('security.secret')}: <code data-testid="totp-secret">{setup.secret}</code>
            </p>
            <label className="form__field">
              <span>{t('security.confirm')}</span>
              <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required autoFocus placeholder={t('security.codePlaceholder')} />
            </label>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('security.enable')}
            </button>
          </Form>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="setup" />
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('security.start')}
            </button>
          </Form>
        )}
      </section>
      <section className="card" aria-labelledby="my-data">
        <h2 id="my-data" className="card__title">
          {t('account.security.exportTitle')}
        </h2>
        <p className="muted">{t('account.security.exportIntro')}</p>
        <a href="/api/me/export" download className="btn btn--ghost">
          {t('account.security.exportTitle')}
        </a>
      </section>
      <section className="card" aria-labelledby="close-account">
        <h2 id="close-account" className="card__title">
          {t('account.security.closeTitle')}
        </h2>
        <p className="muted">{t('account.security.closeIntro')}</p>
        <Link to="/me/close-account" className="btn btn--ghost">
          {t('account.security.closeLink')}
        </Link>
      </section>
    </>
  );
}
