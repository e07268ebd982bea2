import { AppError } from '../../http/errors.ts';
import { fen, type Fen } from '../../shared/money.ts';
import { normalizeMobile } from '../identity/identity.rules.ts';
import type { ChargeBy, RegionRule } from './shipping.tables.ts';

/** 运费: the pure fee calculator and the other rules of the shipping module. No database here. */

export interface FeeRule {
  /** 首件 (pieces) or 首重 (grams). */
  firstUnits: number;
  firstFeeFen: number;
  /** 续件 (pieces) or 续重 (grams): the size of each further step. */
  additionalUnits: number;
  additionalFeeFen: number;
  /** 满X元包邮: free when the shop subtotal is at least this; null = no such rule. */
  freeOverFen: number | null;
  /** 满N件包邮: free when the number of pieces is at least this; null = no such rule. */
  freeOverQty: number | null;
}

/** What the calculator needs of a template (a row of `shipping_template`, as the service reads it). */
export interface ShippingTemplateRules extends FeeRule {
  chargeBy: ChargeBy;
  /** Overrides per set of provinces; a province is in at most one rule. */
  regionRules: readonly RegionRule[];
  /** 不配送区域: province codes the shop does not deliver to. */
  excludedProvinces: readonly string[];
}

export interface ShippingLine {
  qty: number;
  /** Weight of one piece, grams. */
  weightG: number;
  /** What the line costs the buyer, fen: the basis of 满X元包邮. */
  lineTotalFen: number;
}

export interface ShippingQuote {
  deliverable: boolean;
  feeFen: Fen;
  /** Set when a free-shipping rule applied (the fee is then 0): which one, and its threshold. */
  free?: FreeShipping;
}

export type FreeShipping = { reason: 'amount'; overFen: number } | { reason: 'quantity'; overQty: number };

function checkLine(line: ShippingLine): void {
  for (const [name, value] of Object.entries(line)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`shipping line ${name} must be a non-negative integer: ${value}`);
  }
}

/** The rule that applies in a province: its region override if one lists it, else the template's own. */
export function ruleFor(template: ShippingTemplateRules, provinceCode: string): FeeRule {
  return template.regionRules.find((r) => r.provinceCodes.includes(provinceCode)) ?? template;
}

/** `first` covers the first `firstUnits`; every started step of `additionalUnits` beyond it costs `additionalFeeFen`. */
export function stepFee(rule: Pick<FeeRule, 'firstUnits' | 'firstFeeFen' | 'additionalUnits' | 'additionalFeeFen'>, units: number): Fen {
  const beyond = Math.max(0, units - rule.firstUnits);
  return fen(rule.firstFeeFen + Math.ceil(beyond / rule.additionalUnits) * rule.additionalFeeFen);
}

/**
 * The shipping fee of one shop's parcel to one province.
 *
 * 1. A province in `excludedProvinces` → not deliverable (fee 0).
 * 2. The rule is the region override that lists the province, else the template's defaults —
 *    fees and free-shipping thresholds alike (an override with no thresholds means no free shipping there).
 * 3. Nothing to ship (no pieces) → fee 0.
 * 4. Free when the subtotal (Σ lineTotalFen) ≥ freeOverFen → reason 'amount'; else when the number of
 *    pieces ≥ freeOverQty → reason 'quantity'. Either condition alone suffices.
 * 5. Otherwise units = pieces (by piece) or total grams Σ qty × weightG (by weight), and
 *    fee = firstFee + ceil(max(0, units − firstUnits) / additionalUnits) × additionalFee.
 *    A by-weight parcel whose SKUs have no weight still pays the first fee.
 */
export function quoteShipping(template: ShippingTemplateRules, lines: readonly ShippingLine[], provinceCode: string): ShippingQuote {
  lines.forEach(checkLine);
  if (template.excludedProvinces.includes(provinceCode)) return { deliverable: false, feeFen: fen(0) };
  const rule = ruleFor(template, provinceCode);
  const qty = lines.reduce((s, l) => s + l.qty, 0);
  if (qty === 0) return { deliverable: true, feeFen: fen(0) };
  const subtotal = lines.reduce((s, l) => s + l.lineTotalFen, 0);
  if (rule.freeOverFen !== null && subtotal >= rule.freeOverFen) return { deliverable: true, feeFen: fen(0), free: { reason: 'amount', overFen: rule.freeOverFen } };
  if (rule.freeOverQty !== null && qty >= rule.freeOverQty) return { deliverable: true, feeFen: fen(0), free: { reason: 'quantity', overQty: rule.freeOverQty } };
  const units = template.chargeBy === 'piece' ? qty : lines.reduce((s, l) => s + l.qty * l.weightG, 0);
  return { deliverable: true, feeFen: stepFee(rule, units) };
}

/**
 * Consistency a template's region lists must have (the codes themselves are checked against the region data
 * by the caller): no province twice in one list, in two overrides, or both excluded and overridden.
 * Returns a description of the first problem, or null.
 */
export function templateRegionProblem(regionRules: readonly Pick<RegionRule, 'provinceCodes'>[], excluded: readonly string[]): string | null {
  if (new Set(excluded).size !== excluded.length) return 'excludedProvinces lists a province twice';
  const seen = new Map<string, number>();
  for (const [i, rule] of regionRules.entries()) {
    if (new Set(rule.provinceCodes).size !== rule.provinceCodes.length) return `regionRules[${i}] lists a province twice`;
    for (const code of rule.provinceCodes) {
      const other = seen.get(code);
      if (other !== undefined) return `province ${code} is in regionRules[${other}] and regionRules[${i}]`;
      if (excluded.includes(code)) return `province ${code} is both excluded and in regionRules[${i}]`;
      seen.set(code, i);
    }
  }
  return null;
}

/**
 * A pickup point's contact number: a mainland mobile (→ +86…), a landline with area code
 * (0571-88886666, extension allowed), or a 400 service number. Anything else → PHONE_INVALID.
 */
export function normalizeContactPhone(input: string): string {
  const compact = input.trim().replace(/[\s()（）]/g, '');
  // Area codes: 010 and 02X have three digits, all others four (0571), so the split is unambiguous without a dash.
  const landline = /^(010|02\d|0[3-9]\d\d)-?([2-9]\d{6,7})(?:-(\d{1,6}))?$/.exec(compact);
  if (landline) return `${landline[1]}-${landline[2]}${landline[3] ? `-${landline[3]}` : ''}`;
  const service = /^(400|800)-?(\d{3})-?(\d{4})$/.exec(compact);
  if (service) return `${service[1]}-${service[2]}-${service[3]}`;
  try {
    return normalizeMobile(compact);
  } catch {
    throw new AppError('PHONE_INVALID');
  }
}
