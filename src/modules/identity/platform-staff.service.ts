import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { maskEmail, maskMobile, parseIdentifier } from './identity.rules.ts';
import { PLATFORM_ROLES, type PlatformRole } from './identity.tables.ts';

/** 员工与权限 (super admins): platform staff and their roles, granted to existing accounts by login. */

function checkRole(role: string): PlatformRole {
  if (!(PLATFORM_ROLES as readonly string[]).includes(role)) throw new AppError('PLATFORM_ROLE_INVALID');
  return role as PlatformRole;
}

export async function listPlatformStaffWithRoles(q: Queryable) {
  const rows = await q
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.display_name', 'u.mobile', 'u.email', 'r.role', 'r.granted_at'])
    .orderBy('u.display_name')
    .orderBy('r.role')
    .execute();
  const staff = new Map<string, { userId: string; name: string; login: string | null; roles: PlatformRole[] }>();
  for (const r of rows) {
    const entry = staff.get(r.id) ?? { userId: r.id, name: r.display_name, login: r.mobile ? maskMobile(r.mobile) : r.email ? maskEmail(r.email) : null, roles: [] };
    entry.roles.push(r.role);
    staff.set(r.id, entry);
  }
  return [...staff.values()];
}

/** Sets an account's platform roles (all of them: an empty list removes it from the staff). */
export async function setPlatformRoles(trx: Trx, clock: Clock, actorId: string, input: { userId?: string; identifier?: string; roles: string[] }): Promise<{ userId: string; roles: PlatformRole[] }> {
  const roles = [...new Set(input.roles.map(checkRole))];
  let userId = input.userId;
  if (!userId && input.identifier) {
    const login = parseIdentifier(input.identifier);
    const user = await trx.selectFrom('app_user').select('id').where(login.kind === 'mobile' ? 'mobile' : 'email', '=', login.value).executeTakeFirst();
    if (!user) throw new AppError('PLATFORM_STAFF_ACCOUNT_NOT_FOUND');
    userId = user.id;
  }
  if (!userId) throw new AppError('PLATFORM_STAFF_ACCOUNT_NOT_FOUND');
  const exists = await trx.selectFrom('app_user').select('id').where('id', '=', userId).executeTakeFirst();
  if (!exists) throw new AppError('PLATFORM_STAFF_ACCOUNT_NOT_FOUND');
  // A super admin cannot demote themselves: the platform would risk having none.
  if (userId === actorId && !roles.includes('platform_admin')) throw new AppError('PLATFORM_ROLE_SELF');
  let removed = trx.deleteFrom('user_role').where('user_id', '=', userId);
  if (roles.length) removed = removed.where('role', 'not in', roles);
  await removed.execute();
  if (roles.length) {
    await trx.insertInto('user_role').values(roles.map((role) => ({ user_id: userId!, role, granted_at: clock.now() }))).onConflict((oc) => oc.doNothing()).execute();
  }
  return { userId, roles };
}
