import { sql, type Kysely } from 'kysely';

// Address book (收货地址), shipping templates (运费模板) and pickup points (自提点).
// Region codes are GB/T 2260 codes checked in code against src/modules/addresses/regions.ts;
// their names are stored next to them, derived on the server. Money columns are bigint fen.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table address (
  id text primary key,
  user_id text not null references app_user(id) on delete cascade,
  recipient text not null check (char_length(recipient) between 1 and 20),
  mobile text not null,
  province_code text not null,
  province_name text not null,
  city_code text not null,
  city_name text not null,
  district_code text not null,
  district_name text not null,
  street text check (street is null or char_length(street) between 1 and 50),
  detail text not null check (char_length(detail) between 2 and 100),
  tag text check (tag in ('家', '公司', '学校')),
  is_default boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index address_user_idx on address (user_id, created_at desc);
-- at most one default per user; the service keeps it exactly one whenever the user has any address
create unique index address_one_default on address (user_id) where is_default;

-- units are pieces (charge_by = 'piece') or grams (charge_by = 'weight');
-- region_rules: [{ provinceCodes, firstUnits, firstFeeFen, additionalUnits, additionalFeeFen, freeOverFen, freeOverQty }]
-- excluded_provinces: province codes not delivered to (不配送区域)
create table shipping_template (
  id text primary key,
  shop_id text not null references shop(id) on delete cascade,
  name text not null check (char_length(name) between 1 and 30),
  charge_by text not null check (charge_by in ('piece', 'weight')),
  first_units integer not null check (first_units > 0),
  first_fee_fen bigint not null check (first_fee_fen >= 0),
  additional_units integer not null check (additional_units > 0),
  additional_fee_fen bigint not null check (additional_fee_fen >= 0),
  free_over_fen bigint check (free_over_fen is null or free_over_fen >= 0),
  free_over_qty integer check (free_over_qty is null or free_over_qty > 0),
  region_rules jsonb not null default '[]',
  excluded_provinces jsonb not null default '[]',
  is_default boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index shipping_template_shop_idx on shipping_template (shop_id, created_at desc);
create unique index shipping_template_one_default on shipping_template (shop_id) where is_default;

create table pickup_point (
  id text primary key,
  shop_id text not null references shop(id) on delete cascade,
  name text not null check (char_length(name) between 1 and 30),
  province_code text not null,
  province_name text not null,
  city_code text not null,
  city_name text not null,
  district_code text not null,
  district_name text not null,
  street text check (street is null or char_length(street) between 1 and 50),
  detail text not null check (char_length(detail) between 2 and 100),
  opening_hours text not null check (char_length(opening_hours) between 1 and 100),
  contact_phone text not null,
  longitude double precision check (longitude is null or longitude between -180 and 180),
  latitude double precision check (latitude is null or latitude between -90 and 90),
  enabled boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pickup_point_shop_idx on pickup_point (shop_id, created_at);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists pickup_point, shipping_template, address;`).execute(db);
}
