import { sql } from 'kysely';
import { registerLedgerCheck, type LedgerCheck } from '../ledger/ledger.service.ts';

/**
 * The payments module's invariants, checked by every `verifyLedger` run (and `jishi ledger verify`)
 * next to the ledger's own: the books and the payment tables must tell the same story.
 */
export const paymentChecks: Record<string, LedgerCheck> = {
  /** escrow = paid − released − refunded, per shop: the shop_escrow balance equals its orders' held funds. */
  escrow_matches_held_funds: async (q) => {
    const rows = await sql<{ shop_id: string; held: string; escrow: string }>`
      with held as (
        select shop_id, sum(captured_fen - refunded_fen - settled_fen - commission_fen) as held from order_funds group by shop_id
      ), escrow as (
        select substr(code, length('shop_escrow:') + 1) as shop_id, balance_fen as escrow from ledger_account where code like 'shop_escrow:%'
      )
      select coalesce(h.shop_id, e.shop_id) as shop_id, coalesce(h.held, 0)::text as held, coalesce(e.escrow, 0)::text as escrow
      from held h full join escrow e on e.shop_id = h.shop_id
      where coalesce(h.held, 0) <> coalesce(e.escrow, 0)
      limit 51`.execute(q);
    return rows.rows.map((r) => `shop ${r.shop_id}: escrow ${r.escrow} fen, held funds ${r.held} fen`);
  },
  /** Each payment's refunded amount is the sum of its refunds, and never more than was captured. */
  refunds_match_payments: async (q) => {
    const rows = await sql<{ id: string; refunded: string; total: string }>`
      select a.id, a.refunded_fen::text as refunded, coalesce(sum(r.amount_fen), 0)::text as total
      from payment_attempt a left join refund r on r.payment_attempt_id = a.id
      group by a.id having a.refunded_fen <> coalesce(sum(r.amount_fen), 0) or a.refunded_fen > a.amount_fen
      limit 51`.execute(q);
    return rows.rows.map((r) => `payment ${r.id}: refunded_fen ${r.refunded}, refunds ${r.total}`);
  },
  /** refunds_payable holds exactly the refunds not yet confirmed sent. */
  refunds_payable_matches_open_refunds: async (q) => {
    const rows = await sql<{ open: string; payable: string }>`
      select (select coalesce(sum(amount_fen), 0) from refund where status <> 'succeeded')::text as open,
             coalesce((select balance_fen from ledger_account where code = 'refunds_payable'), 0)::text as payable`.execute(q);
    const r = rows.rows[0]!;
    return r.open === r.payable ? [] : [`refunds_payable ${r.payable} fen, open refunds ${r.open} fen`];
  },
  /** Settled funds: what the merchant got plus the commission plus refunds is exactly what was captured. */
  settled_funds_add_up: async (q) => {
    const rows = await sql<{ shop_order_id: string }>`
      select shop_order_id from order_funds
      where (status = 'settled' and settled_fen + commission_fen + refunded_fen <> captured_fen)
         or (status in ('held', 'due') and (settled_fen <> 0 or commission_fen <> 0))
         or (status = 'refunded' and refunded_fen <> captured_fen)
      limit 51`.execute(q);
    return rows.rows.map((r) => `order ${r.shop_order_id}: settled + commission + refunded ≠ captured`);
  },
  /** A paid payment order has exactly one successful payment that is not being refunded in full as a duplicate. */
  paid_orders_have_one_payment: async (q) => {
    const rows = await sql<{ id: string; n: number }>`
      select p.id, count(a.id)::int as n from payment_order p
      left join payment_attempt a on a.payment_order_id = p.id and a.status = 'succeeded'
        and not exists (select 1 from refund r where r.payment_attempt_id = a.id and r.cause in ('duplicate_payment', 'late_payment'))
      where p.status = 'paid' group by p.id having count(a.id) <> 1 limit 51`.execute(q);
    return rows.rows.map((r) => `payment order ${r.id}: ${r.n} payments kept`);
  },
};

for (const [name, check] of Object.entries(paymentChecks)) registerLedgerCheck(`payments.${name}`, check);
