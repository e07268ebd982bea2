import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, postgresTestUrl } from '../testing/databases.ts';
import type { DatabaseHandle } from '../db/connect.ts';

function jishi(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['bin/jishi.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
}

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !postgresTestUrl() ? 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' : false;
  describe(`jishi CLI [${kind}]`, { skip }, () => {
    let dataDir: string;
    let pg: (DatabaseHandle & { url?: string }) | undefined;
    let env: Record<string, string>;

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-cli-'));
      env = { JISHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
      if (kind === 'postgres') {
        pg = await createTestDatabase('postgres');
        env.DATABASE_URL = pg.url!;
      }
    });
    after(async () => {
      await pg?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('migrate, then create-admin (and refuse a weak password with a clear message)', () => {
      const migrate = jishi(['migrate'], env);
      assert.equal(migrate.status, 0, migrate.stderr);
      assert.match(migrate.stdout, new RegExp(`database migrated \\(${kind}\\)`));
      const weak = jishi(['create-admin', '--login', '13700001111', '--password', 'password'], env);
      assert.equal(weak.status, 1);
      assert.match(weak.stderr, /at least 8|too common/i);
      const ok = jishi(['create-admin', '--login', '13700001111', '--password', 'Admin-Pass-2026', '--name', '运营'], env);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /platform admin created: usr_/);
      const again = jishi(['create-admin', '--login', '+86 137 0000 1111', '--password', 'Admin-Pass-2026'], env);
      assert.match(again.stdout, /is now a platform admin/);
    });

    test('start serves on one port, answers /readyz, and shuts down cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, ['bin/jishi.js', 'start', '--no-seed', '--no-build'], {
        env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = out.match(/is running on (http:\/\/\S+)/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal((await ready.json()).database, kind);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: '13700001111', password: 'Admin-Pass-2026' }),
      });
      assert.equal(login.status, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    });
  });
}
