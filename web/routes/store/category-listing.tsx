import { Link } from 'react-router';
import type { Route } from './+types/category-listing';
import { useT } from '../../i18n/use-t.ts';
import { translate } from '../../i18n/messages.ts';
import { Listing } from '../../components/store/Listing.tsx';
import { Breadcrumbs } from '../../components/store/Breadcrumbs.tsx';
import { Seo } from '../../components/store/Seo.tsx';
import { notFound } from '../../lib/guards.server.ts';
import { findCategoryPath, listChildCategories, webPaths } from '../../lib/services.server.ts';
import { readSearchState, runSearch } from '../../lib/search.server.ts';
import { categoryName, siteOrigin } from '../../lib/store-views.server.ts';
import { breadcrumbListLd } from '../../lib/seo.ts';

/** A category's listing (any level): the search listing without a keyword, with breadcrumbs. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db } = context.app;
  const path = await findCategoryPath(db, params.categoryId);
  if (!path) throw notFound();
  const category = path[path.length - 1]!;
  const url = new URL(request.url);
  const state = { ...readSearchState(url), category: '' };
  const [view, children] = await Promise.all([runSearch(context, state, { categoryId: category.id }), listChildCategories(db, category.id)]);
  const origin = siteOrigin(request);
  const locale = context.locale;
  const name = categoryName(category, locale);
  const crumbs = [
    { name: translate(locale, 'nav.home'), href: webPaths.home() },
    ...path.map((c) => ({ name: categoryName(c, locale), href: c.id === category.id ? null : webPaths.category(c.id) })),
  ];
  return {
    id: category.id,
    name,
    crumbs,
    children: children.map((c) => ({ id: c.id, name: categoryName(c, locale), href: webPaths.category(c.id) })),
    view,
    basePath: webPaths.category(category.id),
    canonical: origin + webPaths.category(category.id) + (state.page > 1 ? `?page=${state.page}` : ''),
    breadcrumbLd: breadcrumbListLd(crumbs.map((c) => ({ name: c.name, url: origin + (c.href ?? webPaths.category(category.id)) }))),
  };
}

export default function CategoryListing({ loaderData }: Route.ComponentProps) {
  const { name, crumbs, children, view, basePath, canonical, breadcrumbLd } = loaderData;
  const { t } = useT();
  return (
    <>
      <Seo
        title={`${name} - ${t('site.name')}`}
        description={t('seo.category', { name, count: view.total })}
        canonical={canonical}
        structured={[breadcrumbLd]}
      />
      <Breadcrumbs items={crumbs} />
      <div className="section-head section-head--bare listing-head">
        <h1>{name}</h1>
        <span className="muted">{t('search.count', { count: view.total })}</span>
      </div>
      <Listing
        view={view}
        basePath={basePath}
        categoryFacets={false}
        top={
          children.length > 0 ? (
            <nav className="subcats" aria-label={t('category.sub')}>
              {children.map((c) => (
                <Link key={c.id} to={c.href} className="subcats__item">
                  {c.name}
                </Link>
              ))}
            </nav>
          ) : null
        }
      />
    </>
  );
}
