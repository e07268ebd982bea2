/**
 * The only door from page modules to server code in src/. Route modules import from here
 * (or other `*.server.ts` files) and use it in loaders and actions only; the `.server`
 * suffix makes the build fail if any of it would reach the browser bundle.
 */
export { login, logout, registerAndSignIn, changePassword } from '../../src/modules/identity/identity.service.ts';
export { maskMobile, maskEmail } from '../../src/modules/identity/identity.rules.ts';
export { sessionCookies, clearedSessionCookies } from '../../src/http/session-cookies.ts';
export {
  listTopCategories,
  listCategoryTree,
  listNewProducts,
  findCategory,
  findCategoryPath,
  listChildCategories,
  findStoreShop,
  findBrandNames,
  listSellerProducts,
  countProductsByStatus,
  countShopCatalog,
  countOnSaleProducts,
  type CategoryItem,
  type CategoryNode,
  type ProductCard,
  type SellerProductRow,
  type StoreShop,
} from '../../src/modules/catalog/catalog.queries.ts';
export { getProductDetail, listProductsForReview } from '../../src/modules/catalog/products.queries.ts';
export { createProduct, updateProduct, changeProductStatus, productHistory, type Actor, type ProductInput } from '../../src/modules/catalog/products.service.ts';
export { productInput as productInputSchema } from '../../src/modules/catalog/catalog.schemas.ts';
export {
  listAllCategories,
  createCategory,
  updateCategory,
  listBrands,
  createBrand,
  listAttributes,
  setAttribute,
  deleteAttribute,
} from '../../src/modules/catalog/taxonomy.service.ts';
export type { SearchQuery, SearchHit, SearchResult, SearchSort } from '../../src/modules/catalog/search/search.ts';
export { SEARCH_SORTS } from '../../src/modules/catalog/search/search.ts';
export type { ProductStatus } from '../../src/modules/catalog/catalog.tables.ts';
export { AppError } from '../../src/http/errors.ts';
export { imageVariant } from '../../src/shared/media.ts';
export { webPaths } from '../../src/shared/web-paths.ts';
export { formatFen } from '../../src/shared/money.ts';
