import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {}
