import type { AppLoadContext } from 'react-router';
import type { Db } from '../../src/db/database.ts';
import { CART_COOKIE, cartOwner, mergeGuestCart, newGuestToken, viewCart } from '../../src/modules/cart/cart.service.ts';
import { formatFen, imageVariant, webPaths } from './services.server.ts';
import type { Locale } from '../i18n/messages.ts';
import type { CartView } from './buying-views.ts';

export { addToCart, removeFromCart, selectCartItems, setCartQty, viewCart } from '../../src/modules/cart/cart.service.ts';

/** The same lifetime as the API's cart cookie (cart.routes.ts). */
const CART_MAX_AGE = 30 * 86_400;

/** One cookie's value from the request, or null. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(/;\s*/)) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at) === name) {
      try {
        return decodeURIComponent(part.slice(at + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The visitor's cart token (the httpOnly `jishi_cart` cookie), if it looks like one of ours. */
export function guestToken(request: Request): string | null {
  const token = readCookie(request, CART_COOKIE);
  return token && token.length <= 100 ? token : null;
}

function cartCookie(value: string, maxAge: number, secure: boolean): string {
  return `${CART_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * Whose cart a page works on: the account's when signed in, else the visitor's cookie cart. With
 * `create`, a visitor without a cart cookie gets one (its Set-Cookie is returned for the response).
 */
export function cartOf(context: AppLoadContext, request: Request, create: boolean): { owner: string | null; setCookie: string | null } {
  if (context.auth) return { owner: cartOwner({ userId: context.auth.userId }), setCookie: null };
  const token = guestToken(request);
  if (token) return { owner: cartOwner({ guestToken: token }), setCookie: null };
  if (!create) return { owner: null, setCookie: null };
  const fresh = newGuestToken();
  return { owner: cartOwner({ guestToken: fresh }), setCookie: cartCookie(fresh, CART_MAX_AGE, context.app.config.behindTls) };
}

/** Pieces in the cart, for the header badge (one cheap sum; 0 without a cart). */
export async function cartPieces(db: Db, owner: string | null): Promise<number> {
  if (!owner) return 0;
  const row = await db.selectFrom('cart_item').select((eb) => eb.fn.sum<number>('qty').as('n')).where('owner', '=', owner).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * At login or registration the visitor's cart joins the account's (quantities add up within stock and
 * limits), and the cart cookie is cleared. Adds the Set-Cookie to `headers`.
 */
export async function mergeCartAtLogin(context: AppLoadContext, request: Request, userId: string, headers: Headers): Promise<void> {
  const token = guestToken(request);
  if (!token) return;
  await mergeGuestCart(context.app.db, context.app.clock, token, userId);
  headers.append('Set-Cookie', cartCookie('', 0, context.app.config.behindTls));
}

const specText = (spec: Record<string, string>) => Object.values(spec).join(' ');

/** The cart page's data: shops with their items, 失效宝贝, and totals over the selected items. */
export async function cartView(db: Db, owner: string | null, locale: Locale): Promise<CartView> {
  if (!owner) return { shops: [], invalid: [], total: formatFen(0, locale), totalFen: 0, selectedCount: 0, allSelected: false, itemCount: 0 };
  const cart = await viewCart(db, owner);
  const shops = cart.shops.map((shop) => ({
    shopId: shop.shopId,
    shopName: shop.shopName,
    shopKind: shop.shopKind,
    href: webPaths.shop(shop.shopId),
    allSelected: shop.items.every((i) => i.selected),
    items: shop.items.map((i) => ({
      skuId: i.skuId,
      href: webPaths.product(i.productId),
      title: i.title,
      spec: specText(i.spec),
      image: i.imageUrl ? imageVariant(i.imageUrl, 'thumb') : null,
      qty: i.qty,
      maxQty: Math.max(1, Math.min(i.stock, i.purchaseLimit ?? 9999, 9999)),
      stock: i.stock,
      selected: i.selected,
      price: formatFen(i.priceFen, locale),
      lineTotal: formatFen(i.priceFen * i.qty, locale),
      // 价格变动: what it cost when it was added, and whether it went down (降价) or up.
      priceWas: i.state === 'price_changed' || i.priceFen !== i.priceWhenAddedFen ? formatFen(i.priceWhenAddedFen, locale) : null,
      dropped: i.priceFen < i.priceWhenAddedFen ? formatFen(i.priceWhenAddedFen - i.priceFen, locale) : null,
      lowStock: i.state === 'low_stock' || i.stock <= 5,
      overStock: i.state === 'low_stock',
    })),
  }));
  const items = shops.flatMap((s) => s.items);
  return {
    shops,
    invalid: cart.invalid.map((i) => ({
      skuId: i.skuId,
      href: webPaths.product(i.productId),
      title: i.title,
      spec: specText(i.spec),
      image: i.imageUrl ? imageVariant(i.imageUrl, 'thumb') : null,
      reason: i.state === 'out_of_stock' ? ('soldOut' as const) : ('unavailable' as const),
    })),
    total: formatFen(cart.totalFen, locale),
    totalFen: cart.totalFen,
    selectedCount: cart.selectedCount,
    allSelected: items.length > 0 && items.every((i) => i.selected),
    itemCount: items.length,
  };
}
