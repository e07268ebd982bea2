import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditChainResult {
  ok: boolean;
  /** Rows checked (all of them when ok; up to and including the first broken one otherwise). */
  rows: number;
  /** The first row whose link or hash does not hold: changed, inserted out of turn, or the row after a deleted one. */
  firstBrokenSeq?: number;
  /** What broke there: `seq` (a gap or a repeat), `prev_hash` (not the previous row's hash) or `row_hash` (the content changed). */
  reason?: 'seq' | 'prev_hash' | 'row_hash';
}

interface ChainRow {
  seq: number;
  prev_hash: string;
  row_hash: string;
  content: string;
}

const BATCH = 2_000;

/**
 * Walks the audit log in seq order and recomputes every hash here (sha256 over the previous hash and the
 * row's canonical content, `audit_log_content()` in migration 0023): each row must follow the previous
 * one (seq + 1), name its hash, and hash to its stored row_hash. Stops at the first row that breaks.
 * Reads in batches, so any size of log is fine; rows appended while it runs are checked too.
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditChainResult> {
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const batch = await sql<ChainRow>`
      select a.seq, a.prev_hash, a.row_hash, audit_log_content(a) as content
      from audit_log a where a.seq > ${prevSeq} order by a.seq limit ${BATCH}`.execute(db);
    for (const row of batch.rows) {
      const seq = Number(row.seq);
      rows += 1;
      const broken = (reason: AuditChainResult['reason']): AuditChainResult => ({ ok: false, rows, firstBrokenSeq: seq, reason });
      if (seq !== prevSeq + 1) return broken('seq');
      if (row.prev_hash !== prevHash) return broken('prev_hash');
      const hash = crypto.createHash('sha256').update(row.prev_hash + row.content, 'utf8').digest('hex');
      if (hash !== row.row_hash) return broken('row_hash');
      prevSeq = seq;
      prevHash = row.row_hash;
    }
    if (batch.rows.length < BATCH) return { ok: true, rows };
  }
}
