import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { addressBody, addressParams, addressView, regionsQuery, regionsResponse, type RegionNode } from './addresses.schemas.ts';
import { createAddress, deleteAddress, getAddress, listAddresses, MAX_ADDRESSES_PER_USER, setDefaultAddress, updateAddress } from './addresses.service.ts';
import { REGION_DATA_SOURCE, regionChildren, regionTree, type Region } from './regions.ts';

const tags = ['addresses'];

// The tree and each list of children are built once: the data does not change while the process runs.
let treeCache: RegionNode[] | undefined;
const toTree = (r: Region): RegionNode => (r.children.length ? { code: r.code, name: r.name, children: r.children.map(toTree) } : { code: r.code, name: r.name });
const flat = (regions: readonly Region[]): RegionNode[] => regions.map((r) => ({ code: r.code, name: r.name }));

/** Regions for the address picker, and the signed-in shopper's address book. */
export function addressesRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/api/regions', {
      config: { policy: policy.public() },
      schema: {
        tags,
        summary: 'China’s provinces → cities → districts (whole tree, or one level for a cascading picker)',
        querystring: regionsQuery,
        response: { 200: regionsResponse },
      },
      handler: async (request, reply) => {
        const { parent } = request.query;
        let items: RegionNode[];
        if (parent === undefined) items = treeCache ??= regionTree().map(toTree);
        else items = flat(parent === 'root' ? regionTree() : regionChildren(parent));
        reply.header('cache-control', 'public, max-age=86400');
        return { source: REGION_DATA_SOURCE, items };
      },
    });

    r.get('/api/me/addresses', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'My addresses, the default first', response: { 200: z.object({ items: z.array(addressView), max: z.number() }) } },
      handler: async (request) => ({ items: await listAddresses(ctx.db, request.auth!.userId), max: MAX_ADDRESSES_PER_USER }),
    });

    r.get('/api/me/addresses/:addressId', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'One of my addresses', params: addressParams, response: { 200: addressView } },
      handler: async (request) => getAddress(ctx.db, request.auth!.userId, request.params.addressId),
    });

    r.post('/api/me/addresses', {
      config: { policy: policy.signedIn(), idempotency: 'optional' },
      schema: { tags, summary: 'Add an address (at most 20; the first becomes the default)', body: addressBody, response: { 201: addressView } },
      handler: async (request, reply) => {
        const view = await ctx.db.transaction().execute((trx) => createAddress(trx, ctx.clock, request.auth!.userId, request.body));
        return reply.code(201).send(view);
      },
    });

    r.put('/api/me/addresses/:addressId', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Change an address (all fields)', params: addressParams, body: addressBody, response: { 200: addressView } },
      handler: async (request) =>
        ctx.db.transaction().execute((trx) => updateAddress(trx, ctx.clock, request.auth!.userId, request.params.addressId, request.body)),
    });

    r.post('/api/me/addresses/:addressId/default', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Make an address the default', params: addressParams, body: z.object({}).strict().optional(), response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => setDefaultAddress(trx, ctx.clock, request.auth!.userId, request.params.addressId));
        return reply.code(204).send(null);
      },
    });

    r.delete('/api/me/addresses/:addressId', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Delete an address (if it was the default, the newest remaining one becomes the default)', params: addressParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await ctx.db.transaction().execute((trx) => deleteAddress(trx, ctx.clock, request.auth!.userId, request.params.addressId));
        return reply.code(204).send(null);
      },
    });
  };
}
