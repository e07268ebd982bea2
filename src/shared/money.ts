/**
 * Money is an integer number of fen (分). All arithmetic on amounts lives here
 * so the rounding rule is named once.
 */
export type Fen = number & { readonly __brand: 'Fen' };

export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount of fen: ${value}`);
  return value as Fen;
}

export function addFen(...amounts: Fen[]): Fen {
  return fen(amounts.reduce((sum, a) => sum + a, 0));
}

export function mulQty(unit: Fen, qty: number): Fen {
  if (!Number.isSafeInteger(qty) || qty < 0) throw new RangeError(`bad quantity: ${qty}`);
  return fen(unit * qty);
}

/**
 * `amount × basisPoints / 10000`, rounded half up (四舍五入) on the fen.
 * Used for commission and percentage discounts; 1 bp = 0.01%.
 */
export function percentOf(amount: Fen, basisPoints: number): Fen {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) throw new RangeError(`bad rate: ${basisPoints}`);
  const product = BigInt(amount) * BigInt(basisPoints);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return fen(Number(((abs + 5000n) / 10000n) * sign));
}

/**
 * Splits `total` across `weights` in proportion, so the parts add up to the total exactly.
 * Remainder fen go to the largest weights first (ties: earlier index).
 */
export function allocate(total: Fen, weights: readonly number[]): Fen[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.some((w) => w < 0 || !Number.isFinite(w))) throw new RangeError('weights must be non-negative');
  if (sum === 0) return allocate(total, weights.map(() => 1));
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let remainder = total - parts.reduce((s, p) => s + p, 0);
  const order = weights.map((w, i) => i).sort((a, b) => weights[b]! - weights[a]! || a - b);
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) parts[order[k]!]! += 1;
  return parts.map(fen);
}

/** ¥1,234.50 — for display only; never parse this back. */
export function formatFen(amount: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
  }).format(amount / 100);
}
