import { type RouteConfig, index, layout, prefix, route } from '@react-router/dev/routes';

export default [
  // Storefront (shoppers): one layout with header, category menu, footer and the mobile tab bar.
  layout('routes/store/layout.tsx', [
    index('routes/store/home.tsx'),
    route('search', 'routes/store/search.tsx'),
    route('category', 'routes/store/category.tsx'),
    // The clean URLs of src/shared/web-paths.ts (sitemaps point here).
    route('categories/:categoryId', 'routes/store/category-listing.tsx'),
    route('products/:productId', 'routes/store/product.tsx'),
    route('shops/:shopId', 'routes/store/shop.tsx'),
    route('cart', 'routes/store/cart.tsx'),
    route('me', 'routes/store/me.tsx'),
    route('login', 'routes/store/login.tsx'),
    route('register', 'routes/store/register.tsx'),
    route('terms', 'routes/store/legal.tsx', { id: 'terms' }),
    route('privacy', 'routes/store/legal.tsx', { id: 'privacy' }),
  ]),

  // Form targets without a page of their own.
  route('lang', 'routes/lang.ts'),
  route('logout', 'routes/logout.ts'),

  // 商家后台: /seller picks the shop, everything else is per shop.
  route('seller', 'routes/seller/pick-shop.tsx'),
  route('seller/:shopId', 'routes/seller/layout.tsx', [
    index('routes/seller/overview.tsx'),
    route('products', 'routes/seller/products.tsx'),
    route('products/new', 'routes/seller/product-new.tsx'),
    route('products/:productId/edit', 'routes/seller/product-edit.tsx'),
    route(':section', 'routes/seller/section.tsx'),
  ]),

  // 平台后台
  ...prefix('admin', [
    layout('routes/admin/layout.tsx', [
      index('routes/admin/overview.tsx'),
      route('shops', 'routes/admin/shops.tsx'),
      route('product-review', 'routes/admin/product-review.tsx'),
      route('product-review/:productId', 'routes/admin/product-review-detail.tsx'),
      route('catalog', 'routes/admin/catalog.tsx'),
      route(':section', 'routes/admin/section.tsx'),
    ]),
  ]),
] satisfies RouteConfig;
