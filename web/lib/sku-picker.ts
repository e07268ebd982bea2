/**
 * The SKU sheet's path-finding: which spec values can still be chosen. A value is available when
 * some SKU in stock has it together with every value chosen in the other dimensions.
 */
export interface PickerSku {
  spec: Record<string, string>;
  stock: number;
}

export type Selection = Record<string, string>;

export function matches(spec: Record<string, string>, selection: Selection): boolean {
  return Object.entries(selection).every(([name, value]) => spec[name] === value);
}

export function isAvailable(skus: PickerSku[], selection: Selection, name: string, value: string): boolean {
  const wanted: Selection = { ...selection, [name]: value };
  return skus.some((s) => s.stock > 0 && matches(s.spec, wanted));
}

/** The SKU the selection names, once every dimension has a value. */
export function chosenSku<T extends PickerSku>(skus: T[], dimensions: { name: string }[], selection: Selection): T | undefined {
  if (dimensions.some((d) => !selection[d.name])) return undefined;
  return skus.find((s) => matches(s.spec, selection));
}

/** Dimensions with a single value are chosen from the start (when that value is in stock). */
export function initialSelection(skus: PickerSku[], dimensions: { name: string; values: string[] }[]): Selection {
  const selection: Selection = {};
  for (const d of dimensions) {
    if (d.values.length === 1 && isAvailable(skus, {}, d.name, d.values[0]!)) selection[d.name] = d.values[0]!;
  }
  return selection;
}

/** 1 ≤ quantity ≤ min(stock, purchase limit). */
export function clampQuantity(quantity: number, stock: number, limit: number | null): number {
  const max = Math.max(1, Math.min(stock > 0 ? stock : 1, limit ?? Number.MAX_SAFE_INTEGER));
  return Math.min(Math.max(1, Math.floor(quantity) || 1), max);
}
