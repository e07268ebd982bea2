import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import type { PaymentDeps } from './payments.service.ts';
import type { ReconciliationDifference } from './payments.tables.ts';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD of the day before `now`, in China time (bills are by China date). */
export function previousChinaDate(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS - 86_400_000).toISOString().slice(0, 10);
}

export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function chinaDayBounds(date: string): { start: Date; end: Date } {
  const start = new Date(`${date}T00:00:00+08:00`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/** What our books say moved at a provider on a China date: captured attempts and refunds sent. */
async function ledgerRows(q: Queryable, provider: string, date: string) {
  const { start, end } = chinaDayBounds(date);
  const payments = await q
    .selectFrom('payment_attempt')
    .select(['id', 'amount_fen'])
    .where('provider', '=', provider as never)
    .where('status', '=', 'succeeded')
    .where('succeeded_at', '>=', start)
    .where('succeeded_at', '<', end)
    .execute();
  const refunds = await sql<{ id: string; amount_fen: number }>`
    select r.id, r.amount_fen from refund r join payment_attempt a on a.id = r.payment_attempt_id
    where a.provider = ${provider} and r.status = 'succeeded' and r.destination = 'original' and r.finished_at >= ${start} and r.finished_at < ${end}`.execute(q);
  return {
    payments: new Map(payments.map((p) => [p.id, Number(p.amount_fen)])),
    refunds: new Map(refunds.rows.map((r) => [r.id, Number(r.amount_fen)])),
  };
}

/**
 * 对账: the provider's bill for one day against the ledger's view of it, row by row. The result (and
 * every difference) is stored and shown in the platform's finance console; a re-run replaces it.
 */
export async function reconcileDay(deps: PaymentDeps, provider: string, date: string) {
  const bill = await deps.gateways.get(provider).downloadBill(date);
  const ours = await ledgerRows(deps.db, provider, date);
  const differences: ReconciliationDifference[] = [];
  const seen = { payment: new Set<string>(), refund: new Set<string>() };
  for (const row of bill) {
    const ref = row.type === 'payment' ? row.outTradeNo : (row.outRefundNo ?? '');
    const mine = row.type === 'payment' ? ours.payments.get(ref) : ours.refunds.get(ref);
    seen[row.type].add(ref);
    if (mine === undefined) differences.push({ kind: 'missing_in_ledger', type: row.type, ref, billFen: row.amountFen, ledgerFen: null });
    else if (mine !== row.amountFen) differences.push({ kind: 'amount_mismatch', type: row.type, ref, billFen: row.amountFen, ledgerFen: mine });
  }
  for (const [type, rows] of [['payment', ours.payments], ['refund', ours.refunds]] as const) {
    for (const [ref, amount] of rows) if (!seen[type].has(ref)) differences.push({ kind: 'missing_in_bill', type, ref, billFen: null, ledgerFen: amount });
  }
  const row = {
    id: newId('rcn'),
    provider,
    bill_date: date,
    status: differences.length === 0 ? ('matched' as const) : ('differences' as const),
    bill_rows: bill.length,
    ledger_rows: ours.payments.size + ours.refunds.size,
    differences: JSON.stringify(differences),
    created_at: deps.clock.now(),
  };
  await deps.db
    .insertInto('reconciliation')
    .values(row)
    .onConflict((oc) => oc.columns(['provider', 'bill_date']).doUpdateSet({ status: row.status, bill_rows: row.bill_rows, ledger_rows: row.ledger_rows, differences: row.differences, created_at: row.created_at }))
    .execute();
  return { status: row.status, billRows: row.bill_rows, ledgerRows: row.ledger_rows, differences };
}

export async function listReconciliations(q: Queryable, limit = 60) {
  return q.selectFrom('reconciliation').selectAll().orderBy('bill_date', 'desc').orderBy('provider').limit(limit).execute();
}
