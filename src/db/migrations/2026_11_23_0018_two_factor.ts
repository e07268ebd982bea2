import { sql, type Kysely } from 'kysely';

// Two-step verification (两步验证, TOTP as in Google Authenticator / 微信小程序 authenticators):
// one secret per account, switched on once a code from it was entered; the last time step used, so
// a code works once. The platform can require it of shop owners and platform admins.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
create table user_totp (
  user_id text primary key references app_user(id) on delete cascade,
  secret text not null,
  enabled_at timestamptz,
  last_step bigint not null default 0,
  created_at timestamptz not null
);
create table security_setting (
  id boolean primary key default true check (id),
  require_two_factor boolean not null default false,
  updated_at timestamptz
);
insert into security_setting (id) values (true);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table security_setting; drop table user_totp;`).execute(db);
}
