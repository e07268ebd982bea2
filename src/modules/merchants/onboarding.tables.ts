import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

// Merchant onboarding (入驻): applications, qualification documents, review; shop freeze and licence records.

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

/** 个人 (an individual: 个人店) or 企业 (a company or 个体工商户 with a business licence). */
export type SubjectType = 'individual' | 'company';

/** The shop kinds an applicant may ask for; 自营 (self_operated) shops are the platform's own. */
export type ApplicationShopKind = 'flagship' | 'specialty' | 'franchise' | 'individual';

/** draft → submitted → approved | rejected | needs_info (补充资料) → submitted again. */
export type ApplicationStatus = 'draft' | 'submitted' | 'needs_info' | 'approved' | 'rejected';

/** 营业执照 / 身份证人像面 / 身份证国徽面 / 品牌授权书 / 其他 */
export type DocumentKind = 'licence' | 'id_front' | 'id_back' | 'brand_authorization' | 'other';

export interface MerchantApplicationTable {
  id: string;
  applicant_id: string;
  subject_type: SubjectType;
  company_name: OptionalText;
  /** 统一社会信用代码, upper case. */
  uscc: OptionalText;
  /** 法定代表人 (company) or the applicant's real name (individual). */
  legal_rep: OptionalText;
  /** +86…, as identity.rules normalizes it. */
  contact_mobile: OptionalText;
  /** Level-1 category ids (经营类目). */
  business_scope: JSONColumnType<string[], string | undefined, string>;
  shop_name: OptionalText;
  shop_kind: ColumnType<ApplicationShopKind | null, ApplicationShopKind | null | undefined, ApplicationShopKind | null>;
  status: ApplicationStatus;
  /** The reviewer's reason (rejected) or what to add (needs_info). */
  review_note: OptionalText;
  reviewer_id: OptionalText;
  shop_id: OptionalText;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: OptionalTime;
  reviewed_at: OptionalTime;
}

export interface QualificationDocumentTable {
  id: string;
  application_id: string | null;
  shop_id: OptionalText;
  kind: DocumentKind;
  /** Documents uploaded before they became private (0026) are public media images. */
  image_id: string | null;
  /** Where the private pictures are: `<storage_key>-<width>.webp` in the media store's private space. */
  storage_key: OptionalText;
  url: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

/** 营业执照信息 as the shop page shows it (电子商务法 第十五条). */
export interface ShopLicenceTable {
  shop_id: string;
  application_id: string | null;
  subject_type: SubjectType;
  subject_name: string;
  uscc: string | null;
  legal_rep: string;
  business_scope: string;
  /** Last checked by the platform; records older than six months are flagged for re-verification. */
  verified_at: Timestamp;
  verified_by: string | null;
}

/** 冻结 / 解冻 / 执照复核 by the platform, with the reason: the shop's history of sanctions and checks. */
export interface ShopStatusEventTable {
  id: Generated<number>;
  shop_id: string;
  /** exit: the owner left on the old terms (退出中); close: the exiting shop closed (已退出). */
  action: 'freeze' | 'unfreeze' | 'reverify' | 'exit' | 'close';
  reason: string;
  actor_id: string | null;
  created_at: ColumnType<Date, Date, never>;
}

export interface OnboardingTables {
  merchant_application: MerchantApplicationTable;
  qualification_document: QualificationDocumentTable;
  shop_licence: ShopLicenceTable;
  shop_status_event: ShopStatusEventTable;
}

export type MerchantApplication = Selectable<MerchantApplicationTable>;
export type QualificationDocument = Selectable<QualificationDocumentTable>;
