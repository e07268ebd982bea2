import type { ReactNode } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/open-shop-apply';
import { useT } from '../../i18n/use-t.ts';
import { applyAction, applyLoader } from '../../lib/onboarding.server.ts';
import type { ApplicantView, DocumentKind, WizardStep } from '../../lib/onboarding.server.ts';
import buyingCss from '../../styles/buying.css?url';
import openShopCss from '../../styles/open-shop.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: openShopCss },
];

/**
 * 入驻申请, step by step: 主体类型 → 主体信息 → 店铺信息 → 资质文件 → 确认提交. Every step is a plain
 * form that saves the draft on the server and moves on, so it works without JavaScript and survives a reload.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  return applyLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return applyAction({ request, context });
}

/** The same order as WIZARD_STEPS in onboarding.server.ts (a server module: its values stay on the server). */
const WIZARD_STEPS: readonly WizardStep[] = ['subject', 'company', 'shop', 'documents', 'review'];
const DOC_ORDER: DocumentKind[] = ['licence', 'id_front', 'id_back', 'brand_authorization', 'other'];
const stepHref = (s: WizardStep) => `/open-shop/apply?step=${s}`;

export default function OpenShopApply({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const { step, application: a, scopes, kinds, maxScope, maxUploadMb } = loaderData;
  const values = (actionData?.values ?? {}) as Record<string, string | string[] | undefined>;
  const v = (name: string, fallback: string) => (typeof values[name] === 'string' ? (values[name] as string) : fallback);
  const current = WIZARD_STEPS.indexOf(step);
  const reached = a ? WIZARD_STEPS.length - 1 : 0;
  const error = actionData?.message ? (
    <p className="form__error" role="alert">
      {actionData.message}
      {actionData.missing.length > 0 && actionData.code === 'APPLICATION_DOCUMENTS_MISSING' ? (
        <> {actionData.missing.map((k) => t(`onboarding.doc.${k as DocumentKind}`)).join('、')}</>
      ) : null}
    </p>
  ) : null;
  const hidden = a ? <input type="hidden" name="applicationId" value={a.id} /> : null;
  const back = current > 0 ? (
    <Link to={stepHref(WIZARD_STEPS[current - 1]!)} className="btn btn--ghost">
      {t('onboarding.back')}
    </Link>
  ) : (
    <Link to="/open-shop" className="btn btn--ghost">
      {t('onboarding.back')}
    </Link>
  );

  return (
    <>
      <title>{`${t(`onboarding.step.${step}`)} - ${t('onboarding.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('onboarding.applyTitle')}</h1>
        <Link to="/open-shop" className="link-btn">
          ‹ {t('onboarding.title')}
        </Link>
      </div>

      <nav aria-label={t('onboarding.intro.steps')}>
        <ol className="os-steps">
          {WIZARD_STEPS.map((s, i) => (
            <li key={s} className={`os-steps__item${i === current ? ' is-current' : ''}${i < current ? ' is-done' : ''}`} aria-current={i === current ? 'step' : undefined}>
              {i <= reached && i !== current ? (
                <Link to={stepHref(s)}>
                  <span className="os-steps__n">{i + 1}</span>
                  <span className="os-steps__label">{t(`onboarding.step.${s}`)}</span>
                </Link>
              ) : (
                <span>
                  <span className="os-steps__n">{i + 1}</span>
                  <span className="os-steps__label">{t(`onboarding.step.${s}`)}</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>

      {a?.status === 'needs_info' && a.reviewNote ? (
        <div className="notice" role="note">
          <strong>{t('onboarding.status.needs_info')}：</strong>
          {a.reviewNote}
        </div>
      ) : null}

      {step === 'subject' ? (
        <Form method="post" className="card form">
          <h2 className="card__title">{t('onboarding.step.subject')}</h2>
          {error}
          {hidden}
          <input type="hidden" name="intent" value="subject" />
          <fieldset className="os-options">
            <legend className="visually-hidden">{t('onboarding.field.subjectType')}</legend>
            {(['company', 'individual'] as const).map((s) => (
              <label key={s} className="os-option">
                <input type="radio" name="subjectType" value={s} defaultChecked={(a?.subjectType ?? 'company') === s} required />
                <span className="os-option__body">
                  <strong>{t(`onboarding.subject.${s}`)}</strong>
                  <small>{t(`onboarding.subjectHelp.${s}`)}</small>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="os-actions">
            {back}
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('onboarding.next')}
            </button>
          </div>
        </Form>
      ) : null}

      {step === 'company' && a ? (
        <Form method="post" className="card form" key={JSON.stringify(values)}>
          <h2 className="card__title">{t(a.subjectType === 'company' ? 'onboarding.step.company' : 'onboarding.step.person')}</h2>
          {error}
          {hidden}
          <input type="hidden" name="intent" value="company" />
          {a.subjectType === 'company' ? (
            <>
              <label className="form__field">
                <span>{t('onboarding.field.companyName')}</span>
                <input name="companyName" defaultValue={v('companyName', a.companyName)} maxLength={100} required autoComplete="organization" />
              </label>
              <label className="form__field">
                <span>{t('onboarding.field.uscc')}</span>
                <input
                  name="uscc"
                  defaultValue={v('uscc', a.uscc)}
                  maxLength={24}
                  required
                  className="mono"
                  autoCapitalize="characters"
                  spellCheck={false}
                  aria-describedby="os-uscc-hint"
                  aria-invalid={actionData?.code === 'USCC_INVALID' ? true : undefined}
                />
                <small id="os-uscc-hint" className="muted">
                  {t('onboarding.field.usccHint')}
                </small>
              </label>
            </>
          ) : null}
          <label className="form__field">
            <span>{t(a.subjectType === 'company' ? 'onboarding.field.legalRep' : 'onboarding.field.realName')}</span>
            <input name="legalRep" defaultValue={v('legalRep', a.legalRep)} maxLength={30} required autoComplete="name" />
          </label>
          <label className="form__field">
            <span>{t('onboarding.field.contactMobile')}</span>
            <input
              name="contactMobile"
              type="tel"
              inputMode="numeric"
              defaultValue={v('contactMobile', a.contactMobile)}
              maxLength={20}
              required
              autoComplete="tel"
              aria-invalid={actionData?.code === 'MOBILE_INVALID' ? true : undefined}
            />
          </label>
          <div className="os-actions">
            {back}
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('onboarding.next')}
            </button>
          </div>
        </Form>
      ) : null}

      {step === 'shop' && a ? (
        <Form method="post" className="card form" key={JSON.stringify(values)}>
          <h2 className="card__title">{t('onboarding.step.shop')}</h2>
          {error}
          {hidden}
          <input type="hidden" name="intent" value="shop" />
          <label className="form__field">
            <span>{t('onboarding.field.shopName')}</span>
            <input name="shopName" defaultValue={v('shopName', a.shopName)} minLength={2} maxLength={30} required aria-describedby="os-name-hint" />
            <small id="os-name-hint" className="muted">
              {t('onboarding.field.shopNameHint')}
            </small>
          </label>
          <fieldset className="os-options">
            <legend className="os-legend">{t('onboarding.field.shopKind')}</legend>
            {kinds
              .filter((k) => (a.subjectType === 'individual') === (k === 'individual'))
              .map((k) => (
                <label key={k} className="os-option">
                  <input type="radio" name="shopKind" value={k} defaultChecked={v('shopKind', a.shopKind ?? '') === k} required />
                  <span className="os-option__body">
                    <strong>
                      <span className={`tag tag--${k}`}>{t(`shop.kind.${k}`)}</span>
                    </strong>
                    <small>{t(`onboarding.kindHelp.${k}`)}</small>
                  </span>
                </label>
              ))}
          </fieldset>
          <fieldset className="os-scope">
            <legend className="os-legend">{t('onboarding.field.businessScope')}</legend>
            <small className="muted">{t('onboarding.field.businessScopeHint', { max: maxScope })}</small>
            <div className="os-scope__list">
              {scopes.map((c) => {
                const chosen = Array.isArray(values.businessScope) ? values.businessScope.includes(c.id) : a.businessScope.some((s) => s.id === c.id);
                return (
                  <label key={c.id} className="choice">
                    <input type="checkbox" name="businessScope" value={c.id} defaultChecked={chosen} />
                    <span>{c.name}</span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          <div className="os-actions">
            {back}
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('onboarding.next')}
            </button>
          </div>
        </Form>
      ) : null}

      {step === 'documents' && a ? <Documents a={a} error={error} back={back} busy={busy} maxUploadMb={maxUploadMb} /> : null}

      {step === 'review' && a ? (
        <section className="card">
          <h2 className="card__title">{t('onboarding.review.check')}</h2>
          {error}
          <dl className="os-summary">
            <div>
              <dt>{t('onboarding.field.subjectType')}</dt>
              <dd>{t(`onboarding.subject.${a.subjectType}`)}</dd>
            </div>
            {a.subjectType === 'company' ? (
              <>
                <div>
                  <dt>{t('onboarding.licence.subjectName')}</dt>
                  <dd>{a.companyName || '—'}</dd>
                </div>
                <div>
                  <dt>{t('onboarding.field.uscc')}</dt>
                  <dd className="mono">{a.uscc || '—'}</dd>
                </div>
              </>
            ) : null}
            <div>
              <dt>{t(a.subjectType === 'company' ? 'onboarding.field.legalRep' : 'onboarding.field.realName')}</dt>
              <dd>{a.legalRep || '—'}</dd>
            </div>
            <div>
              <dt>{t('onboarding.field.contactMobile')}</dt>
              <dd>{a.contactMobile || '—'}</dd>
            </div>
            <div>
              <dt>{t('onboarding.field.shopName')}</dt>
              <dd>
                {a.shopName || '—'} {a.shopKind ? <span className={`tag tag--${a.shopKind}`}>{t(`shop.kind.${a.shopKind}`)}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t('onboarding.field.businessScope')}</dt>
              <dd>{a.businessScope.map((s) => s.name).join('、') || '—'}</dd>
            </div>
            <div>
              <dt>{t('onboarding.step.documents')}</dt>
              <dd>
                {a.documents.length === 0 ? '—' : null}
                <span className="os-thumbs">
                  {a.documents.map((d) => (
                    <img key={d.id} src={d.thumb} alt={t(`onboarding.doc.${d.kind}`)} title={t(`onboarding.doc.${d.kind}`)} width={56} height={56} />
                  ))}
                </span>
                {a.missingDocuments.length > 0 ? (
                  <p className="os-missing">{t('onboarding.missingDocs', { docs: a.missingDocuments.map((k) => t(`onboarding.doc.${k}`)).join('、') })}</p>
                ) : null}
              </dd>
            </div>
          </dl>
          <p className="muted small">{t('onboarding.review.promise')}</p>
          <Form method="post" className="os-actions">
            {hidden}
            <input type="hidden" name="intent" value="submit" />
            {back}
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t('onboarding.submitting') : t(a.status === 'needs_info' ? 'onboarding.resubmit' : 'onboarding.submit')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function Documents({ a, error, back, busy, maxUploadMb }: { a: ApplicantView; error: ReactNode; back: ReactNode; busy: boolean; maxUploadMb: number }) {
  const { t } = useT();
  const shown = DOC_ORDER.filter((k) => a.requiredDocuments.includes(k) || k === 'other');
  return (
    <section className="card">
      <h2 className="card__title">{t('onboarding.step.documents')}</h2>
      <p className="muted small">{t('onboarding.docs.hint', { mb: maxUploadMb })}</p>
      {error}
      <ul className="os-docs">
        {shown.map((kind) => {
          const docs = a.documents.filter((d) => d.kind === kind);
          const required = a.requiredDocuments.includes(kind);
          return (
            <li key={kind} className="os-doc">
              <div className="os-doc__head">
                <strong>{t(`onboarding.doc.${kind}`)}</strong>
                <span className={required ? (docs.length ? 'os-doc__state is-ok' : 'os-doc__state is-missing') : 'os-doc__state'}>
                  {required ? (docs.length ? t('onboarding.doc.uploaded') : t('onboarding.doc.required')) : t('onboarding.doc.optional')}
                </span>
              </div>
              {docs.length > 0 ? (
                <ul className="os-doc__files">
                  {docs.map((d) => (
                    <li key={d.id}>
                      <a href={d.url} target="_blank" rel="noopener">
                        <img src={d.thumb} alt={t(`onboarding.doc.${kind}`)} width={72} height={72} />
                      </a>
                      <Form method="post">
                        <input type="hidden" name="applicationId" value={a.id} />
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="documentId" value={d.id} />
                        <button type="submit" className="link-btn" disabled={busy} aria-label={`${t('onboarding.doc.remove')} ${t(`onboarding.doc.${kind}`)}`}>
                          {t('onboarding.doc.remove')}
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
      <Form method="post" encType="multipart/form-data" className="form os-upload">
        <input type="hidden" name="applicationId" value={a.id} />
        <input type="hidden" name="intent" value="documents" />
        {shown.map((kind) => (
          <label key={kind} className="form__field">
            <span>{t('onboarding.doc.choose', { doc: t(`onboarding.doc.${kind}`) })}</span>
            <input className="os-file" type="file" name={`doc_${kind}`} accept="image/jpeg,image/png,image/webp" multiple={kind === 'brand_authorization' || kind === 'other'} />
          </label>
        ))}
        <div className="os-actions">
          {back}
          <button type="submit" name="stay" value="1" className="btn btn--ghost" disabled={busy}>
            {t('onboarding.uploadOnly')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('onboarding.uploadNext')}
          </button>
        </div>
      </Form>
    </section>
  );
}
