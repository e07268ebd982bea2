import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../../testing/databases.ts';
import { makeShop, makeUser } from '../../../testing/fixtures.ts';
import { makeBrand, makeCategoryTree, makeOnSaleProduct, productInput } from '../../../testing/catalog-fixtures.ts';
import { FakeClock } from '../../../shared/clock.ts';
import type { Db } from '../../../db/database.ts';
import { postgresSearch } from './postgres-search.ts';
import type { ProductSearch, SearchQuery } from './search.ts';

describeEachDatabase('Chinese product search', (database) => {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  let db: Db;
  let search: ProductSearch;
  let cats: Awaited<ReturnType<typeof makeCategoryTree>>;
  const ids: Record<string, string> = {};
  let qinghe: string, yunduo: string;

  const query = (q: Partial<SearchQuery>): SearchQuery => ({ sort: 'relevance', page: 1, pageSize: 20, ...q });
  const titles = async (q: Partial<SearchQuery>) => (await search.search(query(q))).items.map((i) => i.title);

  before(async () => {
    db = database().db;
    search = postgresSearch(db);
    cats = await makeCategoryTree(db);
    qinghe = await makeBrand(db, '青禾', 'Qinghe');
    yunduo = await makeBrand(db, '云朵', 'Yunduo');
    const owner = await makeUser(db, clock);
    const shop = await makeShop(db, clock, owner.id, { kind: 'flagship' });
    const selfShop = await makeShop(db, clock, owner.id, { kind: 'self_operated', name: '集市自营' }).catch(async () => {
      const other = await makeUser(db, clock);
      return makeShop(db, clock, other.id, { kind: 'self_operated', name: '集市自营' });
    });
    const colours = { name: '颜色', values: ['黑色', '白色'] };
    const make = async (key: string, shopId: string, title: string, categoryId: string, brandId: string, prices: [number, number], stock: [number, number]) => {
      clock.advance(60_000);
      ids[key] = await makeOnSaleProduct(db, clock, shopId, productInput(categoryId, {
        title, brandId, specs: [colours],
        skus: [{ spec: { 颜色: '黑色' }, priceFen: prices[0], stock: stock[0] }, { spec: { 颜色: '白色' }, priceFen: prices[1], stock: stock[1] }],
      }));
    };
    await make('anc', shop, '青禾 无线蓝牙降噪耳机 主动降噪 长续航', cats.earphones, qinghe, [29900, 31900], [5, 0]);
    await make('sport', selfShop, '云朵 蓝牙耳机 运动款 防汗', cats.earphones, yunduo, [9900, 9900], [10, 10]);
    await make('wired', shop, '青禾 有线耳机 入耳式 高音质', cats.earphones, qinghe, [3900, 3900], [0, 0]);
    await make('speaker', shop, '云朵 便携蓝牙音箱 户外防水', cats.speakers, yunduo, [15900, 15900], [3, 3]);
    await make('dress', selfShop, '法式碎花连衣裙 收腰显瘦', cats.dresses, yunduo, [19900, 21900], [7, 7]);
    // Sales are derived from completed orders; here the derivation is simulated directly in SQL.
    await sql`update product set sales_count = case id when ${ids.sport} then 500 when ${ids.speaker} then 300 when ${ids.anc} then 100 else 0 end`.execute(db);
  });

  test('蓝牙耳机 finds 无线蓝牙降噪耳机 (jieba words, not substrings), and not the dress', async () => {
    const found = await titles({ q: '蓝牙耳机' });
    assert.ok(found.includes('青禾 无线蓝牙降噪耳机 主动降噪 长续航'), String(found));
    assert.ok(found.includes('云朵 蓝牙耳机 运动款 防汗'));
    assert.ok(!found.some((t) => t.includes('连衣裙')));
    assert.ok(!found.some((t) => t.includes('有线耳机')), 'both words must be there');
  });

  test('pinyin and initials: lanya, "lanya erji", lanyaerji, lyej', async () => {
    assert.ok((await titles({ q: 'lanya' })).includes('青禾 无线蓝牙降噪耳机 主动降噪 长续航'));
    assert.ok((await titles({ q: 'lanya' })).includes('云朵 便携蓝牙音箱 户外防水'));
    assert.ok((await titles({ q: 'lanya erji' })).includes('青禾 无线蓝牙降噪耳机 主动降噪 长续航'));
    assert.ok(!(await titles({ q: 'lanya erji' })).some((t) => t.includes('音箱')));
    assert.ok((await titles({ q: 'lanyaerji' })).includes('云朵 蓝牙耳机 运动款 防汗'));
    const initials = await titles({ q: 'lyej' });
    assert.ok(initials.includes('云朵 蓝牙耳机 运动款 防汗'), String(initials));
    assert.ok(initials.includes('青禾 无线蓝牙降噪耳机 主动降噪 长续航'), String(initials));
  });

  test('partial words, brands and category names match; homophone typos fall back to near matches', async () => {
    assert.ok((await titles({ q: '降噪' })).includes('青禾 无线蓝牙降噪耳机 主动降噪 长续航'));
    assert.deepEqual((await titles({ q: '连衣' })), ['法式碎花连衣裙 收腰显瘦']);
    assert.equal((await titles({ q: '青禾' })).length, 2);
    assert.equal((await titles({ q: 'Qinghe' })).length, 2);
    assert.ok((await titles({ q: '音箱' })).includes('云朵 便携蓝牙音箱 户外防水'));
    const typo = await search.search(query({ q: '蓝芽耳机' }));
    assert.equal(typo.fuzzy, true);
    assert.ok(typo.items.some((i) => i.title.includes('蓝牙耳机')), JSON.stringify(typo.items.map((i) => i.title)));
  });

  test('nothing found: popular products are suggested instead', async () => {
    const none = await search.search(query({ q: '拖拉机配件zzz' }));
    assert.equal(none.total, 0);
    assert.equal(none.suggestions[0]!.title, '云朵 蓝牙耳机 运动款 防汗');
  });

  test('filters: category at each level, brand, price range, in stock, spec value, self-operated', async () => {
    assert.equal((await search.search(query({ categoryId: cats.digital }))).total, 4);
    assert.equal((await search.search(query({ categoryId: cats.audio }))).total, 4);
    assert.equal((await search.search(query({ categoryId: cats.earphones }))).total, 3);
    assert.equal((await search.search(query({ categoryId: cats.fashion }))).total, 1);
    assert.deepEqual((await titles({ q: '耳机', brandIds: [yunduo] })), ['云朵 蓝牙耳机 运动款 防汗']);
    assert.deepEqual((await titles({ priceMinFen: 5000, priceMaxFen: 16000, sort: 'price_asc' })), ['云朵 蓝牙耳机 运动款 防汗', '云朵 便携蓝牙音箱 户外防水']);
    assert.ok(!(await titles({ q: '耳机', inStock: true })).some((t) => t.includes('有线')));
    assert.deepEqual((await titles({ q: '降噪', specs: { 颜色: '白色' }, inStock: true })), [], 'the white ANC earphones are sold out');
    assert.equal((await titles({ q: '降噪', specs: { 颜色: '黑色' }, inStock: true })).length, 1);
    assert.deepEqual((await titles({ selfOperated: true, sort: 'newest' })), ['法式碎花连衣裙 收腰显瘦', '云朵 蓝牙耳机 运动款 防汗']);
  });

  test('facet counts: brands and categories ignore their own filter; spec values when a category is chosen', async () => {
    const result = await search.search(query({ q: '耳机', brandIds: [yunduo], categoryId: cats.earphones }));
    assert.equal(result.total, 1);
    const brands = Object.fromEntries(result.facets.brands.map((b) => [b.label, b.count]));
    assert.deepEqual(brands, { 青禾: 2, 云朵: 1 });
    const categories = Object.fromEntries(result.facets.categories.map((c) => [c.label, c.count]));
    assert.deepEqual(categories, { 耳机: 1 });
    const colour = result.facets.specs.find((s) => s.name === '颜色');
    assert.deepEqual(colour?.values.map((v) => [v.value, v.count]).sort(), [['白色', 1], ['黑色', 1]]);
  });

  test('sorts: 销量, 价格↑, 价格↓, 新品; pages do not overlap', async () => {
    assert.deepEqual((await titles({ sort: 'sales' })).slice(0, 3), ['云朵 蓝牙耳机 运动款 防汗', '云朵 便携蓝牙音箱 户外防水', '青禾 无线蓝牙降噪耳机 主动降噪 长续航']);
    const asc = (await search.search(query({ sort: 'price_asc' }))).items.map((i) => i.minPriceFen);
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    const desc = (await search.search(query({ sort: 'price_desc' }))).items.map((i) => i.minPriceFen);
    assert.deepEqual(desc, [...asc].reverse());
    assert.equal((await titles({ sort: 'newest' }))[0], '法式碎花连衣裙 收腰显瘦');
    const page1 = await search.search(query({ sort: 'price_asc', pageSize: 2, page: 1 }));
    const page2 = await search.search(query({ sort: 'price_asc', pageSize: 2, page: 2 }));
    assert.equal(page1.total, 5);
    assert.equal(page1.items.length + page2.items.length, 4);
    assert.ok(!page1.items.some((a) => page2.items.some((b) => b.id === a.id)));
  });

  test('relevance (综合) weighs sales: the best seller ranks first among equal matches', async () => {
    assert.equal((await titles({ q: '蓝牙' }))[0], '云朵 蓝牙耳机 运动款 防汗');
  });

  test('products not on sale, and shops not active, are never found', async () => {
    await sql`update product set status = 'off_shelf' where id = ${ids.wired}`.execute(db);
    assert.ok(!(await titles({ q: '有线耳机' })).length);
    await sql`update product set status = 'on_sale' where id = ${ids.wired}`.execute(db);
  });

  test('autocomplete suggests categories, brands and titles, also from pinyin', async () => {
    const zh = await search.suggest('蓝牙');
    assert.ok(zh.some((s) => s.includes('蓝牙耳机')), String(zh));
    assert.ok((await search.suggest('耳')).includes('耳机'));
    assert.ok((await search.suggest('lany')).length > 0);
    assert.deepEqual(await search.suggest('   '), []);
  });
});
