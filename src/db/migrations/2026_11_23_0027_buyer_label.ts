import { sql, type Kysely } from 'kysely';

// What a merchant sees of an order's buyer: the masked mobile, else (an e-mail account, or one closed and
// anonymised — 已注销用户) the account's display name, instead of nothing.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create or replace view shop_order_buyer with (security_barrier) as
  select o.id as order_id, o.shop_id, p.expires_at as pay_before, coalesce(mask_mobile(u.mobile), u.display_name) as buyer_masked, right(u.mobile, 4) as mobile_suffix
  from shop_order o
  join payment_order p on p.id = o.payment_order_id
  join app_user u on u.id = o.user_id
  where o.shop_id = current_setting('app.shop_id', true);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create or replace view shop_order_buyer with (security_barrier) as
  select o.id as order_id, o.shop_id, p.expires_at as pay_before, mask_mobile(u.mobile) as buyer_masked, right(u.mobile, 4) as mobile_suffix
  from shop_order o
  join payment_order p on p.id = o.payment_order_id
  join app_user u on u.id = o.user_id
  where o.shop_id = current_setting('app.shop_id', true);
`).execute(db);
}
