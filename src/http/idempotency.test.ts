import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describeEachDatabase } from '../testing/databases.ts';
import { ApiClient, createTestApp, uniqueMobile, type TestApp } from '../testing/app.ts';
import { policy } from './policy.ts';
import { enqueueJob } from '../shared/jobs.ts';
import type { AppContext } from '../app-context.ts';

/** A write with a visible effect (one job row per call) to count how often it really ran. */
function probeRoutes(getCtx: () => AppContext) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().post('/api/test/effects', {
      config: { policy: policy.public(), idempotency: 'required' },
      schema: { body: z.object({ note: z.string(), delayMs: z.number().int().max(2000).default(0) }).strict() },
      handler: async (request, reply) => {
        const ctx = getCtx();
        if (request.body.delayMs) await new Promise((r) => setTimeout(r, request.body.delayMs));
        const id = await enqueueJob(ctx.db, ctx.clock, { kind: 'test.effect', payload: { note: request.body.note }, runAt: new Date('2999-01-01') });
        return reply.code(201).send({ effectId: id });
      },
    });
  };
}

describeEachDatabase('Idempotency-Key', (database) => {
  let t: TestApp;
  before(async () => {
    let ctx: AppContext | undefined;
    t = await createTestApp(database(), { plugins: [probeRoutes(() => ctx!)] });
    ctx = t.ctx;
  });
  after(async () => {
    await t.app.close();
  });

  const effects = async (note: string) =>
    (await t.ctx.db.selectFrom('job').select('id').where('kind', '=', 'test.effect').where('payload', '@>', JSON.stringify({ note }) as never).execute()).length;

  const send = (key: string | undefined, body: Record<string, unknown>, ip = '10.2.0.1') =>
    new ApiClient(t.app, ip).post('/api/test/effects', body, key === undefined ? {} : { 'idempotency-key': key });

  test('10 sequential repeats: one effect, the same body replayed with Idempotent-Replayed: true', async () => {
    const first = await send('seq-key-1', { note: 'seq' });
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    for (let i = 0; i < 9; i++) {
      const again = await send('seq-key-1', { note: 'seq' });
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
    }
    assert.equal(await effects('seq'), 1);
  });

  test('10 concurrent repeats: one effect; the others replay or are told it is in flight (409)', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => send('conc-key-1', { note: 'conc', delayMs: 50 })));
    const statuses = results.map((r) => r.statusCode);
    assert.ok(statuses.every((s) => s === 201 || s === 409), String(statuses));
    for (const r of results.filter((r) => r.statusCode === 409)) assert.equal(r.json().error.code, 'IDEMPOTENCY_IN_FLIGHT');
    const fresh = results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] !== 'true');
    assert.equal(fresh.length, 1);
    assert.equal(await effects('conc'), 1);
    const later = await send('conc-key-1', { note: 'conc', delayMs: 50 });
    assert.equal(later.headers['idempotent-replayed'], 'true');
    assert.equal(later.body, fresh[0]!.body);
  });

  test('the same key with a different body is 422 and has no effect', async () => {
    assert.equal((await send('diff-key-1', { note: 'diff-a' })).statusCode, 201);
    const other = await send('diff-key-1', { note: 'diff-b' });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await effects('diff-b'), 0);
  });

  test('keys belong to their caller: another caller’s identical key runs on its own', async () => {
    await send('shared-key', { note: 'caller' }, '10.3.0.1');
    const other = await send('shared-key', { note: 'caller' }, '10.3.0.2');
    assert.equal(other.statusCode, 201);
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.equal(await effects('caller'), 2);
  });

  test('a missing or malformed key on a route that requires one is a 400', async () => {
    assert.equal((await send(undefined, { note: 'nokey' })).json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
    assert.equal((await send('x'.repeat(256), { note: 'nokey' })).json().error.code, 'IDEMPOTENCY_KEY_INVALID');
    assert.equal((await send('has space', { note: 'nokey' })).json().error.code, 'IDEMPOTENCY_KEY_INVALID');
    assert.equal(await effects('nokey'), 0);
  });

  test('keys are kept at least 24 hours, then the key may be used afresh', async () => {
    await send('ttl-key', { note: 'ttl' });
    t.clock.advance(23 * 3_600_000);
    assert.equal((await send('ttl-key', { note: 'ttl' })).headers['idempotent-replayed'], 'true');
    t.clock.advance(2 * 3_600_000);
    const afterExpiry = await send('ttl-key', { note: 'ttl' });
    assert.equal(afterExpiry.headers['idempotent-replayed'], undefined);
    assert.equal(await effects('ttl'), 2);
  });

  test('register with a key: a retried registration replays instead of failing with ACCOUNT_EXISTS', async () => {
    const body = { identifier: uniqueMobile(), password: 'Retry-Safe-2026' };
    const a = await new ApiClient(t.app, '10.4.0.1').post('/api/auth/register', body, { 'idempotency-key': 'reg-1' });
    const b = await new ApiClient(t.app, '10.4.0.1').post('/api/auth/register', body, { 'idempotency-key': 'reg-1' });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal(b.headers['idempotent-replayed'], 'true');
    assert.equal(b.headers['set-cookie'], undefined, 'session cookies are never stored or replayed');
  });
});
