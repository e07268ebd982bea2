import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { answerInvitation, changeStaffRole, inviteStaff, listStaff, myInvitations, removeStaff, revokeInvitation } from './staff.service.ts';

const shopParams = z.object({ shopId: z.string().max(64) }).strict();
const memberParams = z.object({ shopId: z.string().max(64), userId: z.string().max(64) }).strict();
const invitationParams = z.object({ shopId: z.string().max(64), invitationId: z.string().max(64) }).strict();
const myInvitationParams = z.object({ invitationId: z.string().max(64) }).strict();
const role = z.string().max(32);

/** 员工: the owner manages the shop's staff; an invitee answers their invitations. */
export function staffRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['staff'];
    // Only the owner: an empty-but-for-owner role list (the owner always passes a shop policy).
    const owner = policy.shop(['owner']);

    r.get('/api/seller/shops/:shopId/staff', {
      config: { policy: owner },
      schema: { tags, summary: 'Staff (owner first) and invitations still waiting', params: shopParams },
      handler: async (request) => listStaff(ctx.db, ctx.clock.now(), request.params.shopId),
    });
    r.post('/api/seller/shops/:shopId/staff/invitations', {
      config: { policy: owner, idempotency: 'optional' },
      schema: { tags, summary: 'Invite a mobile number or email with a role (valid 7 days)', params: shopParams, body: z.object({ identifier: z.string().max(254), role }).strict() },
      handler: async (request, reply) => {
        const invitation = await ctx.db.transaction().execute((trx) => inviteStaff(trx, ctx.clock, request.params.shopId, request.auth!.userId, request.body));
        return reply.code(201).send(invitation);
      },
    });
    r.post('/api/seller/shops/:shopId/staff/invitations/:invitationId/revoke', {
      config: { policy: owner },
      schema: { tags, summary: 'Withdraw an invitation not yet answered', params: invitationParams },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => revokeInvitation(trx, ctx.clock, request.params.shopId, request.params.invitationId));
        return { ok: true };
      },
    });
    r.put('/api/seller/shops/:shopId/staff/:userId', {
      config: { policy: owner },
      schema: { tags, summary: "Change a staff member's role", params: memberParams, body: z.object({ role }).strict() },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => changeStaffRole(trx, request.params.shopId, request.params.userId, request.body.role));
        return listStaff(ctx.db, ctx.clock.now(), request.params.shopId);
      },
    });
    r.delete('/api/seller/shops/:shopId/staff/:userId', {
      config: { policy: owner },
      schema: { tags, summary: 'Remove a staff member (not the owner)', params: memberParams },
      handler: async (request) => {
        await ctx.db.transaction().execute((trx) => removeStaff(trx, request.params.shopId, request.params.userId));
        return listStaff(ctx.db, ctx.clock.now(), request.params.shopId);
      },
    });

    r.get('/api/me/shop-invitations', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: "Invitations to shops' staff addressed to my mobile or email" },
      handler: async (request) => ({ items: await myInvitations(ctx.db, ctx.clock.now(), request.auth!.userId) }),
    });
    r.post('/api/me/shop-invitations/:invitationId/accept', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Join the shop with the invited role', params: myInvitationParams },
      handler: async (request) => ctx.db.transaction().execute((trx) => answerInvitation(trx, ctx.clock, request.auth!.userId, request.params.invitationId, true)),
    });
    r.post('/api/me/shop-invitations/:invitationId/decline', {
      config: { policy: policy.signedIn() },
      schema: { tags, summary: 'Decline the invitation', params: myInvitationParams },
      handler: async (request) => ctx.db.transaction().execute((trx) => answerInvitation(trx, ctx.clock, request.auth!.userId, request.params.invitationId, false)),
    });
  };
}
