import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditChainResult {
  ok: boolean;
  /** Rows of the chain checked, from the first (all of them when ok; up to and including the first broken one otherwise). */
  rows: number;
  /** The last row found whole and its hash: where a later check can start (0 and GENESIS_HASH for none). */
  head: { seq: number; hash: string };
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
 * `from` starts after a row already known whole (its seq and hash) instead of at the first.
 */
export async function verifyAuditChain(db: Queryable, from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): Promise<AuditChainResult> {
  let prevSeq = from.seq;
  let prevHash = from.hash;
  for (;;) {
    const batch = await sql<ChainRow>`
      select a.seq, a.prev_hash, a.row_hash, audit_log_content(a) as content
      from audit_log a where a.seq > ${prevSeq} order by a.seq limit ${BATCH}`.execute(db);
    for (const row of batch.rows) {
      const seq = Number(row.seq);
      const broken = (reason: AuditChainResult['reason']): AuditChainResult => ({ ok: false, rows: seq, head: { seq: prevSeq, hash: prevHash }, firstBrokenSeq: seq, reason });
      if (seq !== prevSeq + 1) return broken('seq');
      if (row.prev_hash !== prevHash) return broken('prev_hash');
      const hash = crypto.createHash('sha256').update(row.prev_hash + row.content, 'utf8').digest('hex');
      if (hash !== row.row_hash) return broken('row_hash');
      prevSeq = seq;
      prevHash = row.row_hash;
    }
    if (batch.rows.length < BATCH) return { ok: true, rows: prevSeq, head: { seq: prevSeq, hash: prevHash } };
  }
}

/** A recorded check of the chain: what verifyAuditChain found, when, and whether it walked the whole log. */
export interface AuditChainCheck extends AuditChainResult {
  checkedAt: Date;
  kind: 'incremental' | 'full';
}

/**
 * Checks the chain and records the result (audit_chain_check). `incremental` (the hourly job) starts from the
 * head of the last check that found the chain whole, once that row is seen to still carry the hash it had —
 * so rewriting the chain up to there, however consistently, is caught too — and walks only the rows since.
 * `full` (the daily job, and 立即校验) walks from the first row and also catches a changed row behind the head.
 */
export async function checkAuditChain(db: Queryable, clock: Clock, kind: 'incremental' | 'full'): Promise<AuditChainCheck> {
  let result: AuditChainResult;
  const last = kind === 'incremental' ? await db.selectFrom('audit_chain_check').select(['verified_seq', 'verified_hash']).where('ok', '=', true).orderBy('checked_at', 'desc').orderBy('id', 'desc').executeTakeFirst() : undefined;
  const from = last ? { seq: Number(last.verified_seq), hash: last.verified_hash } : undefined;
  const anchor = from && from.seq > 0 ? await db.selectFrom('audit_log').select('row_hash').where('seq', '=', from.seq).executeTakeFirst() : undefined;
  if (from && from.seq > 0 && anchor?.row_hash !== from.hash) {
    // The head a check found whole is gone or changed: trust nothing from there on, and walk it all to say where it broke.
    result = await verifyAuditChain(db);
    if (result.ok) result = { ok: false, rows: from.seq, head: result.head, firstBrokenSeq: from.seq, reason: anchor ? 'row_hash' : 'seq' };
  } else result = await verifyAuditChain(db, from);
  const checkedAt = clock.now();
  await db
    .insertInto('audit_chain_check')
    .values({
      checked_at: checkedAt,
      kind,
      ok: result.ok,
      verified_seq: result.head.seq,
      verified_hash: result.head.hash,
      first_broken_seq: result.firstBrokenSeq ?? null,
      reason: result.reason ?? null,
    })
    .execute();
  return { ...result, checkedAt, kind };
}

/** The most recent check of the chain, or null before the first. */
export async function latestAuditChainCheck(db: Queryable): Promise<AuditChainCheck | null> {
  const row = await db.selectFrom('audit_chain_check').selectAll().orderBy('checked_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!row) return null;
  const head = { seq: Number(row.verified_seq), hash: row.verified_hash };
  return {
    ok: row.ok,
    rows: row.ok ? head.seq : Number(row.first_broken_seq),
    head,
    ...(row.ok ? {} : { firstBrokenSeq: Number(row.first_broken_seq), reason: row.reason ?? 'row_hash' }),
    checkedAt: row.checked_at,
    kind: row.kind,
  };
}
