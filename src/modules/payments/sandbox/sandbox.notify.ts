import type { Db, Trx } from '../../../db/database.ts';
import { HOUR, MINUTE, type Clock } from '../../../shared/clock.ts';
import { newId } from '../../../shared/ids.ts';
import { enqueueJob, type JobRegistry } from '../../../shared/jobs.ts';
import { fetchTransport, sandboxConfigFromEnv, signedHeaders, type SandboxConfig, type SandboxTransport } from './sandbox.protocol.ts';
import type { Trade } from './sandbox.gateway.ts';
import { faultsFor, resolveApp } from './sandbox.settings.ts';

/**
 * Asynchronous notifications from the sandbox gateway to the merchant's notify URL, delivered like
 * WeChat Pay's: signed JSON, acknowledged only by a 2xx answer whose body is {"code":"SUCCESS"},
 * otherwise retried after 15 s, 15 s, 30 s, 3 m, 10 m, 20 m, 30 m, 30 m, 30 m, 60 m, 3 h, 3 h, 3 h, 6 h, 6 h
 * (16 attempts over about 24 h), then given up.
 *
 * How HTTP stays out of database transactions:
 * - The change that causes a notification (a payment, a refund) inserts the `sandbox_notification`
 *   row and enqueues its delivery job in its own transaction — the outbox: nothing is sent unless
 *   that commits, and nothing is sent before it commits.
 * - Delivery is an *external* job (`JobRegistry.defineExternal`, src/shared/jobs.ts): the worker runs
 *   it with no transaction open and no connection held (on PGlite the mall's notify route needs the
 *   one connection while we wait for its answer), and marks the job done afterwards. A failed
 *   attempt throws, and the worker retries the job after the next delay of the schedule above.
 * - Each statement the handler makes is its own short autocommit; a crash between the POST and
 *   recording the answer means one more POST later — at least once, as with the real gateways.
 * - One job delivers a notification: the first job to run claims it (`job_id`), so a second job for
 *   the same notification (the reorder release below and the hold timer) never doubles the retries.
 */

export const NOTIFY_JOB = 'sandbox.notify';
export const NOTIFY_RETRY_DELAYS_MS = [15_000, 15_000, 30_000, 3 * MINUTE, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE, 30 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 3 * HOUR, 3 * HOUR, 6 * HOUR, 6 * HOUR] as const;
export const MAX_NOTIFY_ATTEMPTS = NOTIFY_RETRY_DELAYS_MS.length + 1;
/** Fault `reorder`: how long a payment notification waits for a refund notification to overtake it. */
export const REORDER_HOLD_MS = 10 * MINUTE;

/**
 * Queues a notification in the caller's transaction (the one that changed the trade), applying the
 * trade's fault settings: `never` stores it as suppressed, `delayMs` postpones the first attempt,
 * `reorder` holds a payment notification until a refund notification has gone first (or the hold ends).
 */
export async function queueNotification(
  trx: Trx,
  clock: Clock,
  trade: Pick<Trade, 'id' | 'mch_id' | 'out_trade_no' | 'notify_url'>,
  n: { kind: 'payment' | 'refund'; refundId?: string; body: Record<string, unknown> },
): Promise<string> {
  const faults = await faultsFor(trx, trade.mch_id, trade.out_trade_no);
  const id = newId('sbn');
  const held = faults.reorder && n.kind === 'payment';
  const status = faults.never ? 'suppressed' : held ? 'held' : 'pending';
  await trx
    .insertInto('sandbox_notification')
    .values({
      id,
      trade_id: trade.id,
      refund_id: n.refundId ?? null,
      kind: n.kind,
      notify_url: trade.notify_url,
      body: JSON.stringify({ id, kind: n.kind, ...n.body }),
      status,
      copies: faults.duplicate,
      job_id: null,
      last_http_status: null,
      last_error: null,
      created_at: clock.now(),
    })
    .execute();
  if (status !== 'suppressed') {
    const runAt = new Date(clock.now().getTime() + faults.delayMs + (held ? REORDER_HOLD_MS : 0));
    await enqueueJob(trx, clock, { kind: NOTIFY_JOB, payload: { notificationId: id }, runAt, maxAttempts: MAX_NOTIFY_ATTEMPTS });
  }
  return id;
}

// --- delivery --------------------------------------------------------------------------------------

/** What delivery needs besides the database: how to reach notify URLs, and the env-configured app. */
export interface SandboxRuntime {
  config: SandboxConfig;
  transport: SandboxTransport;
}

const runtimes = new WeakMap<JobRegistry, SandboxRuntime>();

/**
 * Tells the registry's notification jobs how to reach notify URLs. `sandboxGatewayRoutes` does it
 * (fetch while the app listens on a port, `app.inject` otherwise, so tests need no port); without
 * it deliveries use fetch and the environment's configuration.
 */
export function bindSandboxGateway(registry: JobRegistry, runtime: SandboxRuntime): void {
  runtimes.set(registry, runtime);
}

export function sandboxGatewayBound(registry: JobRegistry): boolean {
  return runtimes.has(registry);
}

export function unbindSandboxGateway(registry: JobRegistry, runtime: SandboxRuntime): void {
  if (runtimes.get(registry) === runtime) runtimes.delete(registry);
}

let defaultRuntime: SandboxRuntime | undefined;
function runtimeFor(registry: JobRegistry): SandboxRuntime {
  return runtimes.get(registry) ?? (defaultRuntime ??= { config: sandboxConfigFromEnv(process.env), transport: fetchTransport() });
}

function acknowledged(status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    return (JSON.parse(body) as { code?: unknown } | null)?.code === 'SUCCESS';
  } catch {
    return false;
  }
}

/** Thrown by a failed attempt so that the job worker retries it on the schedule. */
export class NotificationNotAcknowledged extends Error {
  constructor(notificationId: string, attempt: number, detail: string) {
    super(`notification ${notificationId}, attempt ${attempt}: ${detail}`);
    this.name = 'NotificationNotAcknowledged';
  }
}

/**
 * One delivery attempt of one notification (no transaction open). Returns quietly when there is
 * nothing to do (acknowledged, suppressed, or another job owns the delivery); throws when the
 * merchant did not acknowledge and attempts remain.
 */
export async function deliverNotification(db: Db, clock: Clock, runtime: SandboxRuntime, notificationId: string, job: { jobId: string; attempt: number }): Promise<void> {
  const now = clock.now();
  const n = await db
    .updateTable('sandbox_notification')
    .set((eb) => ({ job_id: job.jobId, status: 'pending', attempts: eb('attempts', '+', 1), last_attempt_at: now }))
    .where('id', '=', notificationId)
    .where('status', 'in', ['pending', 'held'])
    .where((eb) => eb.or([eb('job_id', 'is', null), eb('job_id', '=', job.jobId)]))
    .returningAll()
    .executeTakeFirst();
  if (!n) return;
  const trade = await db.selectFrom('sandbox_trade').select(['id', 'app_id']).where('id', '=', n.trade_id).executeTakeFirstOrThrow();
  const app = await resolveApp(db, runtime.config, trade.app_id);
  if (!app) throw new Error(`sandbox app ${trade.app_id} is unknown`);

  type Outcome = { ok: boolean; status: number | null; note: string };
  const send = async (): Promise<Outcome> => {
    const headers = { 'content-type': 'application/json', 'user-agent': 'jishi-sandbox-gateway', ...signedHeaders(app.key, n.body, clock.now()) };
    try {
      const res = await runtime.transport.request('POST', n.notify_url, headers, n.body);
      const ok = acknowledged(res.status, res.body);
      return { ok, status: res.status, note: ok ? '' : `HTTP ${res.status}: ${res.body.slice(0, 200)}` };
    } catch (error) {
      return { ok: false, status: null, note: String(error instanceof Error ? error.message : error).slice(0, 200) };
    }
  };
  // Fault `duplicate`: the first half of the copies at once, the rest one after another.
  const together = Math.ceil(n.copies / 2);
  const outcomes = await Promise.all(Array.from({ length: together }, send));
  for (let i = together; i < n.copies; i++) outcomes.push(await send());

  const ok = outcomes.some((o) => o.ok);
  const last = outcomes.find((o) => o.ok) ?? outcomes[outcomes.length - 1]!;
  const givingUp = !ok && n.attempts >= MAX_NOTIFY_ATTEMPTS;
  await db
    .updateTable('sandbox_notification')
    .set((eb) => ({
      deliveries: eb('deliveries', '+', n.copies),
      last_http_status: last.status,
      last_error: ok ? null : last.note,
      ...(ok ? { status: 'acked' as const, acked_at: clock.now() } : givingUp ? { status: 'failed' as const } : {}),
    }))
    .where('id', '=', n.id)
    .where('status', '=', 'pending')
    .execute();

  // Fault `reorder`: a refund notification has gone out; now the held payment notification may follow.
  if (n.kind === 'refund' && n.attempts === 1) {
    await db.transaction().execute(async (trx) => {
      const released = await trx.updateTable('sandbox_notification').set({ status: 'pending' }).where('trade_id', '=', n.trade_id).where('status', '=', 'held').returning('id').execute();
      for (const r of released) await enqueueJob(trx, clock, { kind: NOTIFY_JOB, payload: { notificationId: r.id }, maxAttempts: MAX_NOTIFY_ATTEMPTS });
    });
  }
  if (!ok && !givingUp) throw new NotificationNotAcknowledged(n.id, n.attempts, last.note);
}

/** The sandbox gateway's job kinds: `sandbox.notify` (delivers one notification, retrying on WeChat's schedule). */
export function registerSandboxJobs(registry: JobRegistry, deps: { runtime?: SandboxRuntime } = {}): void {
  if (deps.runtime) bindSandboxGateway(registry, deps.runtime);
  registry.defineExternal<{ notificationId: string }>(
    NOTIFY_JOB,
    async (db, { notificationId }, { clock, jobId, attempt }) => {
      await deliverNotification(db, clock, runtimeFor(registry), notificationId, { jobId, attempt });
    },
    { retryDelaysMs: NOTIFY_RETRY_DELAYS_MS },
  );
}
