import { describe, before, after } from 'node:test';
import crypto from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle, type DatabaseKind } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** The PostgreSQL server tests may create databases on, if any. */
export function postgresTestUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database: in-memory PGlite, or a uniquely named PostgreSQL
 * database that `close()` drops again.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle & { url?: string }> {
  if (kind === 'pglite') {
    const handle = await connectDatabase({});
    await migrateToLatest(handle.db);
    return handle;
  }
  const serverUrl = postgresTestUrl();
  if (!serverUrl) throw new Error('no TEST_DATABASE_URL for a PostgreSQL test database');
  const name = `jishi_test_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const handle = await connectDatabase({ databaseUrl: url, poolSize: 30 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      // pool.end() resolves before its connections are gone; dropping "with (force)" would then kill
      // them and their clients would raise an uncaught error. Wait until the database is idle.
      for (let i = 0; i < 250; i++) {
        const { rows } = await dropper.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Declares the suite once per database: always PGlite, and PostgreSQL when
 * TEST_DATABASE_URL (or DATABASE_URL) is set — otherwise that run shows as skipped.
 * `fn` gets a getter for the handle, valid inside tests.
 */
export function describeEachDatabase(name: string, fn: (database: () => DatabaseHandle, kind: DatabaseKind) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const skip = kind === 'postgres' && !postgresTestUrl() ? 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' : false;
    describe(`${name} [${kind}]`, { skip }, () => {
      let handle: DatabaseHandle | undefined;
      before(async () => {
        handle = await createTestDatabase(kind);
      });
      after(async () => {
        await handle?.close();
      });
      fn(() => {
        if (!handle) throw new Error('database not ready');
        return handle;
      }, kind);
    });
  }
}
