import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describeEachDatabase } from '../testing/databases.ts';
import { FakeClock, MINUTE } from './clock.ts';
import { enqueueJob, JobRegistry, JobWorker } from './jobs.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Db } from '../db/database.ts';

async function effectCount(db: Db, name: string): Promise<number> {
  const row = await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from test_effect where name = ${name}`.execute(db);
  return row.rows[0]!.n;
}

const HOUR_MS = 3_600_000;

describeEachDatabase('durable jobs and outbox', (database, kind) => {
  const clock = new FakeClock('2026-11-23T00:00:00Z');
  const registry = new JobRegistry();
  const attemptsSeen = new Map<string, number>();
  let db: Db;

  before(async () => {
    db = database().db;
    await sql`create table test_effect (name text not null, n int not null)`.execute(db);
    registry.define<{ name: string }>('test.effect', async (trx, { name }) => {
      await sql`insert into test_effect values (${name}, 1)`.execute(trx);
    });
    registry.define<{ name: string; failTimes: number }>('test.flaky', async (trx, { name, failTimes }, { attempt }) => {
      attemptsSeen.set(name, attempt);
      await sql`insert into test_effect values (${name}, 1)`.execute(trx);
      if (attempt <= failTimes) throw new Error(`flaky failure ${attempt}`);
    });
    registry.defineRecurring('test.tick', 10 * MINUTE, async (trx) => {
      await sql`insert into test_effect values ('tick', 1)`.execute(trx);
    });
  });

  const worker = (id: string, leaseMs = 5 * MINUTE) => new JobWorker({ db, registry, clock, workerId: id, leaseMs });

  test('outbox: a job enqueued in a transaction that rolls back never exists; one that commits runs after commit', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, clock, { kind: 'test.effect', payload: { name: 'rolled-back' } });
        throw new Error('business rule failed');
      }),
    );
    await db.transaction().execute(async (trx) => {
      await enqueueJob(trx, clock, { kind: 'test.effect', payload: { name: 'committed' } });
      assert.equal(await effectCount(trx as unknown as Db, 'committed'), 0, 'nothing runs inside the transaction');
    });
    await worker('w1').runDueJobs(100);
    assert.equal(await effectCount(db, 'rolled-back'), 0);
    assert.equal(await effectCount(db, 'committed'), 1);
  });

  test('timers: a job runs at its time, not before', async () => {
    await enqueueJob(db, clock, { kind: 'test.effect', payload: { name: 'timer' }, runAt: new Date(clock.now().getTime() + 30 * MINUTE) });
    await worker('w1').runDueJobs();
    assert.equal(await effectCount(db, 'timer'), 0);
    clock.advance(30 * MINUTE);
    await worker('w1').runDueJobs();
    assert.equal(await effectCount(db, 'timer'), 1);
  });

  test('two workers draining 60 jobs at once run each exactly once', async () => {
    for (let i = 0; i < 60; i++) await enqueueJob(db, clock, { kind: 'test.effect', payload: { name: 'race' } });
    const a = worker('worker-a');
    const b = worker('worker-b');
    const drain = async (w: JobWorker) => {
      while ((await w.runDueJobs(5)) > 0);
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    assert.equal(await effectCount(db, 'race'), 60);
    const done = await db.selectFrom('job').select(['locked_by']).where('kind', '=', 'test.effect').where('status', '=', 'done').execute();
    assert.ok(done.length >= 60);
  });

  test('a dedupe key keeps one pending job', async () => {
    const first = await enqueueJob(db, clock, { kind: 'test.effect', payload: { name: 'dedupe' }, dedupeKey: 'order:1:cancel', runAt: new Date(clock.now().getTime() + MINUTE) });
    const second = await enqueueJob(db, clock, { kind: 'test.effect', payload: { name: 'dedupe' }, dedupeKey: 'order:1:cancel' });
    assert.ok(first);
    assert.equal(second, null);
  });

  test('failures retry with growing delays, effects of failed attempts roll back; exhausted jobs stop as failed', async () => {
    await enqueueJob(db, clock, { kind: 'test.flaky', payload: { name: 'flaky', failTimes: 2 } });
    for (let i = 0; i < 3; i++) {
      await worker('w1').runDueJobs();
      clock.advance(2 * MINUTE);
    }
    assert.equal(attemptsSeen.get('flaky'), 3);
    assert.equal(await effectCount(db, 'flaky'), 1, 'only the successful attempt left its effect');

    await enqueueJob(db, clock, { kind: 'test.flaky', payload: { name: 'doomed', failTimes: 99 }, maxAttempts: 2 });
    for (let i = 0; i < 4; i++) {
      await worker('w1').runDueJobs();
      clock.advance(10 * MINUTE);
    }
    const doomed = await db.selectFrom('job').select(['status', 'attempts', 'last_error']).where('kind', '=', 'test.flaky').where('payload', '@>', JSON.stringify({ name: 'doomed' }) as never).executeTakeFirstOrThrow();
    assert.equal(doomed.status, 'failed');
    assert.equal(doomed.attempts, 2);
    assert.match(doomed.last_error ?? '', /flaky failure 2/);
  });

  test('external jobs run with no transaction open, retry on their own schedule, and are done once they succeed', async () => {
    const calls: { attempt: number; inTransaction: boolean }[] = [];
    registry.defineExternal<{ name: string }>('test.external', async (extDb, _payload, { attempt }) => {
      // The connection pool is free: a plain query on the outer handle does not wait for a transaction of ours.
      const open = await sql<{ n: number }>`select count(*)::int as n from job where kind = 'test.external' and status = 'running'`.execute(extDb);
      calls.push({ attempt, inTransaction: open.rows[0]!.n !== 1 });
      if (attempt < 3) throw new Error('the other side is down');
    }, { retryDelaysMs: [15_000, 30_000] });
    await enqueueJob(db, clock, { kind: 'test.external', payload: { name: 'x' } });
    const w = worker('external');
    assert.equal(await w.runDueJobs(), 1);
    clock.advance(14_000);
    assert.equal(await w.runDueJobs(), 0, 'the first retry waits 15 s');
    clock.advance(1_000);
    assert.equal(await w.runDueJobs(), 1);
    clock.advance(29_000);
    assert.equal(await w.runDueJobs(), 0, 'the second retry waits 30 s');
    clock.advance(1_000);
    assert.equal(await w.runDueJobs(), 1);
    clock.advance(HOUR_MS);
    assert.equal(await w.runDueJobs(), 0, 'done after the success');
    assert.deepEqual(calls.map((c) => c.attempt), [1, 2, 3]);
    assert.ok(calls.every((c) => !c.inTransaction));
  });

  test('a job claimed by a worker that died is taken over once its lease runs out', async () => {
    await enqueueJob(db, clock, { kind: 'test.effect', payload: { name: 'orphan' } });
    // Worker "crashed" claims it (status running) and never finishes.
    await db.updateTable('job').set({ status: 'running', locked_by: 'crashed', locked_until: new Date(clock.now().getTime() + 5 * MINUTE) })
      .where('kind', '=', 'test.effect').where('status', '=', 'pending').execute();
    await worker('w2').runDueJobs();
    assert.equal(await effectCount(db, 'orphan'), 0, 'not before the lease runs out');
    clock.advance(5 * MINUTE);
    await worker('w2').runDueJobs();
    assert.equal(await effectCount(db, 'orphan'), 1);
  });

  test('recurring jobs: one pending run however many processes schedule them; the next run follows each run', async () => {
    await Promise.all([worker('p1').scheduleRecurring(), worker('p2').scheduleRecurring(), worker('p1').scheduleRecurring()]);
    const pending = await db.selectFrom('job').select('id').where('kind', '=', 'test.tick').where('status', '=', 'pending').execute();
    assert.equal(pending.length, 1);
    await worker('w1').runDueJobs();
    assert.equal(await effectCount(db, 'tick'), 1);
    const next = await db.selectFrom('job').select('run_at').where('kind', '=', 'test.tick').where('status', '=', 'pending').executeTakeFirstOrThrow();
    assert.equal(next.run_at.getTime(), clock.now().getTime() + 10 * MINUTE);
  });

  if (kind === 'postgres') {
    test('a worker whose lease was taken over rolls its own run back (no double effect)', async () => {
      const slowRegistry = new JobRegistry();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const started = new Promise<void>((r) => (entered = r));
      slowRegistry.define('test.slow', async (trx) => {
        await sql`insert into test_effect values ('slow', 1)`.execute(trx);
        entered();
        await gate;
      });
      await enqueueJob(db, clock, { kind: 'test.slow' });
      const slow = new JobWorker({ db, registry: slowRegistry, clock, workerId: 'slow', leaseMs: MINUTE });
      const running = slow.runDueJobs();
      await started;
      clock.advance(2 * MINUTE);
      const fast = new JobWorker({ db, registry: new JobRegistry(), clock, workerId: 'fast' });
      // The fast worker takes the job over; it has no handler so it records a failure and reschedules.
      await fast.runDueJobs();
      release();
      await running;
      assert.equal(await effectCount(db, 'slow'), 0, "the slow worker's effect was rolled back");
    });
  }
});

test('jobs survive a restart of the embedded database', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-jobs-'));
  const clock = new FakeClock();
  try {
    const first = await connectDatabase({ dataDir: dir });
    await migrateToLatest(first.db);
    await enqueueJob(first.db, clock, { kind: 'test.persisted', payload: { n: 1 }, runAt: new Date(clock.now().getTime() + MINUTE) });
    await first.close();

    const second = await connectDatabase({ dataDir: dir });
    const registry = new JobRegistry();
    let ran = 0;
    registry.define('test.persisted', async () => void ran++);
    clock.advance(MINUTE);
    assert.equal(await new JobWorker({ db: second.db, registry, clock }).runDueJobs(), 1);
    assert.equal(ran, 1);
    await second.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
