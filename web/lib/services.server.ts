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
  searchProductsByTitle,
  findCategory,
  countShopCatalog,
  countOnSaleProducts,
  type CategoryItem,
  type CategoryNode,
  type ProductCard,
} from '../../src/modules/catalog/catalog.queries.ts';
export { imageVariant } from '../../src/shared/media.ts';
export { formatFen } from '../../src/shared/money.ts';
