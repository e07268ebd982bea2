/**
 * Product search as the storefront sees it. Callers depend on this interface only, so a
 * deployment can put Meilisearch or OpenSearch behind it without touching them.
 */
export const SEARCH_SORTS = ['relevance', 'sales', 'price_asc', 'price_desc', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchQuery {
  q?: string | undefined;
  /** A category at any of the three levels. */
  categoryId?: string | undefined;
  brandIds?: string[] | undefined;
  priceMinFen?: number | undefined;
  priceMaxFen?: number | undefined;
  /** Spec values that some SKU must have, e.g. { 颜色: '黑色' }. */
  specs?: Record<string, string> | undefined;
  inStock?: boolean | undefined;
  shopId?: string | undefined;
  selfOperated?: boolean | undefined;
  sort: SearchSort;
  page: number;
  pageSize: number;
}

export interface SearchHit {
  id: string;
  title: string;
  subtitle: string;
  image: string | null;
  minPriceFen: number;
  salesCount: number;
  ratingAvgX100: number;
  shopId: string;
  shopName: string;
  selfOperated: boolean;
  inStock: boolean;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SearchResult {
  total: number;
  items: SearchHit[];
  /** True when nothing matched exactly and these are near matches (typos, homophones). */
  fuzzy: boolean;
  facets: {
    categories: FacetValue[];
    brands: FacetValue[];
    /** Only when a level-3 category is chosen: its spec values among the matches. */
    specs: { name: string; values: FacetValue[] }[];
  };
  /** When nothing matched at all: popular products to suggest instead. */
  suggestions: SearchHit[];
}

export interface ProductSearch {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Autocomplete: product titles, categories and brands for what has been typed so far. */
  suggest(prefix: string, limit?: number): Promise<string[]>;
}
