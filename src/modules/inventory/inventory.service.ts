import { sql } from 'kysely';
import type { Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';

export interface StockLine {
  skuId: string;
  qty: number;
}

/** Adds quantities per SKU and sorts by id: the fixed order every locker takes rows in, so no two checkouts deadlock. */
function merged(lines: StockLine[]): StockLine[] {
  const bySku = new Map<string, number>();
  for (const l of lines) bySku.set(l.skuId, (bySku.get(l.skuId) ?? 0) + l.qty);
  return [...bySku].map(([skuId, qty]) => ({ skuId, qty })).sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
}

/**
 * Takes stock for the lines, all or nothing: one conditional update per SKU
 * (`stock = stock - qty where stock >= qty`), in SKU-id order. If any SKU is short, throws
 * STOCK_INSUFFICIENT and the caller's transaction rolls back every decrement already made.
 */
export async function reserveStock(trx: Trx, lines: StockLine[]): Promise<void> {
  for (const line of merged(lines)) {
    const result = await trx
      .updateTable('sku')
      .set({ stock: sql`stock - ${line.qty}` })
      .where('id', '=', line.skuId)
      .where('stock', '>=', line.qty)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('STOCK_INSUFFICIENT', { skuId: line.skuId });
  }
}

/** Gives reserved stock back (order cancelled). The caller guarantees it runs once per reservation. */
export async function releaseStock(trx: Trx, lines: StockLine[]): Promise<void> {
  for (const line of merged(lines)) {
    await trx.updateTable('sku').set({ stock: sql`stock + ${line.qty}` }).where('id', '=', line.skuId).execute();
  }
}
