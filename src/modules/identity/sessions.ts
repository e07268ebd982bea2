import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import type { PlatformRole } from './identity.tables.ts';
import type { ShopRole } from '../merchants/merchants.tables.ts';

export const SESSION_COOKIE = 'jishi_sid';
export const CSRF_COOKIE = 'jishi_csrf';
/** Sliding sessions: last_seen_at is written at most this often. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** Who is calling, as every route and page loader sees it. */
export interface AuthContext {
  userId: string;
  sessionId: string;
  csrfToken: string;
  displayName: string;
  mobile: string | null;
  email: string | null;
  platformRoles: PlatformRole[];
  shops: { shopId: string; shopName: string; role: ShopRole }[];
  /** The platform requires 两步验证 of shop owners and platform admins, and this one has not turned it on: consoles wait until they do. */
  twoFactorSetupRequired?: boolean;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

export interface NewSession {
  token: string;
  csrfToken: string;
  sessionId: string;
  expiresAt: Date;
}

export async function createSession(
  q: Queryable,
  userId: string,
  meta: { ip?: string | undefined; userAgent?: string | undefined },
  now: Date,
  ttlDays: number,
): Promise<NewSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const sessionId = newId('ses');
  const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
  await q
    .insertInto('session')
    .values({
      id: sessionId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, sessionId, expiresAt };
}

/** The caller behind a session token, or null if the token is unknown, expired or revoked. */
export async function resolveSession(db: Db, token: string | undefined, now: Date): Promise<AuthContext | null> {
  if (!token || token.length > 200) return null;
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'session.id as sessionId',
      'session.csrf_token as csrfToken',
      'session.expires_at as expiresAt',
      'session.last_seen_at as lastSeenAt',
      'app_user.id as userId',
      'app_user.display_name as displayName',
      'app_user.mobile',
      'app_user.email',
    ])
    .where('session.token_hash', '=', hashToken(token))
    .where('session.revoked_at', 'is', null)
    .where('session.expires_at', '>', now)
    .where('app_user.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  const [roles, shops] = await Promise.all([
    db.selectFrom('user_role').select('role').where('user_id', '=', row.userId).execute(),
    db
      .selectFrom('shop_member')
      .innerJoin('shop', 'shop.id', 'shop_member.shop_id')
      .select(['shop.id as shopId', 'shop.name as shopName', 'shop_member.role'])
      .where('shop_member.user_id', '=', row.userId)
      .where('shop.status', '!=', 'closed')
      .orderBy('shop_member.created_at')
      .execute(),
  ]);
  let twoFactorSetupRequired = false;
  if (roles.some((r) => r.role === 'platform_admin') || shops.some((s) => s.role === 'owner')) {
    const [required, enabled] = await Promise.all([
      db.selectFrom('security_setting').select('require_two_factor').executeTakeFirst(),
      db.selectFrom('user_totp').select('enabled_at').where('user_id', '=', row.userId).executeTakeFirst(),
    ]);
    twoFactorSetupRequired = Boolean(required?.require_two_factor) && !enabled?.enabled_at;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.sessionId).execute();
  }
  return {
    userId: row.userId,
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    displayName: row.displayName,
    mobile: row.mobile,
    email: row.email,
    platformRoles: roles.map((r) => r.role),
    shops,
    twoFactorSetupRequired,
  };
}

export async function revokeSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.updateTable('session').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Revokes every live session of the user except `keepSessionId`; returns how many. */
export async function revokeOtherSessions(q: Queryable, userId: string, keepSessionId: string | null, now: Date): Promise<number> {
  let query = q.updateTable('session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function purgeExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
