import type { FastifyInstance } from 'fastify';
import type { AuthContext } from './sessions.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import QRCode from 'qrcode';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { maskEmail, maskMobile } from './identity.rules.ts';
import { beginTwoFactor, disableTwoFactor, enableTwoFactor, requireTwoFactorSetting, setRequireTwoFactor, twoFactorStatus } from './two-factor.service.ts';

const codeBody = z.object({ code: z.string().trim().regex(/^\d{6}$/) }).strict();

/** 两步验证: an account's own switch, and the platform's requirement for owners and admins. */
export function twoFactorRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['identity'];
    const requiredFor = async (auth: AuthContext) =>
      (auth.platformRoles.includes('platform_admin') || auth.shops.some((s) => s.role === 'owner')) && (await requireTwoFactorSetting(ctx.db));

    r.get('/api/me/two-factor', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Whether two-step verification is on, and whether the platform requires it of this account' },
      handler: async (request) => ({ ...(await twoFactorStatus(ctx.db, request.auth!.userId)), required: await requiredFor(request.auth!) }),
    });
    r.post('/api/me/two-factor/setup', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'A new secret to scan: otpauth:// URI and its QR code (PNG data URL); confirm with /enable' },
      handler: async (request) => {
        const auth = request.auth!;
        const label = auth.mobile ? maskMobile(auth.mobile) : auth.email ? maskEmail(auth.email) : auth.displayName;
        const { secret, uri } = await ctx.db.transaction().execute((trx) => beginTwoFactor(trx, ctx.clock, auth.userId, label));
        return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
      },
    });
    r.post('/api/me/two-factor/enable', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Turn it on with a code from the app', body: codeBody },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => enableTwoFactor(trx, ctx.clock, request.auth!.userId, request.body.code));
        return { enabled: true };
      },
    });
    r.post('/api/me/two-factor/disable', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Turn it off with a current code (not while the platform requires it)', body: codeBody },
      handler: async (request) => {
        const required = await requiredFor(request.auth!);
        await ctx.db.transaction().execute((trx) => disableTwoFactor(trx, ctx.clock, request.auth!.userId, request.body.code, required));
        return { enabled: false };
      },
    });

    r.get('/api/admin/security', {
      config: { policy: policy.platform('platform_admin') },
      schema: { tags: ['admin'], summary: 'Platform security settings' },
      handler: async () => ({ requireTwoFactor: await requireTwoFactorSetting(ctx.db) }),
    });
    r.put('/api/admin/security', {
      config: { policy: policy.platform('platform_admin') },
      schema: { tags: ['admin'], summary: 'Require two-step verification of shop owners and platform admins', body: z.object({ requireTwoFactor: z.boolean() }).strict() },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => setRequireTwoFactor(trx, ctx.clock, request.auth!.userId, request.body.requireTwoFactor));
        return { requireTwoFactor: request.body.requireTwoFactor };
      },
    });
  };
}
