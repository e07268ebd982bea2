import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { AttributeKind } from './catalog.tables.ts';
import { indexProducts } from './search/indexer.ts';

/** The platform's category tree, brands and attribute templates. */

export interface CategoryInput {
  parentId?: string | null | undefined;
  name: string;
  nameEn?: string | undefined;
  icon?: string | null | undefined;
  sortOrder?: number | undefined;
  enabled?: boolean | undefined;
  commissionBp?: number | undefined;
}

export async function listAllCategories(q: Queryable) {
  return q
    .selectFrom('category')
    .select(['id', 'parent_id as parentId', 'level', 'name', 'name_en as nameEn', 'icon', 'sort_order as sortOrder', 'enabled', 'commission_bp as commissionBp'])
    .orderBy('level')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function createCategory(trx: Trx, input: CategoryInput): Promise<string> {
  let level: 1 | 2 | 3 = 1;
  if (input.parentId) {
    const parent = await trx.selectFrom('category').select('level').where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw new AppError('CATEGORY_NOT_FOUND');
    if (parent.level >= 3) throw new AppError('VALIDATION_FAILED', { detail: 'parentId: categories have three levels' });
    level = (parent.level + 1) as 2 | 3;
  }
  const id = newId('cat');
  await trx
    .insertInto('category')
    .values({
      id,
      parent_id: input.parentId ?? null,
      level,
      name: input.name,
      name_en: input.nameEn ?? '',
      icon: input.icon ?? null,
      sort_order: input.sortOrder ?? 0,
      enabled: input.enabled ?? true,
      commission_bp: input.commissionBp ?? 500,
    })
    .execute();
  return id;
}

/** Renames, reorders, enables/disables or re-prices a category; a new name is re-indexed into search. */
export async function updateCategory(trx: Trx, id: string, input: Omit<CategoryInput, 'parentId'>): Promise<void> {
  const current = await trx.selectFrom('category').select(['name', 'name_en']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw new AppError('CATEGORY_NOT_FOUND');
  await trx
    .updateTable('category')
    .set({
      name: input.name,
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.icon !== undefined ? { icon: input.icon } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.commissionBp !== undefined ? { commission_bp: input.commissionBp } : {}),
    })
    .where('id', '=', id)
    .execute();
  if (current.name !== input.name) {
    const affected = await trx
      .selectFrom('product as p')
      .innerJoin('category as c3', 'c3.id', 'p.category_id')
      .leftJoin('category as c2', 'c2.id', 'c3.parent_id')
      .select('p.id')
      .where((eb) => eb.or([eb('c3.id', '=', id), eb('c3.parent_id', '=', id), eb('c2.parent_id', '=', id)]))
      .execute();
    await indexProducts(trx, affected.map((p) => p.id));
  }
}

export async function listBrands(q: Queryable) {
  return q.selectFrom('brand').select(['id', 'name', 'name_en as nameEn', 'logo_url as logoUrl']).orderBy('name').execute();
}

export async function createBrand(trx: Trx, input: { name: string; nameEn?: string | undefined; logoUrl?: string | null | undefined }): Promise<string> {
  const id = newId('brd');
  const inserted = await trx
    .insertInto('brand')
    .values({ id, name: input.name, name_en: input.nameEn ?? '', logo_url: input.logoUrl ?? null })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new AppError('VALIDATION_FAILED', { detail: 'name: a brand with this name exists' });
  return id;
}

export async function listAttributes(q: Queryable, categoryId: string) {
  return q
    .selectFrom('category_attribute')
    .select(['id', 'name', 'kind', 'options', 'required', 'sort_order as sortOrder'])
    .where('category_id', '=', categoryId)
    .orderBy('kind')
    .orderBy('sort_order')
    .execute();
}

export async function setAttribute(
  trx: Trx,
  categoryId: string,
  input: { name: string; kind: AttributeKind; options: string[]; required?: boolean | undefined; sortOrder?: number | undefined },
): Promise<string> {
  const category = await trx.selectFrom('category').select('id').where('id', '=', categoryId).executeTakeFirst();
  if (!category) throw new AppError('CATEGORY_NOT_FOUND');
  const row = await trx
    .insertInto('category_attribute')
    .values({ id: newId('atr'), category_id: categoryId, name: input.name, kind: input.kind, options: JSON.stringify(input.options), required: input.required ?? false, sort_order: input.sortOrder ?? 0 })
    .onConflict((oc) =>
      oc.columns(['category_id', 'kind', 'name']).doUpdateSet({ options: JSON.stringify(input.options), required: input.required ?? false, sort_order: input.sortOrder ?? 0 }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteAttribute(trx: Trx, categoryId: string, attributeId: string): Promise<void> {
  const result = await trx.deleteFrom('category_attribute').where('id', '=', attributeId).where('category_id', '=', categoryId).executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw new AppError('NOT_FOUND');
}

/** A category's commission rate (basis points): what settlement charges on its products' sales. */
export async function setCategoryCommission(q: Queryable, id: string, commissionBp: number): Promise<{ id: string; name: string }> {
  if (!Number.isSafeInteger(commissionBp) || commissionBp < 0 || commissionBp > 10_000) throw new AppError('VALIDATION_FAILED', { detail: 'commissionBp: 0–10000' });
  const row = await q.updateTable('category').set({ commission_bp: commissionBp }).where('id', '=', id).returning(['id', 'name']).executeTakeFirst();
  if (!row) throw new AppError('CATEGORY_NOT_FOUND');
  return row;
}
