import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { connectDatabase, type DatabaseHandle } from '../../db/connect.ts';
import { createTestDatabase, postgresTestUrl } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { makeBuyers, type BenchBuyer } from '../../testing/buyers.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../../testing/catalog-fixtures.ts';
import { startLatencyProxy, type LatencyProxy } from '../../testing/latency-proxy.ts';

/**
 * A1 on a slow network: 200 buyers behind a barrier race for the last unit (then for 10) while every
 * packet between the app and PostgreSQL takes 50 ms + up to 25 ms of jitter each way (a ~100–150 ms
 * round trip), so every check-then-act window is wide open. Exactly N orders every run, stock never
 * below 0, the rest STOCK_INSUFFICIENT, no 5xx. A1_PROXY_RUNS=50 for the full row (about 10 minutes).
 */
const RUNS = Number(process.env.A1_PROXY_RUNS ?? 2);

describe('checkout last-unit stampede over a 100 ms app↔DB link (A1) [postgres]', { skip: postgresTestUrl() ? false : 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' }, () => {
  let direct: DatabaseHandle & { url?: string };
  let slow: DatabaseHandle;
  let proxy: LatencyProxy;
  let t: TestApp;
  let buyers: BenchBuyer[];
  let shopId = '';
  let categoryId = '';

  before(async () => {
    direct = await createTestDatabase('postgres');
    const url = new URL(direct.url!);
    proxy = await startLatencyProxy({ host: url.hostname, port: Number(url.port || 5432) }, 50, 25);
    url.port = String(proxy.port);
    url.hostname = '127.0.0.1';
    slow = await connectDatabase({ databaseUrl: url.toString(), poolSize: 30 });
    t = await createTestApp(slow);
    const cats = await makeCategoryTree(direct.db);
    categoryId = cats.earphones;
    shopId = await makeShop(direct.db, t.clock, (await makeUser(direct.db, t.clock)).id);
    buyers = await makeBuyers(direct.db, 200, `slow${Date.now().toString(36)}`);
  });
  after(async () => {
    await t?.app.close();
    await slow?.close();
    await proxy?.close();
    await direct?.close();
  });

  test(`${RUNS} stampedes (stock 1, then 10, alternating; 200 buyers each)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const units = run % 2 === 0 ? 1 : 10;
      const productId = await makeOnSaleProduct(direct.db, t.clock, shopId, productInput(categoryId, {
        title: `慢网抢购 ${run}`,
        specs: [{ name: '款式', values: ['唯一'] }],
        skus: [{ spec: { 款式: '唯一' }, priceFen: 100, stock: units }],
      }));
      const { id: skuId } = await direct.db.selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow();
      // The barrier: every request is built first, then all are released in the same tick.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const pending = buyers.map(async (b, i) => {
        await gate;
        return t.app.inject({
          method: 'POST',
          url: '/api/checkout',
          payload: { source: { kind: 'buy_now', skuId, qty: 1 }, addressId: b.addressId },
          headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, 'idempotency-key': `slow-${run}-${i}` },
        });
      });
      release();
      const results = await Promise.all(pending);
      const created = results.filter((r) => r.statusCode === 201).length;
      assert.equal(created, units, `run ${run}: ${units} orders`);
      const others = results.filter((r) => r.statusCode !== 201);
      assert.ok(others.every((r) => r.statusCode === 409 && r.json().error.code === 'STOCK_INSUFFICIENT'), `run ${run}: ${[...new Set(others.map((r) => `${r.statusCode} ${r.body.slice(0, 80)}`))].join(' | ')}`);
      const { stock } = await direct.db.selectFrom('sku').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow();
      assert.equal(stock, 0);
      const ordered = await sql<{ n: number }>`select coalesce(sum(qty), 0)::int as n from order_line where sku_id = ${skuId}`.execute(direct.db);
      assert.equal(ordered.rows[0]!.n, units, 'no over-reservation');
    }
  });
});
