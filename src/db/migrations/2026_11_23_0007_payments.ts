import { sql, type Kysely } from 'kysely';

// Payments: attempts at a provider, every notification received (the audit trail), refunds with
// Σ refunds ≤ captured held by the database, per-shop-order escrow and settlement (commission rates
// are the categories' own, category.commission_bp), withdrawals (platform-collect mode), wallet top-ups and reconciliation reports.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table payment_setting (
  id boolean primary key default true check (id),
  mode text not null default 'marketplace' check (mode in ('marketplace', 'platform_collect')),
  settlement_days integer not null default 7 check (settlement_days between 0 and 90),
  updated_at timestamptz not null default now()
);
insert into payment_setting (id) values (true);

create table shop_payee (
  shop_id text primary key references shop(id),
  sub_merchant_id text not null,
  updated_at timestamptz not null
);

create table payment_attempt (
  id text primary key,
  purpose text not null check (purpose in ('order', 'topup')),
  payment_order_id text references payment_order(id),
  user_id text not null references app_user(id),
  provider text not null check (provider in ('sandbox', 'alipay', 'wechatpay', 'balance', 'cod')),
  channel text not null,
  mode text not null check (mode in ('marketplace', 'platform_collect')),
  amount_fen bigint not null check (amount_fen > 0),
  status text not null check (status in ('created', 'succeeded', 'failed', 'closed')),
  provider_trade_no text,
  refunded_fen bigint not null default 0,
  idempotency_key text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  succeeded_at timestamptz,
  closed_at timestamptz,
  check ((purpose = 'order') = (payment_order_id is not null)),
  -- Σ refunds ≤ captured: a refund reserves its amount here before it is sent.
  check (refunded_fen >= 0 and refunded_fen <= amount_fen),
  check (refunded_fen = 0 or status = 'succeeded'),
  unique (user_id, idempotency_key)
);
create index payment_attempt_order_idx on payment_attempt (payment_order_id);
create index payment_attempt_open_idx on payment_attempt (created_at) where status = 'created';

-- One row per shop order once it is paid: what is held for the shop, refunded, and settled.
create table order_funds (
  shop_order_id text primary key references shop_order(id),
  shop_id text not null references shop(id),
  payment_attempt_id text not null references payment_attempt(id),
  provider text not null,
  mode text not null,
  captured_fen bigint not null check (captured_fen >= 0),
  refunded_fen bigint not null default 0,
  commission_fen bigint not null default 0 check (commission_fen >= 0),
  settled_fen bigint not null default 0 check (settled_fen >= 0),
  status text not null check (status in ('held', 'due', 'settled', 'refunded')),
  due_at timestamptz,
  settled_at timestamptz,
  created_at timestamptz not null,
  check (refunded_fen >= 0 and refunded_fen <= captured_fen),
  check (settled_fen + commission_fen + refunded_fen <= captured_fen)
);
create index order_funds_shop_idx on order_funds (shop_id, created_at desc);
create index order_funds_due_idx on order_funds (due_at) where status = 'due';

create table refund (
  id text primary key,
  payment_attempt_id text not null references payment_attempt(id),
  shop_order_id text references shop_order(id),
  order_line_id text references order_line(id),
  user_id text not null references app_user(id),
  amount_fen bigint not null check (amount_fen > 0),
  reason text not null,
  cause text not null check (cause in ('buyer_cancel', 'late_payment', 'duplicate_payment', 'after_sales', 'platform')),
  destination text not null check (destination in ('original', 'balance')),
  status text not null check (status in ('processing', 'succeeded', 'failed')),
  provider_refund_no text,
  failure_reason text,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index refund_attempt_idx on refund (payment_attempt_id);
create index refund_order_idx on refund (shop_order_id);
create index refund_processing_idx on refund (created_at) where status = 'processing';

create table payment_notification (
  id text primary key,
  provider text not null,
  received_at timestamptz not null,
  verified boolean not null,
  outcome text not null,
  reject_reason text,
  out_trade_no text,
  kind text,
  body text not null,
  ip text
);
create index payment_notification_trade_idx on payment_notification (out_trade_no, received_at);
create index payment_notification_rejected_idx on payment_notification (received_at) where not verified;

create table withdrawal (
  id text primary key,
  shop_id text not null references shop(id),
  amount_fen bigint not null check (amount_fen > 0),
  status text not null check (status in ('requested', 'approved', 'rejected')),
  account_note text not null,
  requested_by text not null references app_user(id),
  decided_by text references app_user(id),
  decision_note text,
  created_at timestamptz not null,
  decided_at timestamptz
);
create index withdrawal_shop_idx on withdrawal (shop_id, created_at desc);
create index withdrawal_open_idx on withdrawal (created_at) where status = 'requested';

create table reconciliation (
  id text primary key,
  provider text not null,
  bill_date text not null check (bill_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  status text not null check (status in ('matched', 'differences')),
  bill_rows integer not null,
  ledger_rows integer not null,
  differences jsonb not null,
  created_at timestamptz not null,
  unique (provider, bill_date)
);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists reconciliation, withdrawal, payment_notification, refund, order_funds, payment_attempt, shop_payee, payment_setting;`).execute(db);
}
