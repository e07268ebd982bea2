/**
 * 物流 forms in the merchant console: what people type (yuan, kilograms) to what the shipping
 * module stores (integer fen, grams) — exactly, digit by digit, never through floating point.
 */
import { fenToYuan, yuanToFen } from './money.ts';

export { fenToYuan, yuanToFen };

/** "1" → 1000, "0.5" → 500, "1.25" → 1250 grams; more than three decimals, negatives or words → null. */
export function kgToGrams(text: string): number | null {
  const m = /^(\d{1,4})(?:\.(\d{1,3}))?$/.exec(text.replace(/\s/g, ''));
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** 1250 → "1.25", 1000 → "1": for filling an input with stored grams. */
export function gramsToKg(grams: number): string {
  const frac = String(grams % 1000).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${Math.floor(grams / 1000)}.${frac}` : String(Math.floor(grams / 1000));
}

/** A whole number of pieces: "3" → 3; anything else → null. */
export function wholeNumber(text: string): number | null {
  const clean = text.replace(/\s/g, '');
  return /^\d{1,6}$/.test(clean) ? Number(clean) : null;
}

export type ChargeBy = 'piece' | 'weight';

/** One fee rule as typed: the template's own, or a region override's. */
export interface FeeRuleValues {
  firstUnits: string;
  firstFee: string;
  additionalUnits: string;
  additionalFee: string;
  /** 满X元包邮 (yuan; '' = none) */
  freeOver: string;
  /** 满N件包邮 ('' = none) */
  freeOverQty: string;
}

export interface TemplateFormValues extends FeeRuleValues {
  name: string;
  chargeBy: ChargeBy;
  regionRules: (FeeRuleValues & { provinceCodes: string[] })[];
  excludedProvinces: string[];
  isDefault: boolean;
}

/** The API's template body (shipping.schemas.ts templateBody), or the first problem's message key. */
export interface TemplatePayload {
  name: string;
  chargeBy: ChargeBy;
  firstUnits: number;
  firstFeeFen: number;
  additionalUnits: number;
  additionalFeeFen: number;
  freeOverFen: number | null;
  freeOverQty: number | null;
  regionRules: {
    provinceCodes: string[];
    firstUnits: number;
    firstFeeFen: number;
    additionalUnits: number;
    additionalFeeFen: number;
    freeOverFen: number | null;
    freeOverQty: number | null;
  }[];
  excludedProvinces: string[];
  isDefault: boolean;
}

export type TemplateProblem = 'name' | 'units' | 'fee' | 'freeOver' | 'freeOverQty' | 'regionProvinces';

function rule(v: FeeRuleValues, chargeBy: ChargeBy): { ok: Omit<TemplatePayload['regionRules'][number], 'provinceCodes'> } | { problem: TemplateProblem } {
  const units = (t: string) => (chargeBy === 'weight' ? kgToGrams(t) : wholeNumber(t));
  const firstUnits = units(v.firstUnits);
  const additionalUnits = units(v.additionalUnits);
  if (!firstUnits || !additionalUnits) return { problem: 'units' };
  const firstFeeFen = yuanToFen(v.firstFee);
  const additionalFeeFen = yuanToFen(v.additionalFee);
  if (firstFeeFen === null || additionalFeeFen === null) return { problem: 'fee' };
  const freeOverFen = v.freeOver.trim() ? yuanToFen(v.freeOver) : null;
  if (v.freeOver.trim() && freeOverFen === null) return { problem: 'freeOver' };
  const freeOverQty = v.freeOverQty.trim() ? wholeNumber(v.freeOverQty) : null;
  if (v.freeOverQty.trim() && !freeOverQty) return { problem: 'freeOverQty' };
  return { ok: { firstUnits, firstFeeFen, additionalUnits, additionalFeeFen, freeOverFen, freeOverQty } };
}

export function templatePayload(v: TemplateFormValues): { payload: TemplatePayload } | { problem: TemplateProblem } {
  if (!v.name.trim() || v.name.trim().length > 30) return { problem: 'name' };
  const own = rule(v, v.chargeBy);
  if ('problem' in own) return own;
  const regionRules: TemplatePayload['regionRules'] = [];
  for (const r of v.regionRules) {
    if (r.provinceCodes.length === 0) return { problem: 'regionProvinces' };
    const parsed = rule(r, v.chargeBy);
    if ('problem' in parsed) return parsed;
    regionRules.push({ provinceCodes: r.provinceCodes, ...parsed.ok });
  }
  return { payload: { name: v.name.trim(), chargeBy: v.chargeBy, ...own.ok, regionRules, excludedProvinces: v.excludedProvinces, isDefault: v.isDefault } };
}

/** A stored rule back into the form (fen → yuan, grams → kg). */
export function ruleValues(r: { firstUnits: number; firstFeeFen: number; additionalUnits: number; additionalFeeFen: number; freeOverFen: number | null; freeOverQty: number | null }, chargeBy: ChargeBy): FeeRuleValues {
  const units = (n: number) => (chargeBy === 'weight' ? gramsToKg(n) : String(n));
  return {
    firstUnits: units(r.firstUnits),
    firstFee: fenToYuan(r.firstFeeFen),
    additionalUnits: units(r.additionalUnits),
    additionalFee: fenToYuan(r.additionalFeeFen),
    freeOver: r.freeOverFen === null ? '' : fenToYuan(r.freeOverFen),
    freeOverQty: r.freeOverQty === null ? '' : String(r.freeOverQty),
  };
}
