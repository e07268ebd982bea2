import { sql, type Kysely } from 'kysely';

// 店铺设置: the shop's banner, announcement (店铺公告), customer-service hours and return address.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
alter table shop
  add column banner_url text,
  add column announcement text not null default '' check (char_length(announcement) <= 300),
  add column service_hours text not null default '' check (char_length(service_hours) <= 50),
  add column return_address text not null default '' check (char_length(return_address) <= 200);
`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table shop drop column banner_url, drop column announcement, drop column service_hours, drop column return_address;`).execute(db);
}
