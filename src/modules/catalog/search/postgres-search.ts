import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { looksLikePinyin, pinyinForms, queryTokens } from './text.ts';
import type { FacetValue, ProductSearch, SearchHit, SearchQuery, SearchResult } from './search.ts';

type Condition = RawBuilder<unknown>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function any(conditions: Condition[]): Condition {
  return conditions.length ? sql`(${sql.join(conditions, sql` or `)})` : sql`false`;
}
function all(conditions: Condition[]): Condition {
  return conditions.length ? sql`(${sql.join(conditions, sql` and `)})` : sql`true`;
}

/** Words typed in pinyin must each start a pinyin word (or initials word); or the run-together form must occur. */
function pinyinMatch(column: 'p.search_pinyin' | 'p.search_initials', latin: string): Condition {
  const words = latin.toLowerCase().split(/[\s']+/).filter(Boolean);
  const compact = words.join('');
  const col = sql.ref(column);
  return any([
    all(words.map((w) => sql`${col} like ${`% ${escapeLike(w)}%`}`)),
    sql`${col} like ${`%${escapeLike(compact)}%`}`,
  ]);
}

/** The exact stage: jieba words in the index, the text in the title, or pinyin/initials. */
function exactMatch(q: string): { where: Condition; rank: Condition } {
  const tokens = queryTokens(q);
  const tsquery = tokens.length ? sql`plainto_tsquery('simple', ${tokens.join(' ')})` : null;
  const branches: Condition[] = [sql`p.title ilike ${`%${escapeLike(q)}%`}`];
  if (tsquery) branches.push(sql`p.search_document @@ ${tsquery}`);
  if (looksLikePinyin(q)) {
    branches.push(pinyinMatch('p.search_pinyin', q), pinyinMatch('p.search_initials', q));
    // Initials of two-character words with words between them: "lyej" finds 蓝牙(降噪)耳机.
    const compact = q.toLowerCase().replace(/[\s']+/g, '');
    if (compact.length >= 4 && compact.length <= 8 && compact.length % 2 === 0) {
      const pairs = compact.match(/../g)!;
      branches.push(all(pairs.map((pair) => sql`p.search_initials like ${`% ${pair} %`}`)));
    }
  }
  const rank = tsquery ? sql`ts_rank_cd(p.search_document, ${tsquery}) + similarity(p.title, ${q})` : sql`similarity(p.title, ${q})`;
  return { where: any(branches), rank };
}

/** The fuzzy stage, used when nothing matched exactly: trigram closeness, and same-sounding pinyin (蓝芽 → 蓝牙). */
function fuzzyMatch(q: string): { where: Condition; rank: Condition } {
  const branches: Condition[] = [sql`word_similarity(${q}, p.title) >= 0.3`];
  const spoken = pinyinForms(q).full.trim().split(' ').slice(0, -1).join(' ');
  if (spoken) branches.push(pinyinMatch('p.search_pinyin', spoken));
  return { where: any(branches), rank: sql`word_similarity(${q}, p.title)` };
}

function filters(query: SearchQuery, except?: 'brand' | 'category'): Condition[] {
  const c: Condition[] = [sql`p.status = 'on_sale'`, sql`s.status = 'active'`];
  if (query.categoryId && except !== 'category') {
    c.push(sql`(c3.id = ${query.categoryId} or c3.parent_id = ${query.categoryId} or c2.parent_id = ${query.categoryId})`);
  }
  if (query.brandIds?.length && except !== 'brand') c.push(sql`p.brand_id in (${sql.join(query.brandIds)})`);
  if (query.priceMinFen !== undefined) c.push(sql`p.min_price_fen >= ${query.priceMinFen}`);
  if (query.priceMaxFen !== undefined) c.push(sql`p.min_price_fen <= ${query.priceMaxFen}`);
  if (query.shopId) c.push(sql`p.shop_id = ${query.shopId}`);
  if (query.selfOperated) c.push(sql`s.kind = 'self_operated'`);
  const specs = Object.entries(query.specs ?? {});
  if (query.inStock || specs.length) {
    const skuConditions: Condition[] = [sql`k.product_id = p.id`];
    if (query.inStock) skuConditions.push(sql`k.stock > 0`);
    if (specs.length) skuConditions.push(sql`k.spec @> ${JSON.stringify(Object.fromEntries(specs))}::jsonb`);
    c.push(sql`exists (select 1 from sku k where ${all(skuConditions)})`);
  }
  return c;
}

const FROM = sql`product p
  join shop s on s.id = p.shop_id
  join category c3 on c3.id = p.category_id
  left join category c2 on c2.id = c3.parent_id`;

const ORDER_M = {
  sales: sql`m.sales_count desc, m.id`,
  price_asc: sql`m.min_price_fen asc, m.id`,
  price_desc: sql`m.min_price_fen desc, m.id`,
  newest: sql`m.created_at desc, m.id`,
} as const;

interface HitRow {
  id: string;
  title: string;
  subtitle: string;
  images: string[];
  min_price_fen: number;
  sales_count: number;
  rating_avg_x100: number;
  shop_id: string;
  shop_name: string;
  shop_kind: string;
  in_stock: boolean;
}

const toHit = (r: HitRow): SearchHit => ({
  id: r.id,
  title: r.title,
  subtitle: r.subtitle,
  image: r.images[0] ?? null,
  minPriceFen: Number(r.min_price_fen),
  salesCount: r.sales_count,
  ratingAvgX100: r.rating_avg_x100,
  shopId: r.shop_id,
  shopName: r.shop_name,
  selfOperated: r.shop_kind === 'self_operated',
  inStock: r.in_stock,
});

const HIT_COLUMNS = sql`p.id, p.title, p.subtitle, p.images, p.min_price_fen, p.sales_count, p.rating_avg_x100,
  p.shop_id, s.name as shop_name, s.kind as shop_kind,
  exists (select 1 from sku k where k.product_id = p.id and k.stock > 0) as in_stock`;

export function postgresSearch(db: Db): ProductSearch {
  async function isLeafCategory(categoryId: string): Promise<boolean> {
    const row = await db.selectFrom('category').select('level').where('id', '=', categoryId).executeTakeFirst();
    return row?.level === 3;
  }

  async function run(query: SearchQuery, match: { where: Condition; rank: Condition } | null): Promise<Omit<SearchResult, 'fuzzy' | 'suggestions'>> {
    const where = (except?: 'brand' | 'category') => all([...filters(query, except), ...(match ? [match.where] : [])]);
    // 综合: text relevance, then what sells and what is rated well.
    const relevance = sql`${match ? match.rank : sql`0`} + ln(1 + p.sales_count) * 0.05 + p.rating_avg_x100 / 5000.0`;
    const offset = (query.page - 1) * query.pageSize;
    // One pass finds the matches; the page, the count and the facets are read from it. A facet whose own
    // filter is set is counted separately without that filter (so its other values keep their counts).
    const matches = sql`select p.id, p.brand_id, p.category_id, (${relevance})::float8 as relevance, p.sales_count, p.min_price_fen, p.created_at
      from ${FROM} where ${where()}`;
    const pageOrder = query.sort === 'relevance' ? sql`m.relevance desc, m.id` : ORDER_M[query.sort];
    const brandFacet = query.brandIds?.length
      ? sql<FacetValue>`select b.id as value, b.name as label, count(*)::int as count from ${FROM} join brand b on b.id = p.brand_id
          where ${where('brand')} group by b.id, b.name order by count desc, b.name limit 30`.execute(db)
      : null;
    const categoryFacet = query.categoryId
      ? sql<FacetValue>`select c3.id as value, c3.name as label, count(*)::int as count from ${FROM}
          where ${where('category')} group by c3.id, c3.name order by count desc, c3.name limit 30`.execute(db)
      : null;
    const [combined, brands, categories, specs] = await Promise.all([
      sql<{ total: number; items: HitRow[] | null; brands: FacetValue[] | null; categories: FacetValue[] | null }>`
        with m as materialized (${matches}),
        page as (select m.id, row_number() over (order by ${pageOrder}) as ord from m order by ${pageOrder} limit ${query.pageSize} offset ${offset})
        select
          (select count(*)::int from m) as total,
          (select json_agg(h order by ord) from (select ${HIT_COLUMNS}, pg.ord from page pg
             join product p on p.id = pg.id join shop s on s.id = p.shop_id) h) as items,
          ${brandFacet ? sql`null` : sql`(select json_agg(f) from (select b.id as value, b.name as label, count(*)::int as count from m join brand b on b.id = m.brand_id
             group by b.id, b.name order by count desc, b.name limit 30) f)`} as brands,
          ${categoryFacet ? sql`null` : sql`(select json_agg(f) from (select c.id as value, c.name as label, count(*)::int as count from m join category c on c.id = m.category_id
             group by c.id, c.name order by count desc, c.name limit 30) f)`} as categories`.execute(db),
      brandFacet,
      categoryFacet,
      // Spec values (颜色, 尺码 …) mean something within one leaf category, and cost a pass over the SKUs.
      query.categoryId && (await isLeafCategory(query.categoryId))
        ? sql<{ name: string; value: string; count: number }>`select e.key as name, e.value as value, count(distinct p.id)::int as count
            from ${FROM} join sku k on k.product_id = p.id cross join lateral jsonb_each_text(k.spec) e
            where ${where()} group by e.key, e.value order by e.key, count desc`.execute(db)
        : Promise.resolve({ rows: [] as { name: string; value: string; count: number }[] }),
    ]);
    const row = combined.rows[0]!;
    const specFacets = new Map<string, FacetValue[]>();
    for (const row of specs.rows) {
      const values = specFacets.get(row.name) ?? [];
      if (values.length < 20) values.push({ value: row.value, label: row.value, count: row.count });
      specFacets.set(row.name, values);
    }
    return {
      total: row.total,
      items: (row.items ?? []).map(toHit),
      facets: {
        brands: brands?.rows ?? row.brands ?? [],
        categories: categories?.rows ?? row.categories ?? [],
        specs: [...specFacets].map(([name, values]) => ({ name, values })),
      },
    };
  }

  return {
    async search(query) {
      const q = query.q?.trim();
      if (!q) return { ...(await run(query, null)), fuzzy: false, suggestions: [] };
      const exact = await run(query, exactMatch(q));
      if (exact.total > 0) return { ...exact, fuzzy: false, suggestions: [] };
      const fuzzy = await run(query, fuzzyMatch(q));
      if (fuzzy.total > 0) return { ...fuzzy, fuzzy: true, suggestions: [] };
      const popular = await sql<HitRow>`select ${HIT_COLUMNS} from ${FROM} where ${all(filters({ sort: 'sales', page: 1, pageSize: 8 }))}
        order by p.sales_count desc, p.id limit 8`.execute(db);
      return { ...exact, fuzzy: false, suggestions: popular.rows.map(toHit) };
    },

    async suggest(prefix, limit = 8) {
      const q = prefix.trim();
      if (!q) return [];
      const like = `${escapeLike(q)}%`;
      const pinyinPrefix = looksLikePinyin(q) ? `% ${escapeLike(q.toLowerCase().replace(/[\s']+/g, ''))}%` : null;
      const rows = await sql<{ label: string }>`
        select label from (
          select name as label, 0 as kind, 0 as weight from category where enabled and level = 3 and name ilike ${like}
          union all
          select name, 1, 0 from brand where name ilike ${like} or name_en ilike ${like}
          union all
          (select p.title, 2, p.sales_count from product p
             where p.status = 'on_sale' and (p.title ilike ${`%${escapeLike(q)}%`}
               ${pinyinPrefix ? sql`or p.search_pinyin like ${pinyinPrefix} or p.search_initials like ${pinyinPrefix}` : sql``})
             order by p.sales_count desc limit ${limit})
        ) x order by kind, weight desc limit ${limit}`.execute(db);
      return [...new Set(rows.rows.map((r) => r.label))];
    },
  };
}
