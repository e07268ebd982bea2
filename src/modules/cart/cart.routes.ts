import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { addToCart, CART_COOKIE, cartOwner, newGuestToken, removeFromCart, selectCartItems, setCartQty, viewCart } from './cart.service.ts';

const qty = z.number().int().min(1).max(9999);
const skuId = z.string().min(1).max(64);

/** The cart's owner: the account when signed in, else the visitor's cart cookie (created on first use). */
function owner(request: FastifyRequest, reply: FastifyReply, secure: boolean, create: boolean): string | null {
  if (request.auth) return cartOwner({ userId: request.auth.userId });
  let token = request.cookies[CART_COOKIE];
  if (!token || token.length > 100) {
    if (!create) return null;
    token = newGuestToken();
    reply.setCookie(CART_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 86_400 });
  }
  return cartOwner({ guestToken: token });
}

/** 购物车: visitors and shoppers alike; prices always come from the server. */
export function cartRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const secure = ctx.config.behindTls;

    r.get('/api/cart', {
      config: { policy: policy.public() },
      schema: { tags: ['cart'], summary: 'The cart, grouped by shop; items marked price_changed / low_stock / out_of_stock / unavailable' },
      handler: async (request, reply) => {
        const key = owner(request, reply, secure, false);
        return key ? viewCart(ctx.db, key) : { shops: [], invalid: [], totalFen: 0, selectedCount: 0, count: 0 };
      },
    });

    r.post('/api/cart/items', {
      config: { policy: policy.public(), idempotency: 'optional' },
      schema: { tags: ['cart'], summary: 'Add a SKU (quantity adds up; bounded by stock and the purchase limit)', body: z.object({ skuId, qty }).strict() },
      handler: async (request, reply) => {
        const key = owner(request, reply, secure, true)!;
        await ctx.db.transaction().execute((trx) => addToCart(trx, ctx.clock, key, request.body.skuId, request.body.qty));
        return viewCart(ctx.db, key);
      },
    });

    r.patch('/api/cart/items/:skuId', {
      config: { policy: policy.public() },
      schema: { tags: ['cart'], summary: 'Set the quantity of a cart item', params: z.object({ skuId }).strict(), body: z.object({ qty }).strict() },
      handler: async (request, reply) => {
        const key = owner(request, reply, secure, true)!;
        await ctx.db.transaction().execute((trx) => setCartQty(trx, ctx.clock, key, request.params.skuId, request.body.qty));
        return viewCart(ctx.db, key);
      },
    });

    r.post('/api/cart/remove', {
      config: { policy: policy.public() },
      schema: { tags: ['cart'], summary: 'Remove items from the cart', body: z.object({ skuIds: z.array(skuId).min(1).max(200) }).strict() },
      handler: async (request, reply) => {
        const key = owner(request, reply, secure, true)!;
        await removeFromCart(ctx.db, key, request.body.skuIds);
        return viewCart(ctx.db, key);
      },
    });

    r.post('/api/cart/select', {
      config: { policy: policy.public() },
      schema: {
        tags: ['cart'],
        summary: 'Select or deselect items for checkout: some SKUs, one shop, or all',
        body: z.object({ selected: z.boolean(), skuIds: z.array(skuId).max(200).optional(), shopId: z.string().max(64).optional() }).strict(),
      },
      handler: async (request, reply) => {
        const key = owner(request, reply, secure, true)!;
        await selectCartItems(ctx.db, key, request.body.selected, request.body);
        return viewCart(ctx.db, key);
      },
    });
  };
}
