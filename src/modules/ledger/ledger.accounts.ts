import { AppError } from '../../http/errors.ts';

/**
 * The chart of accounts. Every account code is `type` or `type:ownerId`; an account row is created the
 * first time a posting touches it. Each type fixes, once, the account's normal side and whether it is
 * protected (its balance must never go below zero — the database itself refuses it).
 *
 * Sign convention (one way, everywhere):
 * - An entry's `amountFen` is signed: **positive = debit, negative = credit**. A transaction's entries sum to 0.
 * - An account's balance (`ledger_account.balance_fen`, and everything this module reports) is kept in the
 *   account's **normal direction**: `balance = Σ amountFen` for a debit-normal account and `−Σ amountFen` for a
 *   credit-normal one. So a positive balance is what the account holds (assets) or owes/earned (liabilities,
 *   revenue), and the trial balance is `Σ debit-normal balances − Σ credit-normal balances = 0`.
 *
 * Assets (where the money is) are debit-normal; what the platform owes someone, and its revenue, are
 * credit-normal. Use `debit()` / `credit()` below rather than writing signs by hand.
 */
export const accountTypes = {
  /** What the platform owes a shopper (余额): top-ups, refunds to balance. Paying from it debits it. Owner: user id. */
  buyer_wallet: { normal: 'credit', protected: true, owner: 'user' },
  /** Money at a payment provider in transit: paid by shoppers, not yet split, settled or refunded. Owner: provider. */
  gateway_clearing: { normal: 'debit', protected: false, owner: 'provider' },
  /** Funds the provider holds frozen for sub-merchants in marketplace mode (分账 pending). Owner: provider. */
  provider_held: { normal: 'debit', protected: false, owner: 'provider' },
  /** Paid money held for a shop until settlement (担保交易); released to the merchant or refunded. Owner: shop id. */
  shop_escrow: { normal: 'credit', protected: true, owner: 'shop' },
  /** Settled to the merchant but not yet withdrawable (e.g. a holding period). Owner: shop id. */
  merchant_pending: { normal: 'credit', protected: false, owner: 'shop' },
  /** What the merchant may withdraw now (可提现). Owner: shop id. */
  merchant_available: { normal: 'credit', protected: true, owner: 'shop' },
  /**
   * Withdrawals on their way to / paid to the merchant's own account: a withdrawal moves money here from
   * merchant_available; when the provider or bank confirms, it is debited against platform_cash (or
   * provider_held); a failed payout moves it back to merchant_available. Owner: shop id.
   */
  merchant_paid_out: { normal: 'credit', protected: false, owner: 'shop' },
  /** The platform's commission (佣金) earned on settled orders: revenue. */
  platform_commission: { normal: 'credit', protected: false, owner: null },
  /** The platform's own money at a provider (its merchant account balance). Owner: provider. */
  platform_cash: { normal: 'debit', protected: false, owner: 'provider' },
  /** Refunds decided but not yet confirmed sent to the shopper: owed to shoppers. */
  refunds_payable: { normal: 'credit', protected: false, owner: null },
  /**
   * A refund the platform paid for a shop after its money had settled, beyond what the shop's available
   * balance covered (平台垫付): the shop owes it, and it is taken out of the shop's next settlements. Owner: shop id.
   */
  merchant_receivable: { normal: 'debit', protected: false, owner: 'shop' },
  /** Cash on delivery a shop's courier collected and still owes the platform (货到付款). Owner: shop id. */
  cod_receivable: { normal: 'debit', protected: false, owner: 'shop' },
} as const satisfies Record<string, { normal: NormalSide; protected: boolean; owner: 'user' | 'shop' | 'provider' | null }>;

export type NormalSide = 'debit' | 'credit';
export type AccountType = keyof typeof accountTypes;
export interface LedgerEntryInput {
  /** An account code such as `shop_escrow:shp_01…`. */
  account: string;
  /** Integer fen, non-zero: positive = debit, negative = credit. */
  amountFen: number;
}

export interface ParsedAccount {
  code: string;
  type: AccountType;
  ownerId: string | null;
  normalSide: NormalSide;
  protected: boolean;
}

/** An owner id: a user, shop or provider id (the SQL check in verify uses the same pattern). */
export const OWNER_REGEX = '[A-Za-z0-9][A-Za-z0-9_.-]{0,99}';
const OWNER_PATTERN = new RegExp(`^${OWNER_REGEX}$`);

/** Splits and checks an account code against the chart; null when it is not a valid code. */
export function tryParseAccount(code: string): ParsedAccount | null {
  if (typeof code !== 'string') return null;
  const colon = code.indexOf(':');
  const type = colon < 0 ? code : code.slice(0, colon);
  const ownerId = colon < 0 ? null : code.slice(colon + 1);
  if (!Object.hasOwn(accountTypes, type)) return null;
  const spec = accountTypes[type as AccountType];
  if (spec.owner === null ? ownerId !== null : ownerId === null || !OWNER_PATTERN.test(ownerId)) return null;
  return { code, type: type as AccountType, ownerId, normalSide: spec.normal, protected: spec.protected };
}

/** Like `tryParseAccount`, but an invalid code throws `LEDGER_ACCOUNT_INVALID`. */
export function parseAccount(code: string): ParsedAccount {
  const parsed = tryParseAccount(code);
  if (!parsed) throw new AppError('LEDGER_ACCOUNT_INVALID', { code: String(code) });
  return parsed;
}

type OwnedType = { [T in AccountType]: (typeof accountTypes)[T]['owner'] extends null ? never : T }[AccountType];
type SingletonType = Exclude<AccountType, OwnedType>;

/** Builds (and checks) an account code: `accountCode('shop_escrow', shopId)`, `accountCode('platform_commission')`. */
export function accountCode(type: SingletonType): string;
export function accountCode(type: OwnedType, ownerId: string): string;
export function accountCode(type: AccountType, ownerId?: string): string {
  return parseAccount(ownerId === undefined ? type : `${type}:${ownerId}`).code;
}

/** +1 for debit-normal accounts, −1 for credit-normal: `balance = normalSign × Σ amountFen`. */
export function normalSign(side: NormalSide): 1 | -1 {
  return side === 'debit' ? 1 : -1;
}

function positiveFen(fen: number): number {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new AppError('LEDGER_POSTING_INVALID', { detail: `amount must be a positive whole number of fen, got ${fen}` });
  return fen;
}

/** A debit entry of `fen` (a positive integer) on `account`. */
export function debit(account: string, fen: number): LedgerEntryInput {
  return { account, amountFen: positiveFen(fen) };
}

/** A credit entry of `fen` (a positive integer) on `account`. */
export function credit(account: string, fen: number): LedgerEntryInput {
  return { account, amountFen: -positiveFen(fen) };
}
