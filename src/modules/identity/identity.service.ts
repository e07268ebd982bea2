import type { Db, Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { checkPasswordPolicy, parseIdentifier, maskMobile, maskEmail, type Identifier } from './identity.rules.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { createSession, revokeOtherSessions, revokeSession, type NewSession } from './sessions.ts';
import { clearFailures, countFailures, recordFailure, LOGIN_PER_ACCOUNT, LOGIN_PER_IP, REGISTER_PER_IP } from './throttle.ts';
import type { PlatformRole } from './identity.tables.ts';
import { hasTwoFactor, useCode } from './two-factor.service.ts';
import { recordRegistrationConsent, type RegistrationConsent } from '../content/agreements.service.ts';

export interface RegisterInput {
  /** A mainland mobile number or an email address. */
  identifier: string;
  password: string;
  displayName?: string | undefined;
}

/** A registration from the public also carries what was agreed to (see content/agreements.service.ts). */
export type PublicRegisterInput = RegisterInput & RegistrationConsent;

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface PublicUser {
  id: string;
  displayName: string;
  mobile: string | null;
  email: string | null;
}

function defaultDisplayName(id: Identifier): string {
  return id.kind === 'mobile' ? maskMobile(id.value) : maskEmail(id.value);
}

async function findUserByIdentifier(q: Queryable, id: Identifier) {
  return q
    .selectFrom('app_user')
    .selectAll()
    .where(id.kind === 'mobile' ? 'mobile' : 'email', '=', id.value)
    .executeTakeFirst();
}

/** Creates an account. The unique indexes decide duplicates, so two racing registrations make one account. */
export async function createUser(trx: Trx, input: RegisterInput, clock: Clock): Promise<PublicUser> {
  const identifier = parseIdentifier(input.identifier);
  checkPasswordPolicy(input.password);
  if (await findUserByIdentifier(trx, identifier)) throw new AppError('ACCOUNT_EXISTS');
  const now = clock.now();
  const user = {
    id: newId('usr'),
    mobile: identifier.kind === 'mobile' ? identifier.value : null,
    email: identifier.kind === 'email' ? identifier.value : null,
    password_hash: await hashPassword(input.password),
    display_name: input.displayName?.trim() || defaultDisplayName(identifier),
    created_at: now,
    updated_at: now,
  };
  const inserted = await trx
    .insertInto('app_user')
    .values(user)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new AppError('ACCOUNT_EXISTS');
  return { id: user.id, displayName: user.display_name, mobile: user.mobile, email: user.email };
}

/** Registration from the public: throttled per IP, then signed in. */
export async function registerAndSignIn(
  db: Db,
  input: PublicRegisterInput,
  meta: RequestMeta,
  clock: Clock,
  sessionTtlDays: number,
): Promise<{ user: PublicUser; session: NewSession }> {
  const now = clock.now();
  const ipKey = `register:ip:${meta.ip ?? 'unknown'}`;
  if ((await countFailures(db, ipKey, REGISTER_PER_IP, now)) >= REGISTER_PER_IP.limit) {
    throw new AppError('LOGIN_THROTTLED', { minutes: Math.ceil(REGISTER_PER_IP.windowMs / 60_000) });
  }
  const result = await db.transaction().execute(async (trx) => {
    const user = await createUser(trx, input, clock);
    // The agreements in force and the optional consents, in the same transaction as the account.
    await recordRegistrationConsent(trx, clock, user.id, meta, input);
    const session = await createSession(trx, user.id, meta, now, sessionTtlDays);
    return { user, session };
  });
  // Every registration counts against the IP's hourly allowance, successful or not.
  await recordFailure(db, ipKey, REGISTER_PER_IP, now);
  return result;
}

export interface LoginInput {
  identifier: string;
  password: string;
  /** 两步验证: the authenticator's current code, for accounts that turned it on. */
  code?: string | undefined;
}

/**
 * Password login. Failures are counted per account and per IP; past the limit every
 * attempt is refused for the rest of the window, right password or not. The error for an
 * unknown account and a wrong password is the same, and takes the same time.
 */
export async function login(
  db: Db,
  input: LoginInput,
  meta: RequestMeta,
  clock: Clock,
  sessionTtlDays: number,
): Promise<{ user: PublicUser; session: NewSession }> {
  const identifier = parseIdentifier(input.identifier);
  const now = clock.now();
  const accountKey = `login:account:${identifier.value}`;
  const ipKey = `login:ip:${meta.ip ?? 'unknown'}`;
  const [accountFailures, ipFailures] = await Promise.all([
    countFailures(db, accountKey, LOGIN_PER_ACCOUNT, now),
    countFailures(db, ipKey, LOGIN_PER_IP, now),
  ]);
  if (accountFailures >= LOGIN_PER_ACCOUNT.limit || ipFailures >= LOGIN_PER_IP.limit) {
    throw new AppError('LOGIN_THROTTLED', { minutes: Math.ceil(LOGIN_PER_ACCOUNT.windowMs / 60_000) });
  }
  const user = await findUserByIdentifier(db, identifier);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) {
    await recordFailure(db, accountKey, LOGIN_PER_ACCOUNT, now);
    await recordFailure(db, ipKey, LOGIN_PER_IP, now);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
  const totp = await hasTwoFactor(db, user.id);
  if (totp) {
    // The password was right: say so only by asking for the code, and count a wrong code like a wrong password.
    if (!input.code) throw new AppError('TWO_FACTOR_REQUIRED');
    if (!(await useCode(db, clock, user.id, totp.secret, totp.lastStep, input.code))) {
      await recordFailure(db, accountKey, LOGIN_PER_ACCOUNT, now);
      await recordFailure(db, ipKey, LOGIN_PER_IP, now);
      throw new AppError('TWO_FACTOR_INVALID');
    }
  }
  await clearFailures(db, accountKey);
  const session = await createSession(db, user.id, meta, now, sessionTtlDays);
  return { user: { id: user.id, displayName: user.display_name, mobile: user.mobile, email: user.email }, session };
}

export async function logout(db: Db, sessionId: string, clock: Clock): Promise<void> {
  await revokeSession(db, sessionId, clock.now());
}

/** Changes the password and signs out every other session of the account. */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
  clock: Clock,
): Promise<{ revokedSessions: number }> {
  checkPasswordPolicy(input.newPassword);
  const newHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('app_user').select('password_hash').where('id', '=', input.userId).forUpdate().executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw new AppError('PASSWORD_WRONG');
    const now = clock.now();
    await trx.updateTable('app_user').set({ password_hash: newHash, updated_at: now }).where('id', '=', input.userId).execute();
    const revokedSessions = await revokeOtherSessions(trx, input.userId, input.sessionId, now);
    return { revokedSessions };
  });
}

export async function grantPlatformRole(trx: Trx, userId: string, role: PlatformRole, clock: Clock): Promise<void> {
  await trx
    .insertInto('user_role')
    .values({ user_id: userId, role, granted_at: clock.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** `jishi create-admin`: a new platform admin, or an existing account promoted to one. */
export async function createPlatformAdmin(
  db: Db,
  input: { identifier: string; password: string; displayName?: string | undefined },
  clock: Clock,
): Promise<{ userId: string; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findUserByIdentifier(trx, parseIdentifier(input.identifier));
    if (existing) {
      await grantPlatformRole(trx, existing.id, 'platform_admin', clock);
      return { userId: existing.id, created: false };
    }
    const user = await createUser(trx, { ...input, displayName: input.displayName ?? '平台管理员' }, clock);
    await grantPlatformRole(trx, user.id, 'platform_admin', clock);
    return { userId: user.id, created: true };
  });
}
