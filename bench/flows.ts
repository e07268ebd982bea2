// Multi-step scenarios driven with fetch (undici): each virtual shopper repeats a whole flow and we count
// finished flows per second, the way a shopper experiences it.
import crypto from 'node:crypto';
import type { BenchBuyer } from '../src/testing/buyers.ts';

export interface FlowResult {
  'flows/s': number;
  flows: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

async function expectOk(res: Response, step: string): Promise<unknown> {
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${step}: ${res.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/**
 * Cart → submit → pay at the sandbox gateway → confirmed: add to cart, place the order, start a sandbox
 * payment, press 支付成功 on the hosted page, then the result page's active query (主动查单) finds it paid.
 * `workers` shoppers run at once, each with its own accounts (a cart is one shopper's).
 */
export async function checkoutAndPayFlows(base: string, buyers: BenchBuyer[], skuId: string, workers: number, seconds: number): Promise<FlowResult> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const post = (buyer: BenchBuyer, path: string, body: unknown, key = true) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, ...(key ? { 'idempotency-key': crypto.randomUUID() } : {}) },
      body: JSON.stringify(body),
    });
  const one = async (buyer: BenchBuyer) => {
    await expectOk(await post(buyer, '/api/cart/items', { skuId, qty: 1 }, false), 'add to cart');
    const placed = (await expectOk(await post(buyer, '/api/checkout', { source: { kind: 'cart' }, addressId: buyer.addressId }), 'checkout')) as { paymentOrderId: string };
    const started = (await expectOk(await post(buyer, `/api/payments/${placed.paymentOrderId}/pay`, { method: 'sandbox' }), 'pay')) as { attemptId: string; action: { url: string } };
    const page = new URL(started.action.url);
    const paid = await fetch(`${base}${page.pathname}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    await paid.arrayBuffer();
    if (paid.status !== 303) throw new Error(`hosted page: ${paid.status}`);
    const status = (await expectOk(await fetch(`${base}/api/payments/attempts/${started.attemptId}?refresh=1`, { headers: { cookie: buyer.cookie } }), 'confirm')) as { status: string };
    if (status.status !== 'succeeded') throw new Error(`payment not confirmed: ${status.status}`);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const buyer = buyers[(w + i * workers) % buyers.length]!;
        const t0 = performance.now();
        try {
          await one(buyer);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= String(error instanceof Error ? error.message : error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    'flows/s': Math.round((latencies.length / elapsed) * 10) / 10,
    flows: latencies.length,
    errors,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    ...(firstError ? { firstError } : {}),
  };
}
