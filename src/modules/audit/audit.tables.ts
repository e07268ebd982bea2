import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

/** One row that an audited write changed. */
export interface AuditChange {
  table: string;
  op: 'insert' | 'update' | 'delete';
  id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** 操作日志: one console write by a merchant or platform staff member. Append-only (the database refuses update and delete). */
export interface AuditLogTable {
  id: string;
  at: ColumnType<Date, Date, never>;
  actor_id: string | null;
  actor_roles: ColumnType<string[], string[], never>;
  console: 'seller' | 'admin';
  shop_id: string | null;
  /** The request: method and path, e.g. `POST /seller/shp_…/orders/ord_…`. */
  action: string;
  /** The row the write was about (its first updated row, else its first inserted one; lines and counters only if nothing else changed) and that row before and after. */
  target_type: string | null;
  target_id: string | null;
  before: JSONColumnType<Record<string, unknown> | null, never, never>;
  after: JSONColumnType<Record<string, unknown> | null, never, never>;
  /** Every row the write changed, in order. */
  changes: JSONColumnType<AuditChange[], never, never>;
  request_id: string | null;
  ip: string | null;
  /** The hash chain (migration 0023): filled by the database on insert, whatever the insert says. */
  seq: ColumnType<number, never, never>;
  /** The previous row's row_hash (64 zeros for the first row), hex. */
  prev_hash: ColumnType<string, never, never>;
  /** sha256(prev_hash || audit_log_content(row)), hex. */
  row_hash: ColumnType<string, never, never>;
}

/** Changes staged by the capture triggers during an audited transaction; folded into audit_log at commit. */
export interface AuditChangeTable {
  seq: Generated<number>;
  txid: number;
  table_name: string;
  op: string;
  row_id: string | null;
  before: unknown;
  after: unknown;
}

/** One check of the hash chain (audit-chain.ts checkAuditChain), by the schedule or a super admin. */
export interface AuditChainCheckTable {
  id: Generated<string>;
  checked_at: Date;
  kind: 'incremental' | 'full';
  ok: boolean;
  /** The last row of the chain found whole, and its hash (0 and 64 zeros before the first row). */
  verified_seq: ColumnType<string, number, never>;
  verified_hash: string;
  first_broken_seq: ColumnType<string | null, number | null, never>;
  reason: 'seq' | 'prev_hash' | 'row_hash' | null;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_change: AuditChangeTable;
  audit_chain_check: AuditChainCheckTable;
}

export type AuditLogRow = Selectable<AuditLogTable>;
