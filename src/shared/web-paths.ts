/** The storefront's clean URLs, used by pages, sitemaps and canonical links alike. */
export const webPaths = {
  home: () => '/',
  product: (productId: string) => `/products/${encodeURIComponent(productId)}`,
  category: (categoryId: string) => `/categories/${encodeURIComponent(categoryId)}`,
  shop: (shopId: string) => `/shops/${encodeURIComponent(shopId)}`,
  search: (q: string) => `/search?q=${encodeURIComponent(q)}`,
};
