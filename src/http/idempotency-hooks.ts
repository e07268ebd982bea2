import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { claimKey, completeKey, releaseKey, requestFingerprint } from '../shared/idempotency.ts';
import { AppError } from './errors.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
// Headers worth replaying; cookies are deliberately not stored.
const REPLAYED_HEADERS = ['content-type', 'location'];

interface ClaimedKey {
  scope: string;
  key: string;
}

const claimedKeys = new WeakMap<FastifyRequest, ClaimedKey>();

/**
 * `Idempotency-Key` for routes that opt in with `config.idempotency`. The first request with a
 * key runs and its response is stored; repeats replay it with `Idempotent-Replayed: true`; the
 * same key with another body is 422; a repeat while the first still runs is 409.
 */
export function registerIdempotencyHooks(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config.idempotency;
    if (!mode) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      if (mode === 'required') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      return;
    }
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
    const caller = request.auth ? `user:${request.auth.userId}` : `ip:${request.ip}`;
    const scope = `${caller}|${request.method} ${request.routeOptions.url}`;
    const fingerprint = requestFingerprint({ params: request.params, query: request.query, body: request.body });
    const claim = await claimKey(deps.db, scope, header, fingerprint, deps.clock.now());
    switch (claim.outcome) {
      case 'claimed':
        claimedKeys.set(request, { scope, key: header });
        return;
      case 'mismatch':
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      case 'in_flight':
        throw new AppError('IDEMPOTENCY_IN_FLIGHT');
      case 'replay':
        reply.code(claim.response.status).headers({ ...claim.response.headers, 'idempotent-replayed': 'true' });
        return reply.send(claim.response.body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = claimedKeys.get(request);
    if (!claimed) return payload;
    claimedKeys.delete(request);
    if (reply.statusCode >= 500 || (payload !== null && payload !== undefined && typeof payload !== 'string')) {
      await releaseKey(deps.db, claimed.scope, claimed.key);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    await completeKey(deps.db, claimed.scope, claimed.key, { status: reply.statusCode, headers, body: payload ?? '' });
    return payload;
  });
}
