import { sql, type Kysely } from 'kysely';

// The database-level tenant guard (defence in depth behind the route policies): a NOLOGIN role
// `jishi_merchant` that may only SELECT shop-owned rows, and only those of the shop named by the
// transaction-local setting `app.shop_id` (row-level security). src/db/shop-scope.ts runs a merchant
// console read under it, so even a query that forgot its `where shop_id = …` reads one shop.
//
// Roles are cluster-wide in PostgreSQL: the role is created once, idempotently; if the connecting user
// may not create roles (no CREATEROLE), the guard is skipped with a NOTICE — the app works as before and
// withShopScope runs its reads without the role. The app's own role owns the tables, so RLS does not
// apply to it (no FORCE ROW LEVEL SECURITY).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'jishi_merchant') then
    if not exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
      raise notice 'tenant guard skipped: % may not create the role jishi_merchant (needs CREATEROLE)', current_user;
      return;
    end if;
    begin
      create role jishi_merchant nologin;
    exception
      when duplicate_object or unique_violation then null; -- created meanwhile by a migration of another database on this server
      when insufficient_privilege then
        raise notice 'tenant guard skipped: % may not create the role jishi_merchant', current_user;
        return;
    end;
  end if;
  -- The app must be able to SET ROLE to it (PostgreSQL 16+: the creator only gets ADMIN OPTION by default).
  if not pg_has_role(current_user, 'jishi_merchant', case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end) then
    begin
      grant jishi_merchant to current_user;
    exception
      when unique_violation then null; -- granted meanwhile by a concurrent migration
      when insufficient_privilege or invalid_grant_operation then
        raise notice 'tenant guard: % cannot become jishi_merchant; scoped reads run without the role', current_user;
    end;
  end if;
end $$;

-- Tables without a shop_id column that belong to a shop through a parent row: the policy follows
-- the parent. A migration adding such a table inserts its row here; tenant_guard_attach_all() does the rest.
-- condition: an extra SQL predicate on the child row (e.g. platform-internal notes stay hidden).
create table tenant_guard_child (
  table_name text primary key,
  parent_table text not null,
  parent_column text not null,
  condition text
);
insert into tenant_guard_child (table_name, parent_table, parent_column, condition) values
  ('order_line', 'shop_order', 'order_id', null),
  ('order_event', 'shop_order', 'order_id', null),
  ('fulfilment_line', 'shop_order', 'order_id', null),
  ('refund', 'shop_order', 'shop_order_id', null),
  ('sku', 'product', 'product_id', null),
  ('product_change', 'product', 'product_id', null),
  ('shipment_line', 'shipment', 'shipment_id', null),
  ('tracking_event', 'shipment', 'shipment_id', null),
  ('after_sales_event', 'after_sales_request', 'request_id', null),
  ('after_sales_message', 'after_sales_request', 'request_id', 'not internal'),
  ('complaint_message', 'complaint', 'complaint_id', null);

-- What a merchant may know about the buyer of one of its orders: the pay-by time and the mobile
-- number masked (138****1234) with its last four digits for searching — never app_user or
-- payment_order themselves. A view runs with its owner's rights, so it filters by app.shop_id itself.
-- mask_mobile is identity.rules.ts maskMobile in SQL (null or '' → null).
create function mask_mobile(mobile text) returns text language sql immutable as $$
  select case
    when nullif(mobile, '') is null then null
    when length(regexp_replace(mobile, '^\\+86', '')) = 11 then left(regexp_replace(mobile, '^\\+86', ''), 3) || '****' || right(mobile, 4)
    else '***'
  end
$$;
create view shop_order_buyer with (security_barrier) as
  select o.id as order_id, o.shop_id, p.expires_at as pay_before, mask_mobile(u.mobile) as buyer_masked, right(u.mobile, 4) as mobile_suffix
  from shop_order o
  join payment_order p on p.id = o.payment_order_id
  join app_user u on u.id = o.user_id
  where o.shop_id = current_setting('app.shop_id', true);

-- Idempotent; the migrator runs it after every migration, so a table added later with a shop_id
-- column (or listed in tenant_guard_child) is guarded from then on. Tables with no shop (users,
-- sessions, payments, the ledger, the audit log…) get no grant at all: permission denied.
create function tenant_guard_attach_all() returns void language plpgsql as $$
declare
  t record;
  using_clause text;
begin
  if not exists (select 1 from pg_roles where rolname = 'jishi_merchant') then
    return; -- guard skipped (see migration 0021)
  end if;
  for t in
    select c.relname as table_name,
      case
        when c.relname = 'shop' then 'id = current_setting(''app.shop_id'', true)'
        when g.table_name is not null then format('exists (select 1 from %I p where p.id = %I.%I and p.shop_id = current_setting(''app.shop_id'', true))',
          g.parent_table, c.relname, g.parent_column) || coalesce(' and (' || g.condition || ')', '')
        else 'shop_id = current_setting(''app.shop_id'', true)'
      end as using_clause
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join tenant_guard_child g on g.table_name = c.relname
    where c.relkind in ('r', 'p') and n.nspname = current_schema()
      and c.relname not in ('audit_log') -- has a shop_id, but is the platform's record, not the shop's
      and (c.relname = 'shop' or g.table_name is not null
        or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'shop_id' and a.attnum > 0 and not a.attisdropped))
  loop
    execute format('alter table %I enable row level security', t.table_name);
    execute format('grant select on %I to jishi_merchant', t.table_name);
    if not exists (select 1 from pg_policy p where p.polrelid = format('%I', t.table_name)::regclass and p.polname = 'tenant_guard') then
      begin
        execute format('create policy tenant_guard on %I for select to jishi_merchant using (%s)', t.table_name, t.using_clause);
      exception when duplicate_object then null; -- another process starting at the same time created it
      end;
    end if;
  end loop;
  grant select on shop_order_buyer to jishi_merchant;
end $$;
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
do $$ declare t record; begin
  for t in select c.relname from pg_policy p join pg_class c on c.oid = p.polrelid where p.polname = 'tenant_guard' loop
    execute format('drop policy tenant_guard on %I', t.relname);
    execute format('alter table %I disable row level security', t.relname);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'jishi_merchant') then
    for t in select table_name as relname from information_schema.role_table_grants where grantee = 'jishi_merchant' and table_schema = current_schema() loop
      execute format('revoke all on %I from jishi_merchant', t.relname);
    end loop;
  end if;
end $$;
drop function tenant_guard_attach_all();
drop view shop_order_buyer;
drop function mask_mobile(text);
drop table tenant_guard_child;
`).execute(db);
}
