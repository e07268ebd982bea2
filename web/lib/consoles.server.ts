import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { ShopKind, ShopStatus } from '../../src/modules/merchants/merchants.tables.ts';
import { maskEmail, maskMobile } from './services.server.ts';

/** Read-only figures and lists for the two consoles (page queries; joins across modules allowed). */

export async function findShop(db: Db, shopId: string) {
  return db.selectFrom('shop').select(['id', 'name', 'kind', 'status', 'created_at']).where('id', '=', shopId).executeTakeFirst();
}

export async function platformOverview(db: Db): Promise<{ accounts: number; shops: number }> {
  const [accounts, shops] = await Promise.all([
    db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('shop').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'closed').executeTakeFirstOrThrow(),
  ]);
  return { accounts: Number(accounts.n), shops: Number(shops.n) };
}

export interface ShopRow {
  id: string;
  name: string;
  kind: ShopKind;
  status: ShopStatus;
  /** 138****8000 or a***@example.com; null when the shop has no owner row. */
  ownerMasked: string | null;
  members: number;
  createdAt: Date;
}

/** Every shop, newest first, with its owner's login masked. */
export async function listShops(db: Db, limit = 200): Promise<ShopRow[]> {
  const rows = await db
    .selectFrom('shop')
    .leftJoin('shop_member as owner', (join) => join.onRef('owner.shop_id', '=', 'shop.id').on('owner.role', '=', 'owner'))
    .leftJoin('app_user', 'app_user.id', 'owner.user_id')
    .select([
      'shop.id',
      'shop.name',
      'shop.kind',
      'shop.status',
      'shop.created_at',
      'app_user.mobile',
      'app_user.email',
      sql<number>`(select count(*) from shop_member m where m.shop_id = shop.id)`.as('members'),
    ])
    .orderBy('shop.created_at', 'desc')
    .orderBy('shop.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    ownerMasked: r.mobile ? maskMobile(r.mobile) : r.email ? maskEmail(r.email) : null,
    members: Number(r.members),
    createdAt: r.created_at,
  }));
}

/** Display names of accounts, for audit trails. */
export async function userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Low stock: an on-sale SKU at or below this many pieces is a 库存预警. */
export const LOW_STOCK = 5;

/**
 * 概况 of a shop: today's orders and sales (China day, paid orders by payment time) and the to-dos —
 * orders to ship, after-sales waiting for the shop, parcels not moving, low stock, products in review,
 * complaints waiting for a reply.
 */
export async function sellerDashboard(db: Db, shopId: string, now: Date) {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const dayStart = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()) - 8 * 3_600_000);
  const today = await db
    .selectFrom('shop_order')
    .select([sql<number>`count(*)`.as('orders'), sql<string>`coalesce(sum(payable_fen), 0)`.as('sales')])
    .where('shop_id', '=', shopId)
    .where('paid_at', '>=', dayStart)
    .executeTakeFirstOrThrow();
  const [toShip, afterSales, stale, lowStock, inReview, complaints] = await Promise.all([
    db.selectFrom('shop_order').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', '=', 'paid').where('delivery_method', '=', 'express').executeTakeFirstOrThrow(),
    db.selectFrom('after_sales_request').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', 'in', ['requested', 'returned']).executeTakeFirstOrThrow(),
    db.selectFrom('shipment').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('stale', '=', true).executeTakeFirstOrThrow(),
    db
      .selectFrom('sku')
      .innerJoin('product', 'product.id', 'sku.product_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('product.shop_id', '=', shopId)
      .where('product.status', '=', 'on_sale')
      .where('sku.stock', '<=', LOW_STOCK)
      .executeTakeFirstOrThrow(),
    db.selectFrom('product').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', '=', 'pending_review').executeTakeFirstOrThrow(),
    db.selectFrom('complaint').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('status', 'in', ['accepted', 'investigating']).executeTakeFirstOrThrow(),
  ]);
  return {
    todayOrders: Number(today.orders),
    todaySalesFen: Number(today.sales),
    todos: { toShip: Number(toShip.n), afterSales: Number(afterSales.n), stale: Number(stale.n), lowStock: Number(lowStock.n), inReview: Number(inReview.n), complaints: Number(complaints.n) },
  };
}
