import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { changeProductStatus, createProduct, type ProductInput } from '../modules/catalog/products.service.ts';

/** A small category tree: 数码 > 影音 > 耳机 / 音箱, 服饰 > 女装 > 连衣裙; returns their ids. */
export async function makeCategoryTree(db: Db) {
  const ids = { digital: newId('cat'), audio: newId('cat'), earphones: newId('cat'), speakers: newId('cat'), fashion: newId('cat'), women: newId('cat'), dresses: newId('cat') };
  await db
    .insertInto('category')
    .values([
      { id: ids.digital, parent_id: null, level: 1, name: '数码', icon: null },
      { id: ids.audio, parent_id: ids.digital, level: 2, name: '影音娱乐', icon: null },
      { id: ids.earphones, parent_id: ids.audio, level: 3, name: '耳机', icon: null, commission_bp: 400 },
      { id: ids.speakers, parent_id: ids.audio, level: 3, name: '音箱', icon: null },
      { id: ids.fashion, parent_id: null, level: 1, name: '服饰', icon: null },
      { id: ids.women, parent_id: ids.fashion, level: 2, name: '女装', icon: null },
      { id: ids.dresses, parent_id: ids.women, level: 3, name: '连衣裙', icon: null },
    ])
    .execute();
  return ids;
}

export async function makeBrand(db: Db, name: string, nameEn = '') {
  const id = newId('brd');
  await db.insertInto('brand').values({ id, name, name_en: nameEn, logo_url: null }).execute();
  return id;
}

export function productInput(categoryId: string, overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    categoryId,
    title: '测试商品',
    images: [],
    params: [{ name: '产地', value: '浙江杭州' }],
    return7d: true,
    specs: [{ name: '颜色', values: ['黑色'] }],
    skus: [{ spec: { 颜色: '黑色' }, priceFen: 9900, stock: 10 }],
    ...overrides,
  };
}

/** A product already approved and on sale. */
export async function makeOnSaleProduct(db: Db, clock: Clock, shopId: string, input: ProductInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const id = await createProduct(trx, clock, shopId, { userId: null, role: 'system' }, input, true);
    await changeProductStatus(trx, clock, { userId: null, role: 'system' }, id, 'approve', { shopId: null });
    return id;
  });
}
