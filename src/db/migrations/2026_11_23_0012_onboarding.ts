import { sql, type Kysely } from 'kysely';

// Merchant onboarding (入驻): applications, qualification documents, review; shop freeze and licence records.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
-- A 入驻 application. A draft is filled step by step; submitting needs every field the subject type and
-- shop kind call for (the service says which is missing; the checks below keep the rows honest).
create table merchant_application (
  id text primary key,
  applicant_id text not null references app_user(id),
  subject_type text not null check (subject_type in ('individual', 'company')),
  company_name text check (char_length(company_name) between 1 and 100),
  uscc text check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  legal_rep text check (char_length(legal_rep) between 1 and 30),
  contact_mobile text check (contact_mobile ~ '^\\+861[3-9][0-9]{9}$'),
  business_scope jsonb not null default '[]' check (jsonb_typeof(business_scope) = 'array' and jsonb_array_length(business_scope) <= 10),
  shop_name text check (char_length(shop_name) between 2 and 30),
  shop_kind text check (shop_kind in ('flagship', 'specialty', 'franchise', 'individual')),
  status text not null check (status in ('draft', 'submitted', 'needs_info', 'approved', 'rejected')),
  review_note text check (char_length(review_note) between 1 and 500),
  reviewer_id text references app_user(id),
  shop_id text unique references shop(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  submitted_at timestamptz,
  reviewed_at timestamptz,
  check (status = 'draft' or (submitted_at is not null and legal_rep is not null and contact_mobile is not null and shop_name is not null
    and shop_kind is not null and jsonb_array_length(business_scope) >= 1
    and (subject_type = 'individual' or (company_name is not null and uscc is not null)))),
  check ((subject_type = 'individual') = (shop_kind = 'individual') or shop_kind is null),
  check ((status = 'approved') = (shop_id is not null)),
  check (status not in ('rejected', 'needs_info') or (review_note is not null and reviewer_id is not null and reviewed_at is not null))
);
-- One application in progress per applicant; one pending application per shop name.
create unique index merchant_application_open_idx on merchant_application (applicant_id) where status in ('draft', 'submitted', 'needs_info');
create unique index merchant_application_pending_name_idx on merchant_application (lower(shop_name)) where status in ('submitted', 'needs_info');
create index merchant_application_queue_idx on merchant_application (status, submitted_at, id);
create index merchant_application_applicant_idx on merchant_application (applicant_id, created_at desc);

-- 资质文件: pictures of the licence, the ID card, brand authorisations. They belong to an application and,
-- once it is approved, to the shop too (the licence record points at them).
create table qualification_document (
  id text primary key,
  application_id text references merchant_application(id),
  shop_id text references shop(id),
  kind text not null check (kind in ('licence', 'id_front', 'id_back', 'brand_authorization', 'other')),
  image_id text not null references media_image(id),
  url text not null,
  uploaded_by text references app_user(id),
  created_at timestamptz not null,
  check (application_id is not null or shop_id is not null)
);
create index qualification_document_application_idx on qualification_document (application_id, created_at, id);
create index qualification_document_shop_idx on qualification_document (shop_id, created_at, id) where shop_id is not null;
-- A licence and each side of the ID card once per application (a new upload replaces the old one).
create unique index qualification_document_single_idx on qualification_document (application_id, kind)
  where kind in ('licence', 'id_front', 'id_back');

-- What the shop page shows under 营业执照信息 (电子商务法 第十五条), and when the platform last checked it.
create table shop_licence (
  shop_id text primary key references shop(id),
  application_id text references merchant_application(id),
  subject_type text not null check (subject_type in ('individual', 'company')),
  subject_name text not null check (char_length(subject_name) between 1 and 100),
  uscc text check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  legal_rep text not null check (char_length(legal_rep) between 1 and 30),
  business_scope text not null check (char_length(business_scope) <= 500),
  verified_at timestamptz not null,
  verified_by text references app_user(id),
  check (subject_type = 'individual' or uscc is not null)
);
create index shop_licence_verified_idx on shop_licence (verified_at);

-- Freezing (冻结) by the platform: products hidden, no new orders, existing orders continue.
alter table shop add column frozen_reason text check (char_length(frozen_reason) between 1 and 200),
  add column frozen_at timestamptz,
  add column frozen_by text references app_user(id);
update shop set frozen_reason = '历史冻结', frozen_at = created_at where status = 'frozen' and frozen_at is null;
alter table shop add constraint shop_frozen_fields check ((status = 'frozen') = (frozen_at is not null) and (status = 'frozen') = (frozen_reason is not null));

-- The platform's actions on a shop (freeze, unfreeze, licence re-verified), each with its reason.
create table shop_status_event (
  id bigint generated always as identity primary key,
  shop_id text not null references shop(id),
  action text not null check (action in ('freeze', 'unfreeze', 'reverify')),
  reason text not null check (char_length(reason) <= 200),
  actor_id text references app_user(id),
  created_at timestamptz not null
);
create index shop_status_event_shop_idx on shop_status_event (shop_id, created_at desc, id desc);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table shop drop constraint if exists shop_frozen_fields;
alter table shop drop column if exists frozen_by, drop column if exists frozen_at, drop column if exists frozen_reason;
drop table if exists shop_status_event, shop_licence, qualification_document, merchant_application;
`).execute(db);
}
