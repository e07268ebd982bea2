import type { AppLoadContext } from 'react-router';
import { SEARCH_SORTS, findBrandNames, findCategory, type SearchQuery, type SearchSort } from './services.server.ts';
import { categoryName, hitCardView } from './store-views.server.ts';
import { yuanToFen } from './money.ts';
import type { SearchStateView, SearchView } from './views.ts';

export const PAGE_SIZE = 20;
/** Deep pages are for robots; people refine instead. */
const MAX_PAGE = 100;

const clip = (value: string | null, max: number) => (value ?? '').trim().slice(0, max);

/** Reads the listing's state from the URL, leniently: anything malformed is dropped, never an error page. */
export function readSearchState(url: URL): SearchStateView {
  const p = url.searchParams;
  const sort = p.get('sort') ?? 'relevance';
  const page = Number(p.get('page') ?? '1');
  const specs: Record<string, string> = {};
  for (const raw of p.getAll('spec').slice(0, 10)) {
    const at = raw.indexOf(':');
    if (at > 0 && at < raw.length - 1 && raw.length <= 60) specs[raw.slice(0, at)] = raw.slice(at + 1);
  }
  return {
    q: clip(p.get('q'), 50),
    category: clip(p.get('category'), 64),
    brands: [...new Set(p.getAll('brand').map((b) => b.slice(0, 64)).filter(Boolean))].slice(0, 20),
    min: clip(p.get('min'), 12),
    max: clip(p.get('max'), 12),
    specs,
    stock: p.get('stock') === '1',
    self: p.get('self') === '1',
    sort: (SEARCH_SORTS as readonly string[]).includes(sort) ? (sort as SearchSort) : 'relevance',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** Runs ctx.search for a listing. `fixed` is what the page's path decides (a category page, a shop page). */
export async function runSearch(context: AppLoadContext, state: SearchStateView, fixed: { categoryId?: string; shopId?: string } = {}): Promise<SearchView> {
  let minFen = state.min ? yuanToFen(state.min) : undefined;
  let maxFen = state.max ? yuanToFen(state.max) : undefined;
  const badPrice = minFen === null || maxFen === null;
  if (minFen === null) minFen = undefined;
  if (maxFen === null) maxFen = undefined;
  if (minFen !== undefined && maxFen !== undefined && minFen > maxFen) [minFen, maxFen] = [maxFen, minFen];
  const query: SearchQuery = {
    q: state.q || undefined,
    categoryId: fixed.categoryId ?? (state.category || undefined),
    brandIds: state.brands,
    priceMinFen: minFen,
    priceMaxFen: maxFen,
    specs: state.specs,
    inStock: state.stock || undefined,
    shopId: fixed.shopId,
    selfOperated: state.self || undefined,
    sort: state.sort,
    page: state.page,
    pageSize: PAGE_SIZE,
  };
  const { db } = context.app;
  const [result, chosenCategory, brandNames] = await Promise.all([
    context.app.search.search(query),
    !fixed.categoryId && state.category ? findCategory(db, state.category) : Promise.resolve(undefined),
    findBrandNames(db, state.brands),
  ]);
  return {
    state,
    total: result.total,
    pageCount: Math.min(MAX_PAGE, Math.ceil(result.total / PAGE_SIZE)),
    items: result.items.map((h) => hitCardView(h, context.locale)),
    fuzzy: result.fuzzy,
    suggestions: result.suggestions.map((h) => hitCardView(h, context.locale)),
    facets: result.facets,
    badPrice,
    labels: { category: chosenCategory ? categoryName(chosenCategory, context.locale) : null, brands: Object.fromEntries(brandNames) },
  };
}
