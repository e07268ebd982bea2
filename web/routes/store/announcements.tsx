import { Link } from 'react-router';
import type { Route } from './+types/announcements';
import { useT } from '../../i18n/use-t.ts';
import { announcementsLoader } from '../../lib/content.server.ts';
import { Pager } from '../../components/store/Pager.tsx';
import contentCss from '../../styles/content.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: contentCss }];

/** 平台公告: the storefront's announcements shown now, pinned first. */
export function loader({ request, context }: Route.LoaderArgs) {
  return announcementsLoader({ request, context });
}

export default function Announcements({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { items, page, pageCount } = loaderData;
  const href = (p: number) => (p === 1 ? '/announcements' : `/announcements?page=${p}`);
  return (
    <>
      <title>{`${t('ann.title')} - ${t('site.name')}`}</title>
      <h1 className="page-title">{t('ann.title')}</h1>
      {items.length === 0 ? (
        <p className="card empty-line">{t('ann.empty')}</p>
      ) : (
        <ul className="ann-list">
          {items.map((a) => (
            <li key={a.id} className="card">
              <Link to={`/announcements/${encodeURIComponent(a.id)}`} className="ann-list__item">
                <h2 className="ann-list__title">
                  {a.pinned ? <span className="ann-tag">{t('ann.pinned')}</span> : null}
                  {a.title}
                </h2>
                <p className="ann-list__excerpt">{a.body.replace(/\s+/g, ' ').slice(0, 80)}</p>
                <p className="ann-list__date">{t('ann.publishedAt', { date: a.publishAt })}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} href={href} label={t('ann.title')} />
    </>
  );
}
