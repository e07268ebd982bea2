import { sql, type Kysely } from 'kysely';

// Catalog: attribute templates per category, the review flow and its audit trail,
// uploaded images, and the columns Chinese search reads (jieba tokens, pinyin, initials).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table category_attribute (
  id text primary key,
  category_id text not null references category(id) on delete cascade,
  name text not null,
  kind text not null check (kind in ('spec', 'param')),
  options jsonb not null default '[]',
  required boolean not null default false,
  sort_order integer not null default 0,
  unique (category_id, kind, name)
);

alter table product
  add column spec_dimensions jsonb not null default '[]',
  add column reject_reason text,
  add column off_shelf_reason text,
  add column submitted_at timestamptz,
  add column reviewed_at timestamptz,
  add column reviewed_by text references app_user(id),
  add column rating_avg_x100 integer not null default 0 check (rating_avg_x100 between 0 and 500),
  add column review_count integer not null default 0 check (review_count >= 0),
  add column search_document tsvector not null default ''::tsvector,
  add column search_pinyin text not null default '',
  add column search_initials text not null default '';

create index product_search_document_idx on product using gin (search_document);
create index product_title_trgm_idx on product using gin (title gin_trgm_ops);
create index product_pinyin_trgm_idx on product using gin (search_pinyin gin_trgm_ops);
create index product_initials_trgm_idx on product using gin (search_initials gin_trgm_ops);
create index product_sales_idx on product (status, sales_count desc);
create index product_price_idx on product (status, min_price_fen);

-- who changed a product, when, and what it looked like before and after (append-only)
create table product_change (
  id text primary key,
  product_id text not null references product(id) on delete cascade,
  actor_id text references app_user(id),
  actor_role text not null,
  action text not null,
  from_status text,
  to_status text,
  reason text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null
);
create index product_change_product_idx on product_change (product_id, created_at);

create table media_image (
  id text primary key,
  shop_id text references shop(id),
  uploaded_by text references app_user(id),
  url text not null,
  width integer not null,
  height integer not null,
  bytes integer not null,
  created_at timestamptz not null
);
create index media_image_shop_idx on media_image (shop_id, created_at desc);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
drop table if exists media_image, product_change, category_attribute;
alter table product drop column spec_dimensions, drop column reject_reason, drop column off_shelf_reason, drop column submitted_at, drop column reviewed_at,
  drop column reviewed_by, drop column rating_avg_x100, drop column review_count, drop column search_document,
  drop column search_pinyin, drop column search_initials;
`).execute(db);
}
