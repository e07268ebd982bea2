import type { Route } from './+types/search';
import { useT } from '../../i18n/use-t.ts';
import { ProductGrid } from '../../components/store/ProductGrid.tsx';
import { findCategory, searchProductsByTitle } from '../../lib/services.server.ts';
import { categoryName, productCardView } from '../../lib/store-views.server.ts';

/** A stopgap search (title ILIKE) until the search engine exists: ?q=keyword&category=id. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const categoryId = url.searchParams.get('category')?.slice(0, 100) || undefined;
  const category = categoryId ? await findCategory(context.app.db, categoryId) : undefined;
  if (!q && !category) return { q, category: null, products: null };
  const products = await searchProductsByTitle(context.app.db, { keyword: q, categoryId: category?.id, limit: 60 });
  return {
    q,
    category: category ? { id: category.id, name: categoryName(category, context.locale) } : null,
    products: products.map((p) => productCardView(p, context.locale)),
  };
}

export default function Search({ loaderData }: Route.ComponentProps) {
  const { q, category, products } = loaderData;
  const { t } = useT();
  const heading = q ? t('search.resultsFor', { q }) : category ? category.name : t('search.title');
  return (
    <>
      <title>{`${heading} - ${t('site.name')}`}</title>
      <div className="section-head section-head--bare">
        <h1>{heading}</h1>
        {products ? <span className="muted">{t('search.count', { count: products.length })}</span> : null}
      </div>
      {products === null ? (
        <p className="card empty-line">{t('search.prompt')}</p>
      ) : products.length === 0 ? (
        <p className="card empty-line">{t('search.empty')}</p>
      ) : (
        <ProductGrid products={products} />
      )}
    </>
  );
}
