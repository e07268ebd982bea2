import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { ShopKind } from '../merchants/merchants.tables.ts';
import type { ProductStatus } from './catalog.tables.ts';

/**
 * Read-only catalog queries for the storefront and the consoles' overview pages.
 * Shoppers only ever see products that are on sale in a shop that is open (status active).
 */

export interface CategoryItem {
  id: string;
  parentId: string | null;
  level: 1 | 2 | 3;
  name: string;
  /** English name; '' when nobody has translated it. */
  nameEn: string;
  icon: string | null;
}

export interface CategoryNode extends CategoryItem {
  children: CategoryNode[];
}

/** Enabled level-1 categories in menu order. */
export async function listTopCategories(db: Queryable): Promise<CategoryItem[]> {
  const rows = await db
    .selectFrom('category')
    .select(['id', 'parent_id', 'level', 'name', 'name_en', 'icon'])
    .where('level', '=', 1)
    .where('enabled', '=', true)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map(toItem);
}

/**
 * The whole enabled tree (three levels), each level in menu order. A category whose parent
 * is disabled is left out with it.
 */
export async function listCategoryTree(db: Queryable): Promise<CategoryNode[]> {
  const rows = await db
    .selectFrom('category')
    .select(['id', 'parent_id', 'level', 'name', 'name_en', 'icon'])
    .where('enabled', '=', true)
    .orderBy('level')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const byId = new Map<string, CategoryNode>();
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node: CategoryNode = { ...toItem(row), children: [] };
    if (row.parent_id === null) {
      roots.push(node);
      byId.set(node.id, node);
    } else {
      const parent = byId.get(row.parent_id);
      if (!parent) continue;
      parent.children.push(node);
      byId.set(node.id, node);
    }
  }
  return roots;
}

export interface ProductCard {
  id: string;
  title: string;
  shopName: string;
  /** Lowest SKU price, integer fen. */
  minPriceFen: number;
  salesCount: number;
  /** The first image's detail URL (see src/shared/media.ts), or null. */
  imageUrl: string | null;
}

function productCards(db: Queryable) {
  return db
    .selectFrom('product')
    .innerJoin('shop', 'shop.id', 'product.shop_id')
    .select([
      'product.id',
      'product.title',
      'shop.name as shopName',
      'product.min_price_fen as minPriceFen',
      'product.sales_count as salesCount',
      sql<string | null>`product.images ->> 0`.as('imageUrl'),
    ])
    .where('product.status', '=', 'on_sale')
    .where('shop.status', '=', 'active');
}

/** 新品: products on sale, newest first. */
export async function listNewProducts(db: Queryable, limit = 20): Promise<ProductCard[]> {
  const rows = await productCards(db).orderBy('product.created_at', 'desc').orderBy('product.id', 'desc').limit(limit).execute();
  return rows.map(toCard);
}

/** Escapes LIKE wildcards so the keyword matches literally. */
export function likeContains(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function findCategory(db: Queryable, id: string): Promise<CategoryItem | undefined> {
  const row = await db
    .selectFrom('category')
    .select(['id', 'parent_id', 'level', 'name', 'name_en', 'icon'])
    .where('id', '=', id)
    .where('enabled', '=', true)
    .executeTakeFirst();
  return row && toItem(row);
}

/** The merchant console's catalog figures for one shop. */
export async function countShopCatalog(db: Queryable, shopId: string): Promise<{ onSaleProducts: number; zeroStockSkus: number }> {
  const [onSale, zeroStock] = await Promise.all([
    db
      .selectFrom('product')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shop_id', '=', shopId)
      .where('status', '=', 'on_sale')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sku')
      .innerJoin('product', 'product.id', 'sku.product_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('product.shop_id', '=', shopId)
      .where('product.status', '=', 'on_sale')
      .where('sku.stock', '=', 0)
      .executeTakeFirstOrThrow(),
  ]);
  return { onSaleProducts: Number(onSale.n), zeroStockSkus: Number(zeroStock.n) };
}

/** Products on sale in open shops, across the mall. */
export async function countOnSaleProducts(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('product')
    .innerJoin('shop', 'shop.id', 'product.shop_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('product.status', '=', 'on_sale')
    .where('shop.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A category and its ancestors, level 1 first, for breadcrumbs. Undefined when the category does
 * not exist or it or one of its ancestors is disabled (shoppers do not see it then).
 */
export async function findCategoryPath(db: Queryable, id: string): Promise<CategoryItem[] | undefined> {
  const row = await db
    .selectFrom('category as c')
    .leftJoin('category as p', 'p.id', 'c.parent_id')
    .leftJoin('category as g', 'g.id', 'p.parent_id')
    .select([
      'c.id', 'c.parent_id', 'c.level', 'c.name', 'c.name_en', 'c.icon', 'c.enabled',
      'p.id as pId', 'p.parent_id as pParent', 'p.level as pLevel', 'p.name as pName', 'p.name_en as pNameEn', 'p.icon as pIcon', 'p.enabled as pEnabled',
      'g.id as gId', 'g.level as gLevel', 'g.name as gName', 'g.name_en as gNameEn', 'g.icon as gIcon', 'g.enabled as gEnabled',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.enabled) return undefined;
  if (row.pId && !row.pEnabled) return undefined;
  if (row.gId && !row.gEnabled) return undefined;
  const path: CategoryItem[] = [];
  if (row.gId) path.push(toItem({ id: row.gId, parent_id: null, level: row.gLevel!, name: row.gName!, name_en: row.gNameEn!, icon: row.gIcon }));
  if (row.pId) path.push(toItem({ id: row.pId, parent_id: row.pParent, level: row.pLevel!, name: row.pName!, name_en: row.pNameEn!, icon: row.pIcon }));
  path.push(toItem(row));
  return path;
}

/** A category's enabled children in menu order. */
export async function listChildCategories(db: Queryable, parentId: string): Promise<CategoryItem[]> {
  const rows = await db
    .selectFrom('category')
    .select(['id', 'parent_id', 'level', 'name', 'name_en', 'icon'])
    .where('parent_id', '=', parentId)
    .where('enabled', '=', true)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map(toItem);
}

export interface StoreShop {
  id: string;
  name: string;
  kind: ShopKind;
  intro: string;
  logoUrl: string | null;
  bannerUrl: string | null;
  announcement: string;
  serviceHours: string;
  createdAt: Date;
  onSaleCount: number;
}

/** A shop as shoppers see it: only open (active) shops. */
export async function findStoreShop(db: Queryable, shopId: string): Promise<StoreShop | undefined> {
  const row = await db
    .selectFrom('shop')
    .select([
      'id', 'name', 'kind', 'intro', 'logo_url', 'banner_url', 'announcement', 'service_hours', 'created_at',
      sql<number>`(select count(*)::int from product p where p.shop_id = shop.id and p.status = 'on_sale')`.as('onSaleCount'),
    ])
    .where('id', '=', shopId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id, name: row.name, kind: row.kind, intro: row.intro, logoUrl: row.logo_url, bannerUrl: row.banner_url, announcement: row.announcement,
    serviceHours: row.service_hours, createdAt: row.created_at, onSaleCount: Number(row.onSaleCount),
  };
}

export interface SellerProductRow {
  id: string;
  title: string;
  status: ProductStatus;
  image: string | null;
  minPriceFen: number;
  maxPriceFen: number;
  stock: number;
  skuCount: number;
  salesCount: number;
  rejectReason: string | null;
  offShelfReason: string | null;
  updatedAt: Date;
}

/**
 * The merchant console's product list: one or more statuses (仓库中 = draft + off_shelf), a title
 * keyword, newest change first; with the count per status (under the same keyword) for the tabs.
 */
export async function listSellerProducts(
  db: Queryable,
  shopId: string,
  filter: { statuses?: ProductStatus[] | undefined; q?: string | undefined; page: number; pageSize: number },
): Promise<{ total: number; counts: Partial<Record<ProductStatus, number>>; items: SellerProductRow[] }> {
  let base = db.selectFrom('product as p').where('p.shop_id', '=', shopId);
  const keyword = filter.q?.trim();
  if (keyword) base = base.where('p.title', 'ilike', likeContains(keyword));
  const counts = await base.select(['p.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('p.status').execute();
  let list = base;
  if (filter.statuses?.length) list = list.where('p.status', 'in', filter.statuses);
  const { total } = await list.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await list
    .select([
      'p.id', 'p.title', 'p.status', 'p.images', 'p.min_price_fen', 'p.sales_count', 'p.reject_reason', 'p.off_shelf_reason', 'p.updated_at',
      sql<number>`(select coalesce(max(price_fen), 0)::int from sku where sku.product_id = p.id)`.as('maxPriceFen'),
      sql<number>`(select coalesce(sum(stock), 0)::int from sku where sku.product_id = p.id)`.as('stock'),
      sql<number>`(select count(*)::int from sku where sku.product_id = p.id)`.as('skuCount'),
    ])
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return {
    total: Number(total),
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<ProductStatus, number>>,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      image: r.images[0] ?? null,
      minPriceFen: Number(r.min_price_fen),
      maxPriceFen: Number(r.maxPriceFen),
      stock: Number(r.stock),
      skuCount: Number(r.skuCount),
      salesCount: Number(r.sales_count),
      rejectReason: r.reject_reason,
      offShelfReason: r.off_shelf_reason,
      updatedAt: r.updated_at,
    })),
  };
}

/** Brand names by id (for showing chosen filters). */
export async function findBrandNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('brand').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Products per status across the mall (the review console's tabs). */
export async function countProductsByStatus(db: Queryable): Promise<Partial<Record<ProductStatus, number>>> {
  const rows = await db.selectFrom('product').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<ProductStatus, number>>;
}

function toItem(row: { id: string; parent_id: string | null; level: 1 | 2 | 3; name: string; name_en: string; icon: string | null }): CategoryItem {
  return { id: row.id, parentId: row.parent_id, level: Number(row.level) as 1 | 2 | 3, name: row.name, nameEn: row.name_en, icon: row.icon };
}

function toCard(row: { id: string; title: string; shopName: string; minPriceFen: number; salesCount: number; imageUrl: string | null }): ProductCard {
  return {
    id: row.id,
    title: row.title,
    shopName: row.shopName,
    minPriceFen: Number(row.minPriceFen),
    salesCount: Number(row.salesCount),
    imageUrl: row.imageUrl,
  };
}
