import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type DatabaseHandle } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createTestDatabase, postgresTestUrl } from '../../testing/databases.ts';
import { makeBuyers, type BenchBuyer } from '../../testing/buyers.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { FakeClock } from '../../shared/clock.ts';
import { killChildServers, startChildServer as startServer } from '../../testing/child-server.ts';

const checkout = (url: string, buyer: BenchBuyer, skuId: string, key: string) =>
  fetch(`${url}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, 'idempotency-key': key },
    body: JSON.stringify({ source: { kind: 'buy_now', skuId, qty: 2 }, addressId: buyer.addressId }),
  });

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !postgresTestUrl() ? 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' : false;
  describe(`E1: the server killed in the middle of a checkout [${kind}]`, { skip }, () => {
    let dataDir: string;
    let env: Record<string, string>;
    let pg: (DatabaseHandle & { url?: string }) | undefined;
    let buyer: BenchBuyer;
    let skuId: string;

    /** The database, opened only while no server holds it (PGlite is one process's). */
    async function withDb<T>(fn: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
      if (pg) return fn(pg.db);
      const handle = await connectDatabase({ dataDir: path.join(dataDir, 'pglite') });
      try {
        return await fn(handle.db);
      } finally {
        await handle.close();
      }
    }

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-crash-'));
      env = { JISHI_DATA_DIR: dataDir, DATABASE_URL: '', IDEMPOTENCY_LOCK_SECONDS: '1' };
      if (kind === 'postgres') {
        pg = await createTestDatabase('postgres');
        env.DATABASE_URL = pg.url!;
      }
      await withDb(async (db) => {
        await migrateToLatest(db);
        const clock = new FakeClock(new Date());
        const cats = await makeCategoryTree(db);
        const owner = await makeUser(db, clock);
        const shop = await makeShop(db, clock, owner.id);
        const productId = await makeOnSaleProduct(db, clock, shop, productInput(cats.earphones, { title: '崩溃测试', skus: [{ spec: { 颜色: '黑色' }, priceFen: 1000, stock: 5 }] }));
        skuId = (await db.selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
        [buyer] = (await makeBuyers(db, 1, `crash${kind}`)) as [BenchBuyer];
      });
    });
    after(async () => {
      killChildServers();
      await pg?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    for (const point of ['checkout.after-reserve', 'checkout.before-commit']) {
      test(`killed at ${point}: after a restart no stock is lost, no order exists, and the retry places it once`, async () => {
        const snapshot = () =>
          withDb(async (db) => ({
            stock: (await db.selectFrom('sku').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock,
            orders: (await db.selectFrom('shop_order').select('id').execute()).length,
          }));
        const before = await snapshot();
        const crashing = await startServer({ ...env, JISHI_FAULT_POINT: point });
        const outcome = await checkout(crashing.url, buyer, skuId, `crash-${point}`).then(
          async (res) => `answered ${res.status}: ${await res.text()}`,
          () => 'connection lost',
        );
        if (outcome !== 'connection lost') await crashing.stop();
        assert.equal(outcome, 'connection lost', 'the server should have died');
        assert.equal(await crashing.exited, 'SIGKILL');
        assert.deepEqual(await snapshot(), before, 'nothing half-written, no reservation leaked');

        const healthy = await startServer(env);
        // The crashed request held its key for IDEMPOTENCY_LOCK_SECONDS (1 s here); by now it may be retaken.
        await new Promise((r) => setTimeout(r, 1100));
        const first = await checkout(healthy.url, buyer, skuId, `crash-${point}`);
        assert.equal(first.status, 201, await first.clone().text());
        const again = await checkout(healthy.url, buyer, skuId, `crash-${point}`);
        assert.equal((await again.json()).paymentOrderId, (await first.json()).paymentOrderId);
        await healthy.stop();
        assert.deepEqual(await snapshot(), { stock: before.stock - 2, orders: before.orders + 1 });
      });
    }
  });
}
