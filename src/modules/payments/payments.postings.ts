import type { Trx } from '../../db/database.ts';
import { accountCode, credit, debit } from '../ledger/ledger.accounts.ts';
import type { LedgerEntryInput } from '../ledger/ledger.accounts.ts';
import { postTransaction } from '../ledger/ledger.service.ts';
import type { PaymentMethod, SettlementMode } from './payments.tables.ts';

/**
 * Every money movement of the payments module as one balanced ledger transaction, keyed by its
 * cause so that a repeated notification, query or job posts it once. Signs: `debit` / `credit`.
 *
 *   captured (orders)     Dr source                    Cr shop_escrow:<shop> (each shop's share)
 *   captured, unmatched   Dr source                    Cr refunds_payable     (late or duplicate payment)
 *   wallet top-up         Dr gateway_clearing:<p>      Cr buyer_wallet:<user>
 *   refund requested      Dr shop_escrow:<shop>        Cr refunds_payable
 *   refund sent           Dr refunds_payable           Cr source (or buyer_wallet when refunded to balance)
 *   refund after settlement (recovered; the shop's share by how it settled, plus the commission returned):
 *     collect / balance   Dr merchant_available (what it covers), merchant_receivable (the rest), platform_commission   Cr refunds_payable
 *     marketplace         Dr provider_held:<p>, platform_commission   Cr refunds_payable, platform_cash:<p> (commission returned)
 *     COD                 Dr cod_receivable:<shop>, platform_commission   Cr refunds_payable
 *   receivable offset     Dr merchant_available        Cr merchant_receivable (out of a later settlement)
 *   COD collected         Dr cod_receivable:<shop>     Cr shop_escrow:<shop>
 *   settled, collect      Dr shop_escrow               Cr merchant_available (net − commission), platform_commission
 *   settled, marketplace  Dr shop_escrow, platform_cash:<p>   Cr provider_held:<p> (net), platform_commission
 *   settled, COD          Dr shop_escrow               Cr cod_receivable (net − commission), platform_commission
 *   withdrawal requested  Dr merchant_available        Cr merchant_paid_out
 *   withdrawal paid       Dr merchant_paid_out         Cr gateway_clearing:<p>
 *   withdrawal rejected   Dr merchant_paid_out         Cr merchant_available
 *
 * "source" is where the shopper's money sits: provider_held:<p> (marketplace: the provider holds each
 * shop's share frozen), gateway_clearing:<p> (platform-collect), buyer_wallet:<user> (paid from balance).
 */

export interface AttemptRef {
  id: string;
  userId: string;
  provider: PaymentMethod;
  mode: SettlementMode;
  amountFen: number;
}

export function sourceAccount(attempt: Pick<AttemptRef, 'provider' | 'mode' | 'userId'>): string {
  if (attempt.provider === 'balance') return accountCode('buyer_wallet', attempt.userId);
  if (attempt.provider === 'cod') throw new Error('cash on delivery has no online source account');
  return attempt.mode === 'marketplace' ? accountCode('provider_held', attempt.provider) : accountCode('gateway_clearing', attempt.provider);
}

/** Drops zero legs (a 0% commission, a fully refunded order): the ledger only takes non-zero entries. */
function legs(...entries: [side: 'dr' | 'cr', account: string, fen: number][]): LedgerEntryInput[] {
  return entries.filter(([, , fen]) => fen !== 0).map(([side, account, fen]) => (side === 'dr' ? debit(account, fen) : credit(account, fen)));
}

async function post(trx: Trx, at: Date, kind: string, causeType: string, causeId: string, entries: LedgerEntryInput[], memo?: string) {
  if (entries.length === 0) return;
  await postTransaction(trx, { kind, causeType, causeId, causeKey: `${kind}:${causeId}`, at, entries, memo });
}

export async function postCapture(trx: Trx, at: Date, attempt: AttemptRef, shares: { shopId: string; amountFen: number }[]): Promise<void> {
  const byShop = new Map<string, number>();
  for (const s of shares) byShop.set(s.shopId, (byShop.get(s.shopId) ?? 0) + s.amountFen);
  await post(trx, at, 'payment_captured', 'payment_attempt', attempt.id, legs(
    ['dr', sourceAccount(attempt), attempt.amountFen],
    ...[...byShop].sort(([a], [b]) => a.localeCompare(b)).map(([shopId, fen]): ['cr', string, number] => ['cr', accountCode('shop_escrow', shopId), fen]),
  ));
}

export async function postUnmatchedCapture(trx: Trx, at: Date, attempt: AttemptRef, why: string): Promise<void> {
  await post(trx, at, 'payment_unmatched', 'payment_attempt', attempt.id, legs(['dr', sourceAccount(attempt), attempt.amountFen], ['cr', accountCode('refunds_payable'), attempt.amountFen]), why);
}

export async function postTopUp(trx: Trx, at: Date, attempt: AttemptRef): Promise<void> {
  await post(trx, at, 'wallet_topup', 'payment_attempt', attempt.id, legs(
    ['dr', accountCode('gateway_clearing', attempt.provider), attempt.amountFen],
    ['cr', accountCode('buyer_wallet', attempt.userId), attempt.amountFen],
  ));
}

export async function postRefundRequested(trx: Trx, at: Date, refund: { id: string; amountFen: number }, shopId: string): Promise<void> {
  await post(trx, at, 'refund_requested', 'refund', refund.id, legs(['dr', accountCode('shop_escrow', shopId), refund.amountFen], ['cr', accountCode('refunds_payable'), refund.amountFen]));
}

export async function postRefundSent(trx: Trx, at: Date, refund: { id: string; amountFen: number; destination: 'original' | 'balance' }, attempt: AttemptRef): Promise<void> {
  const to = refund.destination === 'balance' || attempt.provider === 'cod' ? accountCode('buyer_wallet', attempt.userId) : sourceAccount(attempt);
  await post(trx, at, 'refund_sent', 'refund', refund.id, legs(['dr', accountCode('refunds_payable'), refund.amountFen], ['cr', to, refund.amountFen]));
}

export interface RecoveryPosting {
  shopId: string;
  provider: PaymentMethod;
  mode: SettlementMode;
  /** Taken back from the merchant's settled share. */
  merchantFen: number;
  /** The platform's commission on the refunded part, returned. */
  commissionFen: number;
  /** Collect mode: the shop's available balance now; what it cannot cover becomes merchant_receivable. */
  availableFen: number;
}

/** A refund of an order whose money had settled: it comes back from where settlement sent it (see the table above). */
export async function postRefundRecovered(trx: Trx, at: Date, refund: { id: string; amountFen: number }, r: RecoveryPosting): Promise<void> {
  const payable = accountCode('refunds_payable');
  const commission = accountCode('platform_commission');
  let entries: LedgerEntryInput[];
  if (r.provider === 'cod') {
    entries = legs(['dr', accountCode('cod_receivable', r.shopId), r.merchantFen], ['dr', commission, r.commissionFen], ['cr', payable, refund.amountFen]);
  } else if (r.mode === 'marketplace' && r.provider !== 'balance') {
    // The provider takes the merchant's part back from the sub-merchant and the commission from the platform (退分账).
    entries = legs(
      ['dr', accountCode('provider_held', r.provider), refund.amountFen], ['dr', commission, r.commissionFen],
      ['cr', payable, refund.amountFen], ['cr', accountCode('platform_cash', r.provider), r.commissionFen],
    );
  } else {
    const fromAvailable = Math.min(Math.max(r.availableFen, 0), r.merchantFen);
    entries = legs(
      ['dr', accountCode('merchant_available', r.shopId), fromAvailable], ['dr', accountCode('merchant_receivable', r.shopId), r.merchantFen - fromAvailable],
      ['dr', commission, r.commissionFen], ['cr', payable, refund.amountFen],
    );
  }
  await post(trx, at, 'refund_recovered', 'refund', refund.id, entries);
}

/** What a shop owed for refunds the platform advanced, taken out of money that just settled to it. */
export async function postReceivableOffset(trx: Trx, at: Date, shopOrderId: string, shopId: string, amountFen: number): Promise<void> {
  await post(trx, at, 'receivable_offset', 'shop_order', shopOrderId, legs(['dr', accountCode('merchant_available', shopId), amountFen], ['cr', accountCode('merchant_receivable', shopId), amountFen]));
}

export async function postCodCollected(trx: Trx, at: Date, shopOrderId: string, shopId: string, amountFen: number): Promise<void> {
  await post(trx, at, 'cod_collected', 'shop_order', shopOrderId, legs(['dr', accountCode('cod_receivable', shopId), amountFen], ['cr', accountCode('shop_escrow', shopId), amountFen]));
}

export interface SettlementPosting {
  shopOrderId: string;
  shopId: string;
  provider: PaymentMethod;
  mode: SettlementMode;
  /** captured − refunded: what leaves escrow. */
  netFen: number;
  commissionFen: number;
}

export async function postSettlement(trx: Trx, at: Date, s: SettlementPosting): Promise<void> {
  const escrow = accountCode('shop_escrow', s.shopId);
  const commission = accountCode('platform_commission');
  const toMerchant = s.netFen - s.commissionFen;
  let entries: LedgerEntryInput[];
  if (s.provider === 'cod') {
    entries = legs(['dr', escrow, s.netFen], ['cr', accountCode('cod_receivable', s.shopId), toMerchant], ['cr', commission, s.commissionFen]);
  } else if (s.mode === 'marketplace' && s.provider !== 'balance') {
    entries = legs(['dr', escrow, s.netFen], ['dr', accountCode('platform_cash', s.provider), s.commissionFen], ['cr', accountCode('provider_held', s.provider), s.netFen], ['cr', commission, s.commissionFen]);
  } else {
    entries = legs(['dr', escrow, s.netFen], ['cr', accountCode('merchant_available', s.shopId), toMerchant], ['cr', commission, s.commissionFen]);
  }
  await post(trx, at, 'settlement', 'shop_order', s.shopOrderId, entries);
}

export async function postWithdrawal(trx: Trx, at: Date, step: 'requested' | 'paid' | 'rejected', w: { id: string; shopId: string; amountFen: number }, payoutProvider: string): Promise<void> {
  const available = accountCode('merchant_available', w.shopId);
  const paidOut = accountCode('merchant_paid_out', w.shopId);
  const entries =
    step === 'requested'
      ? legs(['dr', available, w.amountFen], ['cr', paidOut, w.amountFen])
      : step === 'paid'
        ? legs(['dr', paidOut, w.amountFen], ['cr', accountCode('gateway_clearing', payoutProvider), w.amountFen])
        : legs(['dr', paidOut, w.amountFen], ['cr', available, w.amountFen]);
  await post(trx, at, `withdrawal_${step}`, 'withdrawal', w.id, entries);
}
