/**
 * Turns the recipe in catalog-data.ts into rows, deterministically: the same inputs give
 * the same rows (ids, titles, prices, specs, picture URLs). Pure: no database, no files.
 */
import type { Insertable } from 'kysely';
import type { BrandTable, CategoryAttributeTable, CategoryTable, ProductParam, ProductTable, SkuTable } from '../modules/catalog/catalog.tables.ts';
import type { ShopTable } from '../modules/merchants/merchants.tables.ts';
import { HOUR, DAY } from '../shared/clock.ts';
import { ADMIN, BRANDS, CATEGORY_TREE, SHOPS, type BrandDef, type Dim, type DimValue, type LeafDef, type MidDef, type ShopDef, type TopDef } from './catalog-data.ts';
import { altPictureSvg, detailPictureSvg, logoSvg, mainPictureSvg, slug, type Picture } from './pictures.ts';
import { Random } from './random.ts';
import type { Shape } from './shapes.ts';

export const DEFAULT_PRODUCT_COUNT = 320;
export const MAX_SKUS_PER_PRODUCT = 12;

export interface ProductPlan {
  product: Insertable<ProductTable>;
  skus: Insertable<SkuTable>[];
}

export interface DemoPlan {
  categories: Insertable<CategoryTable>[];
  /** The attribute templates of the level-3 categories: their spec dimensions and 参数 rows. */
  attributes: Insertable<CategoryAttributeTable>[];
  brands: Insertable<BrandTable>[];
  shops: Insertable<ShopTable>[];
  products: ProductPlan[];
  /** Every picture the rows refer to, each URL once. */
  pictures: Picture[];
}

interface Leaf {
  id: string;
  /** "010201": top, mid and leaf position. */
  code: string;
  def: LeafDef;
  mid: MidDef;
  top: TopDef;
}

// ---------------------------------------------------------------------------------------
// small pure helpers (exported for the tests)

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** An EAN-13 from its first 12 digits. */
export function ean13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13 needs 12 digits, got ${first12}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13(code.slice(0, 12)) === code;
}

import { specKey } from '../modules/catalog/catalog.rules.ts';

export { specKey };

/** A shop-window price in fen: ¥5,999 / ¥259 / ¥39.90 / ¥12.90 / ¥6.50. */
export function nicePriceFen(yuan: number): number {
  if (yuan >= 1000) return (Math.round(yuan / 100) * 100 - 1) * 100;
  if (yuan >= 100) return (Math.round(yuan / 10) * 10 - 1) * 100;
  if (yuan >= 10) return Math.round(yuan) * 100 - 10;
  return Math.max(50, Math.round(yuan * 10) * 10);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function formatWeight(grams: number): string {
  return grams >= 1000 ? `约${(grams / 1000).toFixed(1).replace(/\.0$/, '')}kg` : `约${grams}g`;
}

// ---------------------------------------------------------------------------------------
// the plan

function leafAttributes(leaf: Leaf): Insertable<CategoryAttributeTable>[] {
  const rows: Insertable<CategoryAttributeTable>[] = [];
  const add = (kind: 'spec' | 'param', name: string, options: string[], required: boolean) =>
    rows.push({
      id: `atr_demo_${leaf.code}_${pad(rows.length + 1, 2)}`,
      category_id: leaf.id,
      name,
      kind,
      options: JSON.stringify(options),
      required,
      sort_order: (rows.filter((r) => r.kind === kind).length + 1) * 10,
    });
  for (const dim of leaf.def.dims) add('spec', dim.key, dim.values.map((v) => v.label), false);
  add('param', '产地', leaf.def.origins ?? leaf.top.origins, true);
  const params = new Map<string, string[]>();
  for (const [name, values] of [...leaf.top.params, ...(leaf.def.params ?? [])]) params.set(name, values);
  for (const [name, values] of params) add('param', name, values, false);
  return rows;
}

function buildCategories(): { rows: Insertable<CategoryTable>[]; leaves: Leaf[] } {
  const rows: Insertable<CategoryTable>[] = [];
  const leaves: Leaf[] = [];
  CATEGORY_TREE.forEach((top, t) => {
    const topCode = pad(t + 1, 2);
    rows.push({ id: `cat_demo_${topCode}`, parent_id: null, level: 1, name: top.name, name_en: top.nameEn, icon: null, sort_order: (t + 1) * 10, commission_bp: top.bp });
    top.mids.forEach((mid, m) => {
      const midCode = topCode + pad(m + 1, 2);
      rows.push({ id: `cat_demo_${midCode}`, parent_id: `cat_demo_${topCode}`, level: 2, name: mid.name, name_en: mid.nameEn, icon: null, sort_order: (m + 1) * 10, commission_bp: mid.bp ?? top.bp });
      mid.leaves.forEach((def, l) => {
        const code = midCode + pad(l + 1, 2);
        const id = `cat_demo_${code}`;
        rows.push({ id, parent_id: `cat_demo_${midCode}`, level: 3, name: def.name, name_en: def.nameEn, icon: null, sort_order: (l + 1) * 10, commission_bp: def.bp ?? mid.bp ?? top.bp });
        leaves.push({ id, code, def, mid, top });
      });
    });
  });
  return { rows, leaves };
}

const brandId = (index: number) => `brd_demo_${pad(index + 1, 2)}`;
const brandCovers = (brand: BrandDef, leaf: Leaf) => brand.cats.some((prefix) => leaf.code.startsWith(prefix));

class PictureSet {
  readonly #byUrl = new Map<string, Picture>();

  #add(url: string, svg: () => string): string {
    if (!this.#byUrl.has(url)) this.#byUrl.set(url, { url, svg });
    return url;
  }

  main(shape: Shape, hex: string, brand: BrandDef, caption: string): string {
    return this.#add(`/media/demo/products/${shape}/main-${hex.slice(1)}-${slug(brand.nameEn)}-${slug(caption)}-800.webp`, () => mainPictureSvg(shape, hex, brand.nameEn, caption));
  }

  alt(shape: Shape, hex: string): string {
    return this.#add(`/media/demo/products/${shape}/alt-${hex.slice(1)}-800.webp`, () => altPictureSvg(shape, hex));
  }

  detail(shape: Shape, hex: string): string {
    return this.#add(`/media/demo/products/${shape}/detail-${hex.slice(1)}-800.webp`, () => detailPictureSvg(shape, hex));
  }

  logo(name: string, initials: string, hex: string): string {
    return this.#add(`/media/demo/logos/${name}-800.webp`, () => logoSvg(initials, hex));
  }

  all(): Picture[] {
    return [...this.#byUrl.values()];
  }
}

function initials(nameEn: string): string {
  const words = nameEn.split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words.map((w) => w[0]).join('') : nameEn.slice(0, 2)).toUpperCase().slice(0, 3);
}

/** The values a product offers per dimension, trimmed so the matrix stays within 12 SKUs. */
function chooseDims(rng: Random, dims: Dim[]): Array<{ dim: Dim; values: DimValue[] }> {
  const chosen = dims.map((dim) => {
    const count = rng.int(dim.count[0], dim.count[1]);
    return { dim, values: dim.mode === 'run' ? rng.run(dim.values, count) : rng.sample(dim.values, count) };
  });
  const size = () => chosen.reduce((n, c) => n * c.values.length, 1);
  while (size() > MAX_SKUS_PER_PRODUCT) {
    const largest = chosen.reduce((a, b) => (b.values.length > a.values.length ? b : a));
    largest.values = largest.values.slice(0, -1);
  }
  return chosen;
}

function cartesian(chosen: Array<{ dim: Dim; values: DimValue[] }>): Array<Array<{ dim: Dim; value: DimValue }>> {
  let combos: Array<Array<{ dim: Dim; value: DimValue }>> = [[]];
  for (const { dim, values } of chosen) combos = combos.flatMap((combo) => values.map((value) => [...combo, { dim, value }]));
  return combos;
}

function modelName(rng: Random, brand: BrandDef): string {
  const letter = brand.nameEn.replace(/[^A-Za-z]/g, '').charAt(0).toUpperCase() || 'J';
  return `${letter}${rng.int(2, 9)}${rng.pick(['', '', ' Pro', ' Plus', ' Lite', ' Air', 'S'])}`;
}

function buildParams(rng: Random, leaf: Leaf, brand: BrandDef, model: string | null, baseWeight: number, food: boolean): ProductParam[] {
  const params: ProductParam[] = [{ name: '品牌', value: brand.name }];
  if (model) params.push({ name: '型号', value: model });
  params.push({ name: '产地', value: rng.pick(leaf.def.origins ?? leaf.top.origins) });
  const byName = new Map<string, string[]>();
  for (const [name, values] of [...leaf.top.params, ...(leaf.def.params ?? [])]) byName.set(name, values);
  for (const [name, values] of byName) params.push({ name, value: rng.pick(values) });
  if (!food) params.push({ name: '重量', value: formatWeight(baseWeight) });
  return params;
}

function buildDescription(title: string, intro: string, points: string[], returnable: boolean, food: boolean): string {
  const service = returnable
    ? '支持7天无理由退货（商品完好、不影响二次销售），下单后48小时内发货。'
    : food
      ? '食品类商品签收后不支持7天无理由退货；如有质量问题，请在签收后48小时内联系客服处理。'
      : '本商品不支持7天无理由退货；如有质量问题，请联系客服处理。';
  return [
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<ul>${points.map((p) => `<li><strong>${escapeHtml(p)}</strong></li>`).join('')}</ul>`,
    `<p>${escapeHtml(service)}</p>`,
  ].join('');
}

export function buildDemoPlan(options: { now: Date; productCount?: number }): DemoPlan {
  const now = options.now.getTime();
  const productCount = options.productCount ?? DEFAULT_PRODUCT_COUNT;
  const pictures = new PictureSet();
  const { rows: categories, leaves } = buildCategories();
  const attributes = leaves.flatMap(leafAttributes);

  const brands: Insertable<BrandTable>[] = BRANDS.map((b, i) => ({
    id: brandId(i),
    name: b.name,
    name_en: b.nameEn,
    logo_url: pictures.logo(`brand-${slug(b.nameEn)}`, initials(b.nameEn), b.hex),
  }));

  const shops: Insertable<ShopTable>[] = SHOPS.map((s, i) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    status: 'active',
    intro: s.intro,
    logo_url: pictures.logo(`shop-${s.id.replace(/^shp_demo_/, '')}`, s.logoText, s.hex),
    created_at: new Date(now - (400 - i * 20) * DAY),
  }));

  // Which shops can sell a leaf, and with which brands.
  const offers = (leaf: Leaf): Array<{ shop: ShopDef; brands: number[] }> =>
    SHOPS.map((shop) => ({
      shop,
      brands: BRANDS.flatMap((b, i) => ((shop.brands === null || shop.brands.includes(b.name)) && brandCovers(b, leaf) ? [i] : [])),
    })).filter((o) => o.brands.length > 0);

  const products: ProductPlan[] = [];
  let skuSerial = 0;
  for (let n = 1; n <= productCount; n++) {
    const rng = Random.of('product', n);
    const leaf = leaves[(n - 1) % leaves.length]!;
    const def = leaf.def;
    const offer = rng.pickWeighted(offers(leaf), (o) => o.shop.weight);
    const brandIndex = rng.pick(offer.brands);
    const brand = BRANDS[brandIndex]!;
    const food = leaf.top.noReturn === true || def.noReturn === true;
    const returnable = !food;

    const model = def.model ? modelName(rng, brand) : null;
    const item = rng.pick(def.items);
    const points = rng.shuffle(def.points);
    const title = `${brand.name} ${model ? `${model} ` : ''}${item} ${points[0]} ${points[1]}`;
    const subtitle = rng.pick(leaf.top.subtitles);

    const chosen = chooseDims(rng, def.dims);
    const colourDim = chosen.find((c) => c.dim.colour);
    const mainHex = colourDim?.values[0]?.hex ?? rng.pick(def.tints ?? [brand.hex]);

    // pictures: 1–3, the first with the brand on it
    const imageCount = rng.int(1, 3);
    const images = [pictures.main(def.shape, mainHex, brand, def.nameEn)];
    if (imageCount >= 2) images.push(pictures.alt(def.shape, mainHex));
    if (imageCount >= 3) images.push(pictures.detail(def.shape, mainHex));

    // prices: skewed towards the cheaper end of the range
    const [lo, hi] = def.price;
    const base = lo + (hi - lo) * Math.pow(rng.float(), 1.4);
    const discount = rng.chance(0.4) ? 1.12 + rng.float() * 0.38 : null;
    const baseWeight = rng.int(def.weight[0], def.weight[1]);
    const brandCode = pad(10000 + brandIndex * 3137, 5);

    const productId = `prd_demo_${pad(n, 5)}`;
    const skus: Insertable<SkuTable>[] = cartesian(chosen).map((combo, j) => {
      skuSerial++;
      const spec: Record<string, string> = {};
      let yuan = base;
      let add = 0;
      let weight = baseWeight;
      for (const { dim, value } of combo) {
        spec[dim.key] = value.label;
        yuan *= value.mul ?? 1;
        add += value.add ?? 0;
        weight *= value.weight ?? 1;
      }
      const priceFen = nicePriceFen(yuan + add);
      const originalFen = discount ? nicePriceFen((yuan + add) * discount) : null;
      const colourValue = combo.find((c) => c.dim.colour)?.value;
      return {
        id: `sku_demo_${pad(n, 5)}_${pad(j + 1, 2)}`,
        product_id: productId,
        spec: JSON.stringify(spec),
        spec_key: specKey(spec),
        price_fen: priceFen,
        original_price_fen: originalFen !== null && originalFen > priceFen ? originalFen : null,
        stock: rng.chance(0.06) ? 0 : rng.int(5, 500),
        weight_g: Math.round(weight),
        // five digits of serial per brand: large benchmark catalogs wrap around (barcodes need not be unique)
        barcode: ean13(`69${brandCode}${pad(skuSerial % 100_000, 5)}`),
        image_url: colourValue?.hex ? (colourValue.hex === mainHex ? images[0]! : pictures.alt(def.shape, colourValue.hex)) : null,
      };
    });
    if (skus.every((s) => s.stock === 0)) skus[0]!.stock = rng.int(20, 200);

    const intro = `${brand.name}${item}，${subtitle.replace(/\s+/g, '，')}。`;
    const createdAt = new Date(now - (productCount - n) * 2 * HOUR - rng.int(0, 90) * 60_000);
    products.push({
      product: {
        id: productId,
        shop_id: offer.shop.id,
        category_id: leaf.id,
        brand_id: brandId(brandIndex),
        title,
        subtitle,
        description_html: buildDescription(title, intro, points.slice(2, 5), returnable, food),
        images: JSON.stringify(images),
        params: JSON.stringify(buildParams(rng, leaf, brand, model, baseWeight, food)),
        status: 'on_sale',
        return_7d: returnable,
        purchase_limit: rng.chance(0.15) ? rng.pick([2, 3, 5, 10]) : null,
        min_price_fen: Math.min(...skus.map((s) => s.price_fen)),
        spec_dimensions: JSON.stringify(chosen.map((c) => ({ name: c.dim.key, values: c.values.map((v) => v.label) }))),
        // as if submitted by the merchant and approved by the platform admin
        submitted_at: createdAt,
        reviewed_at: createdAt,
        reviewed_by: ADMIN.id,
        created_at: createdAt,
        updated_at: createdAt,
      },
      skus,
    });
  }

  return { categories, attributes, brands, shops, products, pictures: pictures.all() };
}
