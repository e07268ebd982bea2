import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeBrand, makeCategoryTree, productInput } from '../../testing/catalog-fixtures.ts';
import { FakeClock } from '../../shared/clock.ts';
import { AppError } from '../../http/errors.ts';
import type { Db } from '../../db/database.ts';
import { changeProductStatus, createProduct, productHistory, updateProduct, updateSkuPriceStock, type Actor } from './products.service.ts';
import { specMatrix } from './catalog.rules.ts';

describeEachDatabase('products: spec matrix, review flow, audit', (database) => {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  let db: Db;
  let cats: Awaited<ReturnType<typeof makeCategoryTree>>;
  let shopId: string, otherShopId: string, brandId: string;
  let merchant: Actor, reviewer: Actor;

  before(async () => {
    db = database().db;
    cats = await makeCategoryTree(db);
    brandId = await makeBrand(db, '青禾', 'Qinghe');
    const owner = await makeUser(db, clock);
    const other = await makeUser(db, clock);
    const admin = await makeUser(db, clock, { platformRole: 'platform_admin' });
    shopId = await makeShop(db, clock, owner.id);
    otherShopId = await makeShop(db, clock, other.id);
    merchant = { userId: owner.id, role: 'merchant' };
    reviewer = { userId: admin.id, role: 'platform' };
  });

  const dress = () => {
    const specs = [{ name: '颜色', values: ['黑色', '白色'] }, { name: '尺码', values: ['S', 'M', 'L'] }];
    return productInput(cats.dresses, {
      title: '法式 碎花连衣裙 收腰显瘦',
      brandId,
      specs,
      skus: specMatrix(specs).map((spec, i) => ({ spec, priceFen: 19900 + i * 100, originalPriceFen: 29900, stock: i === 5 ? 0 : 20 })),
      descriptionHtml: '<p>面料柔软</p><script>alert(1)</script><img src=x onerror=alert(1)>',
    });
  };

  test('a 2 × 3 spec product gets 6 SKUs, min price, sanitised description; draft → review → on sale, every step audited', async () => {
    const id = await db.transaction().execute((trx) => createProduct(trx, clock, shopId, merchant, dress()));
    const skus = await db.selectFrom('sku').selectAll().where('product_id', '=', id).execute();
    assert.equal(skus.length, 6);
    const product = await db.selectFrom('product').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(product.status, 'draft');
    assert.equal(product.min_price_fen, 19900);
    assert.equal(product.description_html, '<p>面料柔软</p><img>');

    clock.advance(60_000);
    await db.transaction().execute((trx) => changeProductStatus(trx, clock, merchant, id, 'submit', { shopId }));
    await assert.rejects(
      db.transaction().execute((trx) => changeProductStatus(trx, clock, reviewer, id, 'reject', { shopId: null, reason: ' ' })),
      (e: AppError) => e.code === 'REASON_REQUIRED',
    );
    await db.transaction().execute((trx) => changeProductStatus(trx, clock, reviewer, id, 'reject', { shopId: null, reason: '主图不清晰' }));
    assert.equal((await db.selectFrom('product').select('reject_reason').where('id', '=', id).executeTakeFirstOrThrow()).reject_reason, '主图不清晰');
    await db.transaction().execute((trx) => updateProduct(trx, clock, shopId, merchant, id, { ...dress(), title: '法式 碎花连衣裙 新款' }));
    await db.transaction().execute((trx) => changeProductStatus(trx, clock, merchant, id, 'submit', { shopId }));
    await db.transaction().execute((trx) => changeProductStatus(trx, clock, reviewer, id, 'approve', { shopId: null }));
    const history = await productHistory(db, id);
    assert.deepEqual(history.map((h) => [h.action, h.from, h.to]), [
      ['create', null, 'draft'],
      ['submit', 'draft', 'pending_review'],
      ['reject', 'pending_review', 'rejected'],
      ['edit', 'rejected', 'rejected'],
      ['submit', 'rejected', 'pending_review'],
      ['approve', 'pending_review', 'on_sale'],
    ]);
    const edit = history[3]!;
    assert.equal((edit.before as { title: string }).title, '法式 碎花连衣裙 收腰显瘦');
    assert.equal((edit.after as { title: string }).title, '法式 碎花连衣裙 新款');
    assert.equal(history[5]!.actorId, reviewer.userId);
    assert.equal(history[5]!.actorRole, 'platform');

    // Editing what shoppers see sends it back to review; a price change does not.
    const skuIds = (await db.selectFrom('sku').select(['id', 'spec_key']).where('product_id', '=', id).orderBy('spec_key').execute()).map((s) => s.id);
    await db.transaction().execute((trx) => updateSkuPriceStock(trx, clock, shopId, merchant, id, [{ skuId: skuIds[0]!, priceFen: 9900, stock: 3 }]));
    const afterPrice = await db.selectFrom('product').select(['status', 'min_price_fen']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(afterPrice, { status: 'on_sale', min_price_fen: 9900 });
    assert.equal(await db.transaction().execute((trx) => updateProduct(trx, clock, shopId, merchant, id, dress())), 'pending_review');
    const kept = (await db.selectFrom('sku').select('id').where('product_id', '=', id).execute()).map((s) => s.id).sort();
    assert.deepEqual(kept, [...skuIds].sort(), 'SKU ids survive an edit that keeps their combinations');
  });

  test('bad input is refused with catalogued codes and writes nothing', async () => {
    const before = (await db.selectFrom('product').select('id').execute()).length;
    const cases: [string, Parameters<typeof productInput>[1], string, string?][] = [
      ['negative price', { skus: [{ spec: { 颜色: '黑色' }, priceFen: -1, stock: 1 }] }, 'PRICE_INVALID'],
      ['fractional price', { skus: [{ spec: { 颜色: '黑色' }, priceFen: 99.5, stock: 1 }] }, 'PRICE_INVALID'],
      ['duplicate combination', { specs: [{ name: '颜色', values: ['黑色', '白色'] }], skus: [{ spec: { 颜色: '黑色' }, priceFen: 1, stock: 1 }, { spec: { 颜色: '黑色' }, priceFen: 2, stock: 1 }] }, 'SPEC_DUPLICATE'],
      ['unknown category', {}, 'CATEGORY_NOT_FOUND', 'cat_nope'],
      ['non-leaf category', {}, 'CATEGORY_NOT_LEAF', 'level1'],
      ['unknown brand', { brandId: 'brd_nope' }, 'BRAND_NOT_FOUND'],
    ];
    for (const [name, overrides, expected, category] of cases) {
      const categoryId = category === 'level1' ? cats.digital : category ?? cats.earphones;
      await assert.rejects(
        db.transaction().execute((trx) => createProduct(trx, clock, shopId, merchant, productInput(categoryId, overrides))),
        (e: AppError) => e.code === expected,
        name,
      );
    }
    assert.equal((await db.selectFrom('product').select('id').execute()).length, before);
  });

  test('another shop’s product is not found, for every merchant action', async () => {
    const theirs = await db.transaction().execute((trx) => createProduct(trx, clock, otherShopId, merchant, productInput(cats.earphones)));
    const attempts: ((trx: Parameters<typeof updateProduct>[0]) => Promise<unknown>)[] = [
      (trx: Parameters<typeof updateProduct>[0]) => updateProduct(trx, clock, shopId, merchant, theirs, productInput(cats.earphones, { title: '改了' })),
      (trx: Parameters<typeof updateProduct>[0]) => changeProductStatus(trx, clock, merchant, theirs, 'submit', { shopId }),
      (trx: Parameters<typeof updateProduct>[0]) => updateSkuPriceStock(trx, clock, shopId, merchant, theirs, []),
    ];
    for (const attempt of attempts) {
      await assert.rejects(db.transaction().execute(attempt), (e: AppError) => e.code === 'PRODUCT_NOT_FOUND');
    }
    const row = await db.selectFrom('product').select(['title', 'status']).where('id', '=', theirs).executeTakeFirstOrThrow();
    assert.deepEqual(row, { title: '测试商品', status: 'draft' });
  });

  test('illegal moves are refused: approving a draft, forcing off a draft, submitting twice', async () => {
    const id = await db.transaction().execute((trx) => createProduct(trx, clock, shopId, merchant, productInput(cats.earphones)));
    for (const [action, expected] of [['approve', 'PRODUCT_STATUS_CONFLICT'], ['force_off_shelf', 'REASON_REQUIRED']] as const) {
      await assert.rejects(db.transaction().execute((trx) => changeProductStatus(trx, clock, reviewer, id, action, { shopId: null })), (e: AppError) => e.code === expected);
    }
    await db.transaction().execute((trx) => changeProductStatus(trx, clock, merchant, id, 'submit', { shopId }));
    await assert.rejects(db.transaction().execute((trx) => changeProductStatus(trx, clock, merchant, id, 'submit', { shopId })), (e: AppError) => e.code === 'PRODUCT_STATUS_CONFLICT');
  });
});
