import type { Route } from './+types/search';
import { useT } from '../../i18n/use-t.ts';
import { Listing } from '../../components/store/Listing.tsx';
import { readSearchState, runSearch } from '../../lib/search.server.ts';
import { siteOrigin } from '../../lib/store-views.server.ts';

/** 搜索: ctx.search with every filter in the URL (see lib/search-url.ts). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const state = readSearchState(url);
  const view = await runSearch(context, state);
  return { view, origin: siteOrigin(request) };
}

export default function Search({ loaderData }: Route.ComponentProps) {
  const { view, origin } = loaderData;
  const { t } = useT();
  const { q } = view.state;
  const heading = q ? t('search.resultsFor', { q }) : t('search.allProducts');
  return (
    <>
      <title>{`${heading} - ${t('site.name')}`}</title>
      {/* Result pages are for people; the canonical search is the bare keyword, and filtered variants stay out of the index. */}
      <meta name="robots" content="noindex, follow" />
      {q ? <link rel="canonical" href={`${origin}/search?q=${encodeURIComponent(q)}`} /> : null}
      <div className="section-head section-head--bare listing-head">
        <h1>{heading}</h1>
        <span className="muted">{t('search.count', { count: view.total })}</span>
      </div>
      <Listing view={view} basePath="/search" categoryFacets />
    </>
  );
}
