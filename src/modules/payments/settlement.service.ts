import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { DAY, type Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJob } from '../../shared/jobs.ts';
import { allocate, fen, percentOf } from '../../shared/money.ts';
import { hasOpenAfterSales } from '../after-sales/after-sales.queries.ts';
import type { PaymentDeps } from './payments.service.ts';
import { postCodCollected, postReceivableOffset, postSettlement, postWithdrawal, type RecoveryPosting } from './payments.postings.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance } from '../ledger/ledger.service.ts';
import { DEFAULT_COMMISSION_BP, getPaymentSettings, lineCommissionRates, shopPayee } from './payments.settings.ts';

/**
 * Escrow (担保交易) and T+N settlement. A shop order's funds are held from payment; when the order
 * completes (received, after-sales window closed) they fall due N days later; at due time the shop's
 * share minus the commission of each line's category is released — by a profit-sharing (分账) call
 * in marketplace mode, straight into the merchant's available balance in platform-collect mode.
 */

export const SETTLEMENT_JOBS = { profitShare: 'payments.profit-share' } as const;

/** The order was received: cash on delivery was collected by the shop's courier, so its funds exist from now. */
export async function onOrderReceived(trx: Trx, clock: Clock, orderId: string): Promise<void> {
  const order = await trx.selectFrom('shop_order').select(['id', 'shop_id', 'payment_order_id', 'payable_fen']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const cod = await trx.selectFrom('payment_attempt').selectAll().where('payment_order_id', '=', order.payment_order_id).where('provider', '=', 'cod').where('status', '=', 'succeeded').executeTakeFirst();
  if (!cod) return;
  const inserted = await trx
    .insertInto('order_funds')
    .values({ shop_order_id: orderId, shop_id: order.shop_id, payment_attempt_id: cod.id, provider: 'cod', mode: 'platform_collect', captured_fen: Number(order.payable_fen), status: 'held', created_at: clock.now() })
    .onConflict((oc) => oc.column('shop_order_id').doNothing())
    .returning('shop_order_id')
    .executeTakeFirst();
  if (inserted) await postCodCollected(trx, clock.now(), orderId, order.shop_id, Number(order.payable_fen));
}

/** The order completed: its held funds fall due T+N days from now. */
export async function onOrderCompleted(trx: Trx, clock: Clock, orderId: string): Promise<void> {
  const { settlementDays } = await getPaymentSettings(trx);
  await trx
    .updateTable('order_funds')
    .set({ status: 'due', due_at: new Date(clock.now().getTime() + settlementDays * DAY) })
    .where('shop_order_id', '=', orderId)
    .where('status', '=', 'held')
    .execute();
}

/**
 * The commission on a shop order: each line's net amount (its total, less its discount and any
 * refunds of that line; order-wide refunds spread over the lines by amount) times its category's
 * rate, rounded half up per line. Shipping carries no commission. Never more than what is settled.
 */
export async function commissionFor(q: Queryable, orderId: string, netFen: number, pendingRefund?: { orderLineId: string | null; amountFen: number }): Promise<number> {
  const rates = await lineCommissionRates(q, orderId);
  const lines = await q.selectFrom('order_line').select(['id', 'line_total_fen', 'discount_fen']).where('order_id', '=', orderId).orderBy('id').execute();
  const refunds: { order_line_id: string | null; amount_fen: number }[] = await q
    .selectFrom('refund').select(['order_line_id', 'amount_fen']).where('shop_order_id', '=', orderId).where('status', '<>', 'failed').execute();
  if (pendingRefund) refunds.push({ order_line_id: pendingRefund.orderLineId, amount_fen: pendingRefund.amountFen });
  const bases = lines.map((l) => {
    const lineRefunds = refunds.filter((r) => r.order_line_id === l.id).reduce((n, r) => n + Number(r.amount_fen), 0);
    return Math.max(0, Number(l.line_total_fen) - Number(l.discount_fen) - lineRefunds);
  });
  const orderWide = refunds.filter((r) => r.order_line_id === null).reduce((n, r) => n + Number(r.amount_fen), 0);
  const itemsBase = bases.reduce((n, b) => n + b, 0);
  const spread = allocate(fen(Math.min(orderWide, itemsBase)), bases);
  const commission = lines.reduce((n, l, i) => n + percentOf(fen(bases[i]! - spread[i]!), rates.get(l.id) ?? DEFAULT_COMMISSION_BP), 0);
  return Math.min(commission, netFen);
}

/** Releases one due order's funds (called at due time, or when the provider confirms the profit sharing). */
export async function settleFunds(trx: Trx, clock: Clock, shopOrderId: string): Promise<boolean> {
  const funds = await trx.selectFrom('order_funds').selectAll().where('shop_order_id', '=', shopOrderId).forUpdate().executeTakeFirst();
  if (!funds || funds.status !== 'due') return false;
  // While an after-sales request is open the money may still go back: it stays in escrow (settled once the request ends).
  if (await hasOpenAfterSales(trx, shopOrderId)) return false;
  const net = Number(funds.captured_fen) - Number(funds.refunded_fen);
  const commission = await commissionFor(trx, shopOrderId, net);
  await trx
    .updateTable('order_funds')
    .set({ status: 'settled', commission_fen: commission, settled_fen: net - commission, settled_at: clock.now() })
    .where('shop_order_id', '=', shopOrderId)
    .execute();
  await postSettlement(trx, clock.now(), { shopOrderId, shopId: funds.shop_id, provider: funds.provider, mode: funds.mode, netFen: net, commissionFen: commission });
  if (settlesToAvailable(funds)) {
    // Refunds the platform advanced for this shop (平台垫付) come out of what just settled.
    const owed = await accountBalance(trx, accountCode('merchant_receivable', funds.shop_id));
    const offset = Math.min(owed, net - commission);
    if (offset > 0) await postReceivableOffset(trx, clock.now(), shopOrderId, funds.shop_id, offset);
  }
  return true;
}

function settlesToAvailable(funds: { provider: string; mode: string }): boolean {
  return funds.provider !== 'cod' && (funds.mode !== 'marketplace' || funds.provider === 'balance');
}

/**
 * A refund of `amountFen` from an order whose money has settled: the platform returns the commission
 * it earned on the refunded part (the order's commission before, less its commission on what is left),
 * and the rest is taken back from the merchant's settled share. Updates the order's funds so that
 * settled + commission + refunded still equals captured. The caller holds the funds row locked.
 */
export async function recoverSettledRefund(
  trx: Trx,
  funds: { shop_order_id: string; shop_id: string; provider: RecoveryPosting['provider']; mode: RecoveryPosting['mode']; captured_fen: number; refunded_fen: number; settled_fen: number; commission_fen: number },
  refund: { orderLineId: string | null; amountFen: number },
): Promise<RecoveryPosting> {
  const left = Number(funds.captured_fen) - Number(funds.refunded_fen);
  const settled = Number(funds.settled_fen);
  const commission = Number(funds.commission_fen);
  const after = await commissionFor(trx, funds.shop_order_id, left - refund.amountFen, refund);
  // Rounding per line can move a fen either way: keep both parts within what each side holds.
  const commissionFen = Math.min(commission, refund.amountFen, Math.max(commission - after, refund.amountFen - settled, 0));
  const merchantFen = refund.amountFen - commissionFen;
  await trx
    .updateTable('order_funds')
    .set({
      refunded_fen: Number(funds.refunded_fen) + refund.amountFen,
      settled_fen: settled - merchantFen,
      commission_fen: commission - commissionFen,
      ...(refund.amountFen === left ? { status: 'refunded' as const } : {}),
    })
    .where('shop_order_id', '=', funds.shop_order_id)
    .execute();
  const availableFen = settlesToAvailable(funds) ? await lockedAvailable(trx, funds.shop_id) : 0;
  return { shopId: funds.shop_id, provider: funds.provider, mode: funds.mode, merchantFen, commissionFen, availableFen };
}

/** The shop's available balance, its account row locked so a concurrent withdrawal cannot spend it meanwhile. */
async function lockedAvailable(trx: Trx, shopId: string): Promise<number> {
  const row = await trx.selectFrom('ledger_account').select('balance_fen').where('code', '=', accountCode('merchant_available', shopId)).forUpdate().executeTakeFirst();
  return Number(row?.balance_fen ?? 0);
}

/** Due funds: settled now (platform-collect, balance, COD), or a profit-sharing job per order (marketplace online payments). */
export async function settleDue(trx: Trx, clock: Clock): Promise<{ settled: number; sharing: number }> {
  const due = await trx
    .selectFrom('order_funds')
    .select(['shop_order_id', 'mode', 'provider'])
    .where('status', '=', 'due')
    .where('due_at', '<=', clock.now())
    .orderBy('due_at')
    .limit(500)
    .execute();
  let settled = 0;
  let sharing = 0;
  for (const f of due) {
    if (f.mode === 'marketplace' && f.provider !== 'balance' && f.provider !== 'cod') {
      await enqueueJob(trx, clock, { kind: SETTLEMENT_JOBS.profitShare, payload: { shopOrderId: f.shop_order_id }, dedupeKey: `${SETTLEMENT_JOBS.profitShare}:${f.shop_order_id}` });
      sharing++;
    } else if (await settleFunds(trx, clock, f.shop_order_id)) {
      settled++;
    }
  }
  return { settled, sharing };
}

/** Our id of a shop order's profit-sharing order at the provider (分账单号). */
export function profitShareOrderNo(shopOrderId: string): string {
  return `stl_${shopOrderId.slice(4)}`;
}

/** 分账: asks the provider to pay the commission to the platform out of the shop's frozen share and unfreeze the rest to the merchant. */
export async function shareProfit(deps: PaymentDeps, shopOrderId: string): Promise<'settled' | 'skipped'> {
  const funds = await deps.db.selectFrom('order_funds').selectAll().where('shop_order_id', '=', shopOrderId).executeTakeFirst();
  if (!funds || funds.status !== 'due' || (await hasOpenAfterSales(deps.db, shopOrderId))) return 'skipped';
  const attempt = await deps.db.selectFrom('payment_attempt').selectAll().where('id', '=', funds.payment_attempt_id).executeTakeFirstOrThrow();
  const net = Number(funds.captured_fen) - Number(funds.refunded_fen);
  const commission = await commissionFor(deps.db, shopOrderId, net);
  const payee = (await shopPayee(deps.db, funds.shop_id)) ?? `sandbox-${funds.shop_id}`;
  const result = await deps.gateways.get(attempt.provider).profitShare({
    outTradeNo: attempt.id,
    providerTradeNo: attempt.provider_trade_no ?? '',
    subMerchantId: payee,
    outSubTradeNo: shopOrderId,
    outOrderNo: profitShareOrderNo(shopOrderId),
    receivers: commission > 0 ? [{ account: 'platform', amountFen: commission, description: '平台佣金' }] : [],
    finish: true,
  });
  if (result.status !== 'finished') throw new Error(`profit sharing for ${shopOrderId}: ${result.status} ${result.failureReason ?? ''}`);
  await deps.db.transaction().execute((trx) => settleFunds(trx, deps.clock, shopOrderId));
  return 'settled';
}

// ---------------------------------------------------------------------------------------------
// withdrawals (money that settled into the merchant's available balance)

export async function requestWithdrawal(trx: Trx, clock: Clock, shopId: string, userId: string, amountFen: number, accountNote: string): Promise<string> {
  const id = newId('wdr');
  await trx
    .insertInto('withdrawal')
    .values({ id, shop_id: shopId, amount_fen: amountFen, status: 'requested', account_note: accountNote, requested_by: userId, created_at: clock.now() })
    .execute();
  try {
    await postWithdrawal(trx, clock.now(), 'requested', { id, shopId, amountFen }, 'platform');
  } catch (error) {
    if (error instanceof AppError && error.code === 'LEDGER_INSUFFICIENT_BALANCE') throw new AppError('WITHDRAWAL_EXCEEDS_AVAILABLE');
    throw error;
  }
  return id;
}

/** The platform approves (the payout is made) or rejects (the amount returns to the available balance). */
export async function decideWithdrawal(trx: Trx, clock: Clock, withdrawalId: string, approve: boolean, deciderId: string, note: string, payoutProvider: string): Promise<void> {
  const w = await trx.selectFrom('withdrawal').selectAll().where('id', '=', withdrawalId).forUpdate().executeTakeFirst();
  if (!w) throw new AppError('WITHDRAWAL_NOT_FOUND');
  if (w.status !== 'requested') throw new AppError('WITHDRAWAL_STATUS_CONFLICT');
  await trx
    .updateTable('withdrawal')
    .set({ status: approve ? 'approved' : 'rejected', decided_by: deciderId, decision_note: note || null, decided_at: clock.now() })
    .where('id', '=', withdrawalId)
    .execute();
  await postWithdrawal(trx, clock.now(), approve ? 'paid' : 'rejected', { id: w.id, shopId: w.shop_id, amountFen: Number(w.amount_fen) }, payoutProvider);
}
