import type { FastifyInstance } from 'fastify';
import { policy } from '../../../http/policy.ts';
import { JobWorker } from '../../../shared/jobs.ts';
import type { TestApp } from '../../../testing/app.ts';
import type { CreatePaymentInput, PaymentAction } from '../provider.ts';
import { createSandboxProvider, injectTransport, sandboxConfigFromEnv, type SandboxProvider } from './sandbox.provider.ts';

/** Test helpers for suites that use the sandbox gateway (this module's and the payments service's). */

export const MALL_BASE_URL = 'http://mall.test';

/** A provider that reaches the test app's gateway through `app.inject`, on the test clock. */
export function testSandboxProvider(t: TestApp, overrides: Partial<{ appId: string; merchantId: string; key: string }> = {}): SandboxProvider {
  return createSandboxProvider({ ...sandboxConfigFromEnv(process.env), baseUrl: MALL_BASE_URL, transport: injectTransport(t.app), clock: t.clock, ...overrides });
}

/**
 * Runs due jobs (notification deliveries included: they are jobs) until nothing is due. Time does
 * not move: advance `t.clock` to reach retries. Returns how many jobs ran.
 */
export async function runSandboxJobs(t: TestApp): Promise<number> {
  const worker = new JobWorker({ db: t.ctx.db, registry: t.ctx.jobs, clock: t.clock });
  let total = 0;
  for (;;) {
    const ran = await worker.runDueJobs(100);
    total += ran;
    if (ran === 0) return total;
  }
}

export interface ReceivedNotification {
  /** Which probe URL received it (`probe.url(channel)`). */
  channel: string;
  /** The test clock when it arrived. */
  at: Date;
  headers: Record<string, string | undefined>;
  rawBody: string;
  body: Record<string, unknown>;
}

export type ProbeAnswer = (n: ReceivedNotification, index: number) => { status: number; body: string } | Promise<{ status: number; body: string }>;

export interface NotifyProbe {
  /** Mount with `createTestApp(db, { plugins: [probe.plugin] })`. */
  plugin: (app: FastifyInstance) => Promise<void>;
  /** A notify URL of its own per test, so notifications of other tests never mix in. */
  url(channel: string): string;
  /** What arrived at `url(channel)`, in order. */
  of(channel: string): ReceivedNotification[];
  /** How `url(channel)` answers its n-th (0-based) notification; default 200 {"code":"SUCCESS"}. */
  answer(channel: string, fn: ProbeAnswer): void;
  /** The most requests one channel had in progress at once. */
  maxConcurrent(channel: string): number;
}

export const ACK = { status: 200, body: '{"code":"SUCCESS"}' };
export const NACK = { status: 500, body: '{"code":"FAIL","message":"busy"}' };

/** A notify URL on the test app that records what it receives (raw body and headers) and answers as told. */
export function notifyProbe(clock: () => { now(): Date }, prefix = '/probe/sandbox-notify'): NotifyProbe {
  const received: ReceivedNotification[] = [];
  const answers = new Map<string, ProbeAnswer>();
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  return {
    url: (channel) => `${MALL_BASE_URL}${prefix}/${channel}`,
    of: (channel) => received.filter((n) => n.channel === channel),
    answer: (channel, fn) => void answers.set(channel, fn),
    maxConcurrent: (channel) => peak.get(channel) ?? 0,
    plugin: async (app) => {
      app.removeAllContentTypeParsers();
      app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, String(body)));
      app.post(`${prefix}/:channel`, { config: { policy: policy.public() }, schema: { hide: true } }, async (request, reply) => {
        const channel = (request.params as { channel: string }).channel;
        inFlight.set(channel, (inFlight.get(channel) ?? 0) + 1);
        peak.set(channel, Math.max(peak.get(channel) ?? 0, inFlight.get(channel)!));
        try {
          const rawBody = String(request.body ?? '');
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(rawBody);
          } catch {
            /* recorded as is */
          }
          const n: ReceivedNotification = { channel, at: clock().now(), headers, rawBody, body };
          const index = received.filter((r) => r.channel === channel).length;
          received.push(n);
          const a = await (answers.get(channel) ?? (() => ACK))(n, index);
          return reply.code(a.status).header('content-type', 'application/json').send(a.body);
        } finally {
          inFlight.set(channel, inFlight.get(channel)! - 1);
        }
      });
    },
  };
}

/** The hosted page's path from what `create` answered. */
export function payPagePath(action: PaymentAction): string {
  const url = action.type === 'redirect' ? action.url : action.type === 'qr' ? action.content : '';
  return new URL(url).pathname;
}

/** The shopper presses 支付成功 (optionally choosing a notification mode in the sandbox options). */
export function payOnPage(t: TestApp, action: PaymentAction, notifyMode?: string) {
  return t.app.inject({
    method: 'POST',
    url: `${payPagePath(action)}/pay`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: notifyMode ? `notify_mode=${encodeURIComponent(notifyMode)}` : '',
  });
}

/** The shopper presses 支付失败. */
export function failOnPage(t: TestApp, action: PaymentAction) {
  return t.app.inject({ method: 'POST', url: `${payPagePath(action)}/fail`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
}

let seq = 0;
/** A unique out_trade_no-like id for tests. */
export function testId(prefix = 'pat'): string {
  seq += 1;
  return `${prefix}_t${Date.now().toString(36)}${seq}`;
}

/** A CreatePaymentInput with sensible defaults (30 minutes to pay). */
export function paymentInput(t: TestApp, notifyUrl: string, overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  return {
    outTradeNo: testId(),
    amountFen: 1000,
    subject: '集市订单',
    channel: 'page',
    notifyUrl,
    returnUrl: `${MALL_BASE_URL}/pay/return`,
    expiresAt: new Date(t.clock.now().getTime() + 30 * 60_000),
    ...overrides,
  };
}
