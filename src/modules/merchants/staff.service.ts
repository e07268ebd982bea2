import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { maskEmail, maskMobile, parseIdentifier } from '../identity/identity.rules.ts';
import type { ShopRole, StaffRole } from './merchants.tables.ts';
import { INVITATION_TTL_MS, STAFF_ROLES } from './staff.rules.ts';

/**
 * Shop staff (员工管理): the owner invites by mobile or email with a role, changes roles and removes
 * staff; the invitee sees the invitation after signing in with that login and accepts or declines.
 * The owner row itself is never changed here.
 */

function checkRole(role: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new AppError('STAFF_ROLE_INVALID');
  return role as StaffRole;
}

const masked = (kind: 'mobile' | 'email', value: string) => (kind === 'mobile' ? maskMobile(value) : maskEmail(value));

/** Members (owner first) and invitations still waiting. Logins are masked: staff pages show who, not how to reach them. */
export async function listStaff(q: Queryable, now: Date, shopId: string) {
  const members = await q
    .selectFrom('shop_member as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.created_at', 'u.display_name', 'u.mobile', 'u.email'])
    .where('m.shop_id', '=', shopId)
    .orderBy((eb) => eb.case().when('m.role', '=', 'owner').then(0).else(1).end())
    .orderBy('m.created_at')
    .execute();
  const invitations = await q
    .selectFrom('shop_invitation')
    .select(['id', 'identifier_kind', 'identifier', 'role', 'created_at', 'expires_at'])
    .where('shop_id', '=', shopId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return {
    members: members.map((m) => ({
      userId: m.user_id,
      name: m.display_name,
      login: m.mobile ? maskMobile(m.mobile) : m.email ? maskEmail(m.email) : null,
      role: m.role,
      joinedAt: m.created_at,
    })),
    invitations: invitations.map((i) => ({ id: i.id, login: masked(i.identifier_kind, i.identifier), role: i.role, createdAt: i.created_at, expiresAt: i.expires_at })),
  };
}

export async function inviteStaff(trx: Trx, clock: Clock, shopId: string, invitedBy: string, input: { identifier: string; role: string }) {
  const role = checkRole(input.role);
  const login = parseIdentifier(input.identifier);
  const existing = await trx
    .selectFrom('shop_member as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('m.role')
    .where('m.shop_id', '=', shopId)
    .where(login.kind === 'mobile' ? 'u.mobile' : 'u.email', '=', login.value)
    .executeTakeFirst();
  if (existing) throw new AppError('STAFF_ALREADY_MEMBER');
  const now = clock.now();
  // An invitation that expired unanswered no longer blocks a new one.
  await trx
    .updateTable('shop_invitation')
    .set({ status: 'revoked', decided_at: now })
    .where('shop_id', '=', shopId)
    .where('identifier', '=', login.value)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .execute();
  const id = newId('inv');
  const inserted = await trx
    .insertInto('shop_invitation')
    .values({ id, shop_id: shopId, identifier_kind: login.kind, identifier: login.value, role, status: 'pending', invited_by: invitedBy, created_at: now, expires_at: new Date(now.getTime() + INVITATION_TTL_MS) })
    .onConflict((oc) => oc.columns(['shop_id', 'identifier']).where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new AppError('STAFF_ALREADY_INVITED');
  return { id, login: masked(login.kind, login.value), role, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
}

export async function revokeInvitation(trx: Trx, clock: Clock, shopId: string, invitationId: string): Promise<void> {
  const done = await trx
    .updateTable('shop_invitation')
    .set({ status: 'revoked', decided_at: clock.now() })
    .where('id', '=', invitationId)
    .where('shop_id', '=', shopId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('INVITATION_NOT_FOUND');
}

async function lockStaffMember(trx: Trx, shopId: string, userId: string): Promise<ShopRole> {
  const member = await trx.selectFrom('shop_member').select('role').where('shop_id', '=', shopId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!member) throw new AppError('STAFF_NOT_FOUND');
  if (member.role === 'owner') throw new AppError('STAFF_OWNER_FIXED');
  return member.role;
}

export async function changeStaffRole(trx: Trx, shopId: string, userId: string, role: string): Promise<void> {
  const next = checkRole(role);
  await lockStaffMember(trx, shopId, userId);
  await trx.updateTable('shop_member').set({ role: next }).where('shop_id', '=', shopId).where('user_id', '=', userId).execute();
}

export async function removeStaff(trx: Trx, shopId: string, userId: string): Promise<void> {
  await lockStaffMember(trx, shopId, userId);
  await trx.deleteFrom('shop_member').where('shop_id', '=', shopId).where('user_id', '=', userId).execute();
}

/** Invitations addressed to the signed-in account's mobile or email, still open. */
export async function myInvitations(q: Queryable, now: Date, userId: string) {
  const user = await q.selectFrom('app_user').select(['mobile', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
  const logins = [user.mobile, user.email].filter((v): v is string => Boolean(v));
  if (logins.length === 0) return [];
  const rows = await q
    .selectFrom('shop_invitation as i')
    .innerJoin('shop as s', 's.id', 'i.shop_id')
    .select(['i.id', 'i.role', 'i.created_at', 'i.expires_at', 's.id as shopId', 's.name as shopName'])
    .where('i.identifier', 'in', logins)
    .where('i.status', '=', 'pending')
    .where('i.expires_at', '>', now)
    .orderBy('i.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, shopId: r.shopId, shopName: r.shopName, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at }));
}

/** Accepting makes the account a member with the invited role; only the account the invitation names can answer it. */
export async function answerInvitation(trx: Trx, clock: Clock, userId: string, invitationId: string, accept: boolean): Promise<{ shopId: string; role: StaffRole | null }> {
  const now = clock.now();
  const user = await trx.selectFrom('app_user').select(['mobile', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
  const invitation = await trx.selectFrom('shop_invitation').selectAll().where('id', '=', invitationId).forUpdate().executeTakeFirst();
  // Someone else's invitation looks exactly like one that does not exist.
  if (!invitation || (invitation.identifier !== user.mobile && invitation.identifier !== user.email)) throw new AppError('INVITATION_NOT_FOUND');
  if (invitation.status !== 'pending' || invitation.expires_at <= now) throw new AppError('INVITATION_CLOSED');
  await trx
    .updateTable('shop_invitation')
    .set({ status: accept ? 'accepted' : 'declined', accepted_by: accept ? userId : null, decided_at: now })
    .where('id', '=', invitationId)
    .execute();
  if (!accept) return { shopId: invitation.shop_id, role: null };
  const joined = await trx
    .insertInto('shop_member')
    .values({ shop_id: invitation.shop_id, user_id: userId, role: invitation.role, created_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'user_id']).doNothing())
    .returning('role')
    .executeTakeFirst();
  if (!joined) throw new AppError('STAFF_ALREADY_MEMBER');
  return { shopId: invitation.shop_id, role: invitation.role };
}
