import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { checkout, makeBuyer, makeMarket, type Market } from '../../testing/payment-fixtures.ts';
import { payOnPage, runSandboxJobs } from './sandbox/sandbox.test-helpers.ts';
import type { PaymentAction } from './provider.ts';

/**
 * Luhn-valid runs of 13–19 digits standing on their own: what a card number (PAN) looks like — not a +86
 * phone, not the decimals of a float, not a stretch of digits inside a hex hash or an id.
 */
export function cardLikeNumbers(text: string): string[] {
  return [...text.matchAll(/(?<![\dA-Za-z.+])\d{13,19}(?![\dA-Za-z])/g)].map((m) => m[0]).filter((digits) => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return sum % 10 === 0;
  });
}

test('the card-number detector finds Luhn-valid PANs and nothing else', () => {
  assert.deepEqual(cardLikeNumbers('pay 4111111111111111 now, 6222021234567890128 too; 4111111111111112 is no card; 13800138000 is a phone, so is +8613812345678; 28.811084000000847 ms; hash ab80956540544018cd; "pan":"5555555555554444"'), ['4111111111111111', '6222021234567890128', '5555555555554444']);
});

/**
 * F6, out of PCI scope: shoppers pay on the provider's own page (the sandbox's hosted page here, Alipay's
 * or WeChat's in production), so no card number ever reaches the mall — not in any table, not in a log.
 */
describeEachDatabase('F6: no card numbers in the database or the logs after payments', (database) => {
  let t: TestApp;
  let market: Market;
  let logText = '';

  before(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    t = await createTestApp(database(), { logStream: logs, logLevel: 'info' });
    market = await makeMarket(t);
  });
  after(async () => {
    await t.app.close();
  });

  test('pay, refund and reconcile, then scan every table and every log line', async () => {
    for (let i = 0; i < 3; i++) {
      const buyer = await makeBuyer(t);
      const placed = await checkout(t, market, buyer, [1, 1]);
      const res = await buyer.client.post(`/api/payments/${placed.paymentOrderId}/pay`, { method: 'sandbox' }, { 'idempotency-key': `pci-${i}` });
      const { action } = res.json() as { action: PaymentAction };
      const page = await t.app.inject({ method: 'GET', url: new URL((action as { url: string }).url).pathname });
      assert.doesNotMatch(page.body, /card|卡号|cvv/i, 'the hosted page asks for no card details');
      await payOnPage(t, action);
      await runSandboxJobs(t);
      await buyer.client.post(`/api/me/orders/${placed.orderIds[0]}/cancel`, { reason: '测试' });
      await runSandboxJobs(t);
    }
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.ctx.db);
    assert.ok(tables.rows.length > 20);
    const hits: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ row: unknown }>`select to_jsonb(x) as row from ${sql.table(table_name)} x`.execute(t.ctx.db);
      for (const r of rows.rows) {
        // Timestamps are stored as timestamptz, so the only long digit runs left would be something a person typed.
        for (const hit of cardLikeNumbers(JSON.stringify(r.row))) hits.push(`${table_name}: ${hit}`);
      }
    }
    // pino's own "time" (epoch ms, 13 digits) is not data; everything else in a log line is.
    for (const line of logText.split('\n').filter(Boolean)) {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      for (const hit of cardLikeNumbers(JSON.stringify(rest))) hits.push(`log: ${hit} in ${line.slice(0, 300)}`);
    }
    assert.ok(logText.length > 1000, 'requests were logged');
    assert.deepEqual(hits, []);
  });
});
