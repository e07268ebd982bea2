import { Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/suggestions';
import { useT } from '../../i18n/use-t.ts';
import { mySuggestionsAction, mySuggestionsLoader } from '../../lib/content.server.ts';
import { SUGGESTION_CATEGORY_NAMES } from '../../lib/content-views.ts';
import buyingCss from '../../styles/buying.css?url';
import contentCss from '../../styles/content.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: contentCss },
];

/** 建议箱: send the platform a suggestion, and read its answers to mine. */
export function loader({ request, context }: Route.LoaderArgs) {
  return mySuggestionsLoader({ request, context });
}

export function action({ request, context }: Route.ActionArgs) {
  return mySuggestionsAction({ request, context });
}

export default function MySuggestions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const { items, sent } = loaderData;
  return (
    <>
      <title>{`${t('sug.title')} - ${t('site.name')}`}</title>
      <div className="page-head">
        <h1 className="page-title">{t('sug.title')}</h1>
        <Link to="/me" className="link-btn">
          ‹ {t('nav.me')}
        </Link>
      </div>
      <section className="card">
        <p className="sug-intro">{t('sug.intro')}</p>
        <Form method="post" className="form" key={sent ? 'sent' : 'new'}>
          {actionData?.error ? (
            <p className="form__error" role="alert">
              {actionData.error}
            </p>
          ) : null}
          {sent && !actionData ? (
            <p className="form__ok" role="status">
              {t('sug.sent')}
            </p>
          ) : null}
          <fieldset className="sug-cats">
            <legend>{t('sug.category')}</legend>
            {SUGGESTION_CATEGORY_NAMES.map((c) => (
              <label key={c} className="sug-cat">
                <input type="radio" name="category" value={c} defaultChecked={(actionData?.category ?? 'feature') === c} />
                <span>{t(`sug.category.${c}`)}</span>
              </label>
            ))}
          </fieldset>
          <label className="form__field">
            <span>{t('sug.body')}</span>
            <textarea name="body" rows={5} maxLength={1000} required defaultValue={actionData?.body ?? ''} placeholder={t('sug.bodyPlaceholder')} className="sug-body" />
          </label>
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {t('sug.submit')}
          </button>
        </Form>
      </section>
      <h2 className="page-title sug-mine">{t('sug.mine')}</h2>
      {items.length === 0 ? (
        <p className="card empty-line">{t('sug.empty')}</p>
      ) : (
        <ul className="sug-list">
          {items.map((s) => (
            <li key={s.id} className="card">
              <div className="sug-list__head">
                <span className="sug-tag">{t(`sug.category.${s.category}`)}</span>
                <span className={`sug-status sug-status--${s.status}`}>{t(`sug.status.${s.status}`)}</span>
              </div>
              <p className="sug-list__body">{s.body}</p>
              <p className="sug-list__date">{s.createdAt}</p>
              {s.reply ? (
                <div className="sug-reply">
                  <strong>{t('sug.reply')}</strong>
                  <p>{s.reply}</p>
                  <span className="sug-list__date">{s.repliedAt}</span>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
