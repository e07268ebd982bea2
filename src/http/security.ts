import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, pickLocale } from './errors.ts';
import { authorize } from './policy.ts';
import { resolveSession, SESSION_COOKIE } from '../modules/identity/sessions.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { auditActorFor, runAudited } from '../modules/audit/audit.context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site writes are refused two ways: any unsafe request whose Origin (or, without one,
 * Sec-Fetch-Site) says it came from another site; and any cookie-authenticated API write
 * without the session's CSRF token in `x-csrf-token`. SameSite=Lax cookies are the third layer.
 */
export function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('CSRF_REJECTED');
    }
    // Through URL so that default ports compare equal (localhost:80 = localhost).
    if (originHost !== new URL(`${request.protocol}://${request.host}`).host) throw new AppError('CSRF_REJECTED');
  } else if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new AppError('CSRF_REJECTED');
  }
  if (request.auth && request.url.startsWith('/api/') && request.headers['x-csrf-token'] !== request.auth.csrfToken) {
    throw new AppError('CSRF_REJECTED');
  }
}

/** Who is calling (session cookie), in which language, and may they call this route. */
export function registerSecurityHooks(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRequest', async (request, reply) => {
    request.locale = pickLocale(request.headers['accept-language'], request.cookies.lang);
    reply.header('x-request-id', request.id);
    const token = request.cookies[SESSION_COOKIE];
    request.auth = token ? await resolveSession(deps.db, token, deps.clock.now()) : null;
  });

  // A console write by a merchant or platform staff member runs as an audited request: every
  // transaction it commits leaves one audit_log row (modules/audit). Callback style, so that the
  // handler runs inside the async context this opens.
  app.addHook('onRequest', (request, _reply, done) => {
    const actor = auditActorFor(request, deps.clock.now());
    if (actor) runAudited(actor, done);
    else done();
  });

  app.addHook('preValidation', async (request) => {
    checkCsrf(request);
    if (request.is404) return; // no route matched: the not-found handler answers
    authorize(request.routeOptions.config.policy, request.auth, request.params as Record<string, string>);
  });
}
