import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { connectDatabase, type DatabaseHandle } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createTestDatabase, postgresTestUrl } from '../../testing/databases.ts';
import { credit, debit } from './ledger.accounts.ts';
import { postTransaction } from './ledger.service.ts';

function jishi(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['bin/jishi.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
}

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !postgresTestUrl() ? 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' : false;
  describe(`jishi ledger verify [${kind}]`, { skip }, () => {
    let dataDir: string;
    let pg: (DatabaseHandle & { url?: string }) | undefined;
    let env: Record<string, string>;

    /** PGlite's data folder has one owner at a time: open it, do the work, close it before the CLI runs. */
    async function withDatabase(fn: (handle: DatabaseHandle) => Promise<void>) {
      if (pg) return fn(pg);
      const handle = await connectDatabase({ dataDir: path.join(dataDir, 'pglite') });
      try {
        await migrateToLatest(handle.db);
        await fn(handle);
      } finally {
        await handle.close();
      }
    }

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-ledger-cli-'));
      env = { JISHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', JISHI_JOBS: 'off' };
      if (kind === 'postgres') {
        pg = await createTestDatabase('postgres');
        env.DATABASE_URL = pg.url!;
      }
    });
    after(async () => {
      await pg?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('exits 0 on a sound ledger and 1 after a balance is corrupted by raw SQL', async () => {
      const at = new Date('2026-11-23T08:00:00Z');
      await withDatabase(({ db }) =>
        db.transaction().execute(async (trx) => {
          await postTransaction(trx, { kind: 'payment_captured', causeType: 'payment_attempt', causeId: 'pat_cli', at, entries: [debit('gateway_clearing:sandbox', 5_000), credit('shop_escrow:shp_cli', 5_000)] });
          await postTransaction(trx, { kind: 'settlement', causeType: 'shop_order', causeId: 'ord_cli', at, entries: [debit('shop_escrow:shp_cli', 5_000), credit('merchant_available:shp_cli', 4_800), credit('platform_commission', 200)] });
        }),
      );
      const good = jishi(['ledger', 'verify'], env);
      assert.equal(good.status, 0, good.stdout + good.stderr);
      assert.match(good.stdout, new RegExp(`ledger verify \\(${kind}\\): 4 accounts, 2 transactions, 5 entries`));
      assert.match(good.stdout, /ok +account_balances_match_entries/);
      assert.match(good.stdout, /ledger OK: all \d+ checks passed/);

      await withDatabase(async ({ db }) => {
        await sql`update ledger_account set balance_fen = balance_fen + 100 where code = 'merchant_available:shp_cli'`.execute(db);
      });
      const broken = jishi(['ledger', 'verify'], env);
      assert.equal(broken.status, 1, broken.stdout + broken.stderr);
      assert.match(broken.stdout, /FAIL +account_balances_match_entries \(1 problem\)/);
      assert.match(broken.stdout, /merchant_available:shp_cli: stored balance 4900 fen, entries give 4800 fen/);
      assert.match(broken.stdout, /FAIL +trial_balance/);
      assert.match(broken.stdout, /ledger BROKEN: 2 of \d+ checks failed/);
    });
  });
}
