import type { ColumnType, JSONColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** By piece (件): units are pieces. By weight (重量): units are grams. */
export type ChargeBy = 'piece' | 'weight';

/** The fee rule for a set of provinces, replacing the template's own rule there (free-shipping thresholds included). */
export interface RegionRule {
  provinceCodes: string[];
  firstUnits: number;
  firstFeeFen: number;
  additionalUnits: number;
  additionalFeeFen: number;
  /** 满X元包邮 in these provinces; null = no amount-based free shipping here. */
  freeOverFen: number | null;
  /** 满N件包邮 in these provinces; null = none. */
  freeOverQty: number | null;
}

export interface ShippingTemplateTable {
  id: string;
  shop_id: string;
  name: string;
  charge_by: ChargeBy;
  first_units: number;
  first_fee_fen: number;
  additional_units: number;
  additional_fee_fen: number;
  free_over_fen: number | null;
  free_over_qty: number | null;
  region_rules: JSONColumnType<RegionRule[]>;
  excluded_provinces: JSONColumnType<string[]>;
  is_default: ColumnType<boolean, boolean | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PickupPointTable {
  id: string;
  shop_id: string;
  name: string;
  province_code: string;
  province_name: string;
  city_code: string;
  city_name: string;
  district_code: string;
  district_name: string;
  street: string | null;
  detail: string;
  opening_hours: string;
  contact_phone: string;
  /** AMap (GCJ-02) coordinates, for the map on the checkout page; optional. */
  longitude: number | null;
  latitude: number | null;
  enabled: ColumnType<boolean, boolean | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShippingTables {
  shipping_template: ShippingTemplateTable;
  pickup_point: PickupPointTable;
}

export type ShippingTemplateRow = Selectable<ShippingTemplateTable>;
export type PickupPointRow = Selectable<PickupPointTable>;
