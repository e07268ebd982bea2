/**
 * `jishi seed --demo`: the deterministic demo mall. Accounts go through the identity
 * service (argon2id hashes, the password policy); the catalogue comes from generate.ts;
 * pictures are rendered locally by pictures.ts. Everything database-side happens in one
 * transaction, and the pictures are rendered before it commits, so an interrupted seed
 * leaves an empty mall that the next start seeds again (reusing pictures already on disk).
 */
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { Db, Trx } from '../db/database.ts';
import type { ProgressFn } from '../cli/progress.ts';
import type { Clock } from '../shared/clock.ts';
import { createUser, grantPlatformRole } from '../modules/identity/identity.service.ts';
import { indexProducts } from '../modules/catalog/search/indexer.ts';
import { ADMIN, DEMO_PASSWORD, SHOPPERS, SHOPS, ownerUserId } from './catalog-data.ts';
import { buildDemoPlan, type DemoPlan } from './generate.ts';
import { renderPictures } from './pictures.ts';
import { seedContent } from './content-data.ts';

export interface DemoLogin { role: string; login: string; password: string; note?: string }

export async function isEmptyMall(db: Db): Promise<boolean> {
  const row = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  return !row;
}

const PRODUCT_BATCH = 40;
/** Concurrent picture renders: sharp's work runs on libuv threads, so a few overlap well on 2 cores. */
const RENDER_CONCURRENCY = 3;

interface DemoAccount {
  id: string;
  mobile: string;
  displayName: string;
}

/** Creates an account through the identity service, then gives it its fixed demo id (nothing refers to it yet). */
async function createDemoAccount(trx: Trx, account: DemoAccount, clock: Clock): Promise<void> {
  const user = await createUser(trx, { identifier: account.mobile, password: DEMO_PASSWORD, displayName: account.displayName }, clock);
  await trx.updateTable('app_user').set({ id: account.id }).where('id', '=', user.id).execute();
}

async function seedAccounts(trx: Trx, clock: Clock, progress: ProgressFn): Promise<void> {
  const accounts: DemoAccount[] = [
    ADMIN,
    ...SHOPS.map((s) => ({ id: ownerUserId(s.id), mobile: s.owner.mobile, displayName: s.owner.displayName })),
    ...SHOPPERS,
  ];
  progress('accounts', 0, accounts.length);
  for (const [i, account] of accounts.entries()) {
    await createDemoAccount(trx, account, clock);
    progress('accounts', i + 1, accounts.length);
  }
  await grantPlatformRole(trx, ADMIN.id, 'platform_admin', clock);
}

async function seedShops(trx: Trx, plan: DemoPlan, clock: Clock, progress: ProgressFn): Promise<void> {
  progress('shops', 0, plan.shops.length);
  await trx.insertInto('shop').values(plan.shops).execute();
  await trx
    .insertInto('shop_member')
    .values(plan.shops.map((s) => ({ shop_id: s.id, user_id: ownerUserId(s.id), role: 'owner' as const, created_at: clock.now() })))
    .execute();
  progress('shops', plan.shops.length, plan.shops.length);
}

async function seedCatalog(trx: Trx, plan: DemoPlan, progress: ProgressFn): Promise<void> {
  const total = plan.categories.length + plan.attributes.length + plan.brands.length;
  progress('categories', 0, total);
  // parents before children: the plan lists them depth-first, so insert level by level
  for (const level of [1, 2, 3] as const) {
    const rows = plan.categories.filter((c) => c.level === level);
    await trx.insertInto('category').values(rows).execute();
  }
  progress('categories', plan.categories.length, total);
  await trx.insertInto('category_attribute').values(plan.attributes).execute();
  progress('categories', plan.categories.length + plan.attributes.length, total);
  await trx.insertInto('brand').values(plan.brands).execute();
  progress('categories', total, total);
}

async function seedProducts(trx: Trx, plan: DemoPlan, progress: ProgressFn): Promise<void> {
  const total = plan.products.length;
  progress('products', 0, total);
  for (let i = 0; i < total; i += PRODUCT_BATCH) {
    const batch = plan.products.slice(i, i + PRODUCT_BATCH);
    await trx.insertInto('product').values(batch.map((p) => p.product)).execute();
    await trx.insertInto('sku').values(batch.flatMap((p) => p.skus)).execute();
    // the search columns, written by the catalog's own indexer (jieba tokens, pinyin)
    await indexProducts(trx, batch.map((p) => p.product.id));
    progress('products', Math.min(i + PRODUCT_BATCH, total), total);
  }
}

function demoLogins(): DemoLogin[] {
  return [
    { role: 'platform admin', login: ADMIN.mobile, password: DEMO_PASSWORD, note: '平台管理后台 /admin' },
    ...SHOPS.map((s) => ({ role: 'shop owner', login: s.owner.mobile, password: DEMO_PASSWORD, note: s.name })),
    ...SHOPPERS.map((s) => ({ role: 'shopper', login: s.mobile, password: DEMO_PASSWORD, note: s.displayName })),
  ];
}

export interface SeedOptions {
  onProgress?: ProgressFn;
  /** Default 320; the benchmark seeds 10,000–100,000. */
  productCount?: number;
  /** Render product pictures (default true); the benchmark's large catalogs skip them. */
  pictures?: boolean;
}

/** Seeds the demo mall into an empty database; returns the logins to print. */
export async function seedDemo(ctx: AppContext, options: SeedOptions = {}): Promise<DemoLogin[]> {
  const progress: ProgressFn = options.onProgress ?? (() => {});
  const plan = buildDemoPlan({ now: ctx.clock.now(), productCount: options.productCount });
  await ctx.db.transaction().execute(async (trx) => {
    await seedAccounts(trx, ctx.clock, progress);
    await seedShops(trx, plan, ctx.clock, progress);
    await seedCatalog(trx, plan, progress);
    await seedProducts(trx, plan, progress);
    // Agreements in force (accepted by every demo account), announcements and home banners.
    await seedContent(
      trx,
      ctx.clock.now(),
      [ADMIN, ...SHOPS.map((s) => ({ id: ownerUserId(s.id) })), ...SHOPPERS].map((a) => ({ userId: a.id, ownsShop: a.id !== ADMIN.id && !SHOPPERS.some((x) => x.id === a.id) })),
      ADMIN.id,
    );
    // Files, not rows: rendered before the commit so a crash here leaves an empty mall.
    // Fresh statistics, so the first queries after a seed get good plans.
    await sql`analyze category, brand, shop, product, sku`.execute(trx);
    if (options.pictures !== false) {
      await renderPictures(ctx.config.dataDir, plan.pictures, (done, total) => progress('images', done, total), RENDER_CONCURRENCY);
    }
  });
  return demoLogins();
}

export function printDemoLogins(logins: DemoLogin[]): void {
  console.log('\nDemo logins:');
  for (const l of logins) console.log(`  ${l.role.padEnd(16)} ${l.login.padEnd(24)} ${l.password}${l.note ? `   (${l.note})` : ''}`);
}
