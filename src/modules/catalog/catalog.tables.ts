import type { ColumnType, JSONColumnType, Selectable } from 'kysely';

export type ProductStatus = 'draft' | 'pending_review' | 'on_sale' | 'rejected' | 'off_shelf';

export interface CategoryTable {
  id: string;
  parent_id: string | null;
  level: 1 | 2 | 3;
  name: string;
  name_en: ColumnType<string, string | undefined>;
  icon: string | null;
  sort_order: ColumnType<number, number | undefined>;
  enabled: ColumnType<boolean, boolean | undefined>;
  /** The platform's commission on this category, in basis points (500 = 5%). */
  commission_bp: ColumnType<number, number | undefined>;
}

export interface BrandTable {
  id: string;
  name: string;
  name_en: ColumnType<string, string | undefined>;
  logo_url: string | null;
}

/** A parameter row shown on the product page, e.g. { name: '产地', value: '浙江杭州' }. */
export interface ProductParam {
  name: string;
  value: string;
}

export interface ProductTable {
  id: string;
  shop_id: string;
  category_id: string;
  brand_id: string | null;
  title: string;
  subtitle: ColumnType<string, string | undefined>;
  description_html: ColumnType<string, string | undefined>;
  images: JSONColumnType<string[]>;
  params: JSONColumnType<ProductParam[]>;
  status: ProductStatus;
  return_7d: ColumnType<boolean, boolean | undefined>;
  purchase_limit: number | null;
  min_price_fen: number;
  /** Derived from completed orders only; no route writes it. */
  sales_count: ColumnType<number, number | undefined, never>;
  created_at: ColumnType<Date, Date, Date>;
  updated_at: ColumnType<Date, Date, Date>;
  /** The spec dimensions in the merchant's order: [{ name: '颜色', values: ['黑色', '白色'] }, …]. */
  spec_dimensions: ColumnType<{ name: string; values: string[] }[], string | undefined, string>;
  reject_reason: ColumnType<string | null, string | null | undefined>;
  off_shelf_reason: ColumnType<string | null, string | null | undefined>;
  submitted_at: ColumnType<Date | null, Date | null | undefined>;
  reviewed_at: ColumnType<Date | null, Date | null | undefined>;
  reviewed_by: ColumnType<string | null, string | null | undefined>;
  /** Derived from reviews only (average × 100, e.g. 480 = 4.8); no route writes them. */
  rating_avg_x100: ColumnType<number, undefined, never>;
  review_count: ColumnType<number, undefined, never>;
  /** Search columns, written only by the search indexer (catalog/search). */
  search_document: ColumnType<string, string | undefined, string>;
  search_pinyin: ColumnType<string, string | undefined, string>;
  search_initials: ColumnType<string, string | undefined, string>;
}

export type AttributeKind = 'spec' | 'param';

/** A category's attribute template: spec attributes make the SKU matrix, param attributes fill the 参数 table. */
export interface CategoryAttributeTable {
  id: string;
  category_id: string;
  name: string;
  kind: AttributeKind;
  options: JSONColumnType<string[]>;
  required: ColumnType<boolean, boolean | undefined>;
  sort_order: ColumnType<number, number | undefined>;
}

export interface ProductChangeTable {
  id: string;
  product_id: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  before: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  after: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  created_at: ColumnType<Date, Date, never>;
}

export interface MediaImageTable {
  id: string;
  shop_id: string | null;
  uploaded_by: string | null;
  url: string;
  width: number;
  height: number;
  bytes: number;
  /** SHA-256 (hex) of the stored detail-width file at `url`; null for images stored before it was recorded. */
  sha256: ColumnType<string | null, string | null | undefined, never>;
  created_at: ColumnType<Date, Date, never>;
}

export interface SkuTable {
  id: string;
  product_id: string;
  spec: JSONColumnType<Record<string, string>>;
  spec_key: string;
  price_fen: number;
  original_price_fen: number | null;
  stock: number;
  weight_g: ColumnType<number, number | undefined>;
  barcode: string | null;
  image_url: string | null;
}

export interface CatalogTables {
  category: CategoryTable;
  category_attribute: CategoryAttributeTable;
  brand: BrandTable;
  product: ProductTable;
  product_change: ProductChangeTable;
  sku: SkuTable;
  media_image: MediaImageTable;
}

export type Product = Selectable<ProductTable>;
export type Sku = Selectable<SkuTable>;
export type Category = Selectable<CategoryTable>;
