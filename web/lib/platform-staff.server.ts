import { data, type AppLoadContext } from 'react-router';
import { listPlatformStaffWithRoles, setPlatformRoles } from '../../src/modules/identity/platform-staff.service.ts';
import { PLATFORM_ROLES } from '../../src/modules/identity/identity.tables.ts';
import { formError } from './app-errors.server.ts';
import { requireArea } from './guards.server.ts';
import { field } from './forms.ts';
import { translate } from '../i18n/messages.ts';

/** 员工与权限 (super admins). */
export async function platformStaffPage(context: AppLoadContext, request: Request) {
  const auth = requireArea(context, request, 'superAdmin');
  return { me: auth.userId, roles: PLATFORM_ROLES, staff: await listPlatformStaffWithRoles(context.app.db) };
}

export async function platformStaffAction(context: AppLoadContext, request: Request) {
  const auth = requireArea(context, request, 'superAdmin');
  const { app, locale } = context;
  const form = await request.formData();
  const roles = form.getAll('roles').filter((r): r is string => typeof r === 'string').slice(0, 6);
  const userId = field(form, 'userId', 64);
  const identifier = field(form, 'identifier', 254);
  try {
    await app.db.transaction().execute((trx) => setPlatformRoles(trx, app.clock, auth.userId, { ...(userId ? { userId } : { identifier }), roles }));
    return { ok: true as const, message: translate(locale, 'pstaff.saved') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}
