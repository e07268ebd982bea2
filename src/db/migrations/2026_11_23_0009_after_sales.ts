import { sql, type Kysely } from 'kysely';

// After-sales (售后): one request per order line at a time (refund only, return and refund, exchange,
// repair), its timeline and its negotiation record. The product's 7-day no-reason flag is the
// catalog's existing `product.return_7d`.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table after_sales_request (
  id text primary key,
  order_id text not null references shop_order(id),
  order_line_id text not null references order_line(id),
  shop_id text not null references shop(id),
  user_id text not null references app_user(id),
  kind text not null check (kind in ('refund_only', 'return_refund', 'exchange', 'repair')),
  status text not null check (status in ('requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped',
    'rejected', 'escalated', 'refunded', 'completed', 'cancelled', 'closed')),
  reason text not null,
  description text not null default '',
  photos jsonb not null default '[]',
  qty integer not null check (qty > 0),
  amount_fen bigint not null check (amount_fen >= 0),
  refunded_fen bigint not null default 0 check (refunded_fen >= 0),
  shipping_refund_fen bigint not null default 0 check (shipping_refund_fen >= 0),
  refund_id text references refund(id),
  shipping_refund_id text references refund(id),
  order_status_at_apply text not null,
  return_address text,
  return_carrier text,
  return_tracking_no text,
  returned_at timestamptz,
  replacement_carrier text,
  replacement_tracking_no text,
  replacement_shipped_at timestamptz,
  merchant_note text,
  reject_reason text,
  escalation_reason text,
  escalated_at timestamptz,
  decision text check (decision in ('refund', 'close')),
  decision_note text,
  decided_by text references app_user(id),
  decided_at timestamptz,
  deadline_at timestamptz,
  deadline_action text,
  deadline_party text check (deadline_party in ('buyer', 'merchant')),
  version integer not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz,
  -- money kinds ask for an amount; exchange and repair never move money unless arbitration refunds them
  check ((kind in ('refund_only', 'return_refund')) = (amount_fen > 0)),
  check ((status in ('refunded', 'completed', 'cancelled', 'closed')) = (closed_at is not null)),
  check ((status = 'refunded') = (refund_id is not null)),
  check ((deadline_at is null) = (deadline_action is null))
);
-- One open request per order line: the database decides between two racing applications.
create unique index after_sales_open_line_uq on after_sales_request (order_line_id)
  where status in ('requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated');
-- "Is anything open for this order?" (settlement asks before releasing escrow).
create index after_sales_open_order_idx on after_sales_request (order_id)
  where status in ('requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated');
create index after_sales_user_idx on after_sales_request (user_id, created_at desc);
create index after_sales_shop_idx on after_sales_request (shop_id, status, deadline_at);
create index after_sales_created_idx on after_sales_request (created_at desc);
create index after_sales_arbitration_idx on after_sales_request (escalated_at) where status = 'escalated';

create table after_sales_event (
  id text primary key,
  request_id text not null references after_sales_request(id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id text references app_user(id),
  actor_role text not null check (actor_role in ('buyer', 'merchant', 'platform', 'system')),
  note text,
  amount_fen bigint,
  created_at timestamptz not null
);
create index after_sales_event_request_idx on after_sales_event (request_id, created_at, id);

create table after_sales_message (
  id text primary key,
  request_id text not null references after_sales_request(id),
  author_id text references app_user(id),
  author_role text not null check (author_role in ('buyer', 'merchant', 'platform', 'system')),
  body text not null,
  photos jsonb not null default '[]',
  internal boolean not null default false,
  created_at timestamptz not null,
  check (not internal or author_role = 'platform')
);
create index after_sales_message_request_idx on after_sales_message (request_id, created_at, id);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists after_sales_message, after_sales_event, after_sales_request`.execute(db);
}
