import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Db, Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { createProduct, type Actor, type ProductInput } from './products.service.ts';

/**
 * Bulk product import and export, one row per SKU; rows with the same 商品编码 form one product.
 * Prices are written in yuan in the sheet (merchants think in yuan) and parsed exactly into fen.
 * Each product is all or nothing: a product with any bad row is reported and not created; the
 * others are created.
 */
export const COLUMNS = [
  '商品编码', '标题', '副标题', '类目', '品牌', '规格1', '规格1值', '规格2', '规格2值',
  '价格(元)', '原价(元)', '库存', '重量(克)', '条码', '七天无理由', '限购', '参数', '描述', '图片',
] as const;
type Column = (typeof COLUMNS)[number];
export type Row = Partial<Record<Column, string>>;

export interface RowError {
  row: number;
  column: Column | null;
  message: string;
}

export interface ImportReport {
  created: { productKey: string; productId: string }[];
  failed: { productKey: string; rows: number[]; errors: RowError[] }[];
  rowCount: number;
}

/** "199.9" → 19990; "1,299" → 129900; more than two decimals, negatives or words are errors. */
export function yuanToFen(text: string): number | null {
  const clean = text.replace(/[,，¥￥\s]/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

export async function readRows(bytes: Buffer, format: 'xlsx' | 'csv'): Promise<Row[]> {
  if (format === 'csv') {
    let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(bytes); // Excel in China saves CSV as GBK
    const records = parseCsv(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
    return records.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c] ?? ''])) as Row);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(cellText);
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as ExcelJS.CellValue[];
    const entry: Row = {};
    header.forEach((name, i) => {
      if ((COLUMNS as readonly string[]).includes(name)) entry[name as Column] = cellText(values[i]).trim();
    });
    rows.push(entry);
  });
  return rows;
}

interface Lookups {
  categoryByPath: Map<string, string>;
  brandByName: Map<string, string>;
}

async function loadLookups(q: Queryable): Promise<Lookups> {
  const categories = await q.selectFrom('category').select(['id', 'parent_id', 'name', 'level']).execute();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const categoryByPath = new Map<string, string>();
  for (const c of categories) {
    if (c.level !== 3) continue;
    const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
    const grand = parent?.parent_id ? byId.get(parent.parent_id) : undefined;
    categoryByPath.set([grand?.name, parent?.name, c.name].join('>'), c.id);
    categoryByPath.set(c.id, c.id);
  }
  const brands = await q.selectFrom('brand').select(['id', 'name']).execute();
  return { categoryByPath, brandByName: new Map(brands.map((b) => [b.name, b.id])) };
}

/** Turns one product's rows into a ProductInput, or the list of what is wrong with them. */
export function rowsToProduct(rows: { n: number; row: Row }[], lookups: Lookups): { input?: ProductInput; errors: RowError[] } {
  const errors: RowError[] = [];
  const first = rows[0]!;
  const err = (n: number, column: Column | null, message: string) => errors.push({ row: n, column, message });
  const title = first.row['标题'] ?? '';
  if (title.length < 2 || title.length > 60) err(first.n, '标题', '标题需 2–60 个字');
  const categoryKey = (first.row['类目'] ?? '').replace(/\s*[>/]\s*/g, '>');
  const categoryId = lookups.categoryByPath.get(categoryKey);
  if (!categoryId) err(first.n, '类目', `找不到三级类目“${first.row['类目'] ?? ''}”（写作 一级>二级>三级）`);
  const brandName = first.row['品牌'] ?? '';
  const brandId = brandName ? lookups.brandByName.get(brandName) : undefined;
  if (brandName && !brandId) err(first.n, '品牌', `找不到品牌“${brandName}”`);

  const dimensionNames = [first.row['规格1'], first.row['规格2']].filter((v): v is string => Boolean(v));
  const values = new Map<string, string[]>(dimensionNames.map((d) => [d, []]));
  const skus: ProductInput['skus'] = [];
  for (const { n, row } of rows) {
    const spec: Record<string, string> = {};
    for (const [nameCol, valueCol] of [['规格1', '规格1值'], ['规格2', '规格2值']] as const) {
      const name = row[nameCol];
      if (!name) continue;
      if (!dimensionNames.includes(name)) err(n, nameCol, `同一商品的规格名须一致（${dimensionNames.join('、')}）`);
      const value = row[valueCol] ?? '';
      if (!value) err(n, valueCol, '规格值不能为空');
      spec[name] = value;
      const list = values.get(name) ?? [];
      if (value && !list.includes(value)) list.push(value);
      values.set(name, list);
    }
    const price = yuanToFen(row['价格(元)'] ?? '');
    if (price === null) err(n, '价格(元)', '价格须为不小于 0 的数字，最多两位小数');
    const original = row['原价(元)'] ? yuanToFen(row['原价(元)']) : null;
    if (row['原价(元)'] && original === null) err(n, '原价(元)', '原价须为数字，最多两位小数');
    const stockText = row['库存'] ?? '';
    const stock = /^\d{1,8}$/.test(stockText) ? Number(stockText) : NaN;
    if (Number.isNaN(stock)) err(n, '库存', '库存须为不小于 0 的整数');
    const weightText = row['重量(克)'] ?? '';
    if (weightText && !/^\d{1,7}$/.test(weightText)) err(n, '重量(克)', '重量须为整数（克）');
    const barcode = row['条码'] || null;
    if (barcode && !/^\d{8,14}$/.test(barcode)) err(n, '条码', '条码须为 8–14 位数字');
    skus.push({ spec, priceFen: price ?? 0, originalPriceFen: original, stock: Number.isNaN(stock) ? 0 : stock, weightG: weightText ? Number(weightText) : 0, barcode });
  }
  const params = (first.row['参数'] ?? '')
    .split(/[;；\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [name = '', ...rest] = p.split(/[=：:]/);
      return { name: name.trim(), value: rest.join(':').trim() };
    });
  if (params.some((p) => !p.name || !p.value)) err(first.n, '参数', '参数写作 名称=值;名称=值');
  const limitText = first.row['限购'] ?? '';
  if (limitText && !/^[1-9]\d{0,3}$/.test(limitText)) err(first.n, '限购', '限购须为 1–9999 的整数');
  const images = (first.row['图片'] ?? '').split(/[\s,;]+/).filter(Boolean);
  if (images.some((u) => !/^\/media\/[\w./-]+\.webp$/.test(u))) err(first.n, '图片', '图片须为已上传图片的地址（/media/….webp）');
  const keys = new Set<string>();
  for (const [i, sku] of skus.entries()) {
    const key = JSON.stringify(Object.entries(sku.spec).sort());
    if (keys.has(key)) err(rows[i]!.n, '规格1值', '规格组合重复');
    keys.add(key);
  }
  if (errors.length) return { errors };
  return {
    errors,
    input: {
      categoryId: categoryId!,
      brandId: brandId ?? null,
      title,
      subtitle: first.row['副标题'] ?? '',
      descriptionHtml: first.row['描述'] ?? '',
      images,
      params,
      return7d: (first.row['七天无理由'] ?? '是') !== '否',
      purchaseLimit: limitText ? Number(limitText) : null,
      specs: dimensionNames.map((name) => ({ name, values: values.get(name) ?? [] })),
      skus,
    },
  };
}

/** Imports rows into a shop as drafts. `onProgress` is called after each product. */
export async function importProducts(
  db: Db,
  clock: Clock,
  shopId: string,
  actor: Actor,
  rows: Row[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportReport> {
  const lookups = await loadLookups(db);
  const groups = new Map<string, { n: number; row: Row }[]>();
  rows.forEach((row, i) => {
    const key = row['商品编码'] || `(第 ${i + 2} 行)`;
    groups.set(key, [...(groups.get(key) ?? []), { n: i + 2, row }]);
  });
  const report: ImportReport = { created: [], failed: [], rowCount: rows.length };
  let done = 0;
  for (const [productKey, group] of groups) {
    const { input, errors } = rowsToProduct(group, lookups);
    if (input) {
      try {
        const productId = await db.transaction().execute((trx) => createProduct(trx, clock, shopId, actor, input));
        report.created.push({ productKey, productId });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        report.failed.push({ productKey, rows: group.map((g) => g.n), errors: [{ row: group[0]!.n, column: null, message: error.message }] });
      }
    } else {
      report.failed.push({ productKey, rows: group.map((g) => g.n), errors });
    }
    onProgress?.(++done, groups.size);
  }
  return report;
}

/** A shop's products as an .xlsx in the import layout (so an export can be edited and imported again). */
export async function exportProducts(q: Queryable, shopId: string): Promise<Buffer> {
  const products = await q
    .selectFrom('product as p')
    .innerJoin('category as c3', 'c3.id', 'p.category_id')
    .leftJoin('category as c2', 'c2.id', 'c3.parent_id')
    .leftJoin('category as c1', 'c1.id', 'c2.parent_id')
    .leftJoin('brand as b', 'b.id', 'p.brand_id')
    .select(['p.id', 'p.title', 'p.subtitle', 'p.description_html', 'p.images', 'p.params', 'p.return_7d', 'p.purchase_limit', 'p.status', 'c1.name as c1', 'c2.name as c2', 'c3.name as c3', 'b.name as brand'])
    .where('p.shop_id', '=', shopId)
    .orderBy('p.created_at')
    .execute();
  const skus = products.length
    ? await q.selectFrom('sku').selectAll().where('product_id', 'in', products.map((p) => p.id)).orderBy('spec_key').execute()
    : [];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('商品');
  sheet.columns = [...COLUMNS, '状态'].map((header) => ({ header, key: header, width: header === '标题' ? 36 : 14 }));
  sheet.getRow(1).font = { bold: true };
  for (const p of products) {
    for (const sku of skus.filter((s) => s.product_id === p.id)) {
      const dims = Object.entries(sku.spec);
      sheet.addRow({
        商品编码: p.id, 标题: p.title, 副标题: p.subtitle, 类目: [p.c1, p.c2, p.c3].join('>'), 品牌: p.brand ?? '',
        规格1: dims[0]?.[0] ?? '', 规格1值: dims[0]?.[1] ?? '', 规格2: dims[1]?.[0] ?? '', 规格2值: dims[1]?.[1] ?? '',
        '价格(元)': fenToYuan(sku.price_fen), '原价(元)': sku.original_price_fen === null ? '' : fenToYuan(sku.original_price_fen),
        库存: String(sku.stock), '重量(克)': String(sku.weight_g), 条码: sku.barcode ?? '', 七天无理由: p.return_7d ? '是' : '否',
        限购: p.purchase_limit === null ? '' : String(p.purchase_limit), 参数: p.params.map((x) => `${x.name}=${x.value}`).join(';'),
        描述: p.description_html, 图片: p.images.join(' '), 状态: p.status,
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
