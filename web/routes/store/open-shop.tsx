import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/open-shop';
import { useT } from '../../i18n/use-t.ts';
import { openShopLoader, restartAction } from '../../lib/onboarding.server.ts';
import buyingCss from '../../styles/buying.css?url';
import openShopCss from '../../styles/open-shop.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: openShopCss },
];

/** 我要开店: what opening a shop takes, and — signed in — where the latest application stands. */
export function loader({ context }: Route.LoaderArgs) {
  return openShopLoader({ context });
}

export function action({ request, context }: Route.ActionArgs) {
  return restartAction({ request, context });
}

const KINDS = ['flagship', 'franchise', 'specialty', 'individual'] as const;
const STEPS = ['subject', 'company', 'shop', 'documents', 'review'] as const;

export default function OpenShop({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const { signedIn, application: a } = loaderData;

  return (
    <>
      <title>{`${t('onboarding.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('onboarding.title')}</h1>

      {a && a.status !== 'draft' ? (
        <section className={`card os-status os-status--${a.status}`} aria-labelledby="os-status-title">
          <p className="muted small">{t('onboarding.yourApplication')}</p>
          <h2 id="os-status-title" className="os-status__title">
            {t(`onboarding.status.${a.status}`)}
          </h2>
          <p className="os-status__shop">
            {a.shopName} {a.shopKind ? <span className={`tag tag--${a.shopKind}`}>{t(`shop.kind.${a.shopKind}`)}</span> : null}
          </p>
          <p className="os-status__help">{t(`onboarding.statusHelp.${a.status}`)}</p>
          {a.reviewNote && (a.status === 'needs_info' || a.status === 'rejected') ? <blockquote className="os-status__note">{a.reviewNote}</blockquote> : null}
          {a.submittedAt ? <p className="muted small">{t('onboarding.submittedAt', { at: a.submittedAt })}</p> : null}
          {a.status === 'needs_info' ? (
            <Link to="/open-shop/apply?step=documents" className="btn btn--primary">
              {t('onboarding.supplement')}
            </Link>
          ) : null}
          {a.status === 'approved' && a.shopId ? (
            <a href={`/seller/${a.shopId}`} className="btn btn--primary">
              {t('onboarding.openConsole')}
            </a>
          ) : null}
          {a.status === 'rejected' ? (
            <Form method="post">
              <input type="hidden" name="intent" value="restart" />
              <input type="hidden" name="subjectType" value={a.subjectType} />
              {actionData?.message ? (
                <p className="form__error" role="alert">
                  {actionData.message}
                </p>
              ) : null}
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('onboarding.restart')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card os-hero">
        <h2 className="os-hero__title">{t('onboarding.intro.title')}</h2>
        <p className="os-hero__lead">{t('onboarding.intro.lead')}</p>
        {a?.status === 'draft' ? (
          <Link to="/open-shop/apply?step=subject" className="btn btn--primary">
            {t('onboarding.continue')}
          </Link>
        ) : !a || a.status === 'approved' ? (
          signedIn ? (
            <Link to="/open-shop/apply" className="btn btn--primary">
              {t('onboarding.start')}
            </Link>
          ) : (
            <p className="os-hero__actions">
              <Link to={`/login?redirectTo=${encodeURIComponent('/open-shop/apply')}`} className="btn btn--primary">
                {t('onboarding.loginToStart')}
              </Link>
              <span className="muted small">
                {t('onboarding.noAccount')} <Link to={`/register?redirectTo=${encodeURIComponent('/open-shop/apply')}`}>{t('onboarding.register')}</Link>
              </span>
            </p>
          )
        ) : null}
      </section>

      <section className="card">
        <h2 className="card__title">{t('onboarding.intro.steps')}</h2>
        <ol className="os-flow">
          {STEPS.map((s, i) => (
            <li key={s}>
              <span className="os-flow__n">{i + 1}</span>
              {t(`onboarding.step.${s}`)}
            </li>
          ))}
          <li>
            <span className="os-flow__n">6</span>
            {t('onboarding.intro.stepReview')}
          </li>
        </ol>
      </section>

      <section className="card">
        <h2 className="card__title">{t('onboarding.intro.kinds')}</h2>
        <dl className="os-kinds">
          {KINDS.map((k) => (
            <div key={k} className="os-kinds__row">
              <dt>
                <span className={`tag tag--${k}`}>{t(`shop.kind.${k}`)}</span>
              </dt>
              <dd>{t(`onboarding.kindHelp.${k}`)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card">
        <h2 className="card__title">{t('onboarding.intro.docs')}</h2>
        <ul className="os-bullets">
          <li>{t('onboarding.intro.docsCompany')}</li>
          <li>{t('onboarding.intro.docsIndividual')}</li>
          <li>{t('onboarding.intro.docsFormat')}</li>
        </ul>
      </section>
    </>
  );
}
