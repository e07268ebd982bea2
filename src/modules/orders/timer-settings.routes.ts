import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { platformArea } from '../../http/policy.ts';
import { timerPatchBody } from './timer-settings.schemas.ts';
import { timerSettings, updateOrderTimers } from './timer-settings.service.ts';

/** 系统设置 — 订单与售后时限 (super admins). A change applies to the deadlines set from then on. */
export function timerSettingsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['admin'];

    r.get('/api/admin/settings/timers', {
      config: { policy: platformArea.superAdmin },
      schema: { tags, summary: 'Order and after-sales timers: per setting the value in force, the saved one (null = default), the default and the range' },
      handler: async () => timerSettings(ctx.db, ctx.config.orders),
    });
    r.put('/api/admin/settings/timers', {
      config: { policy: platformArea.superAdmin },
      schema: { tags, summary: 'Change order and after-sales timers (null = back to the default); deadlines already set keep theirs', body: timerPatchBody },
      handler: async (request) =>
        ctx.db.transaction().execute(async (trx) => {
          await updateOrderTimers(trx, ctx.clock, request.auth!.userId, request.body);
          return timerSettings(trx, ctx.config.orders);
        }),
    });
  };
}
