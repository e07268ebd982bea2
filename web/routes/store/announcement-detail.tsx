import { Link } from 'react-router';
import type { Route } from './+types/announcement-detail';
import { useT } from '../../i18n/use-t.ts';
import { AgreementText } from '../../components/store/AgreementText.tsx';
import { announcementLoader } from '../../lib/content.server.ts';
import buyingCss from '../../styles/buying.css?url';
import contentCss from '../../styles/content.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: buyingCss },
  { rel: 'stylesheet', href: contentCss },
];

/** One announcement (公告). Scheduled, expired and merchant-only ones are a 404 here. */
export function loader({ context, params }: Route.LoaderArgs) {
  return announcementLoader({ context, id: params.announcementId });
}

export default function AnnouncementDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const a = loaderData.item;
  return (
    <>
      <title>{`${a.title} - ${t('ann.title')} - ${t('site.name')}`}</title>
      <Link to="/announcements" className="link-btn ann-back">
        ‹ {t('ann.all')}
      </Link>
      <article className="card prose ann-detail">
        <h1>{a.title}</h1>
        <p className="ann-list__date">{t('ann.publishedAt', { date: a.publishAt })}</p>
        <AgreementText text={a.body} />
      </article>
    </>
  );
}
