import { sql, type Kysely } from 'kysely';

// 系统设置 — the order and after-sales timers the platform sets. One row; a null column means "the
// default" (the environment's ORDER_* values for the order timers, the after-sales module's constants
// for its deadlines), so nothing changes until the platform saves its own. The checks are the sane
// ranges: the after-sales window never goes under the statutory 7 days (七天无理由退货).
//
// The order's after-sales window is now stored on the order when it is received (`after_sales_until`),
// like its auto-confirm time and its payment deadline already were: a changed setting applies to the
// orders received from then on, never to a window already promised. Existing received orders take the
// run time of their pending `orders.complete` timer (exactly what they were promised), else receipt + 7 days.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table platform_timer_setting (
  id boolean primary key default true check (id),
  unpaid_cancel_minutes integer check (unpaid_cancel_minutes between 5 and 1440),
  auto_confirm_days integer check (auto_confirm_days between 3 and 30),
  after_sales_window_days integer check (after_sales_window_days between 7 and 30),
  merchant_decision_hours integer check (merchant_decision_hours between 24 and 168),
  buyer_return_hours integer check (buyer_return_hours between 72 and 720),
  merchant_receipt_hours integer check (merchant_receipt_hours between 72 and 720),
  merchant_reship_hours integer check (merchant_reship_hours between 72 and 720),
  buyer_confirm_hours integer check (buyer_confirm_hours between 72 and 720),
  escalation_hours integer check (escalation_hours between 72 and 720),
  updated_at timestamptz,
  updated_by text references app_user(id) on delete set null
);
insert into platform_timer_setting (id) values (true);

alter table shop_order add column after_sales_until timestamptz;
update shop_order o set after_sales_until = coalesce(
  (select max(j.run_at) from job j where j.dedupe_key = 'orders.complete:' || o.id),
  o.received_at + interval '7 days'
) where o.received_at is not null;
alter table shop_order add constraint shop_order_after_sales_until_ck check ((received_at is null) = (after_sales_until is null));
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table shop_order drop constraint shop_order_after_sales_until_ck;
alter table shop_order drop column after_sales_until;
drop table platform_timer_setting;
`).execute(db);
}
