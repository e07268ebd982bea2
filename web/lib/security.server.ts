import QRCode from 'qrcode';
import { data, type AppLoadContext } from 'react-router';
import { beginTwoFactor, disableTwoFactor, enableTwoFactor, requireTwoFactorSetting, setRequireTwoFactor, twoFactorStatus } from '../../src/modules/identity/two-factor.service.ts';
import { maskEmail, maskMobile } from '../../src/modules/identity/identity.rules.ts';
import { formError } from './app-errors.server.ts';
import { requirePlatformRole, requireUser } from './guards.server.ts';
import { field } from './forms.ts';
import { translate } from '../i18n/messages.ts';

async function requiredFor(context: AppLoadContext): Promise<boolean> {
  const auth = context.auth!;
  return (auth.platformRoles.includes('platform_admin') || auth.shops.some((s) => s.role === 'owner')) && (await requireTwoFactorSetting(context.app.db));
}

/** 账号安全: is 两步验证 on, and must it be. */
export async function securityPage(context: AppLoadContext, request: Request) {
  const auth = requireUser(context, request);
  return { ...(await twoFactorStatus(context.app.db, auth.userId)), required: await requiredFor(context) };
}

export async function securityAction(context: AppLoadContext, request: Request) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 10);
  try {
    if (intent === 'setup') {
      const label = auth.mobile ? maskMobile(auth.mobile) : auth.email ? maskEmail(auth.email) : auth.displayName;
      const { secret, uri } = await app.db.transaction().execute((trx) => beginTwoFactor(trx, app.clock, auth.userId, label));
      return { ok: true as const, setup: { secret, qr: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) }, message: null };
    }
    const code = field(form, 'code', 10).trim();
    if (intent === 'enable') await app.db.transaction().execute((trx) => enableTwoFactor(trx, app.clock, auth.userId, code));
    else if (intent === 'disable') {
      const required = await requiredFor(context);
      await app.db.transaction().execute((trx) => disableTwoFactor(trx, app.clock, auth.userId, code, required));
    } else throw new Error(`unknown intent ${intent}`);
    return { ok: true as const, setup: null, message: translate(locale, intent === 'enable' ? 'security.enabled' : 'security.disabled') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    // A wrong code while confirming keeps the QR code on screen.
    const secret = field(form, 'secret', 64);
    const qr = field(form, 'qr', 20_000);
    return data({ ok: false as const, setup: intent === 'enable' && secret && qr.startsWith('data:image/png') ? { secret, qr } : null, message }, { status });
  }
}

/** 系统设置 (super admins). */
export async function settingsPage(context: AppLoadContext, request: Request) {
  requirePlatformRole(context, request, 'platform_admin');
  return { requireTwoFactor: await requireTwoFactorSetting(context.app.db) };
}

export async function settingsAction(context: AppLoadContext, request: Request) {
  const auth = requirePlatformRole(context, request, 'platform_admin');
  const { app, locale } = context;
  const form = await request.formData();
  try {
    await app.db.transaction().execute((trx) => setRequireTwoFactor(trx, app.clock, auth.userId, field(form, 'requireTwoFactor', 5) === 'true'));
    return { ok: true as const, message: translate(locale, 'settings.saved') };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}
