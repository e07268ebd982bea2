// The data a crash test needs outside the server it kills: a database (a PGlite folder, or a fresh
// PostgreSQL database), one shop with one SKU, and one signed-in buyer with an address.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type DatabaseHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { FakeClock } from '../shared/clock.ts';
import { makeBuyers, type BenchBuyer } from './buyers.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from './catalog-fixtures.ts';
import { createTestDatabase } from './databases.ts';
import { makeShop, makeUser } from './fixtures.ts';
import { killChildServers } from './child-server.ts';

export interface CrashFixture {
  /** Environment for `startChildServer`: the data folder, or the PostgreSQL URL. */
  env: Record<string, string>;
  buyer: BenchBuyer;
  skuId: string;
  /** The database, opened only while no server holds it (PGlite is one process's). */
  withDb<T>(fn: (db: DatabaseHandle['db']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function makeCrashFixture(kind: 'pglite' | 'postgres', product: { title: string; priceFen: number; stock: number }, prefix: string): Promise<CrashFixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `jishi-${prefix}-`));
  const env: Record<string, string> = { JISHI_DATA_DIR: dataDir, DATABASE_URL: '' };
  const pg = kind === 'postgres' ? await createTestDatabase('postgres') : undefined;
  if (pg) env.DATABASE_URL = pg.url!;
  async function withDb<T>(fn: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
    if (pg) return fn(pg.db);
    const handle = await connectDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  }
  const { skuId, buyer } = await withDb(async (db) => {
    await migrateToLatest(db);
    const clock = new FakeClock(new Date());
    const cats = await makeCategoryTree(db);
    const owner = await makeUser(db, clock);
    const shop = await makeShop(db, clock, owner.id);
    const productId = await makeOnSaleProduct(db, clock, shop, productInput(cats.earphones, { title: product.title, skus: [{ spec: { 颜色: '黑色' }, priceFen: product.priceFen, stock: product.stock }] }));
    const sku = await db.selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow();
    const [b] = (await makeBuyers(db, 1, `${prefix}${kind}`)) as [BenchBuyer];
    return { skuId: sku.id, buyer: b };
  });
  return {
    env,
    buyer,
    skuId,
    withDb,
    async close() {
      killChildServers();
      await pg?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
