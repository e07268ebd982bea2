import { sql, type Kysely } from 'kysely';

// The audit log (操作日志): one append-only row per console write (merchant or platform staff), with
// every row that write changed, before and after. Row triggers stage the changes of a transaction
// that the request marked as audited (transaction-local setting `jishi.audit`); at commit the
// database driver folds them into one audit_log row (src/modules/audit/audit-dialect.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table audit_log (
  id text primary key,
  at timestamptz not null,
  actor_id text references app_user(id),
  actor_roles text[] not null default '{}',
  console text not null check (console in ('seller', 'admin')),
  shop_id text,
  action text not null,
  target_type text,
  target_id text,
  before jsonb,
  after jsonb,
  changes jsonb not null check (jsonb_typeof(changes) = 'array'),
  request_id text,
  ip text
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_actor_idx on audit_log (actor_id, at desc);
create index audit_log_shop_idx on audit_log (shop_id, at desc);
create index audit_log_target_idx on audit_log (target_type, target_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only();

-- What an audited transaction changed so far (emptied when it commits).
create table audit_change (
  seq bigserial primary key,
  txid bigint not null,
  table_name text not null,
  op text not null,
  row_id text,
  before jsonb,
  after jsonb
);
create index audit_change_tx_idx on audit_change (txid, seq);

-- Secrets never reach the log: password and token hashes, 2FA secrets.
create function audit_redact(row_data jsonb) returns jsonb language sql immutable as $$
  select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from jsonb_each(row_data)
  where key !~ '(password|secret|token|_hash$)'
$$;

create function audit_capture() returns trigger language plpgsql as $$
declare
  old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then audit_redact(to_jsonb(old)) end;
  new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then audit_redact(to_jsonb(new)) end;
begin
  if coalesce(current_setting('jishi.audit', true), '') <> 'on' then return null; end if;
  if tg_op = 'UPDATE' and old_row = new_row then return null; end if;
  insert into audit_change (txid, table_name, op, row_id, before, after)
  values (txid_current(), tg_table_name, lower(tg_op), coalesce(new_row, old_row)->>'id', old_row, new_row);
  return null;
end $$;

-- Puts the capture trigger on every table not listed here (idempotent; run after every migration,
-- so tables added later are audited too). Left out: the log itself, sessions and throttles, jobs and
-- idempotency keys, the ledger (its postings follow from the audited rows), the sandbox gateway (a
-- separate party), and histories that other rows already imply.
create function audit_attach_all() returns void language plpgsql as $$
declare t text;
begin
  for t in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname = current_schema()
      and c.relname not in ('audit_log', 'audit_change', 'session', 'auth_throttle', 'idempotency_key', 'job', 'kysely_migration', 'kysely_migration_lock',
        'ledger_account', 'ledger_transaction', 'ledger_entry', 'payment_notification', 'reconciliation', 'notification', 'cart_item',
        'order_event', 'after_sales_event', 'product_change', 'shop_status_event', 'media_image', 'pickup_attempt')
      and c.relname not like 'sandbox\\_%'
      and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'audit_capture')
  loop
    begin
      execute format('create trigger audit_capture after insert or update or delete on %I for each row execute function audit_capture()', t);
    exception when duplicate_object then null; -- another process starting at the same time attached it
    end;
  end loop;
end $$;
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
do $$ declare t text; begin
  for t in select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'audit_capture' loop
    execute format('drop trigger audit_capture on %I', t);
  end loop;
end $$;
drop function audit_attach_all();
drop function audit_capture();
drop function audit_redact(jsonb);
drop table audit_change;
drop table audit_log;
drop function audit_log_append_only();
`).execute(db);
}
