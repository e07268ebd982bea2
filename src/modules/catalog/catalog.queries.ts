import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';

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

/**
 * A stopgap search until the real search engine exists: case-insensitive substring match on
 * the title, optionally within one category and everything below it. Best sellers first.
 */
export async function searchProductsByTitle(
  db: Queryable,
  input: { keyword?: string | undefined; categoryId?: string | undefined; limit?: number },
): Promise<ProductCard[]> {
  let query = productCards(db);
  const keyword = input.keyword?.trim();
  if (keyword) query = query.where('product.title', 'ilike', likeContains(keyword));
  if (input.categoryId) {
    const id = input.categoryId;
    query = query.where((eb) =>
      eb.or([
        eb('product.category_id', '=', id),
        eb(
          'product.category_id',
          'in',
          eb
            .selectFrom('category as c2')
            .select('c2.id')
            .where((inner) =>
              inner.or([
                inner('c2.parent_id', '=', id),
                inner('c2.parent_id', 'in', inner.selectFrom('category as c1').select('c1.id').where('c1.parent_id', '=', id)),
              ]),
            ),
        ),
      ]),
    );
  }
  const rows = await query
    .orderBy('product.sales_count', 'desc')
    .orderBy('product.created_at', 'desc')
    .orderBy('product.id')
    .limit(input.limit ?? 60)
    .execute();
  return rows.map(toCard);
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
