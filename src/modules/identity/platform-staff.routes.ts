import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { platformArea } from '../../http/policy.ts';
import { listPlatformStaffWithRoles, setPlatformRoles } from './platform-staff.service.ts';

const rolesBody = z
  .object({ userId: z.string().max(64).optional(), identifier: z.string().max(254).optional(), roles: z.array(z.string().max(32)).max(6) })
  .strict();

/** 员工与权限: super admins give accounts platform roles. */
export function platformStaffRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/admin/staff', {
      config: { policy: platformArea.superAdmin },
      schema: { tags: ['admin'], summary: 'Platform staff and their roles' },
      handler: async () => ({ items: await listPlatformStaffWithRoles(ctx.db) }),
    });
    r.put('/api/admin/staff', {
      config: { policy: platformArea.superAdmin },
      schema: { tags: ['admin'], summary: "Set an account's platform roles (by user id or login); an empty list removes it from the staff", body: rolesBody },
      handler: async (request) => ctx.db.transaction().execute((trx) => setPlatformRoles(trx, ctx.clock, request.auth!.userId, request.body)),
    });
  };
}
