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
  brand: BrandTable;
  product: ProductTable;
  sku: SkuTable;
}

export type Product = Selectable<ProductTable>;
export type Sku = Selectable<SkuTable>;
export type Category = Selectable<CategoryTable>;
