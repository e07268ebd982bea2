import type { Route } from './+types/shop';
import { useT } from '../../i18n/use-t.ts';
import { Listing } from '../../components/store/Listing.tsx';
import { Seo } from '../../components/store/Seo.tsx';
import { ShopBadge } from '../../components/store/ShopBadge.tsx';
import { notFound } from '../../lib/guards.server.ts';
import { findStoreShop, imageVariant, webPaths } from '../../lib/services.server.ts';
import { readSearchState, runSearch } from '../../lib/search.server.ts';
import { siteOrigin } from '../../lib/store-views.server.ts';

/** 店铺页: the shop's header and its products on sale (the search listing with shopId). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const shop = await findStoreShop(context.app.db, params.shopId);
  if (!shop) throw notFound();
  const state = readSearchState(new URL(request.url));
  const view = await runSearch(context, state, { shopId: shop.id });
  const origin = siteOrigin(request);
  return {
    shop: { id: shop.id, name: shop.name, kind: shop.kind, intro: shop.intro, logo: shop.logoUrl ? imageVariant(shop.logoUrl, 'thumb') : null, onSale: shop.onSaleCount },
    view,
    basePath: webPaths.shop(shop.id),
    canonical: origin + webPaths.shop(shop.id) + (state.page > 1 ? `?page=${state.page}` : ''),
    image: shop.logoUrl ? origin + shop.logoUrl : null,
  };
}

export default function ShopPage({ loaderData }: Route.ComponentProps) {
  const { shop, view, basePath, canonical, image } = loaderData;
  const { t } = useT();
  const initial = [...shop.name][0] ?? '店';
  return (
    <>
      <Seo title={`${shop.name} - ${t('site.name')}`} description={shop.intro || t('seo.shop', { name: shop.name, count: shop.onSale })} canonical={canonical} image={image} />
      <header className="shop-head card">
        {shop.logo ? (
          <img className="shop-head__logo" src={shop.logo} alt="" width={64} height={64} />
        ) : (
          <span className="shop-head__logo shop-head__logo--text" aria-hidden="true">
            {initial}
          </span>
        )}
        <div className="shop-head__text">
          <h1 className="shop-head__name">
            {shop.name} <ShopBadge kind={shop.kind} />
          </h1>
          {shop.intro ? <p className="shop-head__intro">{shop.intro}</p> : null}
          <p className="muted small">{t('shop.onSale', { count: shop.onSale })}</p>
        </div>
      </header>
      <Listing view={view} basePath={basePath} categoryFacets />
    </>
  );
}
