import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './database.ts';
import { auditingDialect } from '../modules/audit/audit-dialect.ts';

// int8 (bigint) and numeric(…,0) columns hold fen and counts: JavaScript numbers are exact up to 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value out of safe range: ${value}`);
  return n;
});

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A postgres:// URL; absent → embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder; absent → in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

/**
 * Both databases go through node-postgres and Kysely's PostgresDialect, so every query
 * takes the same path. PGlite is a single connection: its pool has size 1 and
 * transactions queue, which is also why a function inside a transaction must use the
 * `trx` it was handed and never the outer `db` (that would wait forever).
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    const db = new Kysely<Database>({ dialect: auditingDialect(new PostgresDialect({ pool })) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const lite = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm } });
  const pool = new pg.Pool(createPgConfig(lite));
  const db = new Kysely<Database>({ dialect: auditingDialect(new PostgresDialect({ pool })) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await lite.close();
    },
  };
}
