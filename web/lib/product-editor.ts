import { specKey, specMatrix } from './shared.ts';
import { parseCount, yuanToFen } from './money.ts';
import type { MessageKey, MessageParams } from '../i18n/messages.ts';

/** The product editor's state and the rules that turn it into the API's ProductInput (browser-safe). */

export interface EditorCategoryOption {
  value: string;
  label: string;
  disabled?: boolean;
  children?: EditorCategoryOption[];
}

export interface EditorAttribute {
  name: string;
  kind: 'spec' | 'param';
  options: string[];
  required: boolean;
}

export interface EditorImage {
  /** The stored (detail) URL the product keeps. */
  url: string;
  thumb: string;
}

export interface EditorSku {
  spec: Record<string, string>;
  /** Yuan, as typed. */
  price: string;
  original: string;
  stock: string;
  /** Kept as they are (set by import): the editor does not show them. */
  weightG?: number;
  barcode?: string | null;
  imageUrl?: string | null;
}

export interface EditorValues {
  categoryPath: string[];
  brandId: string | null;
  title: string;
  subtitle: string;
  descriptionHtml: string;
  images: EditorImage[];
  params: { name: string; value: string }[];
  return7d: boolean;
  purchaseLimit: number | null;
  specs: { name: string; values: string[] }[];
  skus: EditorSku[];
}

export interface EditorLoaderData {
  shopId: string;
  product: { id: string; status: 'draft' | 'pending_review' | 'on_sale' | 'rejected' | 'off_shelf'; rejectReason: string | null; offShelfReason: string | null } | null;
  initial: EditorValues | null;
  categories: EditorCategoryOption[];
  brands: { value: string; label: string }[];
  attributes: EditorAttribute[];
  canEdit: boolean;
}

export const MAX_SPEC_DIMENSIONS = 3;
export const MAX_IMAGES = 9;

export interface Problem {
  key: MessageKey;
  params?: MessageParams;
}

/** The dimensions that make the SKU table: named and with at least one value. */
export function usableDimensions(specs: { name: string; values: string[] }[]) {
  return specs.map((d) => ({ name: d.name.trim(), values: d.values.map((v) => v.trim()).filter(Boolean) })).filter((d) => d.name && d.values.length > 0);
}

/**
 * The SKU rows for the current dimensions (specMatrix), each keeping what was already typed for
 * its combination. Returns the problem instead when the dimensions repeat a name or a value.
 */
export function skuRows(specs: { name: string; values: string[] }[], typed: Map<string, EditorSku>): { rows: EditorSku[]; problem: Problem | null } {
  const dims = usableDimensions(specs);
  let combos: Record<string, string>[];
  try {
    combos = specMatrix(dims);
  } catch {
    return { rows: [], problem: { key: 'seller.editor.err.specDuplicate' } };
  }
  return {
    rows: combos.map((spec) => typed.get(specKey(spec)) ?? { spec, price: '', original: '', stock: '' }),
    problem: null,
  };
}

/** The request body for createProduct / updateProduct (the API's productInput), or what is wrong. */
export function buildProductInput(values: EditorValues, rows: EditorSku[], attributes: EditorAttribute[]): { input?: unknown; problems: Problem[] } {
  const problems: Problem[] = [];
  const categoryId = values.categoryPath.length === 3 ? values.categoryPath[2]! : null;
  if (!categoryId) problems.push({ key: 'seller.editor.err.category' });
  const title = values.title.trim();
  if (title.length < 2 || title.length > 60) problems.push({ key: 'seller.editor.err.title' });
  const params = values.params.map((p) => ({ name: p.name.trim(), value: p.value.trim() })).filter((p) => p.name && p.value);
  for (const a of attributes) {
    if (a.kind === 'param' && a.required && !params.some((p) => p.name === a.name)) problems.push({ key: 'seller.editor.err.paramRequired', params: { name: a.name } });
  }
  if (values.params.some((p) => !p.name.trim() && p.value.trim())) problems.push({ key: 'seller.editor.err.paramName' });
  const dims = usableDimensions(values.specs);
  if (values.specs.some((d) => d.name.trim() && d.values.length === 0)) problems.push({ key: 'seller.editor.err.specValues' });
  if (values.specs.some((d) => !d.name.trim() && d.values.length > 0)) problems.push({ key: 'seller.editor.err.specName' });
  if (rows.length === 0) problems.push({ key: 'seller.editor.err.noSku' });
  const skus = [];
  let badPrice = false;
  let badStock = false;
  for (const row of rows) {
    const priceFen = yuanToFen(row.price);
    const originalFen = row.original.trim() ? yuanToFen(row.original) : null;
    const stock = parseCount(row.stock);
    if (priceFen === null || (row.original.trim() && originalFen === null)) badPrice = true;
    if (stock === null) badStock = true;
    skus.push({
      spec: row.spec,
      priceFen: priceFen ?? 0,
      originalPriceFen: originalFen,
      stock: stock ?? 0,
      ...(row.weightG !== undefined ? { weightG: row.weightG } : {}),
      ...(row.barcode !== undefined ? { barcode: row.barcode } : {}),
      ...(row.imageUrl !== undefined ? { imageUrl: row.imageUrl } : {}),
    });
  }
  if (badPrice) problems.push({ key: 'seller.editor.err.price' });
  if (badStock) problems.push({ key: 'seller.editor.err.stock' });
  if (problems.length > 0) return { problems };
  return {
    problems,
    input: {
      categoryId,
      brandId: values.brandId,
      title,
      subtitle: values.subtitle.trim(),
      descriptionHtml: values.descriptionHtml,
      images: values.images.map((i) => i.url),
      params,
      return7d: values.return7d,
      purchaseLimit: values.purchaseLimit,
      specs: dims,
      skus,
    },
  };
}
