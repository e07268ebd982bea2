import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, never>;
type Immutable<T> = ColumnType<T, T, never>;

/**
 * Tables of account closure (注销账号) and of leaving on the old terms (migration 0024).
 * All are records: append-only, except the rates, which nothing changes once fixed.
 */

/** One per closed account: when, why and from where (the account row itself is anonymised). */
export interface AccountClosureTable {
  id: Immutable<string>;
  user_id: Immutable<string>;
  closed_at: Timestamp;
  reason: ColumnType<string, string | undefined, never>;
  ip: Immutable<string | null>;
  user_agent: Immutable<string | null>;
  /** The Idempotency-Key the closure was asked with, when there was one. */
  idempotency_key: Immutable<string | null>;
}

/**
 * A shop owner's 不同意 of a merchant service agreement version: the shop stops taking orders and leaves
 * under `leaves_under_version_id` (the version in force before the one not accepted). One per shop.
 */
export interface AgreementDissentTable {
  id: Immutable<string>;
  shop_id: Immutable<string>;
  user_id: Immutable<string>;
  version_id: Immutable<string>;
  leaves_under_version_id: Immutable<string>;
  reason: ColumnType<string, string | undefined, never>;
  at: Timestamp;
  ip: Immutable<string | null>;
  user_agent: Immutable<string | null>;
}

/** The commission rate of a line of an exiting shop's unsettled order, fixed when the shop dissented. */
export interface ExitCommissionRateTable {
  order_line_id: Immutable<string>;
  shop_id: Immutable<string>;
  commission_bp: Immutable<number>;
  fixed_at: Timestamp;
}

export interface AccountClosureTables {
  account_closure: AccountClosureTable;
  agreement_dissent: AgreementDissentTable;
  exit_commission_rate: ExitCommissionRateTable;
}
