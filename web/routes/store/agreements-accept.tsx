import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/agreements-accept';
import { useT } from '../../i18n/use-t.ts';
import { AgreementText } from '../../components/store/AgreementText.tsx';
import { acceptPageAction, acceptPageLoader } from '../../lib/content.server.ts';
import { dissentFromAcceptPage, dissentOptions } from '../../lib/account-closure.server.ts';
import contentCss from '../../styles/content.css?url';
import accountCss from '../../styles/account.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: contentCss },
  { rel: 'stylesheet', href: accountCss },
];

/**
 * 协议更新: after a login, the agreement versions in force that this account has not accepted.
 * 同意并继续 records the acceptance (time, IP, user agent) and goes where the visitor was going;
 * 不同意 signs out (the account is asked again at its next login), or leads to 注销账号; a shop owner
 * asked for a new merchant service agreement may instead leave under the old one (按原协议退出经营).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const page = await acceptPageLoader({ request, context });
  return { ...page, dissent: await dissentOptions(context, page.versions) };
}

export async function action({ request, context }: Route.ActionArgs) {
  return (await dissentFromAcceptPage(context, request)) ?? acceptPageAction({ request, context });
}

export default function AcceptAgreements({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const { versions, redirectTo, dissent } = loaderData;
  return (
    <div className="agr-accept">
      <title>{`${t('agr.accept.title')} - ${t('site.name')}`}</title>
      <div className="card agr-accept__card">
        <h1 className="agr-accept__heading">{t('agr.accept.heading')}</h1>
        <p className="agr-accept__intro">{t('agr.accept.intro')}</p>
        {actionData?.error ? (
          <p className="form__error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        {versions.map((v) => (
          <section key={v.id} className="agr-accept__doc" aria-labelledby={`agr-${v.id}`}>
            <h2 id={`agr-${v.id}`}>
              《{t(`agr.kind.${v.kind}`)}》<span className="agr-accept__title">{v.title}</span>
            </h2>
            <p className="agr-accept__meta">{t('agr.accept.version', { version: v.version, date: v.effectiveAt })}</p>
            {v.summary ? (
              <div className="agr-accept__summary">
                <strong>{t('agr.accept.summary')}</strong>
                <AgreementText text={v.summary} className="agr-summary-text" />
              </div>
            ) : null}
            <div className="agr-accept__scroll" tabIndex={0} aria-label={t('agr.accept.fullText')}>
              <AgreementText text={v.body} />
            </div>
            <Link to={v.href} target="_blank" rel="noopener" className="agr-accept__open">
              {t('agr.accept.openPage')} ›
            </Link>
          </section>
        ))}
        <Form method="post" className="agr-accept__actions">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {versions.map((v) => (
            <input key={v.id} type="hidden" name="versionId" value={v.id} />
          ))}
          <button type="submit" name="intent" value="accept" className="btn btn--primary btn--block" disabled={busy}>
            {t('agr.accept.agree')}
          </button>
          <button type="submit" name="intent" value="decline" className="btn btn--ghost btn--block" disabled={busy}>
            {t('agr.accept.decline')}
          </button>
        </Form>
        <p className="agr-accept__hint">
          {t('agr.accept.declineHint')} <Link to="/me/close-account">{t('account.accept.closeLink')} ›</Link>
        </p>
        {dissent ? (
          <section className="dissent" aria-labelledby="agr-dissent">
            <h2 id="agr-dissent" className="card__title">
              {t('account.accept.dissentTitle')}
            </h2>
            <p className="muted">{t('account.accept.dissentIntro', { version: dissent.leavesUnder })}</p>
            {dissent.shops.map((shop) => (
              <Form key={shop.id} method="post">
                <input type="hidden" name="intent" value="dissent" />
                <input type="hidden" name="shopId" value={shop.id} />
                <input type="hidden" name="versionId" value={dissent.versionId} />
                <label className="dissent__ack">
                  <input type="checkbox" name="ack" value="yes" required />
                  <span>{t('account.accept.dissentAck')}</span>
                </label>
                <button type="submit" className="btn btn--ghost btn--block" disabled={busy}>
                  {t('account.accept.dissent', { shop: shop.name })}
                </button>
              </Form>
            ))}
          </section>
        ) : null}
      </div>
    </div>
  );
}
