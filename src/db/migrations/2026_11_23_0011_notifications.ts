import { sql, type Kysely } from 'kysely';

// 站内消息: one row per message to a user (order paid, shipped, refunded, announcements…). The text is
// not stored: the reader's language renders it from kind + params. A cause (the state change that made
// the message, e.g. `order_paid:<payment order>`) makes at most one message per user, so a repeated
// notification, job or retry never sends the same message twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table notification (
  id text primary key,
  user_id text not null references app_user(id),
  kind text not null check (kind in ('order_paid', 'order_shipped', 'refund_succeeded', 'after_sales_update', 'announcement')),
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  link text check (link is null or (char_length(link) between 1 and 500 and left(link, 1) = '/' and left(link, 2) <> '//')),
  cause_key text not null check (char_length(cause_key) between 1 and 200),
  read_at timestamptz,
  created_at timestamptz not null,
  constraint notification_cause_uq unique (user_id, cause_key)
);
-- The message list (newest first) and the unread badge.
create index notification_user_idx on notification (user_id, created_at desc, id desc);
create index notification_unread_idx on notification (user_id) where read_at is null;
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists notification;`).execute(db);
}
