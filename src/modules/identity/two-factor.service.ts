import { generateSecret, generateURI, verify } from 'otplib';
import type { Db, Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';

/**
 * 两步验证 (TOTP, RFC 6238): an account turns it on by scanning a secret into an authenticator app and
 * entering one code from it; from then on signing in needs a current code as well as the password.
 * A code is accepted within ±30 s of the server's clock, and only once (the last step used is kept).
 */

const ISSUER = '集市 Jishi';
const CODE = /^\d{6}$/;

async function check(secret: string, code: string, now: Date): Promise<number | null> {
  if (!CODE.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: 30 });
  // The 30-second step the code belongs to (delta: how many steps off the server's clock it matched).
  return result.valid ? Math.floor(epoch / 30) + result.delta : null;
}

export async function twoFactorStatus(q: Queryable, userId: string): Promise<{ enabled: boolean }> {
  const row = await q.selectFrom('user_totp').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
  return { enabled: Boolean(row?.enabled_at) };
}

/** A new secret to scan (replacing one not yet confirmed); the otpauth:// URI is what the QR code holds. */
export async function beginTwoFactor(trx: Trx, clock: Clock, userId: string, accountLabel: string): Promise<{ secret: string; uri: string }> {
  const existing = await trx.selectFrom('user_totp').select('enabled_at').where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (existing?.enabled_at) throw new AppError('TWO_FACTOR_ALREADY_ON');
  const secret = generateSecret();
  await trx
    .insertInto('user_totp')
    .values({ user_id: userId, secret, created_at: clock.now() })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, created_at: clock.now(), last_step: 0 }))
    .execute();
  return { secret, uri: generateURI({ issuer: ISSUER, label: accountLabel, secret }) };
}

/** Confirms the scanned secret with a code from the app, which turns 两步验证 on. */
export async function enableTwoFactor(trx: Trx, clock: Clock, userId: string, code: string): Promise<void> {
  const row = await trx.selectFrom('user_totp').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('TWO_FACTOR_NOT_STARTED');
  if (row.enabled_at) throw new AppError('TWO_FACTOR_ALREADY_ON');
  const step = await check(row.secret, code, clock.now());
  if (step === null) throw new AppError('TWO_FACTOR_INVALID');
  await trx.updateTable('user_totp').set({ enabled_at: clock.now(), last_step: step }).where('user_id', '=', userId).execute();
}

/** Turning it off takes a current code too (a stolen session alone cannot). Refused while the platform requires it of this account. */
export async function disableTwoFactor(trx: Trx, clock: Clock, userId: string, code: string, requiredForAccount: boolean): Promise<void> {
  if (requiredForAccount) throw new AppError('TWO_FACTOR_REQUIRED_BY_PLATFORM');
  const row = await trx.selectFrom('user_totp').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!row?.enabled_at) throw new AppError('TWO_FACTOR_NOT_ON');
  if ((await useCode(trx, clock, userId, row.secret, row.last_step, code)) === false) throw new AppError('TWO_FACTOR_INVALID');
  await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
}

/** Whether the account needs a code to sign in. */
export async function hasTwoFactor(db: Db, userId: string): Promise<{ secret: string; lastStep: number } | null> {
  const row = await db.selectFrom('user_totp').select(['secret', 'last_step', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
  return row?.enabled_at ? { secret: row.secret, lastStep: Number(row.last_step) } : null;
}

/** A sign-in code: valid now and newer than the last one used (so a code seen over someone's shoulder works no second time). */
export async function useCode(q: Queryable, clock: Clock, userId: string, secret: string, lastStep: number, code: string): Promise<boolean> {
  const step = await check(secret, code, clock.now());
  if (step === null || step <= lastStep) return false;
  const moved = await q.updateTable('user_totp').set({ last_step: step }).where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

export async function requireTwoFactorSetting(q: Queryable): Promise<boolean> {
  const row = await q.selectFrom('security_setting').select('require_two_factor').executeTakeFirst();
  return row?.require_two_factor ?? false;
}

/** The platform requires 两步验证 of shop owners and platform admins; the admin switching it on must have it on already. */
export async function setRequireTwoFactor(trx: Trx, clock: Clock, adminId: string, required: boolean): Promise<void> {
  if (required && !(await twoFactorStatus(trx, adminId)).enabled) throw new AppError('TWO_FACTOR_SELF_FIRST');
  await trx.updateTable('security_setting').set({ require_two_factor: required, updated_at: clock.now() }).execute();
}
