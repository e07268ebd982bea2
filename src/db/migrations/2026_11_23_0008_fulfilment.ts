import { sql, type Kysely } from 'kysely';

// Fulfilment: parcels (shipment) with what they hold (shipment_line) and the per-line shipped counter
// that the database keeps within what was ordered (fulfilment_line); tracking events de-duplicated per
// parcel; pickup codes unique among a shop's open codes, and the failed-attempt counter per shop.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table shipment (
  id text primary key,
  order_id text not null references shop_order(id),
  shop_id text not null references shop(id),
  carrier text not null,
  tracking_no text not null check (tracking_no ~ '^[0-9A-Z]{6,30}$'),
  status text not null default 'shipped'
    check (status in ('shipped', 'collected', 'in_transit', 'delivering', 'signed', 'exception', 'returned')),
  note text,
  idempotency_key text,
  created_by text references app_user(id),
  created_at timestamptz not null,
  last_movement_at timestamptz not null,
  signed_at timestamptz,
  stale boolean not null default false,
  stale_since timestamptz,
  subscription text not null default 'none' check (subscription in ('none', 'pending', 'active', 'ended', 'failed')),
  subscription_error text,
  check (stale = (stale_since is not null)),
  unique (order_id, carrier, tracking_no),
  unique (order_id, idempotency_key)
);
create index shipment_order_idx on shipment (order_id, created_at);
create index shipment_shop_idx on shipment (shop_id, created_at desc);
create index shipment_tracking_idx on shipment (carrier, tracking_no);
create index shipment_stale_idx on shipment (shop_id, stale_since desc) where stale;
create index shipment_moving_idx on shipment (last_movement_at) where not stale and status not in ('signed', 'returned');

create table shipment_line (
  shipment_id text not null references shipment(id),
  order_line_id text not null references order_line(id),
  qty integer not null check (qty > 0),
  primary key (shipment_id, order_line_id)
);
create index shipment_line_line_idx on shipment_line (order_line_id);

create table fulfilment_line (
  order_line_id text primary key references order_line(id),
  order_id text not null references shop_order(id),
  ordered_qty integer not null check (ordered_qty > 0),
  shipped_qty integer not null default 0,
  check (shipped_qty >= 0 and shipped_qty <= ordered_qty)
);
create index fulfilment_line_order_idx on fulfilment_line (order_id);

create table tracking_event (
  id text primary key,
  shipment_id text not null references shipment(id),
  occurred_at timestamptz not null,
  status text not null check (status in ('collected', 'in_transit', 'delivering', 'signed', 'exception', 'returned')),
  description text not null check (length(description) between 1 and 500),
  location text,
  source text not null check (source in ('manual', 'kuaidi100')),
  dedupe_key text not null,
  created_by text references app_user(id),
  created_at timestamptz not null,
  unique (shipment_id, dedupe_key)
);
create index tracking_event_trail_idx on tracking_event (shipment_id, occurred_at desc);

create table pickup_code (
  id text primary key,
  order_id text not null unique references shop_order(id),
  shop_id text not null references shop(id),
  code text not null check (code ~ '^[0-9]{8}$'),
  status text not null check (status in ('open', 'used', 'void')),
  created_by text references app_user(id),
  created_at timestamptz not null,
  used_at timestamptz,
  used_by text references app_user(id),
  check ((status = 'used') = (used_at is not null))
);
-- Unique among the shop's open codes; a used code may come round again one day.
create unique index pickup_code_open_idx on pickup_code (shop_id, code) where status = 'open';
create index pickup_code_lookup_idx on pickup_code (shop_id, code);

create table pickup_attempt (
  shop_id text not null references shop(id),
  window_start timestamptz not null,
  failures integer not null default 0 check (failures >= 0),
  primary key (shop_id, window_start)
);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists pickup_attempt, pickup_code, tracking_event, fulfilment_line, shipment_line, shipment;`).execute(db);
}
