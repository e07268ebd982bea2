import { Link } from 'react-router';
import type { Route } from './+types/legal';
import { useT } from '../../i18n/use-t.ts';
import { AgreementText } from '../../components/store/AgreementText.tsx';
import { legalLoader, type AgreementKind } from '../../lib/content.server.ts';
import contentCss from '../../styles/content.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: contentCss }];

const KIND_BY_PATH: Record<string, AgreementKind> = { '/terms': 'user_agreement', '/privacy': 'privacy_policy', '/merchant-agreement': 'merchant_service_agreement' };

/**
 * 用户协议 / 隐私政策 / 商家服务协议: the version in force with its number and date, an announced
 * next version, and every earlier version (?version=N).
 */
export function loader({ request, context }: Route.LoaderArgs) {
  const kind = KIND_BY_PATH[new URL(request.url).pathname] ?? 'user_agreement';
  return legalLoader({ request, context, kind });
}

export default function Legal({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { kind, path, shown, upcoming, history, currentVersion } = loaderData;
  const name = t(`agr.kind.${kind}`);
  return (
    <>
      <title>{`${name} - ${t('site.name')}`}</title>
      {upcoming.length > 0 && !shown?.upcoming ? (
        <p className="agr-notice" role="note">
          {t('agr.legal.upcoming', { version: upcoming[0]!.version, date: upcoming[0]!.effectiveAt })}{' '}
          <Link to={`${path}?version=${upcoming[0]!.version}`}>{t('agr.legal.viewUpcoming')} ›</Link>
        </p>
      ) : null}
      <article className="card prose agr-doc">
        <h1>{shown?.title ?? name}</h1>
        {shown ? (
          <>
            <p className="agr-doc__meta">
              <span className={`agr-badge${shown.inForce ? ' agr-badge--current' : ''}`}>
                {shown.inForce ? t('agr.legal.current') : shown.upcoming ? t('agr.legal.notYet') : t('agr.legal.superseded')}
              </span>
              {t('agr.legal.version', { version: shown.version })} · {t('agr.legal.effective', { date: shown.effectiveAt })} · {t('agr.legal.published', { date: shown.publishedAt })}
            </p>
            {!shown.inForce && currentVersion !== null ? (
              <p className="agr-notice agr-notice--inline">
                {shown.upcoming ? t('agr.legal.viewingUpcoming') : t('agr.legal.viewingOld')} <Link to={path}>{t('agr.legal.backToCurrent')} ›</Link>
              </p>
            ) : null}
            {shown.summary ? (
              <div className="agr-accept__summary">
                <strong>{t('agr.legal.summary')}</strong>
                <AgreementText text={shown.summary} className="agr-summary-text" />
              </div>
            ) : null}
            <AgreementText text={shown.body} />
          </>
        ) : (
          <p>{t('agr.legal.none')}</p>
        )}
      </article>
      {history.length > 0 ? (
        <section className="card agr-history" aria-labelledby="agr-history">
          <h2 id="agr-history">{t('agr.legal.history')}</h2>
          <ol>
            {history.map((h) => (
              <li key={h.version}>
                <Link to={`${path}?version=${h.version}`} aria-current={shown?.version === h.version ? 'page' : undefined}>
                  {t('agr.legal.version', { version: h.version })} · {h.title}
                </Link>
                <span className="agr-history__date">
                  {t('agr.legal.effective', { date: h.effectiveAt })}
                  {h.inForce ? ` · ${t('agr.legal.current')}` : h.upcoming ? ` · ${t('agr.legal.notYet')}` : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
