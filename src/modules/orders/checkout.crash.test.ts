import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresTestUrl } from '../../testing/databases.ts';
import type { BenchBuyer } from '../../testing/buyers.ts';
import { startChildServer as startServer } from '../../testing/child-server.ts';
import { makeCrashFixture, type CrashFixture } from '../../testing/crash-fixture.ts';

const checkout = (url: string, buyer: BenchBuyer, skuId: string, key: string) =>
  fetch(`${url}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, 'idempotency-key': key },
    body: JSON.stringify({ source: { kind: 'buy_now', skuId, qty: 2 }, addressId: buyer.addressId }),
  });

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !postgresTestUrl() ? 'PostgreSQL run skipped: set TEST_DATABASE_URL to run it' : false;
  describe(`E1: the server killed in the middle of a checkout [${kind}]`, { skip }, () => {
    let f: CrashFixture;
    let env: Record<string, string>;
    let buyer: BenchBuyer;
    let skuId: string;
    const withDb: CrashFixture['withDb'] = (fn) => f.withDb(fn);

    before(async () => {
      f = await makeCrashFixture(kind, { title: '崩溃测试', priceFen: 1000, stock: 5 }, 'crash');
      env = { ...f.env, IDEMPOTENCY_LOCK_SECONDS: '1' };
      ({ buyer, skuId } = f);
    });
    after(() => f?.close());

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
