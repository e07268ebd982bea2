import type { ColumnType } from 'kysely';
import type { NormalSide } from './ledger.accounts.ts';

/** Entries and transactions are append-only: the types allow no update (and a trigger refuses one). */
type Immutable<T> = ColumnType<T, T, never>;

/**
 * One account per code (`type` or `type:ownerId`, see ledger.accounts.ts). `balance_fen` is the running
 * balance in the account's normal direction, kept by `postTransaction`; a protected account's balance
 * can never be below 0 (CHECK constraint).
 */
export interface LedgerAccountTable {
  code: Immutable<string>;
  type: Immutable<string>;
  normal_side: Immutable<NormalSide>;
  protected: Immutable<boolean>;
  balance_fen: ColumnType<number, number | undefined, number>;
  created_at: Immutable<Date>;
}

/** One balanced posting, caused by one business event (`cause_type`/`cause_id`); `cause_key` is unique. */
export interface LedgerTransactionTable {
  id: Immutable<string>;
  kind: Immutable<string>;
  cause_type: Immutable<string>;
  cause_id: Immutable<string>;
  cause_key: Immutable<string>;
  memo: ColumnType<string | null, string | null | undefined, never>;
  created_at: Immutable<Date>;
}

/** One line of a transaction: signed fen, positive = debit, negative = credit, never 0. */
export interface LedgerEntryTable {
  id: Immutable<string>;
  transaction_id: Immutable<string>;
  /** Position within the transaction (0, 1, …). */
  seq: Immutable<number>;
  account_code: Immutable<string>;
  amount_fen: Immutable<number>;
  /** The transaction's time, copied so an account's statement reads one index. */
  created_at: Immutable<Date>;
}

/** Tables owned by the ledger module (double-entry bookkeeping). */
export interface LedgerTables {
  ledger_account: LedgerAccountTable;
  ledger_transaction: LedgerTransactionTable;
  ledger_entry: LedgerEntryTable;
}
