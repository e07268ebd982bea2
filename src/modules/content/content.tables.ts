// Agreements with versions and recorded consent, banners, announcements (公告) and the suggestion box (建议箱).
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type Immutable<T> = ColumnType<T, T, never>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

/** 用户协议 / 隐私政策 / 商家服务协议 */
export type AgreementKind = 'user_agreement' | 'privacy_policy' | 'merchant_service_agreement';
export type AgreementVersionStatus = 'draft' | 'published';
/** How an acceptance was given: ticking the box at registration, the prompt after login, or an API client. */
export type AcceptanceVia = 'registration' | 'login_prompt' | 'api';
/** Optional consents, separate from the agreements (PIPL Art. 14; 电子商务法 Art. 18). */
export type ConsentPurpose = 'marketing' | 'personalisation';
export type AnnouncementAudience = 'storefront' | 'merchants' | 'all';
export type BannerTheme = 'red' | 'orange' | 'blue' | 'green' | 'purple' | 'dark';
export type SuggestionRole = 'shopper' | 'merchant';
export type SuggestionCategory = 'feature' | 'experience' | 'goods' | 'service' | 'rules' | 'other';
export type SuggestionStatus = 'new' | 'reviewing' | 'adopted' | 'declined' | 'closed';

export interface AgreementTable {
  id: string;
  kind: AgreementKind;
  created_at: Timestamp;
}

export interface AgreementVersionTable {
  id: string;
  agreement_id: string;
  version: number;
  title: string;
  /** 修订说明: what changed from the previous version (shown in the acceptance prompt). */
  summary: ColumnType<string, string | undefined, string>;
  body: string;
  status: AgreementVersionStatus;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: OptionalTime;
  published_by: OptionalText;
  /** ≥ published_at + 7 days for every version after the first (a check constraint). */
  effective_at: OptionalTime;
}

/** Append-only (a trigger refuses update, delete and truncate). */
export interface AgreementAcceptanceTable {
  id: Immutable<string>;
  user_id: Immutable<string>;
  agreement_id: Immutable<string>;
  version_id: Immutable<string>;
  accepted_at: Immutable<Date>;
  ip: Immutable<string | null>;
  user_agent: Immutable<string | null>;
  via: Immutable<AcceptanceVia>;
}

/** Append-only history of choices; the latest row per (user, purpose) is in force. */
export interface UserConsentTable {
  id: Immutable<string>;
  user_id: Immutable<string>;
  purpose: Immutable<ConsentPurpose>;
  granted: Immutable<boolean>;
  at: Immutable<Date>;
  ip: Immutable<string | null>;
  user_agent: Immutable<string | null>;
  via: Immutable<'registration' | 'settings' | 'account_closure'>;
}

export interface AnnouncementTable {
  id: string;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  pinned: ColumnType<boolean, boolean | undefined, boolean>;
  publish_at: Timestamp;
  expire_at: OptionalTime;
  /** Set on the announcement a publication made (《用户协议》将于 … 生效). */
  agreement_version_id: ColumnType<string | null, string | null | undefined, never>;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  created_at: Immutable<Date>;
  updated_at: Timestamp;
}

export interface BannerTable {
  id: string;
  title: string;
  subtitle: ColumnType<string, string | undefined, string>;
  image_url: OptionalText;
  link_url: ColumnType<string, string | undefined, string>;
  theme: ColumnType<BannerTheme, BannerTheme | undefined, BannerTheme>;
  sort: ColumnType<number, number | undefined, number>;
  start_at: Timestamp;
  end_at: OptionalTime;
  created_at: Immutable<Date>;
  updated_at: Timestamp;
}

export interface HomeCategoryGridTable {
  id: Generated<number>;
  name: string;
  category_ids: JSONColumnType<string[], string, string>;
  start_at: Timestamp;
  end_at: OptionalTime;
  created_at: Immutable<Date>;
  updated_at: Timestamp;
}

export interface SuggestionTable {
  id: string;
  user_id: string;
  role: SuggestionRole;
  shop_id: string | null;
  category: SuggestionCategory;
  body: string;
  status: SuggestionStatus;
  reply: OptionalText;
  replied_by: OptionalText;
  replied_at: OptionalTime;
  created_at: Immutable<Date>;
  updated_at: Timestamp;
}

export interface ContentTables {
  agreement: AgreementTable;
  agreement_version: AgreementVersionTable;
  agreement_acceptance: AgreementAcceptanceTable;
  user_consent: UserConsentTable;
  announcement: AnnouncementTable;
  banner: BannerTable;
  home_category_grid: HomeCategoryGridTable;
  suggestion: SuggestionTable;
}

export type AgreementVersion = Selectable<AgreementVersionTable>;
export type Announcement = Selectable<AnnouncementTable>;
export type Banner = Selectable<BannerTable>;
export type Suggestion = Selectable<SuggestionTable>;
