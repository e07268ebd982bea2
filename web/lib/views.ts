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
}

export interface CategoryView {
  id: string;
  name: string;
  icon: string | null;
  children: CategoryView[];
}
