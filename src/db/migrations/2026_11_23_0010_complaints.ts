import { sql, type Kysely } from 'kysely';

// Complaints (投诉) about a shop or one of the shopper's orders: category, evidence, the platform's
// handling with SLA deadlines fixed at submission, assignment, and a three-party thread.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table complaint (
  id text primary key,
  user_id text not null references app_user(id),
  shop_id text not null references shop(id),
  order_id text references shop_order(id),
  category text not null check (category in ('quality', 'description_mismatch', 'service_attitude', 'logistics', 'fake_goods', 'other')),
  title text not null check (char_length(title) between 1 and 60),
  description text not null check (char_length(description) between 1 and 2000),
  photos jsonb not null default '[]' check (jsonb_typeof(photos) = 'array' and jsonb_array_length(photos) <= 9),
  status text not null check (status in ('submitted', 'accepted', 'investigating', 'resolved', 'closed', 'rejected', 'withdrawn')),
  assignee_id text references app_user(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  first_response_due_at timestamptz not null,
  resolution_due_at timestamptz not null,
  first_responded_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  auto_close_at timestamptz,
  first_response_breached boolean not null default false,
  resolution_breached boolean not null default false,
  resolution text check (char_length(resolution) <= 2000),
  outcome text check (outcome in ('upheld', 'partly_upheld', 'not_upheld')),
  reject_reason text check (char_length(reject_reason) <= 500),
  rating smallint check (rating between 1 and 5),
  feedback text check (char_length(feedback) <= 500),
  closed_by text check (closed_by in ('shopper', 'system')),
  check (first_response_due_at > created_at and resolution_due_at >= first_response_due_at),
  check ((status in ('resolved', 'closed')) = (resolved_at is not null)),
  check ((resolution is null) = (outcome is null)),
  check (status <> 'rejected' or reject_reason is not null),
  check ((status in ('closed', 'rejected', 'withdrawn')) = (closed_at is not null))
);
-- One open complaint per order and category (and per shop and category when no order is named).
create unique index complaint_open_order_category_idx on complaint (order_id, category)
  where order_id is not null and status in ('submitted', 'accepted', 'investigating', 'resolved');
create unique index complaint_open_shop_category_idx on complaint (user_id, shop_id, category)
  where order_id is null and status in ('submitted', 'accepted', 'investigating', 'resolved');
create index complaint_user_idx on complaint (user_id, created_at desc);
create index complaint_shop_idx on complaint (shop_id, created_at desc);
create index complaint_created_idx on complaint (created_at);
create index complaint_open_idx on complaint (status, first_response_due_at, resolution_due_at)
  where status in ('submitted', 'accepted', 'investigating');
create index complaint_auto_close_idx on complaint (auto_close_at) where status = 'resolved';

create table complaint_message (
  id text primary key,
  complaint_id text not null references complaint(id),
  kind text not null check (kind in ('message', 'event')),
  author_id text references app_user(id),
  author_role text not null check (author_role in ('shopper', 'shop', 'platform', 'system')),
  body text not null check (char_length(body) <= 2000),
  photos jsonb not null default '[]' check (jsonb_typeof(photos) = 'array' and jsonb_array_length(photos) <= 9),
  action text,
  from_status text,
  to_status text,
  created_at timestamptz not null,
  check (kind = 'event' or char_length(body) >= 1 or jsonb_array_length(photos) >= 1)
);
create index complaint_message_complaint_idx on complaint_message (complaint_id, created_at, id);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists complaint_message, complaint;`).execute(db);
}
