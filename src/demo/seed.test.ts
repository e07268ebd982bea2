import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../app-context.ts';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { login } from '../modules/identity/identity.service.ts';
import { FakeClock } from '../shared/clock.ts';
import { JobRegistry } from '../shared/jobs.ts';
import { LocalMediaStore } from '../shared/media-store.ts';
import { postgresSearch } from '../modules/catalog/search/postgres-search.ts';
import { IMAGE_WIDTHS } from '../shared/media.ts';
import { createTestDatabase, describeEachDatabase } from '../testing/databases.ts';
import { CATEGORY_TREE, DEMO_PASSWORD } from './catalog-data.ts';
import { ean13, isValidEan13, nicePriceFen, specKey } from './generate.ts';
import { mediaFile } from './pictures.ts';
import { cleanPlainText, sanitizeRichText } from '../modules/catalog/sanitize.ts';
import { isEmptyMall, seedDemo, type DemoLogin } from './seed.ts';
import { paymentGatewaysFromEnv } from '../modules/payments/payment-gateways.ts';

// One picture folder for the whole file: the first seed renders the pictures, later seeds
// (the PostgreSQL run, the determinism re-seed) find them on disk and skip them.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-demo-test-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const START = '2026-03-01T08:00:00.000Z';

function demoContext(database: DatabaseHandle): AppContext & { clock: FakeClock } {
  const clock = new FakeClock(START);
  return {
    config: { ...loadConfig({}), dataDir, logLevel: 'silent' },
    db: database.db,
    dbKind: database.kind,
    clock,
    jobs: new JobRegistry(),
    media: new LocalMediaStore(path.join(dataDir, 'media')),
    search: postgresSearch(database.db),
    payments: paymentGatewaysFromEnv({ clock, env: {} }),
  };
}

/** Every seeded row except timestamps and password hashes, hashed. */
async function mallDigest(db: Db): Promise<string> {
  const data = {
    users: await db.selectFrom('app_user').select(['id', 'mobile', 'email', 'display_name', 'status']).orderBy('id').execute(),
    roles: await db.selectFrom('user_role').select(['user_id', 'role']).orderBy('user_id').orderBy('role').execute(),
    shops: await db.selectFrom('shop').select(['id', 'name', 'kind', 'status', 'intro', 'logo_url']).orderBy('id').execute(),
    members: await db.selectFrom('shop_member').select(['shop_id', 'user_id', 'role']).orderBy('shop_id').orderBy('user_id').execute(),
    categories: await db.selectFrom('category').selectAll().orderBy('id').execute(),
    attributes: await db.selectFrom('category_attribute').selectAll().orderBy('id').execute(),
    brands: await db.selectFrom('brand').selectAll().orderBy('id').execute(),
    products: await db
      .selectFrom('product')
      .select([
        'id', 'shop_id', 'category_id', 'brand_id', 'title', 'subtitle', 'description_html', 'images', 'params', 'spec_dimensions', 'status',
        'return_7d', 'purchase_limit', 'min_price_fen', 'reviewed_by', 'search_pinyin', 'search_initials',
      ])
      .orderBy('id')
      .execute(),
    skus: await db.selectFrom('sku').selectAll().orderBy('id').execute(),
  };
  return crypto.createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

let pgliteDigest: string | undefined;

test('EAN-13 check digits, spec keys and shop-window prices', () => {
  assert.equal(ean13('690123456789'), '6901234567892');
  assert.equal(ean13('400638133393'), '4006381333931');
  assert.ok(isValidEan13('6901234567892'));
  assert.ok(!isValidEan13('6901234567893'));
  assert.equal(specKey({ 颜色: '曜石黑', 尺码: 'L' }), '尺码:L|颜色:曜石黑');
  assert.equal(nicePriceFen(5987), 599_900);
  assert.equal(nicePriceFen(263), 25_900);
  assert.equal(nicePriceFen(12.7), 1290);
  assert.equal(nicePriceFen(6.44), 640);
});

describeEachDatabase('demo seed', (database, kind) => {
  let ctx: AppContext & { clock: FakeClock };
  let logins: DemoLogin[];
  const progress: Array<{ step: string; done: number; total: number }> = [];

  before(async () => {
    ctx = demoContext(database());
    assert.equal(await isEmptyMall(ctx.db), true);
    const started = performance.now();
    logins = await seedDemo(ctx, { onProgress: (step, done, total) => progress.push({ step, done, total }) });
    console.log(`seedDemo on ${kind}: ${Math.round(performance.now() - started)} ms`);
  });

  test('the mall is no longer empty', async () => {
    assert.equal(await isEmptyMall(ctx.db), false);
  });

  test('at least 300 on-sale products, each with 1–12 SKUs and min_price_fen = its cheapest SKU', async () => {
    const products = await ctx.db.selectFrom('product').selectAll().execute();
    assert.ok(products.length >= 300, `${products.length} products`);
    assert.ok(products.every((p) => p.status === 'on_sale'));
    const skus = await ctx.db.selectFrom('sku').selectAll().execute();
    const byProduct = new Map<string, typeof skus>();
    for (const s of skus) byProduct.set(s.product_id, [...(byProduct.get(s.product_id) ?? []), s]);
    for (const p of products) {
      const own = byProduct.get(p.id) ?? [];
      assert.ok(own.length >= 1 && own.length <= 12, `${p.id} has ${own.length} SKUs`);
      assert.equal(p.min_price_fen, Math.min(...own.map((s) => s.price_fen)), p.id);
      assert.ok(own.some((s) => s.stock > 0), `${p.id} is entirely sold out`);
    }
    assert.ok(skus.some((s) => s.stock === 0), 'some SKUs are sold out');
    assert.ok(products.some((p) => p.purchase_limit !== null) && products.some((p) => p.purchase_limit === null));
    assert.ok(new Set(products.map((p) => p.title)).size > products.length * 0.9, 'titles are varied');
  });

  test('prices are positive integers in fen, strike-through prices are higher, stock within 0–500', async () => {
    const skus = await ctx.db.selectFrom('sku').selectAll().execute();
    for (const s of skus) {
      assert.ok(Number.isSafeInteger(s.price_fen) && s.price_fen > 0, `${s.id} price ${s.price_fen}`);
      if (s.original_price_fen !== null) assert.ok(Number.isSafeInteger(s.original_price_fen) && s.original_price_fen > s.price_fen, s.id);
      assert.ok(Number.isInteger(s.stock) && s.stock >= 0 && s.stock <= 500, s.id);
      assert.ok(s.weight_g > 0, s.id);
    }
    assert.ok(skus.some((s) => s.original_price_fen !== null));
    const prices = skus.map((s) => s.price_fen);
    assert.ok(Math.min(...prices) < 3000 && Math.max(...prices) > 300_000, 'from snacks to phones');
  });

  test('spec_key is canonical and unique per product; barcodes are valid, unique EAN-13', async () => {
    const skus = await ctx.db.selectFrom('sku').selectAll().execute();
    const keys = new Set<string>();
    const barcodes = new Set<string>();
    for (const s of skus) {
      assert.equal(typeof s.spec, 'object');
      assert.ok(Object.keys(s.spec).length >= 1, s.id);
      assert.equal(s.spec_key, specKey(s.spec), s.id);
      const key = `${s.product_id}\u0000${s.spec_key}`;
      assert.ok(!keys.has(key), `duplicate spec ${key}`);
      keys.add(key);
      assert.ok(s.barcode && isValidEan13(s.barcode), `${s.id} barcode ${s.barcode}`);
      assert.ok(!barcodes.has(s.barcode), `duplicate barcode ${s.barcode}`);
      barcodes.add(s.barcode);
    }
    const specNames = new Set(skus.flatMap((s) => Object.keys(s.spec)));
    for (const name of ['颜色', '尺码', '存储', '规格', '口味']) assert.ok(specNames.has(name), `some SKU has ${name}`);
  });

  test('spec_dimensions list the SKU matrix in order; level-3 categories carry attribute templates', async () => {
    const products = await ctx.db.selectFrom('product').select(['id', 'spec_dimensions']).execute();
    const skus = await ctx.db.selectFrom('sku').select(['id', 'product_id', 'spec']).orderBy('id').execute();
    for (const p of products) {
      const own = skus.filter((s) => s.product_id === p.id);
      assert.ok(p.spec_dimensions.length >= 1, p.id);
      // the SKUs, in id order, are exactly the matrix of the dimensions in their order
      const matrix = p.spec_dimensions.reduce<Record<string, string>[]>((combos, d) => combos.flatMap((c) => d.values.map((v) => ({ ...c, [d.name]: v }))), [{}]);
      assert.deepEqual(own.map((s) => specKey(s.spec)), matrix.map(specKey), p.id);
    }
    const leaves = await ctx.db.selectFrom('category').select('id').where('level', '=', 3).execute();
    const attributes = await ctx.db.selectFrom('category_attribute').selectAll().execute();
    for (const leaf of leaves) {
      const own = attributes.filter((a) => a.category_id === leaf.id);
      assert.ok(own.some((a) => a.kind === 'spec') && own.some((a) => a.kind === 'param' && a.name === '产地'), leaf.id);
      assert.ok(own.every((a) => Array.isArray(a.options) && a.options.length > 0), leaf.id);
    }
    assert.equal(attributes.filter((a) => !leaves.some((l) => l.id === a.category_id)).length, 0, 'only level-3 categories have templates');
  });

  test('products are indexed for search, in Chinese and in pinyin', async () => {
    const missing = await ctx.db.selectFrom('product').select('id').where('search_pinyin', '=', '').execute();
    assert.deepEqual(missing, []);
    const byWords = await ctx.search.search({ q: '蓝牙耳机', sort: 'relevance', page: 1, pageSize: 10 });
    assert.ok(byWords.total > 0 && !byWords.fuzzy, 'found by Chinese words');
    assert.ok(byWords.items.every((hit) => hit.image?.startsWith('/media/demo/')));
    const byPinyin = await ctx.search.search({ q: 'lanya', sort: 'relevance', page: 1, pageSize: 10 });
    assert.ok(byPinyin.total > 0, 'found by pinyin');
    const phones = await ctx.search.search({ categoryId: 'cat_demo_01', specs: { 颜色: '曜石黑' }, sort: 'price_asc', page: 1, pageSize: 10 });
    assert.ok(phones.total > 0, 'filtered by category and spec value');
  });

  test('a three-level category tree; every product sits on a level-3 category', async () => {
    const categories = await ctx.db.selectFrom('category').selectAll().execute();
    const byId = new Map(categories.map((c) => [c.id, c]));
    for (const c of categories) {
      if (c.level === 1) assert.equal(c.parent_id, null);
      else assert.equal(byId.get(c.parent_id!)?.level, c.level - 1, c.id);
      assert.ok(c.commission_bp >= 200 && c.commission_bp <= 800, `${c.id} ${c.commission_bp}`);
      assert.ok(c.name_en.length > 0);
    }
    const tops = categories.filter((c) => c.level === 1);
    assert.ok(tops.length >= 8);
    for (const top of tops) {
      const mids = categories.filter((c) => c.parent_id === top.id);
      assert.ok(mids.length >= 1, top.name);
      for (const mid of mids) assert.ok(categories.some((c) => c.parent_id === mid.id), mid.name);
    }
    assert.ok(new Set(categories.map((c) => c.commission_bp)).size >= 3, 'commission varies by category');
    const products = await ctx.db.selectFrom('product').select(['id', 'category_id']).execute();
    for (const p of products) assert.equal(byId.get(p.category_id)?.level, 3, p.id);
    const leavesWithProducts = new Set(products.map((p) => p.category_id));
    assert.equal(leavesWithProducts.size, categories.filter((c) => c.level === 3).length, 'every level-3 category has products');
  });

  test('food does not offer the 7-day return; other goods do', async () => {
    const food = CATEGORY_TREE.findIndex((t) => t.name === '食品生鲜') + 1;
    const rows = await ctx.db.selectFrom('product').select(['id', 'category_id', 'return_7d']).execute();
    const isFood = (categoryId: string) => categoryId.startsWith(`cat_demo_${String(food).padStart(2, '0')}`);
    assert.ok(rows.filter((r) => isFood(r.category_id)).every((r) => !r.return_7d));
    assert.ok(rows.filter((r) => !isFood(r.category_id)).filter((r) => r.return_7d).length > rows.length * 0.7);
  });

  test('params, descriptions and brands look like a real catalogue', async () => {
    const products = await ctx.db.selectFrom('product').selectAll().execute();
    const brands = new Set((await ctx.db.selectFrom('brand').select('id').execute()).map((b) => b.id));
    assert.ok(brands.size >= 10);
    for (const p of products) {
      assert.ok(Array.isArray(p.params) && p.params.length >= 3, p.id);
      for (const param of p.params) assert.ok(typeof param.name === 'string' && typeof param.value === 'string' && param.value.length > 0, p.id);
      assert.ok(p.params.some((x) => x.name === '产地'), p.id);
      const tags = [...p.description_html.matchAll(/<\/?([a-z0-9]+)[^>]*>/g)].map((m) => m[1]);
      assert.ok(tags.length > 0 && tags.every((t) => ['p', 'ul', 'li', 'strong'].includes(t!)), `${p.id}: ${tags.join(',')}`);
      assert.ok(!/<[a-z]+\s/.test(p.description_html), 'no attributes');
      assert.equal(sanitizeRichText(p.description_html), p.description_html, 'passes the merchant sanitiser unchanged');
      assert.equal(cleanPlainText(p.title), p.title);
      assert.ok(p.brand_id && brands.has(p.brand_id), p.id);
      assert.ok(p.title.length >= 8 && p.subtitle.length > 0, p.id);
    }
  });

  test('at least six shops, one self-operated, each with exactly one owner and some products', async () => {
    const shops = await ctx.db.selectFrom('shop').selectAll().execute();
    assert.ok(shops.length >= 6);
    const self = shops.find((s) => s.id === 'shp_demo_self');
    assert.equal(self?.kind, 'self_operated');
    assert.equal(self?.name, '集市自营');
    for (const kindName of ['flagship', 'specialty', 'franchise', 'individual'] as const) assert.ok(shops.some((s) => s.kind === kindName), kindName);
    const members = await ctx.db.selectFrom('shop_member').selectAll().execute();
    const products = await ctx.db.selectFrom('product').select(['shop_id']).execute();
    for (const shop of shops) {
      assert.equal(members.filter((m) => m.shop_id === shop.id && m.role === 'owner').length, 1, shop.name);
      assert.ok(products.filter((p) => p.shop_id === shop.id).length >= 5, `${shop.name} has products`);
      assert.ok(shop.intro.length > 10);
    }
  });

  test('the platform admin holds platform_admin', async () => {
    const admin = await ctx.db.selectFrom('app_user').select(['id', 'password_hash']).where('mobile', '=', '+8613800000000').executeTakeFirstOrThrow();
    assert.match(admin.password_hash, /^\$argon2id\$/);
    const roles = await ctx.db.selectFrom('user_role').select('role').where('user_id', '=', admin.id).execute();
    assert.deepEqual(roles.map((r) => r.role), ['platform_admin']);
    const others = await ctx.db.selectFrom('user_role').select('user_id').where('user_id', '!=', admin.id).execute();
    assert.equal(others.length, 0);
  });

  test('the returned logins work with the demo password', async () => {
    const roles = new Set(logins.map((l) => l.role));
    assert.ok(roles.has('platform admin') && roles.has('shop owner') && roles.has('shopper'));
    const shops = await ctx.db.selectFrom('shop').select('name').execute();
    for (const shop of shops) assert.ok(logins.some((l) => l.role === 'shop owner' && l.note === shop.name), shop.name);
    for (const l of [logins[0]!, logins.find((x) => x.note === '集市自营')!, logins.find((x) => x.role === 'shopper')!]) {
      assert.equal(l.password, DEMO_PASSWORD);
      const { user } = await login(ctx.db, { identifier: l.login, password: l.password }, { ip: '10.9.0.1' }, ctx.clock, 30);
      assert.equal(user.mobile, `+86${l.login}`);
    }
  });

  test('every picture URL has its file on disk in all three widths', async () => {
    const products = await ctx.db.selectFrom('product').select(['id', 'images']).execute();
    const skus = await ctx.db.selectFrom('sku').select('image_url').where('image_url', 'is not', null).execute();
    const shops = await ctx.db.selectFrom('shop').select('logo_url').execute();
    const brands = await ctx.db.selectFrom('brand').select('logo_url').execute();
    for (const p of products) assert.ok(p.images.length >= 1 && p.images.length <= 3, p.id);
    assert.ok(skus.length > 0, 'colour SKUs have pictures');
    const urls = new Set([
      ...products.flatMap((p) => p.images),
      ...skus.map((s) => s.image_url!),
      ...shops.map((s) => s.logo_url!),
      ...brands.map((b) => b.logo_url!),
    ]);
    for (const url of urls) {
      assert.match(url, /^\/media\/demo\/[a-z0-9/-]+-800\.webp$/);
      for (const width of Object.values(IMAGE_WIDTHS)) {
        const file = mediaFile(dataDir, url, width);
        assert.ok(fs.statSync(file).size > 500, `${file} exists`);
      }
    }
  });

  test('progress is reported per phase and ends complete', () => {
    const steps = [...new Set(progress.map((p) => p.step))];
    assert.deepEqual(steps, ['accounts', 'shops', 'categories', 'products', 'images']);
    for (const step of steps) {
      const reports = progress.filter((p) => p.step === step);
      assert.ok(reports.every((r) => r.done >= 0 && r.done <= r.total));
      assert.equal(reports.at(-1)!.done, reports.at(-1)!.total, step);
    }
    assert.ok(progress.filter((p) => p.step === 'images').length >= 20, 'the image bar moves');
  });

  test('deterministic: the same rows on every run and on every database', async () => {
    const digest = await mallDigest(ctx.db);
    if (kind === 'pglite') {
      // A second, fresh PGlite database seeded the same way (pictures already on disk).
      const other = await createTestDatabase('pglite');
      try {
        await seedDemo(demoContext(other));
        assert.equal(await mallDigest(other.db), digest);
      } finally {
        await other.close();
      }
      pgliteDigest = digest;
    } else if (pgliteDigest) {
      assert.equal(digest, pgliteDigest, 'PostgreSQL and PGlite hold the same demo mall');
    }
  });
});
