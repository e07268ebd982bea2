import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';

export const CART_COOKIE = 'jishi_cart';
export const MAX_CART_ITEMS = 120;

export type CartOwner = { userId: string } | { guestToken: string };

/** The cart's key: the account, or (for visitors) a hash of their cart cookie. */
export function cartOwner(owner: CartOwner): string {
  return 'userId' in owner ? `user:${owner.userId}` : `guest:${crypto.createHash('sha256').update(owner.guestToken).digest('base64url')}`;
}

export function newGuestToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

async function skuForCart(q: Queryable, skuId: string) {
  const sku = await q
    .selectFrom('sku')
    .innerJoin('product', 'product.id', 'sku.product_id')
    .innerJoin('shop', 'shop.id', 'product.shop_id')
    .select(['sku.id', 'sku.price_fen', 'sku.stock', 'product.status', 'product.purchase_limit', 'shop.status as shopStatus'])
    .where('sku.id', '=', skuId)
    .executeTakeFirst();
  if (!sku || sku.status !== 'on_sale' || sku.shopStatus !== 'active') throw new AppError('PRODUCT_UNAVAILABLE');
  return sku;
}

function boundedQty(qty: number, sku: { stock: number; purchase_limit: number | null }): void {
  if (qty > sku.stock) throw new AppError('STOCK_INSUFFICIENT', { skuId: '' });
  if (sku.purchase_limit !== null && qty > sku.purchase_limit) throw new AppError('PURCHASE_LIMIT_EXCEEDED', { limit: sku.purchase_limit });
}

/** Adds `qty` of a SKU (or more of it, when it is in the cart already), within stock and the purchase limit. */
export async function addToCart(trx: Trx, clock: Clock, owner: string, skuId: string, qty: number): Promise<void> {
  const sku = await skuForCart(trx, skuId);
  const existing = await trx.selectFrom('cart_item').select(['id', 'qty']).where('owner', '=', owner).where('sku_id', '=', skuId).forUpdate().executeTakeFirst();
  const total = (existing?.qty ?? 0) + qty;
  boundedQty(total, sku);
  const now = clock.now();
  if (existing) {
    await trx.updateTable('cart_item').set({ qty: total, selected: true, updated_at: now }).where('id', '=', existing.id).execute();
    return;
  }
  const { n } = await trx.selectFrom('cart_item').select((eb) => eb.fn.countAll<number>().as('n')).where('owner', '=', owner).executeTakeFirstOrThrow();
  if (Number(n) >= MAX_CART_ITEMS) throw new AppError('CART_FULL', { max: MAX_CART_ITEMS });
  await trx
    .insertInto('cart_item')
    .values({ id: newId('crt'), owner, sku_id: skuId, qty, selected: true, price_when_added_fen: sku.price_fen, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['owner', 'sku_id']).doUpdateSet({ qty: sql`least(cart_item.qty + ${qty}, 9999)`, updated_at: now }))
    .execute();
}

export async function setCartQty(trx: Trx, clock: Clock, owner: string, skuId: string, qty: number): Promise<void> {
  const sku = await skuForCart(trx, skuId);
  boundedQty(qty, sku);
  const result = await trx.updateTable('cart_item').set({ qty, updated_at: clock.now() }).where('owner', '=', owner).where('sku_id', '=', skuId).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('CART_ITEM_NOT_FOUND');
}

export async function removeFromCart(q: Queryable, owner: string, skuIds: string[]): Promise<void> {
  if (skuIds.length) await q.deleteFrom('cart_item').where('owner', '=', owner).where('sku_id', 'in', skuIds).execute();
}

/** Selects or deselects items for checkout: some SKUs, a whole shop, or everything. */
export async function selectCartItems(q: Queryable, owner: string, selected: boolean, which: { skuIds?: string[] | undefined; shopId?: string | undefined }): Promise<void> {
  let query = q.updateTable('cart_item').set({ selected }).where('owner', '=', owner);
  if (which.skuIds) query = query.where('sku_id', 'in', which.skuIds.length ? which.skuIds : ['']);
  if (which.shopId) {
    query = query.where('sku_id', 'in', (eb) =>
      eb.selectFrom('sku').innerJoin('product', 'product.id', 'sku.product_id').select('sku.id').where('product.shop_id', '=', which.shopId!),
    );
  }
  await query.execute();
}

/** At login the visitor's cart joins the account's: quantities add up, bounded by stock and limits. */
export async function mergeGuestCart(db: Db, clock: Clock, guestToken: string, userId: string): Promise<number> {
  const from = cartOwner({ guestToken });
  const to = cartOwner({ userId });
  return db.transaction().execute(async (trx) => {
    const items = await trx.selectFrom('cart_item').select(['sku_id', 'qty']).where('owner', '=', from).forUpdate().execute();
    let merged = 0;
    for (const item of items) {
      try {
        await addToCart(trx, clock, to, item.sku_id, item.qty);
        merged++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Over stock or limit: keep what fits.
        const sku = await trx.selectFrom('sku').innerJoin('product', 'product.id', 'sku.product_id').select(['sku.stock', 'product.purchase_limit']).where('sku.id', '=', item.sku_id).executeTakeFirst();
        const current = await trx.selectFrom('cart_item').select('qty').where('owner', '=', to).where('sku_id', '=', item.sku_id).executeTakeFirst();
        const cap = Math.min(sku?.stock ?? 0, sku?.purchase_limit ?? Number.MAX_SAFE_INTEGER);
        if (current && cap > current.qty) await setCartQty(trx, clock, to, item.sku_id, cap).catch(() => undefined);
      }
    }
    await trx.deleteFrom('cart_item').where('owner', '=', from).execute();
    return merged;
  });
}

export type CartItemState = 'ok' | 'price_changed' | 'low_stock' | 'out_of_stock' | 'unavailable';

/** The cart as the page shows it: grouped by shop, each item with its state, totals over the selected ones. */
export async function viewCart(q: Queryable, owner: string) {
  const rows = await q
    .selectFrom('cart_item as c')
    .innerJoin('sku as k', 'k.id', 'c.sku_id')
    .innerJoin('product as p', 'p.id', 'k.product_id')
    .innerJoin('shop as s', 's.id', 'p.shop_id')
    .select([
      'c.sku_id as skuId', 'c.qty', 'c.selected', 'c.price_when_added_fen as priceWhenAddedFen', 'c.created_at as addedAt',
      'k.spec', 'k.price_fen as priceFen', 'k.stock', 'k.image_url as skuImage',
      'p.id as productId', 'p.title', 'p.images', 'p.status', 'p.purchase_limit as purchaseLimit',
      's.id as shopId', 's.name as shopName', 's.kind as shopKind', 's.status as shopStatus',
    ])
    .where('c.owner', '=', owner)
    .orderBy('c.created_at', 'desc')
    .execute();
  const items = rows.map((r) => {
    const available = r.status === 'on_sale' && r.shopStatus === 'active';
    const state: CartItemState = !available ? 'unavailable' : r.stock === 0 ? 'out_of_stock' : r.stock < r.qty ? 'low_stock' : Number(r.priceFen) !== Number(r.priceWhenAddedFen) ? 'price_changed' : 'ok';
    return {
      skuId: r.skuId,
      productId: r.productId,
      title: r.title,
      spec: r.spec,
      imageUrl: r.skuImage ?? r.images[0] ?? null,
      qty: r.qty,
      selected: r.selected,
      priceFen: Number(r.priceFen),
      priceWhenAddedFen: Number(r.priceWhenAddedFen),
      stock: r.stock,
      purchaseLimit: r.purchaseLimit,
      state,
      shopId: r.shopId,
      shopName: r.shopName,
      shopKind: r.shopKind,
    };
  });
  const shops = [...new Map(items.map((i) => [i.shopId, { shopId: i.shopId, shopName: i.shopName, shopKind: i.shopKind }])).values()].map((shop) => {
    const shopItems = items.filter((i) => i.shopId === shop.shopId && i.state !== 'unavailable' && i.state !== 'out_of_stock');
    const chosen = shopItems.filter((i) => i.selected);
    return { ...shop, items: shopItems, subtotalFen: chosen.reduce((s, i) => s + i.priceFen * i.qty, 0), selectedCount: chosen.reduce((s, i) => s + i.qty, 0) };
  }).filter((s) => s.items.length > 0);
  const invalid = items.filter((i) => i.state === 'unavailable' || i.state === 'out_of_stock');
  return {
    shops,
    /** 失效宝贝: off shelf or sold out, shown greyed apart from the rest. */
    invalid,
    totalFen: shops.reduce((s, x) => s + x.subtotalFen, 0),
    selectedCount: shops.reduce((s, x) => s + x.selectedCount, 0),
    count: items.reduce((s, i) => s + i.qty, 0),
  };
}
