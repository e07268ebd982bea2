import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { searchAuditLog } from './audit.queries.ts';

const auditQuery = z
  .object({
    actorId: z.string().max(64).optional(),
    shopId: z.string().max(64).optional(),
    console: z.enum(['seller', 'admin']).optional(),
    targetType: z.string().max(64).optional(),
    targetId: z.string().max(64).optional(),
    q: z.string().trim().max(100).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** 操作日志: the platform's search over every console write (read-only: the log is append-only). */
export function auditRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/admin/audit-log', {
      config: { policy: policy.platform('platform_admin') },
      schema: { tags: ['audit'], summary: 'Search the audit log (console writes by merchants and platform staff), newest first', querystring: auditQuery },
      handler: async (request) => searchAuditLog(ctx.db, request.query),
    });
  };
}
