import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policy } from '../../http/policy.ts';
import { clearedSessionCookies, sessionCookies } from '../../http/session-cookies.ts';
import { AppError } from '../../http/errors.ts';
import { changePasswordBody, loginBody, meView, registerBody, userView } from './identity.schemas.ts';
import { changePassword, login, logout, registerAndSignIn, type PublicUser } from './identity.service.ts';
import { maskMobile } from './identity.rules.ts';
import { CART_COOKIE, mergeGuestCart } from '../cart/cart.service.ts';
import { pendingAgreements } from '../content/agreements.service.ts';
import { pendingAgreementsView, registrationConsentFields } from '../content/content.schemas.ts';

const tag = ['identity'];

function view(user: PublicUser) {
  return { ...user, mobile: user.mobile ? maskMobile(user.mobile) : null };
}

export function identityRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const secure = ctx.config.behindTls;

    /** The visitor's cart joins the account's at sign-in; its cookie is then cleared. */
    const adoptGuestCart = async (token: string | undefined, userId: string): Promise<string[]> => {
      if (!token) return [];
      await mergeGuestCart(ctx.db, ctx.clock, token, userId);
      return [`${CART_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`];
    };

    r.post('/api/auth/register', {
      config: { policy: policy.public(), idempotency: 'optional' },
      schema: { tags: tag, summary: 'Register a shopper account and sign in; this accepts the user agreement and privacy policy in force', body: registerBody.extend(registrationConsentFields), response: { 201: z.object({ user: userView }) } },
      handler: async (request, reply) => {
        const meta = { ip: request.ip, userAgent: request.headers['user-agent'] };
        const { user, session } = await registerAndSignIn(ctx.db, request.body, meta, ctx.clock, ctx.config.sessionTtlDays);
        reply.header('set-cookie', [...sessionCookies(session, secure), ...(await adoptGuestCart(request.cookies[CART_COOKIE], user.id))]);
        return reply.code(201).send({ user: view(user) });
      },
    });

    r.post('/api/auth/login', {
      config: { policy: policy.public() },
      schema: {
        tags: tag,
        summary: 'Sign in with mobile number or email and password; pendingAgreements lists versions in force still to be accepted',
        body: loginBody,
        response: { 200: z.object({ user: userView, pendingAgreements: pendingAgreementsView }) },
      },
      handler: async (request, reply) => {
        const meta = { ip: request.ip, userAgent: request.headers['user-agent'] };
        const { user, session } = await login(ctx.db, request.body, meta, ctx.clock, ctx.config.sessionTtlDays);
        if (request.auth) await logout(ctx.db, request.auth.sessionId, ctx.clock);
        reply.header('set-cookie', [...sessionCookies(session, secure), ...(await adoptGuestCart(request.cookies[CART_COOKIE], user.id))]);
        return { user: view(user), pendingAgreements: await pendingAgreements(ctx.db, ctx.clock, user.id) };
      },
    });

    r.post('/api/auth/logout', {
      config: { policy: policy.signedIn() },
      schema: { tags: tag, summary: 'Sign out of this session', response: { 204: z.null() } },
      handler: async (request, reply) => {
        await logout(ctx.db, request.auth!.sessionId, ctx.clock);
        reply.header('set-cookie', clearedSessionCookies(secure));
        return reply.code(204).send(null);
      },
    });

    r.get('/api/me', {
      config: { policy: policy.signedIn() },
      schema: { tags: tag, summary: 'The signed-in account, its roles and shops', response: { 200: meView.extend({ pendingAgreements: pendingAgreementsView }) } },
      handler: async (request) => {
        const auth = request.auth!;
        return {
          id: auth.userId,
          displayName: auth.displayName,
          mobile: auth.mobile ? maskMobile(auth.mobile) : null,
          email: auth.email,
          platformRoles: auth.platformRoles,
          shops: auth.shops,
          csrfToken: auth.csrfToken,
          pendingAgreements: await pendingAgreements(ctx.db, ctx.clock, auth.userId, { ownsShop: auth.shops.some((s) => s.role === 'owner') }),
        };
      },
    });

    r.post('/api/me/password', {
      config: { policy: policy.signedIn() },
      schema: {
        tags: tag,
        summary: 'Change the password; signs out every other session',
        body: changePasswordBody,
        response: { 200: z.object({ revokedSessions: z.number().int() }) },
      },
      handler: async (request) => {
        const auth = request.auth;
        if (!auth) throw new AppError('UNAUTHENTICATED');
        return changePassword(ctx.db, { userId: auth.userId, sessionId: auth.sessionId, ...request.body }, ctx.clock);
      },
    });
  };
}
