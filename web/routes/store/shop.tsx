import type { Route } from './+types/shop';
import { useT } from '../../i18n/use-t.ts';
import { Listing } from '../../components/store/Listing.tsx';
import { Seo } from '../../components/store/Seo.tsx';
import { ShopBadge } from '../../components/store/ShopBadge.tsx';
import { notFound } from '../../lib/guards.server.ts';
import { findStoreShop, imageVariant, webPaths } from '../../lib/services.server.ts';
import { readSearchState, runSearch } from '../../lib/search.server.ts';
import { siteOrigin } from '../../lib/store-views.server.ts';
import { shopLicenceView } from '../../lib/onboarding.server.ts';
import openShopCss from '../../styles/open-shop.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: openShopCss }];

/**
 * 店铺页: the shop's header with its kind (旗舰店 …), its 营业执照信息 (电子商务法 第十五条) and its products on
 * sale (the search listing with shopId). A frozen or closed shop is a 404, like its products: a freeze is a
 * sanction under investigation, so the storefront neither sells nor advertises it; buyers with orders still
 * reach those from 我的订单.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const shop = await findStoreShop(context.app.db, params.shopId);
  if (!shop) throw notFound();
  const state = readSearchState(new URL(request.url));
  const [view, licence] = await Promise.all([runSearch(context, state, { shopId: shop.id }), shopLicenceView(context, shop.id)]);
  const origin = siteOrigin(request);
  return {
    shop: {
      id: shop.id, name: shop.name, kind: shop.kind, intro: shop.intro, logo: shop.logoUrl ? imageVariant(shop.logoUrl, 'thumb') : null, onSale: shop.onSaleCount,
      banner: shop.bannerUrl, announcement: shop.announcement, serviceHours: shop.serviceHours,
    },
    view,
    licence,
    basePath: webPaths.shop(shop.id),
    canonical: origin + webPaths.shop(shop.id) + (state.page > 1 ? `?page=${state.page}` : ''),
    image: shop.logoUrl ? origin + shop.logoUrl : null,
  };
}

export default function ShopPage({ loaderData }: Route.ComponentProps) {
  const { shop, view, licence, basePath, canonical, image } = loaderData;
  const { t } = useT();
  const initial = [...shop.name][0] ?? '店';
  return (
    <>
      <Seo title={`${shop.name} - ${t('site.name')}`} description={shop.intro || t('seo.shop', { name: shop.name, count: shop.onSale })} canonical={canonical} image={image} />
      {shop.banner ? <img className="shop-banner" src={shop.banner} alt="" /> : null}
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
          <p className="muted small">
            {t('shop.onSale', { count: shop.onSale })}
            {shop.serviceHours ? ` · ${t('shop.serviceHours', { hours: shop.serviceHours })}` : null}
          </p>
        </div>
      </header>
      {shop.announcement ? (
        <p className="card shop-announcement" role="note">
          <strong>{t('shop.announcement')}</strong> {shop.announcement}
        </p>
      ) : null}
      {licence ? (
        <details className="card shop-licence" id="licence">
          <summary>{t('onboarding.licence.title')}</summary>
          <dl>
            <div>
              <dt>{t(licence.subjectType === 'company' ? 'onboarding.licence.subjectName' : 'onboarding.licence.operator')}</dt>
              <dd>{licence.subjectName}</dd>
            </div>
            {licence.uscc ? (
              <div>
                <dt>{t('onboarding.licence.uscc')}</dt>
                <dd className="mono">{licence.uscc}</dd>
              </div>
            ) : null}
            {licence.subjectType === 'company' ? (
              <div>
                <dt>{t('onboarding.licence.legalRep')}</dt>
                <dd>{licence.legalRep}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('onboarding.licence.businessScope')}</dt>
              <dd>{licence.businessScope || '—'}</dd>
            </div>
            <div>
              <dt>{t('onboarding.licence.verifiedAt')}</dt>
              <dd>{licence.verifiedAt}</dd>
            </div>
          </dl>
          {licence.image ? (
            <a className="shop-licence__image" href={licence.image.detail} target="_blank" rel="noopener">
              <img src={licence.image.thumb} alt={t('onboarding.licence.image')} width={160} height={120} loading="lazy" />
            </a>
          ) : null}
          <p className="muted small">{t('onboarding.licence.law')}</p>
        </details>
      ) : null}
      <Listing view={view} basePath={basePath} categoryFacets />
    </>
  );
}
