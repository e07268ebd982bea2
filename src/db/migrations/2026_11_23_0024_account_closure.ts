import { sql, type Kysely } from 'kysely';

// 注销账号 (account closure, PIPL Art. 47) and leaving on the old terms (电子商务法 Art. 34: a merchant who
// does not accept a changed merchant service agreement may exit under the terms it signed).
//
// - app_user gains `closed` and `closed_at`: a closed account keeps its row (orders, payments and the
//   ledger refer to it and are kept), but has no login, so its mobile number or email can register anew.
// - account_closure: one append-only record per closed account (when, why, from where).
// - shop gains `closing` (退出中: no new orders, existing ones continue) before `closed` (已退出).
// - agreement_dissent: a shop owner's 不同意 of a merchant agreement version, with the version the shop
//   leaves under; one per shop, append-only.
// - exit_commission_rate: the commission rate of each line of the exiting shop's unsettled orders,
//   fixed at the dissent, so the platform's later rate changes do not reach those orders.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
do $$
declare c record;
begin
  -- The foundation's unnamed checks on app_user: status list, and "has a login".
  for c in
    select conname from pg_constraint
    where conrelid = 'app_user'::regclass and contype = 'c'
      and (pg_get_constraintdef(oid) ilike '%status%' or pg_get_constraintdef(oid) ilike '%mobile IS NOT NULL%')
  loop
    execute format('alter table app_user drop constraint %I', c.conname);
  end loop;
  for c in
    select conname from pg_constraint
    where conrelid = 'shop'::regclass and contype = 'c' and pg_get_constraintdef(oid) ilike '%status%' and conname <> 'shop_frozen_fields'
  loop
    execute format('alter table shop drop constraint %I', c.conname);
  end loop;
  for c in
    select conname from pg_constraint
    where conrelid = 'shop_status_event'::regclass and contype = 'c' and pg_get_constraintdef(oid) ilike '%action%'
  loop
    execute format('alter table shop_status_event drop constraint %I', c.conname);
  end loop;
  for c in
    select conname from pg_constraint
    where conrelid = 'user_consent'::regclass and contype = 'c' and pg_get_constraintdef(oid) ilike '%via%'
  loop
    execute format('alter table user_consent drop constraint %I', c.conname);
  end loop;
end $$;

alter table app_user add column closed_at timestamptz;
alter table app_user add constraint app_user_status_check check (status in ('active', 'disabled', 'closed'));
alter table app_user add constraint app_user_closed_at check ((status = 'closed') = (closed_at is not null));
-- An open account has a login; a closed one has none (its number and email are free again).
alter table app_user add constraint app_user_login check (
  case when status = 'closed' then mobile is null and email is null else mobile is not null or email is not null end
);

alter table shop add constraint shop_status_check check (status in ('active', 'frozen', 'closing', 'closed'));
alter table shop_status_event add constraint shop_status_event_action_check check (action in ('freeze', 'unfreeze', 'reverify', 'exit', 'close'));
alter table user_consent add constraint user_consent_via_check check (via in ('registration', 'settings', 'account_closure'));

create table account_closure (
  id text primary key,
  user_id text not null unique references app_user(id),
  closed_at timestamptz not null,
  reason text not null default '' check (char_length(reason) <= 200),
  ip text check (char_length(ip) <= 64),
  user_agent text check (char_length(user_agent) <= 300),
  idempotency_key text check (char_length(idempotency_key) <= 255)
);
create trigger account_closure_append_only before update or delete on account_closure
  for each row execute function content_refuse_change();
create trigger account_closure_no_truncate before truncate on account_closure
  for each statement execute function content_refuse_change();

create table agreement_dissent (
  id text primary key,
  shop_id text not null unique references shop(id),
  user_id text not null references app_user(id),
  -- the version not accepted, and the one in force before it: the terms the shop leaves under
  version_id text not null references agreement_version(id),
  leaves_under_version_id text not null references agreement_version(id),
  reason text not null default '' check (char_length(reason) <= 200),
  at timestamptz not null,
  ip text check (char_length(ip) <= 64),
  user_agent text check (char_length(user_agent) <= 300),
  check (version_id <> leaves_under_version_id)
);
create index agreement_dissent_version_idx on agreement_dissent (version_id);
create trigger agreement_dissent_append_only before update or delete on agreement_dissent
  for each row execute function content_refuse_change();
create trigger agreement_dissent_no_truncate before truncate on agreement_dissent
  for each statement execute function content_refuse_change();

create table exit_commission_rate (
  order_line_id text primary key references order_line(id),
  shop_id text not null references shop(id),
  commission_bp integer not null check (commission_bp between 0 and 10000),
  fixed_at timestamptz not null
);
create index exit_commission_rate_shop_idx on exit_commission_rate (shop_id);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
drop table if exists exit_commission_rate, agreement_dissent, account_closure;
alter table user_consent drop constraint if exists user_consent_via_check;
alter table user_consent add constraint user_consent_via_check check (via in ('registration', 'settings'));
alter table shop_status_event drop constraint if exists shop_status_event_action_check;
alter table shop_status_event add constraint shop_status_event_action_check check (action in ('freeze', 'unfreeze', 'reverify'));
alter table shop drop constraint if exists shop_status_check;
alter table shop add constraint shop_status_check check (status in ('active', 'frozen', 'closed'));
alter table app_user drop constraint if exists app_user_login;
alter table app_user drop constraint if exists app_user_closed_at;
alter table app_user drop constraint if exists app_user_status_check;
alter table app_user drop column if exists closed_at;
alter table app_user add constraint app_user_status_check check (status in ('active', 'disabled'));
alter table app_user add constraint app_user_check check (mobile is not null or email is not null);
`).execute(db);
}
