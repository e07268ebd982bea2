import { sql, type Kysely } from 'kysely';

// Platform roles by area: operations (运营), reviewer (审核), customer_service (客服), finance (财务),
// beside platform_admin (超级管理员) and the generalist platform_staff.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table user_role drop constraint if exists user_role_role_check;
alter table user_role add constraint user_role_role_check
  check (role in ('platform_admin', 'operations', 'reviewer', 'customer_service', 'finance', 'platform_staff'));
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`
delete from user_role where role not in ('platform_admin', 'platform_staff');
alter table user_role drop constraint user_role_role_check;
alter table user_role add constraint user_role_role_check check (role in ('platform_admin', 'platform_staff'));
`).execute(db);
}
