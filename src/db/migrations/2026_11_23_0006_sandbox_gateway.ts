import { sql, type Kysely } from 'kysely';

// The built-in sandbox payment gateway: a stand-in third party with its own tables (prefix sandbox_),
// which never reference the mall's. Trades (with sub-orders per shop in marketplace mode, frozen until
// profit sharing), refunds, profit-sharing orders, queued notifications and per-trade fault settings.
// Amounts are fen; the money rules are checks, so no code path can refund more than was paid.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table sandbox_app (
  app_id text primary key,
  mch_id text not null unique,
  key text not null check (length(key) >= 8),
  merchant_name text not null,
  created_at timestamptz not null
);

create table sandbox_trade (
  id text primary key,
  app_id text not null,
  mch_id text not null,
  out_trade_no text not null,
  amount_fen bigint not null check (amount_fen > 0),
  subject text not null,
  channel text not null check (channel in ('page', 'wap', 'native', 'jsapi')),
  status text not null default 'WAIT_PAY' check (status in ('WAIT_PAY', 'SUCCESS', 'CLOSED')),
  notify_url text not null,
  return_url text not null,
  client_ip text,
  marketplace boolean not null,
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen),
  request_hash text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null,
  paid_at timestamptz,
  closed_at timestamptz,
  unique (mch_id, out_trade_no),
  check ((status = 'SUCCESS') = (paid_at is not null)),
  check ((status = 'CLOSED') = (closed_at is not null)),
  check (refunded_fen = 0 or status = 'SUCCESS')
);
create index sandbox_trade_paid_idx on sandbox_trade (mch_id, paid_at) where paid_at is not null;

create table sandbox_sub_order (
  trade_id text not null references sandbox_trade(id),
  out_sub_trade_no text not null,
  sub_mch_id text not null,
  description text not null,
  position integer not null,
  amount_fen bigint not null check (amount_fen > 0),
  frozen_fen bigint not null default 0 check (frozen_fen >= 0),
  shared_fen bigint not null default 0 check (shared_fen >= 0),
  released_fen bigint not null default 0 check (released_fen >= 0),
  refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen),
  finished boolean not null default false,
  primary key (trade_id, out_sub_trade_no),
  -- before payment nothing has moved; after it, every fen is somewhere
  check (frozen_fen + shared_fen + released_fen + refunded_fen in (0, amount_fen)),
  check (not finished or frozen_fen = 0)
);

create table sandbox_refund (
  id text primary key,
  trade_id text not null references sandbox_trade(id),
  mch_id text not null,
  out_refund_no text not null,
  out_sub_trade_no text,
  amount_fen bigint not null check (amount_fen > 0),
  reason text not null,
  status text not null check (status in ('SUCCESS', 'PROCESSING', 'FAILED')),
  from_frozen_fen bigint not null default 0 check (from_frozen_fen >= 0),
  from_merchant_fen bigint not null default 0 check (from_merchant_fen >= 0),
  from_receivers_fen bigint not null default 0 check (from_receivers_fen >= 0),
  created_at timestamptz not null,
  succeeded_at timestamptz,
  unique (trade_id, out_refund_no),
  check ((status = 'SUCCESS') = (succeeded_at is not null)),
  check (out_sub_trade_no is null or from_frozen_fen + from_merchant_fen + from_receivers_fen = amount_fen)
);
create index sandbox_refund_succeeded_idx on sandbox_refund (mch_id, succeeded_at) where succeeded_at is not null;

create table sandbox_profit_share (
  id text primary key,
  mch_id text not null,
  out_order_no text not null,
  trade_id text not null references sandbox_trade(id),
  out_sub_trade_no text not null,
  receivers jsonb not null,
  shared_fen bigint not null check (shared_fen >= 0),
  finish boolean not null,
  released_fen bigint not null check (released_fen >= 0),
  status text not null check (status in ('FINISHED')),
  created_at timestamptz not null,
  unique (mch_id, out_order_no),
  foreign key (trade_id, out_sub_trade_no) references sandbox_sub_order (trade_id, out_sub_trade_no)
);

create table sandbox_notification (
  id text primary key,
  trade_id text not null references sandbox_trade(id),
  refund_id text references sandbox_refund(id),
  kind text not null check (kind in ('payment', 'refund')),
  notify_url text not null,
  body text not null,
  status text not null check (status in ('held', 'pending', 'acked', 'failed', 'suppressed')),
  copies integer not null check (copies between 1 and 10),
  attempts integer not null default 0 check (attempts >= 0),
  job_id text,
  deliveries integer not null default 0,
  last_http_status integer,
  last_error text,
  created_at timestamptz not null,
  last_attempt_at timestamptz,
  acked_at timestamptz,
  check ((kind = 'refund') = (refund_id is not null)),
  check ((status = 'acked') = (acked_at is not null))
);
create index sandbox_notification_trade_idx on sandbox_notification (trade_id, created_at);

create table sandbox_fault (
  mch_id text not null,
  out_trade_no text not null,
  duplicate integer not null default 1 check (duplicate between 1 and 10),
  reorder boolean not null default false,
  delay_ms integer not null default 0 check (delay_ms between 0 and 86400000),
  never boolean not null default false,
  updated_at timestamptz not null,
  primary key (mch_id, out_trade_no)
);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists sandbox_fault, sandbox_notification, sandbox_profit_share, sandbox_refund, sandbox_sub_order, sandbox_trade, sandbox_app;`).execute(db);
}
