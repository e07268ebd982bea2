/** Display-ready shapes that loaders hand to storefront components (no server types). */
export interface ProductCardView {
  id: string;
  title: string;
  shopName: string;
  /** Formatted for the page's language, e.g. ¥1,299.00. */
  price: string;
  sold: number;
  /** The 400px list image, or null. */
  image: string | null;
  /** Sold out everywhere (search hits only). */
  soldOut?: boolean;
  selfOperated?: boolean;
}

export interface CategoryView {
  id: string;
  name: string;
  icon: string | null;
  children: CategoryView[];
}

export interface CrumbView {
  name: string;
  /** Site path, or null for the current page. */
  href: string | null;
}

/** What the search form and its links start from: the URL's query, as typed. */
export interface SearchStateView {
  q: string;
  /** Chosen category (absent when the page's path fixes it). */
  category: string;
  brands: string[];
  /** Price range in yuan, as typed. */
  min: string;
  max: string;
  /** Spec filters: name → value. */
  specs: Record<string, string>;
  stock: boolean;
  self: boolean;
  sort: 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest';
  page: number;
}

export interface FacetView {
  value: string;
  label: string;
  count: number;
}

export interface SearchView {
  state: SearchStateView;
  total: number;
  pageCount: number;
  items: ProductCardView[];
  fuzzy: boolean;
  suggestions: ProductCardView[];
  facets: { categories: FacetView[]; brands: FacetView[]; specs: { name: string; values: FacetView[] }[] };
  /** The price range was not a number: it was ignored. */
  badPrice: boolean;
  /** Names of the chosen category and brands, for the chips (ids that name nothing are left out). */
  labels: { category: string | null; brands: Record<string, string> };
}
