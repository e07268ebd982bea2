/**
 * Amounts typed by people, in yuan, to integer fen — exactly, without floating point: the text
 * is parsed digit by digit (the same rule as the import sheet's yuanToFen). Display formatting of
 * fen happens on the server (formatFen); this is for inputs.
 */

/** "199.9" → 19990, "1,299" → 129900, "¥0.5" → 50; negatives, more than two decimals or words → null. */
export function yuanToFen(text: string): number | null {
  const clean = text.replace(/[,，¥￥\s]/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 19990 → "199.90": for filling an input with a stored amount. */
export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** "5" → 500, "5.5" → 550, "0.25" → 25 basis points; over 100 % or not a number → null. */
export function percentToBp(text: string): number | null {
  const bp = yuanToFen(text.replace(/[%％]/g, ''));
  return bp === null || bp > 10_000 ? null : bp;
}

/** 550 → "5.5" (the basis points of a rate, as a percentage without trailing zeros). */
export function bpToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** A whole number typed into a stock or limit field: "12" → 12; anything else → null. */
export function parseCount(text: string, max = 10_000_000): number | null {
  const clean = text.trim();
  if (!/^\d{1,8}$/.test(clean)) return null;
  const n = Number(clean);
  return n > max ? null : n;
}
