import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { renderMessage } from '../../http/errors.ts';
import { policy } from '../../http/policy.ts';
import { clearedSessionCookies } from '../../http/session-cookies.ts';
import { closeAccount, closureBlockers, exportAccountData } from './account-closure.service.ts';
import { twoFactorStatus } from './two-factor.service.ts';

const tag = ['identity'];

export const closeAccountBody = z
  .object({
    password: z.string().min(1).max(1024),
    code: z.string().trim().regex(/^\d{6}$/).optional().describe('两步验证 code, when the account has it on'),
    confirmation: z.string().max(20).describe('注销 (or CLOSE), typed by the account holder'),
    reason: z.string().max(200).optional(),
  })
  .strict();

/** 注销账号 (/api/me/closure) and 导出我的数据 (/api/me/export). */
export function accountClosureRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/api/me/closure', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: tag,
        summary: 'Can this account close now? The things still in progress (open orders, after-sales, complaints, payments, balance, a shop still operating), and whether a 2FA code is needed',
        response: {
          200: z.object({
            ready: z.boolean(),
            twoFactor: z.boolean(),
            blockers: z.array(z.object({ code: z.string(), message: z.string() })),
          }),
        },
      },
      handler: async (request) => {
        const userId = request.auth!.userId;
        const blockers = await closureBlockers(ctx.db, ctx.clock, userId);
        return {
          ready: blockers.length === 0,
          twoFactor: (await twoFactorStatus(ctx.db, userId)).enabled,
          blockers: blockers.map((b) => ({ code: b.code, message: renderMessage(b.code, request.locale, b.params) })),
        };
      },
    });

    r.post('/api/me/closure', {
      config: { policy: policy.signedIn(), idempotency: 'required' },
      schema: {
        tags: tag,
        summary: 'Close this account (注销): password, 2FA code if on, and the typed confirmation 注销. Personal data is erased, every session ends; orders and payments are kept, the buyer shown as 已注销用户',
        body: closeAccountBody,
        response: { 200: z.object({ closedAt: z.date() }) },
      },
      handler: async (request, reply) => {
        const meta = { ip: request.ip, userAgent: request.headers['user-agent'], idempotencyKey: request.headers['idempotency-key'] as string | undefined };
        const { closedAt } = await ctx.db.transaction().execute((trx) => closeAccount(trx, ctx.clock, request.auth!.userId, request.body, meta));
        reply.header('set-cookie', clearedSessionCookies(ctx.config.behindTls));
        return { closedAt };
      },
    });

    r.get('/api/me/export', {
      config: { policy: policy.signedIn() },
      schema: { tags: tag, summary: 'A copy of my personal data (PIPL Art. 45): profile, addresses, orders, after-sales, complaints, suggestions, agreements and consents, balance — as a JSON download' },
      handler: async (request, reply) => {
        const data = await exportAccountData(ctx.db, ctx.clock, request.auth!.userId);
        const day = ctx.clock.now().toISOString().slice(0, 10);
        reply.header('content-disposition', `attachment; filename="jishi-my-data-${day}.json"`);
        reply.header('cache-control', 'no-store');
        return data;
      },
    });
  };
}
