import { sql } from 'kysely';
import type { Queryable } from '../../../db/database.ts';
import { indexTokens, pinyinForms } from './text.ts';

/**
 * Recomputes the search columns of the given products from their title, subtitle, brand and
 * category path: weighted jieba tokens (title A, brand/category B, subtitle C), and pinyin forms.
 */
export async function indexProducts(q: Queryable, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  const rows = await q
    .selectFrom('product as p')
    .innerJoin('category as c3', 'c3.id', 'p.category_id')
    .leftJoin('category as c2', 'c2.id', 'c3.parent_id')
    .leftJoin('category as c1', 'c1.id', 'c2.parent_id')
    .leftJoin('brand as b', 'b.id', 'p.brand_id')
    .select(['p.id', 'p.title', 'p.subtitle', 'b.name as brand', 'b.name_en as brandEn', 'c3.name as c3', 'c2.name as c2', 'c1.name as c1'])
    .where('p.id', 'in', productIds)
    .execute();
  for (const row of rows) {
    const labels = [row.brand, row.brandEn, row.c3, row.c2, row.c1].filter(Boolean).join(' ');
    const forms = pinyinForms(`${row.title} ${row.brand ?? ''} ${row.c3}`);
    await q
      .updateTable('product')
      .set({
        search_document: sql<string>`setweight(to_tsvector('simple', ${indexTokens(row.title).join(' ')}), 'A')
          || setweight(to_tsvector('simple', ${indexTokens(labels).join(' ')}), 'B')
          || setweight(to_tsvector('simple', ${indexTokens(row.subtitle).join(' ')}), 'C')`,
        search_pinyin: forms.full,
        search_initials: forms.initials,
      })
      .where('id', '=', row.id)
      .execute();
  }
}
