import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { pickupParams, pickupPointBody, pickupPointView, shopParams, templateBody, templateParams, templateView } from './shipping.schemas.ts';
import {
  createPickupPoint,
  createTemplate,
  deletePickupPoint,
  deleteTemplate,
  getPickupPoint,
  getTemplate,
  listPickupPoints,
  listPublicPickupPoints,
  listTemplates,
  setDefaultTemplate,
  updatePickupPoint,
  updateTemplate,
} from './shipping.service.ts';

const tags = ['seller'];

/** 物流 in the merchant console (运费模板, 自提点), and the shop's pickup points for shoppers. */
export function shippingRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const readers = policy.shop();
    const editors = policy.shop(['operator', 'warehouse']);

    // --- shipping templates ---------------------------------------------------------------

    r.get('/api/seller/shops/:shopId/shipping-templates', {
      config: { policy: readers },
      schema: { tags, summary: "The shop's shipping templates (运费模板), the default first", params: shopParams, response: { 200: z.object({ items: z.array(templateView) }) } },
      handler: async (request) => ({ items: await listTemplates(ctx.db, request.params.shopId) }),
    });

    r.get('/api/seller/shops/:shopId/shipping-templates/:templateId', {
      config: { policy: readers },
      schema: { tags, summary: 'One shipping template', params: templateParams, response: { 200: templateView } },
      handler: async (request) => getTemplate(ctx.db, request.params.shopId, request.params.templateId),
    });

    r.post('/api/seller/shops/:shopId/shipping-templates', {
      config: { policy: editors, idempotency: 'optional' },
      schema: { tags, summary: 'Add a shipping template (the first one becomes the default)', params: shopParams, body: templateBody, response: { 201: templateView } },
      handler: async (request, reply) => {
        const view = await ctx.db.transaction().execute((trx) => createTemplate(trx, ctx.clock, request.params.shopId, request.body));
        return reply.code(201).send(view);
      },
    });

    r.put('/api/seller/shops/:shopId/shipping-templates/:templateId', {
      config: { policy: editors },
      schema: { tags, summary: 'Change a shipping template (all fields)', params: templateParams, body: templateBody, response: { 200: templateView } },
      handler: async (request) =>
        ctx.db.transaction().execute((trx) => updateTemplate(trx, ctx.clock, request.params.shopId, request.params.templateId, request.body)),
    });

    r.post('/api/seller/shops/:shopId/shipping-templates/:templateId/default', {
      config: { policy: editors },
      schema: { tags, summary: "Make a template the shop's default", params: templateParams, body: z.object({}).strict().optional(), response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => setDefaultTemplate(trx, ctx.clock, request.params.shopId, request.params.templateId));
        return reply.code(204).send(null);
      },
    });

    r.delete('/api/seller/shops/:shopId/shipping-templates/:templateId', {
      config: { policy: editors },
      schema: { tags, summary: 'Delete a template (if it was the default, the newest remaining one becomes the default)', params: templateParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => deleteTemplate(trx, ctx.clock, request.params.shopId, request.params.templateId));
        return reply.code(204).send(null);
      },
    });

    // --- pickup points ----------------------------------------------------------------------

    r.get('/api/seller/shops/:shopId/pickup-points', {
      config: { policy: readers },
      schema: { tags, summary: "The shop's pickup points (自提点), enabled or not", params: shopParams, response: { 200: z.object({ items: z.array(pickupPointView) }) } },
      handler: async (request) => ({ items: await listPickupPoints(ctx.db, request.params.shopId) }),
    });

    r.get('/api/seller/shops/:shopId/pickup-points/:pointId', {
      config: { policy: readers },
      schema: { tags, summary: 'One pickup point', params: pickupParams, response: { 200: pickupPointView } },
      handler: async (request) => getPickupPoint(ctx.db, request.params.shopId, request.params.pointId),
    });

    r.post('/api/seller/shops/:shopId/pickup-points', {
      config: { policy: editors, idempotency: 'optional' },
      schema: { tags, summary: 'Add a pickup point', params: shopParams, body: pickupPointBody, response: { 201: pickupPointView } },
      handler: async (request, reply) => {
        const view = await ctx.db.transaction().execute((trx) => createPickupPoint(trx, ctx.clock, request.params.shopId, request.body));
        return reply.code(201).send(view);
      },
    });

    r.put('/api/seller/shops/:shopId/pickup-points/:pointId', {
      config: { policy: editors },
      schema: { tags, summary: 'Change a pickup point (all fields; enabled: false hides it from shoppers)', params: pickupParams, body: pickupPointBody, response: { 200: pickupPointView } },
      handler: async (request) =>
        ctx.db.transaction().execute((trx) => updatePickupPoint(trx, ctx.clock, request.params.shopId, request.params.pointId, request.body)),
    });

    r.delete('/api/seller/shops/:shopId/pickup-points/:pointId', {
      config: { policy: editors },
      schema: { tags, summary: 'Delete a pickup point', params: pickupParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => deletePickupPoint(trx, request.params.shopId, request.params.pointId));
        return reply.code(204).send(null);
      },
    });

    r.get('/api/shops/:shopId/pickup-points', {
      config: { policy: policy.public() },
      schema: { tags: ['shipping'], summary: "A shop's enabled pickup points, for 到店自提 at checkout", params: shopParams, response: { 200: z.object({ items: z.array(pickupPointView.omit({ enabled: true, createdAt: true, updatedAt: true })) }) } },
      handler: async (request) => ({
        items: (await listPublicPickupPoints(ctx.db, request.params.shopId)).map(({ enabled: _e, createdAt: _c, updatedAt: _u, ...point }) => point),
      }),
    });
  };
}
