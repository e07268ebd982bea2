import { sql, type Kysely } from 'kysely';

// Cart, checkout and orders: one payment order per checkout, one shop order per shop (拆单),
// order lines with what the buyer saw, and each order's timeline.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table cart_item (
  id text primary key,
  owner text not null,
  sku_id text not null references sku(id) on delete cascade,
  qty integer not null check (qty between 1 and 9999),
  selected boolean not null default true,
  price_when_added_fen bigint not null check (price_when_added_fen >= 0),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (owner, sku_id)
);
create index cart_item_owner_idx on cart_item (owner, created_at);

create table payment_order (
  id text primary key,
  user_id text not null references app_user(id),
  amount_fen bigint not null check (amount_fen >= 0),
  status text not null check (status in ('pending', 'paid', 'cancelled')),
  idempotency_key text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  paid_at timestamptz,
  cancelled_at timestamptz,
  unique (user_id, idempotency_key)
);
create index payment_order_pending_idx on payment_order (expires_at) where status = 'pending';

create table shop_order (
  id text primary key,
  payment_order_id text not null references payment_order(id),
  user_id text not null references app_user(id),
  shop_id text not null references shop(id),
  status text not null check (status in ('pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed')),
  items_total_fen bigint not null check (items_total_fen >= 0),
  shipping_fee_fen bigint not null check (shipping_fee_fen >= 0),
  discount_fen bigint not null default 0 check (discount_fen >= 0),
  payable_fen bigint not null check (payable_fen >= 0),
  adjustments jsonb not null default '[]',
  delivery_method text not null check (delivery_method in ('express', 'pickup')),
  address jsonb,
  pickup_point jsonb,
  buyer_note text not null default '',
  invoice jsonb,
  created_at timestamptz not null,
  paid_at timestamptz,
  shipped_at timestamptz,
  received_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  auto_confirm_at timestamptz,
  check (payable_fen = items_total_fen + shipping_fee_fen - discount_fen),
  check ((delivery_method = 'express') = (address is not null)),
  check ((delivery_method = 'pickup') = (pickup_point is not null))
);
create index shop_order_user_idx on shop_order (user_id, created_at desc);
create index shop_order_shop_idx on shop_order (shop_id, created_at desc);
create index shop_order_payment_idx on shop_order (payment_order_id);

create table order_line (
  id text primary key,
  order_id text not null references shop_order(id),
  product_id text not null,
  sku_id text not null,
  title text not null,
  spec jsonb not null,
  image_url text,
  unit_price_fen bigint not null check (unit_price_fen >= 0),
  qty integer not null check (qty > 0),
  line_total_fen bigint not null check (line_total_fen = unit_price_fen * qty),
  discount_fen bigint not null default 0 check (discount_fen >= 0 and discount_fen <= line_total_fen),
  weight_g integer not null default 0
);
create index order_line_order_idx on order_line (order_id);

create table order_event (
  id text primary key,
  order_id text not null references shop_order(id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id text,
  actor_role text not null,
  note text,
  created_at timestamptz not null
);
create index order_event_order_idx on order_event (order_id, created_at);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists order_event, order_line, shop_order, payment_order, cart_item;`).execute(db);
}
