import { Link, useSearchParams } from 'react-router';
import type { Route } from './+types/home';
import { useT } from '../../i18n/use-t.ts';
import { CategoryIcon } from '../../components/store/CategoryIcon.tsx';
import { ProductGrid } from '../../components/store/ProductGrid.tsx';
import { listNewProducts, listTopCategories } from '../../lib/services.server.ts';
import { categoryView, productCardView, siteOrigin } from '../../lib/store-views.server.ts';
import { Seo } from '../../components/store/Seo.tsx';
import { homeContent } from '../../lib/content.server.ts';
import contentCss from '../../styles/content.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: contentCss }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const [categories, products, content] = await Promise.all([listTopCategories(context.app.db), listNewProducts(context.app.db, 20), homeContent(context)]);
  return {
    // The platform's 首页类目 configuration in force, else the first ten top-level categories.
    categories: (content.grid ?? categories.slice(0, 10)).map((c) => categoryView(c, context.locale)),
    banners: content.banners,
    announcements: content.announcements,
    products: products.map((p) => productCardView(p, context.locale)),
    origin: siteOrigin(request),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { categories, products, origin, banners, announcements } = loaderData;
  const { t } = useT();
  const [params] = useSearchParams();
  return (
    <>
      <Seo
        title={t('site.title')}
        description={t('seo.home')}
        canonical={`${origin}/`}
        structured={[{ '@context': 'https://schema.org', '@type': 'WebSite', name: t('site.name'), url: `${origin}/`, potentialAction: { '@type': 'SearchAction', target: `${origin}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' } }]}
      />
      {params.get('declined') === '1' ? (
        <p className="form__error home-declined" role="status">
          {t('agr.accept.declined')}
        </p>
      ) : null}
      {banners.length === 0 ? (
        <section className="hero">
          <div>
            <p className="hero__title">{t('site.name')}</p>
            <p className="hero__sub">{t('site.tagline')}</p>
          </div>
        </section>
      ) : (
        <section className="banners" aria-label={t('bnr.label')}>
          <ul className="banners__track">
            {banners.map((b) => {
              const inner = (
                <>
                  {b.imageUrl ? <img src={b.imageUrl} alt="" className="banner__img" loading="lazy" /> : null}
                  <span className="banner__text">
                    <span className="banner__title">{b.title}</span>
                    {b.subtitle ? <span className="banner__sub">{b.subtitle}</span> : null}
                  </span>
                </>
              );
              return (
                <li key={b.id} className={`banner banner--${b.theme}${b.imageUrl ? ' banner--picture' : ''}`}>
                  {b.linkUrl ? (
                    b.linkUrl.startsWith('/') ? (
                      <Link to={b.linkUrl} className="banner__link">
                        {inner}
                      </Link>
                    ) : (
                      <a href={b.linkUrl} className="banner__link" rel="noopener">
                        {inner}
                      </a>
                    )
                  ) : (
                    <div className="banner__link">{inner}</div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {announcements.length > 0 ? (
        <nav className="notice-bar" aria-label={t('ann.title')}>
          <span className="notice-bar__label">{t('ann.short')}</span>
          <ul className="notice-bar__list">
            {announcements.map((a) => (
              <li key={a.id}>
                <Link to={`/announcements/${encodeURIComponent(a.id)}`}>{a.title}</Link>
                <span className="notice-bar__date">{a.date}</span>
              </li>
            ))}
          </ul>
          <Link to="/announcements" className="notice-bar__more">
            {t('ann.more')} ›
          </Link>
        </nav>
      ) : null}

      <section className="card" aria-labelledby="home-categories">
        <div className="section-head">
          <h2 id="home-categories">{t('home.categories')}</h2>
          <Link to="/category" className="section-head__more">
            {t('home.viewAll')} ›
          </Link>
        </div>
        {categories.length === 0 ? (
          <p className="empty-line">{t('home.noCategories')}</p>
        ) : (
          <ul className="cat-grid">
            {categories.map((c, i) => (
              <li key={c.id}>
                <Link to={`/category?c=${encodeURIComponent(c.id)}`} className="cat-grid__item">
                  <CategoryIcon name={c.name} icon={c.icon} index={i} />
                  <span className="cat-grid__name">{c.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="home-new">
        <div className="section-head section-head--bare">
          <h2 id="home-new">
            {t('home.newArrivals')}
            <small>{t('home.newArrivalsSub')}</small>
          </h2>
        </div>
        {products.length === 0 ? <p className="card empty-line">{t('home.noProducts')}</p> : <ProductGrid products={products} />}
      </section>
    </>
  );
}
