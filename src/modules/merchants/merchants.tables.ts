import type { ColumnType, Selectable } from 'kysely';

export type ShopKind = 'self_operated' | 'flagship' | 'specialty' | 'franchise' | 'individual';
/** closing (退出中): the owner left on the old terms (agreement dissent): no new orders, existing ones continue; then closed (已退出). */
export type ShopStatus = 'active' | 'frozen' | 'closing' | 'closed';
export type ShopRole = 'owner' | 'operator' | 'customer_service' | 'warehouse' | 'finance';

export interface ShopTable {
  id: string;
  name: string;
  kind: ShopKind;
  status: ColumnType<ShopStatus, ShopStatus | undefined>;
  intro: ColumnType<string, string | undefined>;
  logo_url: string | null;
  banner_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** 店铺公告, customer-service hours (客服时间) and the address returns go to: set in 店铺设置. */
  announcement: ColumnType<string, string | undefined, string>;
  service_hours: ColumnType<string, string | undefined, string>;
  return_address: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date, Date>;
  /** Set while the platform has the shop frozen (冻结), cleared on unfreezing. */
  frozen_reason: ColumnType<string | null, string | null | undefined, string | null>;
  frozen_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  frozen_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ShopMemberTable {
  shop_id: string;
  user_id: string;
  role: ShopRole;
  created_at: ColumnType<Date, Date, Date>;
}

export type StaffRole = Exclude<ShopRole, 'owner'>;
export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked';

/** An invitation to join a shop's staff, addressed to a login (mobile or email), accepted by its owner after signing in. */
export interface ShopInvitationTable {
  id: string;
  shop_id: string;
  identifier_kind: 'mobile' | 'email';
  identifier: string;
  role: StaffRole;
  status: InvitationStatus;
  invited_by: string;
  accepted_by: string | null;
  created_at: ColumnType<Date, Date, Date>;
  expires_at: ColumnType<Date, Date, Date>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface MerchantTables {
  shop: ShopTable;
  shop_member: ShopMemberTable;
  shop_invitation: ShopInvitationTable;
}

export type Shop = Selectable<ShopTable>;
