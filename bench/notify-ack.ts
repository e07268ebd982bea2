// B2's ACK latency: signed sandbox payment notifications at a steady rate against the running app, a mix of
// first deliveries (a payment becomes paid: state change, ledger, buyer message) and duplicates (the provider
// retrying, some while the first is still in flight). Each notification's ACK time is recorded; the provider
// (Alipay, WeChat Pay) retries when the ACK takes too long, so the bar is p99 < 1 s.
//
//   npm run bench -- --only notify-ack --db pglite --products 200 --buyers 400
import crypto from 'node:crypto';
import { HEADER, sandboxConfigFromEnv, signedHeaders } from '../src/modules/payments/sandbox/sandbox.protocol.ts';
import type { BenchBuyer } from '../src/testing/buyers.ts';

export interface NotifyAckResult {
  rate: number;
  seconds: number;
  sent: number;
  fresh: number;
  duplicates: number;
  /** 200 with {"code":"SUCCESS"}. */
  acked: number;
  failed: number;
  'acks/s': number;
  p50: number;
  p90: number;
  p95: number;
  'p97.5': number;
  p99: number;
  max: number;
  'p99 < 1 s': boolean;
  /** How late the client started the latest send against its schedule (a loaded client skews the rate). */
  maxScheduleLagMs: number;
  /** After the run: payments the result page reports paid / buyers holding exactly one message. */
  paid: number;
  oneMessage: number;
  preparedIn: number;
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

interface Prepared {
  buyer: BenchBuyer;
  attemptId: string;
  body: string;
}

/** A placed order with an open sandbox attempt, one per buyer (so each buyer's messages count one payment). */
async function preparePayments(base: string, buyers: BenchBuyer[], skuId: string, count: number, workers = 8): Promise<Prepared[]> {
  const sandbox = sandboxConfigFromEnv(process.env);
  if (buyers.length < count) throw new Error(`notify-ack needs ${count} buyers (one per payment); pass --buyers ${count} or more`);
  const out: Prepared[] = [];
  let next = 0;
  const post = async (buyer: BenchBuyer, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        const buyer = buyers[next++]!;
        const placed = (await post(buyer, '/api/checkout', { source: { kind: 'buy_now', skuId, qty: 1 }, addressId: buyer.addressId })) as { paymentOrderId: string; amountFen: number };
        const started = (await post(buyer, `/api/payments/${placed.paymentOrderId}/pay`, { method: 'sandbox' })) as { attemptId: string };
        const body = JSON.stringify({
          id: `sbn_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, kind: 'payment', out_trade_no: started.attemptId, trade_no: `sbt_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`,
          amount: placed.amountFen, status: 'SUCCESS', app_id: sandbox.appId, mch_id: sandbox.merchantId, paid_at: new Date().toISOString(),
        });
        out.push({ buyer, attemptId: started.attemptId, body });
      }
    }),
  );
  return out;
}

/**
 * Open loop: notification i leaves at start + i / rate whatever the earlier ones are doing (a provider
 * does not wait for us), so slow ACKs show as latency instead of a lower rate. Two in five are first
 * deliveries; the others repeat one of the last 20 sent, often while its first delivery is in flight.
 */
export async function notifyAckFlow(base: string, buyers: BenchBuyer[], skuId: string, options: { rate?: number; seconds?: number } = {}): Promise<NotifyAckResult> {
  const rate = options.rate ?? 50;
  const seconds = options.seconds ?? 10;
  const total = Math.round(rate * seconds);
  const isFresh = (i: number) => i % 5 === 0 || i % 5 === 2;
  const freshCount = Array.from({ length: total }, (_, i) => i).filter(isFresh).length;
  const sandbox = sandboxConfigFromEnv(process.env);

  const prepStarted = performance.now();
  const payments = await preparePayments(base, buyers, skuId, freshCount);
  const preparedIn = Math.round(performance.now() - prepStarted);

  const latencies: number[] = [];
  let acked = 0;
  let failed = 0;
  let firstError: string | undefined;
  let maxLag = 0;
  const sentSoFar: Prepared[] = [];
  let fresh = 0;
  let duplicates = 0;
  const inFlight: Promise<void>[] = [];
  const send = async (p: Prepared) => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}/api/payments/notify/sandbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HEADER.appId]: sandbox.appId, ...signedHeaders(sandbox.key, p.body, new Date()) },
        body: p.body,
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (res.status === 200 && text.includes('SUCCESS')) acked++;
      else {
        failed++;
        firstError ??= `${res.status} ${text.slice(0, 200)}`;
      }
    } catch (error) {
      failed++;
      firstError ??= String(error instanceof Error ? error.message : error);
    }
  };
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    maxLag = Math.max(maxLag, performance.now() - due);
    let p: Prepared;
    if (isFresh(i) || sentSoFar.length === 0) {
      p = payments[fresh++]!;
      sentSoFar.push(p);
    } else {
      const recent = sentSoFar.slice(-20);
      p = recent[Math.floor(Math.random() * recent.length)]!;
      duplicates++;
    }
    inFlight.push(send(p));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;

  // What the shopper sees afterwards: the result page's answer, and one 支付成功 message.
  let paid = 0;
  let oneMessage = 0;
  const used = payments.slice(0, fresh);
  for (let i = 0; i < used.length; i += 10) {
    await Promise.all(
      used.slice(i, i + 10).map(async (p) => {
        const a = (await (await fetch(`${base}/api/payments/attempts/${p.attemptId}`, { headers: { cookie: p.buyer.cookie } })).json()) as { status?: string };
        if (a.status === 'succeeded') paid++;
        const n = (await (await fetch(`${base}/api/me/notifications`, { headers: { cookie: p.buyer.cookie } })).json()) as { total?: number };
        if (n.total === 1) oneMessage++;
      }),
    );
  }

  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  return {
    rate,
    seconds,
    sent: total,
    fresh,
    duplicates,
    acked,
    failed,
    'acks/s': Math.round((acked / elapsed) * 10) / 10,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p95: percentile(latencies, 95),
    'p97.5': percentile(latencies, 97.5),
    p99,
    max: Math.round(latencies.at(-1) ?? 0),
    'p99 < 1 s': latencies.length > 0 && p99 < 1000,
    maxScheduleLagMs: Math.round(maxLag),
    paid,
    oneMessage,
    preparedIn,
    ...(firstError ? { firstError } : {}),
  };
}
