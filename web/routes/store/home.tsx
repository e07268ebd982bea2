import { Link } from 'react-router';
import type { Route } from './+types/home';
import { useT } from '../../i18n/use-t.ts';
import { CategoryIcon } from '../../components/store/CategoryIcon.tsx';
import { ProductGrid } from '../../components/store/ProductGrid.tsx';
import { listNewProducts, listTopCategories } from '../../lib/services.server.ts';
import { categoryView, productCardView, siteOrigin } from '../../lib/store-views.server.ts';
import { Seo } from '../../components/store/Seo.tsx';

export async function loader({ request, context }: Route.LoaderArgs) {
  const [categories, products] = await Promise.all([listTopCategories(context.app.db), listNewProducts(context.app.db, 20)]);
  return {
    categories: categories.slice(0, 10).map((c) => categoryView(c, context.locale)),
    products: products.map((p) => productCardView(p, context.locale)),
    origin: siteOrigin(request),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { categories, products, origin } = loaderData;
  const { t } = useT();
  return (
    <>
      <Seo
        title={t('site.title')}
        description={t('seo.home')}
        canonical={`${origin}/`}
        structured={[{ '@context': 'https://schema.org', '@type': 'WebSite', name: t('site.name'), url: `${origin}/`, potentialAction: { '@type': 'SearchAction', target: `${origin}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' } }]}
      />
      <section className="hero">
        <div>
          <p className="hero__title">{t('site.name')}</p>
          <p className="hero__sub">{t('site.tagline')}</p>
        </div>
      </section>

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
