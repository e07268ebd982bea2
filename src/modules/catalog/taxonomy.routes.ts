import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { platformArea, policy } from '../../http/policy.ts';
import { createBrand, createCategory, deleteAttribute, listAllCategories, listAttributes, listBrands, setAttribute, updateCategory } from './taxonomy.service.ts';

const name = z.string().trim().min(1).max(30);
const categoryBody = z
  .object({
    parentId: z.string().max(64).nullable().optional(),
    name,
    nameEn: z.string().trim().max(60).optional(),
    icon: z.string().max(300).nullable().optional(),
    sortOrder: z.number().int().min(0).max(100_000).optional(),
    enabled: z.boolean().optional(),
    commissionBp: z.number().int().min(0).max(10_000).optional().describe('basis points: 500 = 5%'),
  })
  .strict();
const categoryParams = z.object({ categoryId: z.string().max(64) }).strict();
const created = z.object({ id: z.string() });

/** Category tree, brands and attribute templates: read by merchants, managed by the platform. */
export function taxonomyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const operators = platformArea.operations;

    r.get('/api/brands', {
      config: { policy: policy.public() },
      schema: { tags: ['catalog'], summary: 'All brands' },
      handler: async () => ({ items: await listBrands(ctx.db) }),
    });

    r.get('/api/categories/:categoryId/attributes', {
      config: { policy: policy.public() },
      schema: { tags: ['catalog'], summary: "A category's attribute template: spec attributes (SKU matrix) and parameters", params: categoryParams },
      handler: async (request) => ({ items: await listAttributes(ctx.db, request.params.categoryId) }),
    });

    r.get('/api/admin/categories', {
      config: { policy: operators },
      schema: { tags: ['admin'], summary: 'Every category, enabled or not, with its commission rate' },
      handler: async () => ({ items: await listAllCategories(ctx.db) }),
    });

    r.post('/api/admin/categories', {
      config: { policy: policy.platform('platform_admin'), idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Add a category (its level follows its parent)', body: categoryBody, response: { 201: created } },
      handler: async (request, reply) => reply.code(201).send({ id: await ctx.db.transaction().execute((trx) => createCategory(trx, request.body)) }),
    });

    r.put('/api/admin/categories/:categoryId', {
      config: { policy: policy.platform('platform_admin') },
      schema: { tags: ['admin'], summary: 'Rename, reorder, enable/disable a category or change its commission', params: categoryParams, body: categoryBody.omit({ parentId: true }), response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => updateCategory(trx, request.params.categoryId, request.body));
        return reply.code(204).send(null);
      },
    });

    r.post('/api/admin/brands', {
      config: { policy: operators, idempotency: 'optional' },
      schema: { tags: ['admin'], summary: 'Add a brand', body: z.object({ name, nameEn: z.string().trim().max(60).optional(), logoUrl: z.string().max(300).nullable().optional() }).strict(), response: { 201: created } },
      handler: async (request, reply) => reply.code(201).send({ id: await ctx.db.transaction().execute((trx) => createBrand(trx, request.body)) }),
    });

    r.put('/api/admin/categories/:categoryId/attributes', {
      config: { policy: operators },
      schema: {
        tags: ['admin'],
        summary: "Add or change one attribute of a category's template (by kind and name)",
        params: categoryParams,
        body: z.object({ name, kind: z.enum(['spec', 'param']), options: z.array(z.string().trim().min(1).max(30)).max(50), required: z.boolean().optional(), sortOrder: z.number().int().min(0).max(1000).optional() }).strict(),
        response: { 200: created },
      },
      handler: async (request) => ({ id: await ctx.db.transaction().execute((trx) => setAttribute(trx, request.params.categoryId, request.body)) }),
    });

    r.delete('/api/admin/categories/:categoryId/attributes/:attributeId', {
      config: { policy: operators },
      schema: { tags: ['admin'], summary: 'Remove an attribute from a template', params: z.object({ categoryId: z.string().max(64), attributeId: z.string().max(64) }).strict(), response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => deleteAttribute(trx, request.params.categoryId, request.params.attributeId));
        return reply.code(204).send(null);
      },
    });
  };
}
