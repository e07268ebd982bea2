import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { platformArea } from '../../http/policy.ts';
import { searchAuditLog } from './audit.queries.ts';
import { checkAuditChain, latestAuditChainCheck } from './audit-chain.ts';
import { exportAuditLog } from './audit.export.ts';
import { sendXlsx } from '../../shared/spreadsheet.ts';

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
      config: { policy: platformArea.superAdmin },
      schema: { tags: ['audit'], summary: 'Search the audit log (console writes by merchants and platform staff), newest first', querystring: auditQuery },
      handler: async (request) => searchAuditLog(ctx.db, request.query),
    });
    r.get('/api/admin/audit-log/export', {
      config: { policy: platformArea.superAdmin },
      schema: { tags: ['audit'], summary: 'The search as .xlsx (newest first, at most 20,000 rows: narrow by time for more)', querystring: auditQuery.omit({ page: true, pageSize: true }) },
      handler: async (request, reply) => sendXlsx(reply, 'audit-log.xlsx', await exportAuditLog(ctx.db, { ...request.query, to: request.query.to ?? new Date(ctx.clock.now().getTime() + 1) })),
    });
    r.get('/api/admin/audit-log/verify', {
      config: { policy: platformArea.superAdmin },
      schema: {
        tags: ['audit'],
        summary: 'The latest check of the audit log’s hash chain (hourly from where the last one ended, daily in full; null before the first)',
      },
      handler: async () => latestAuditChainCheck(ctx.db),
    });
    r.post('/api/admin/audit-log/verify', {
      config: { policy: platformArea.superAdmin },
      schema: {
        tags: ['audit'],
        summary: 'Check the audit log’s hash chain now, in full: recomputes every row’s hash in seq order; names the first row that was changed, removed or inserted behind the log’s back',
      },
      handler: async () => checkAuditChain(ctx.db, ctx.clock, 'full'),
    });
  };
}
