import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Queryable } from '../db/database.ts';

/** Keys are kept at least this long; the purge job removes them after. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/**
 * An in-flight claim older than this is taken to belong to a crashed request and may be retaken
 * (until then a retry is told 409 IDEMPOTENCY_IN_FLIGHT). IDEMPOTENCY_LOCK_SECONDS overrides it.
 */
export const IDEMPOTENCY_LOCK_MS = Number(process.env.IDEMPOTENCY_LOCK_SECONDS ?? 60) * 1000;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_flight' }
  | { outcome: 'mismatch' };

export function requestFingerprint(parts: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Claims (scope, key) for a request. One insert decides the race: the winner runs the
 * request; everyone else replays the stored response, or learns it is still running,
 * or that the key was used for a different request.
 */
export async function claimKey(db: Db, scope: string, key: string, fingerprint: string, now: Date): Promise<Claim> {
  const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LOCK_MS);
  const claimed = await db
    .insertInto('idempotency_key')
    .values({
      scope,
      key,
      request_hash: fingerprint,
      status: 'in_flight',
      created_at: now,
      locked_until: lockedUntil,
      expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    })
    .onConflict((oc) =>
      // An expired key, or an abandoned claim for the same request, is taken over in place.
      oc.columns(['scope', 'key']).doUpdateSet({
        request_hash: fingerprint,
        status: 'in_flight',
        response_status: null,
        response_headers: null,
        response_body: null,
        created_at: now,
        locked_until: lockedUntil,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      }).where((eb) =>
        eb.or([
          eb('idempotency_key.expires_at', '<=', now),
          eb.and([
            eb('idempotency_key.status', '=', 'in_flight'),
            eb('idempotency_key.locked_until', '<=', now),
            eb('idempotency_key.request_hash', '=', fingerprint),
          ]),
        ]),
      ),
    )
    .returning(sql<boolean>`true`.as('claimed'))
    .executeTakeFirst();
  if (claimed) return { outcome: 'claimed' };
  const existing = await db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!existing) return claimKey(db, scope, key, fingerprint, now); // purged in between: try again
  if (existing.request_hash !== fingerprint) return { outcome: 'mismatch' };
  if (existing.status === 'in_flight') return { outcome: 'in_flight' };
  return {
    outcome: 'replay',
    response: { status: existing.response_status ?? 200, headers: existing.response_headers ?? {}, body: existing.response_body ?? '' },
  };
}

export async function completeKey(db: Db, scope: string, key: string, response: StoredResponse): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({ status: 'done', response_status: response.status, response_headers: JSON.stringify(response.headers), response_body: response.body })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('status', '=', 'in_flight')
    .execute();
}

/** A request that failed on our side releases its key so that a retry can run it again. */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_key').where('scope', '=', scope).where('key', '=', key).where('status', '=', 'in_flight').execute();
}

export async function purgeExpiredKeys(db: Queryable, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_key').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
