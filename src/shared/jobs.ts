import os from 'node:os';
import { sql } from 'kysely';
import type { Db, Queryable, Trx } from '../db/database.ts';
import type { Clock } from './clock.ts';
import { newId } from './ids.ts';

/**
 * Durable jobs and timers in the `job` table. A job enqueued inside a transaction exists
 * only if that transaction commits, so the job table is also the outbox: side effects
 * (payment calls, SMS, email) are enqueued with the change that causes them and run after
 * commit. Workers claim due jobs with FOR UPDATE SKIP LOCKED; a job's handler runs in one
 * transaction that also marks it done, so its database effects happen exactly once even
 * with several app processes. Work outside the database must be idempotent (at least once).
 */
export interface JobContext {
  clock: Clock;
  jobId: string;
  attempt: number;
}

export type JobHandler<P = Record<string, unknown>> = (trx: Trx, payload: P, ctx: JobContext) => Promise<void>;

/**
 * A job whose work happens outside the database — a call to a payment provider, an HTTP delivery.
 * It runs with no transaction open (holding none of our rows or connections while the other side
 * answers); the job is marked done afterwards. It may run more than once (a crash after the call,
 * before the mark), so the work must be idempotent at the other side: use our ids as its keys.
 */
export type ExternalJobHandler<P = Record<string, unknown>> = (db: Db, payload: P, ctx: JobContext) => Promise<void>;

export interface JobDefinitionOptions {
  /** Delays before each retry (the last repeats); default `retryDelayMs`. */
  retryDelaysMs?: readonly number[];
}

interface JobDefinition extends JobDefinitionOptions {
  handler?: JobHandler<any>;
  external?: ExternalJobHandler<any>;
  /** For recurring jobs: the next run is enqueued this long after a run finishes. */
  everyMs?: number;
}

export class JobRegistry {
  readonly #definitions = new Map<string, JobDefinition>();

  define<P extends Record<string, unknown>>(kind: string, handler: JobHandler<P>, options: JobDefinitionOptions = {}): void {
    if (this.#definitions.has(kind)) throw new Error(`job ${kind} defined twice`);
    this.#definitions.set(kind, { handler, ...options });
  }

  /** A job that calls out of the process (see ExternalJobHandler). */
  defineExternal<P extends Record<string, unknown>>(kind: string, handler: ExternalJobHandler<P>, options: JobDefinitionOptions = {}): void {
    if (this.#definitions.has(kind)) throw new Error(`job ${kind} defined twice`);
    this.#definitions.set(kind, { external: handler, ...options });
  }

  /** A job that runs every `everyMs`, forever; at most one run of it is pending at a time. */
  defineRecurring(kind: string, everyMs: number, handler: JobHandler<Record<string, never>>): void {
    if (this.#definitions.has(kind)) throw new Error(`job ${kind} defined twice`);
    this.#definitions.set(kind, { handler, everyMs });
  }

  get(kind: string): JobDefinition | undefined {
    return this.#definitions.get(kind);
  }

  recurring(): [string, number][] {
    return [...this.#definitions].filter(([, d]) => d.everyMs).map(([k, d]) => [k, d.everyMs!]);
  }
}

export interface EnqueueOptions {
  kind: string;
  payload?: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** While a job with this key is pending or running, enqueueing another is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Returns the new job's id, or null when a job with the same dedupe key is already waiting. */
export async function enqueueJob(q: Queryable, clock: Clock, options: EnqueueOptions): Promise<string | null> {
  const now = clock.now();
  const id = newId('job');
  const row = await q
    .insertInto('job')
    .values({
      id,
      kind: options.kind,
      payload: JSON.stringify(options.payload ?? {}),
      run_at: options.runAt ?? now,
      max_attempts: options.maxAttempts ?? 10,
      dedupe_key: options.dedupeKey ?? null,
      created_at: now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').where('status', 'in', ['pending', 'running']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Retry delays grow: 5 s, 20 s, 45 s … capped at 1 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * attempt * attempt, 3_600_000);
}

export interface JobWorkerOptions {
  db: Db;
  registry: JobRegistry;
  clock: Clock;
  workerId?: string;
  /** How long a claimed job is ours before another worker may take it over. */
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  onError?: (error: unknown, job: { id: string; kind: string }) => void;
}

export class JobWorker {
  readonly workerId: string;
  readonly #o: Required<Omit<JobWorkerOptions, 'workerId' | 'onError'>> & Pick<JobWorkerOptions, 'onError'>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(options: JobWorkerOptions) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${newId('job').slice(-6)}`;
    this.#o = { leaseMs: 5 * 60_000, pollMs: 1_000, batchSize: 10, ...options };
  }

  /** Makes sure every recurring job has a pending run. Safe to call from every process. */
  async scheduleRecurring(): Promise<void> {
    for (const [kind] of this.#o.registry.recurring()) {
      await enqueueJob(this.#o.db, this.#o.clock, { kind, dedupeKey: `recurring:${kind}` });
    }
  }

  /** Claims due jobs (and jobs whose lease ran out) and runs them; returns how many ran. */
  async runDueJobs(limit = this.#o.batchSize): Promise<number> {
    const { db, clock, leaseMs } = this.#o;
    const now = clock.now();
    const claimed = await db
      .updateTable('job')
      .set({
        status: 'running',
        locked_by: this.workerId,
        locked_until: new Date(now.getTime() + leaseMs),
        attempts: sql`attempts + 1`,
      })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('job')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'pending'), w('run_at', '<=', now)]),
              w.and([w('status', '=', 'running'), w('locked_until', '<=', now)]),
            ]),
          )
          .orderBy('run_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts', 'dedupe_key'])
      .execute();
    for (const job of claimed) await this.#run(job);
    return claimed.length;
  }

  async #run(job: { id: string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number; dedupe_key: string | null }): Promise<void> {
    const { db, clock, registry } = this.#o;
    const definition = registry.get(job.kind);
    try {
      if (!definition) throw new Error(`no handler for job kind ${job.kind}`);
      if (definition.external) await definition.external(db, job.payload, { clock, jobId: job.id, attempt: job.attempts });
      await db.transaction().execute(async (trx) => {
        await definition.handler?.(trx, job.payload, { clock, jobId: job.id, attempt: job.attempts });
        const done = await trx
          .updateTable('job')
          .set({ status: 'done', finished_at: clock.now(), locked_until: null })
          .where('id', '=', job.id)
          .where('locked_by', '=', this.workerId)
          .where('status', '=', 'running')
          .executeTakeFirst();
        // Our lease ran out and another worker took the job over: undo our run.
        if (Number(done.numUpdatedRows) !== 1) throw new LeaseLost(job.id);
        if (definition.everyMs) {
          await enqueueJob(trx, clock, { kind: job.kind, dedupeKey: job.dedupe_key ?? `recurring:${job.kind}`, runAt: new Date(clock.now().getTime() + definition.everyMs) });
        }
      });
    } catch (error) {
      if (error instanceof LeaseLost) return;
      this.#o.onError?.(error, job);
      const exhausted = job.attempts >= job.max_attempts;
      await db
        .updateTable('job')
        .set({
          status: exhausted ? 'failed' : 'pending',
          run_at: new Date(clock.now().getTime() + (definition?.retryDelaysMs ? definition.retryDelaysMs[Math.min(job.attempts, definition.retryDelaysMs.length) - 1]! : retryDelayMs(job.attempts))),
          locked_by: null,
          locked_until: null,
          last_error: String(error instanceof Error ? error.stack ?? error.message : error).slice(0, 2000),
          finished_at: exhausted ? clock.now() : null,
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
    }
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      this.#running = this.runDueJobs().catch((error) => this.#o.onError?.(error, { id: '-', kind: '-' }));
      await this.#running;
      if (!this.#stopped) this.#timer = setTimeout(tick, this.#o.pollMs);
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the batch in hand to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}

class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`lease lost on job ${jobId}`);
  }
}
