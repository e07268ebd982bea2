import { AppError } from '../../http/errors.ts';
import type { ProductStatus } from './catalog.tables.ts';

export interface SpecDimension {
  name: string;
  values: string[];
}

/** The canonical key of a spec combination: names sorted, `尺码:L|颜色:黑色`. */
export function specKey(spec: Record<string, string>): string {
  return Object.keys(spec)
    .sort()
    .map((name) => `${name}:${spec[name]}`)
    .join('|');
}

/**
 * Every combination of the chosen spec values, in the order a merchant reads the table:
 * 颜色 [黑, 白] × 尺码 [S, M, L] → 黑/S, 黑/M, 黑/L, 白/S, …  No dimensions → one combination `{}`.
 */
export function specMatrix(dimensions: SpecDimension[]): Record<string, string>[] {
  const names = new Set<string>();
  for (const d of dimensions) {
    const name = d.name.trim();
    if (!name || names.has(name)) throw new AppError('SPEC_INVALID', { detail: name || '(empty)' });
    names.add(name);
    const values = d.values.map((v) => v.trim());
    if (values.length === 0 || values.some((v) => !v) || new Set(values).size !== values.length) {
      throw new AppError('SPEC_INVALID', { detail: name });
    }
  }
  return dimensions.reduce<Record<string, string>[]>(
    (combos, d) => combos.flatMap((combo) => d.values.map((v) => ({ ...combo, [d.name.trim()]: v.trim() }))),
    [{}],
  );
}

/** SKUs sent by a merchant must each name one value per dimension and no combination twice. */
export function checkSkuSpecs(dimensions: SpecDimension[], specs: Record<string, string>[]): void {
  const names = dimensions.map((d) => d.name).sort().join('|');
  const seen = new Set<string>();
  for (const spec of specs) {
    if (Object.keys(spec).sort().join('|') !== names) throw new AppError('SPEC_INVALID', { detail: specKey(spec) || '(none)' });
    for (const d of dimensions) {
      if (!d.values.includes(spec[d.name]!)) throw new AppError('SPEC_INVALID', { detail: `${d.name}:${spec[d.name]}` });
    }
    const key = specKey(spec);
    if (seen.has(key)) throw new AppError('SPEC_DUPLICATE', { spec: key });
    seen.add(key);
  }
}

export type ProductAction = 'submit' | 'approve' | 'reject' | 'take_off_shelf' | 'force_off_shelf' | 'edit';

/**
 * The review flow: draft → pending_review → on_sale | rejected; on_sale → off_shelf;
 * rejected / off_shelf → (edit, submit) → pending_review. Anything else is refused.
 */
const transitions: Record<ProductAction, Partial<Record<ProductStatus, ProductStatus>>> = {
  submit: { draft: 'pending_review', rejected: 'pending_review', off_shelf: 'pending_review' },
  approve: { pending_review: 'on_sale' },
  reject: { pending_review: 'rejected' },
  take_off_shelf: { on_sale: 'off_shelf', pending_review: 'off_shelf' },
  force_off_shelf: { on_sale: 'off_shelf' },
  // Editing what the shopper sees sends an on-sale product back to review; drafts stay drafts.
  edit: { draft: 'draft', rejected: 'rejected', off_shelf: 'off_shelf', on_sale: 'pending_review', pending_review: 'pending_review' },
};

export function nextStatus(from: ProductStatus, action: ProductAction): ProductStatus {
  const to = transitions[action][from];
  if (!to) throw new AppError('PRODUCT_STATUS_CONFLICT', { from, action });
  return to;
}
