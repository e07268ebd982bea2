import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/database.ts';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export const LOGIN_PER_ACCOUNT: ThrottleRule = { limit: 10, windowMs: 15 * 60_000 };
export const LOGIN_PER_IP: ThrottleRule = { limit: 50, windowMs: 15 * 60_000 };
export const REGISTER_PER_IP: ThrottleRule = { limit: 20, windowMs: 60 * 60_000 };

/** Failures counted so far in the key's current window (0 when the window has passed). */
export async function countFailures(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<number> {
  const row = await db.selectFrom('auth_throttle').select(['failures', 'window_start']).where('key', '=', key).executeTakeFirst();
  if (!row || row.window_start.getTime() + rule.windowMs <= now.getTime()) return 0;
  return row.failures;
}

/** Adds one failure atomically (one upsert), opening a new window when the old one has passed. */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<number> {
  const windowOpenedAfter = new Date(now.getTime() - rule.windowMs);
  const row = await db
    .insertInto('auth_throttle')
    .values({ key, window_start: now, failures: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when auth_throttle.window_start <= ${windowOpenedAfter} then 1 else auth_throttle.failures + 1 end`,
        window_start: sql<Date>`case when auth_throttle.window_start <= ${windowOpenedAfter} then ${now} else auth_throttle.window_start end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

export async function purgeExpiredThrottles(db: Queryable, now: Date, maxWindowMs: number): Promise<number> {
  const result = await db.deleteFrom('auth_throttle').where('window_start', '<', new Date(now.getTime() - maxWindowMs)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
