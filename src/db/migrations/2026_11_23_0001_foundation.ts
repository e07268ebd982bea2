import { sql, type Kysely } from 'kysely';

// Foundation: identity, shops and their members, the catalog core that demo data needs,
// and the shared machinery (idempotency keys, durable jobs). Money columns are bigint fen.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create extension if not exists pg_trgm;

-- identity ---------------------------------------------------------------
create table app_user (
  id text primary key,
  mobile text unique,
  email text unique,
  password_hash text not null,
  display_name text not null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (mobile is not null or email is not null),
  check (email is null or email = lower(email))
);

create table user_role (
  user_id text not null references app_user(id) on delete cascade,
  role text not null check (role in ('platform_admin', 'platform_staff')),
  granted_at timestamptz not null,
  primary key (user_id, role)
);

create table session (
  id text primary key,
  token_hash text not null unique,
  csrf_token text not null,
  user_id text not null references app_user(id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index session_user_idx on session (user_id) where revoked_at is null;

-- failures per key (account or IP) in a fixed window; shared by every app node
create table auth_throttle (
  key text primary key,
  window_start timestamptz not null,
  failures integer not null check (failures >= 0)
);

-- merchants --------------------------------------------------------------
create table shop (
  id text primary key,
  name text not null unique,
  kind text not null check (kind in ('self_operated', 'flagship', 'specialty', 'franchise', 'individual')),
  status text not null default 'active' check (status in ('active', 'frozen', 'closed')),
  intro text not null default '',
  logo_url text,
  created_at timestamptz not null
);

create table shop_member (
  shop_id text not null references shop(id) on delete cascade,
  user_id text not null references app_user(id) on delete cascade,
  role text not null check (role in ('owner', 'operator', 'customer_service', 'warehouse', 'finance')),
  created_at timestamptz not null,
  primary key (shop_id, user_id)
);
create index shop_member_user_idx on shop_member (user_id);
create unique index shop_one_owner on shop_member (shop_id) where role = 'owner';

-- catalog (core; the catalog issue extends it) ---------------------------
create table category (
  id text primary key,
  parent_id text references category(id),
  level smallint not null check (level between 1 and 3),
  name text not null,
  name_en text not null default '',
  icon text,
  sort_order integer not null default 0,
  enabled boolean not null default true,
  commission_bp integer not null default 500 check (commission_bp between 0 and 10000),
  check ((level = 1) = (parent_id is null))
);
create index category_parent_idx on category (parent_id, sort_order);

create table brand (
  id text primary key,
  name text not null unique,
  name_en text not null default '',
  logo_url text
);

create table product (
  id text primary key,
  shop_id text not null references shop(id),
  category_id text not null references category(id),
  brand_id text references brand(id),
  title text not null,
  subtitle text not null default '',
  description_html text not null default '',
  images jsonb not null default '[]',
  params jsonb not null default '[]',
  status text not null check (status in ('draft', 'pending_review', 'on_sale', 'rejected', 'off_shelf')),
  return_7d boolean not null default true,
  purchase_limit integer check (purchase_limit is null or purchase_limit > 0),
  min_price_fen bigint not null default 0 check (min_price_fen >= 0),
  sales_count integer not null default 0 check (sales_count >= 0),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index product_shop_idx on product (shop_id, status);
create index product_category_idx on product (category_id, status);
create index product_new_idx on product (status, created_at desc);

create table sku (
  id text primary key,
  product_id text not null references product(id) on delete cascade,
  spec jsonb not null default '{}',
  spec_key text not null,
  price_fen bigint not null check (price_fen >= 0),
  original_price_fen bigint check (original_price_fen is null or original_price_fen >= 0),
  stock integer not null check (stock >= 0),
  weight_g integer not null default 0 check (weight_g >= 0),
  barcode text,
  image_url text,
  unique (product_id, spec_key)
);

-- shared machinery -------------------------------------------------------
create table idempotency_key (
  scope text not null,
  key text not null,
  request_hash text not null,
  status text not null check (status in ('in_flight', 'done')),
  response_status integer,
  response_headers jsonb,
  response_body text,
  created_at timestamptz not null,
  locked_until timestamptz not null,
  expires_at timestamptz not null,
  primary key (scope, key)
);
create index idempotency_key_expiry_idx on idempotency_key (expires_at);

create table job (
  id text primary key,
  kind text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 10,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  dedupe_key text,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index job_due_idx on job (run_at) where status in ('pending', 'running');
create unique index job_dedupe_idx on job (dedupe_key) where status in ('pending', 'running');
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists job, idempotency_key, sku, product, brand, category, shop_member, shop, auth_throttle, session, user_role, app_user cascade;`).execute(db);
}
