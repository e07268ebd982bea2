import type { ColumnType, Selectable } from 'kysely';

export type ShopKind = 'self_operated' | 'flagship' | 'specialty' | 'franchise' | 'individual';
export type ShopStatus = 'active' | 'frozen' | 'closed';
export type ShopRole = 'owner' | 'operator' | 'customer_service' | 'warehouse' | 'finance';

export interface ShopTable {
  id: string;
  name: string;
  kind: ShopKind;
  status: ColumnType<ShopStatus, ShopStatus | undefined>;
  intro: ColumnType<string, string | undefined>;
  logo_url: string | null;
  created_at: ColumnType<Date, Date, Date>;
}

export interface ShopMemberTable {
  shop_id: string;
  user_id: string;
  role: ShopRole;
  created_at: ColumnType<Date, Date, Date>;
}

export interface MerchantTables {
  shop: ShopTable;
  shop_member: ShopMemberTable;
}

export type Shop = Selectable<ShopTable>;
