import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { NotificationRejected, type IncomingNotification } from '../provider.ts';
import { HEADER, hmacHex, injectTransport, messageOf, sandboxConfigFromEnv, signedHeaders, type SandboxTransport } from './sandbox.protocol.ts';
import { createSandboxProvider, SandboxGatewayError, type SandboxProvider } from './sandbox.provider.ts';
import { notifyProbe, payOnPage, paymentInput, runSandboxJobs, testSandboxProvider } from './sandbox.test-helpers.ts';

const config = sandboxConfigFromEnv({});

test('sandboxConfigFromEnv: defaults for a sandbox, overridden by the environment', () => {
  assert.deepEqual(sandboxConfigFromEnv({}), {
    appId: 'jishi-sandbox',
    merchantId: '1900000001',
    key: 'jishi-sandbox-key',
    merchantName: '集市 Jishi',
    baseUrl: 'http://localhost:3000',
  });
  const c = sandboxConfigFromEnv({ SANDBOX_APP_ID: 'a', SANDBOX_MCH_ID: 'm', SANDBOX_KEY: 'k'.repeat(12), PUBLIC_BASE_URL: 'https://mall.example.com/', PORT: '8080' });
  assert.deepEqual([c.appId, c.merchantId, c.key, c.baseUrl], ['a', 'm', 'k'.repeat(12), 'https://mall.example.com']);
});

test('notificationAck: {"code":"SUCCESS"} stops the gateway’s retries, FAIL asks for one', () => {
  const provider = createSandboxProvider({ ...config, transport: { request: async () => assert.fail('no calls') } });
  assert.deepEqual(provider.notificationAck(true), { status: 200, contentType: 'application/json', body: '{"code":"SUCCESS"}' });
  const fail = provider.notificationAck(false);
  assert.ok(fail.status >= 400);
  assert.equal(JSON.parse(fail.body).code, 'FAIL');
  assert.ok(JSON.parse(fail.body).message);
});

test('verifyNotification rejects what is not authentic or not ours, with the reason', async () => {
  const provider = createSandboxProvider({ ...config, transport: { request: async () => assert.fail('no calls') } });
  const now = new Date('2030-05-01T00:00:00Z');
  const body = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({ id: 'sbn_1', kind: 'payment', app_id: config.appId, mch_id: config.merchantId, out_trade_no: 'pat_1', trade_no: 'sbt_1', amount: 100, status: 'SUCCESS', paid_at: now.toISOString(), ...fields });
  const sign = (rawBody: string, key = config.key, at = now): IncomingNotification => ({ headers: signedHeaders(key, rawBody, at), rawBody });
  const rejects = async (n: IncomingNotification, reason: NotificationRejected['reason']) =>
    assert.rejects(provider.verifyNotification(n, now), (e: unknown) => e instanceof NotificationRejected && e.reason === reason);

  const good = sign(body());
  assert.equal((await provider.verifyNotification(good, now)).kind, 'payment');
  // tampered body
  await rejects({ ...good, rawBody: good.rawBody.replace('"amount":100', '"amount":1') }, 'bad_signature');
  // wrong key
  await rejects(sign(body(), 'somebody-elses-key'), 'bad_signature');
  const other = createSandboxProvider({ ...config, key: 'another-key-123', transport: { request: async () => assert.fail() } });
  await assert.rejects(other.verifyNotification(good, now), (e: NotificationRejected) => e.reason === 'bad_signature');
  // a signature from another message (its nonce) and a truncated one
  await rejects({ ...good, headers: { ...good.headers, [HEADER.nonce]: 'f'.repeat(32) } }, 'bad_signature');
  await rejects({ ...good, headers: { ...good.headers, [HEADER.signature]: good.headers[HEADER.signature]!.slice(0, 40) } }, 'bad_signature');
  // missing headers
  for (const name of [HEADER.timestamp, HEADER.nonce, HEADER.signature]) {
    const headers: Record<string, string | undefined> = { ...good.headers };
    delete headers[name];
    await rejects({ ...good, headers }, 'missing_signature');
  }
  await rejects({ headers: {}, rawBody: good.rawBody }, 'missing_signature');
  // stale, either way
  await rejects(sign(body(), config.key, new Date(now.getTime() - 5 * 60_000 - 1000)), 'stale_timestamp');
  await rejects(sign(body(), config.key, new Date(now.getTime() + 6 * 60_000)), 'stale_timestamp');
  assert.equal((await provider.verifyNotification(sign(body(), config.key, new Date(now.getTime() - 4 * 60_000)), now)).kind, 'payment');
  await rejects({ headers: { ...good.headers, [HEADER.timestamp]: 'soon', [HEADER.signature]: hmacHex(config.key, messageOf('soon', good.headers[HEADER.nonce]!, good.rawBody)) }, rawBody: good.rawBody }, 'stale_timestamp');
  // foreign app or merchant, properly signed
  await rejects(sign(body({ app_id: 'someone-else' })), 'foreign_app');
  await rejects(sign(body({ mch_id: '1900000999' })), 'foreign_app');
  // malformed
  await rejects(sign('not json'), 'malformed');
  await rejects(sign(body({ kind: 'mystery' })), 'malformed');
  await rejects(sign(body({ amount: '100' })), 'malformed');
  await rejects(sign(body({ paid_at: 'yesterday' })), 'malformed');

  const refund = await provider.verifyNotification(
    sign(JSON.stringify({ kind: 'refund', app_id: config.appId, mch_id: config.merchantId, out_trade_no: 'pat_1', trade_no: 'sbt_1', out_refund_no: 'rfd_1', refund_no: 'sbr_1', amount: 50, status: 'SUCCESS' })),
    now,
  );
  assert.deepEqual(refund, { kind: 'refund', outTradeNo: 'pat_1', outRefundNo: 'rfd_1', providerRefundNo: 'sbr_1', refundFen: 50, status: 'succeeded', appId: config.appId, merchantId: config.merchantId });
});

test('answers that the gateway did not sign are not believed', async () => {
  const forged: SandboxTransport = {
    request: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'SUCCESS', amount: 1, trade_no: 'sbt_x', paid_at: new Date().toISOString() }) }),
  };
  await assert.rejects(createSandboxProvider({ ...config, transport: forged }).query('pat_1'), (e: SandboxGatewayError) => e.code === 'BAD_RESPONSE_SIGNATURE');
  const wrongKey: SandboxTransport = {
    request: async () => {
      const body = JSON.stringify({ status: 'SUCCESS', amount: 1, trade_no: 'sbt_x', paid_at: null });
      return { status: 200, headers: signedHeaders('guessed-key-12345', body, new Date()), body };
    },
  };
  await assert.rejects(createSandboxProvider({ ...config, transport: wrongKey }).query('pat_1'), (e: SandboxGatewayError) => e.code === 'BAD_RESPONSE_SIGNATURE');
  const down: SandboxTransport = { request: async () => ({ status: 502, headers: {}, body: 'Bad Gateway' }) };
  await assert.rejects(createSandboxProvider({ ...config, transport: down }).refund({ outTradeNo: 'p', outRefundNo: 'r', refundFen: 1, totalFen: 1, reason: '' }), SandboxGatewayError, 'a broken gateway throws (retry), never "failed"');
});

describeEachDatabase('sandbox provider against the gateway', (database) => {
  let t: TestApp;
  let provider: SandboxProvider;
  const probe = notifyProbe(() => t.clock);

  before(async () => {
    t = await createTestApp(database(), { plugins: [probe.plugin] });
    provider = testSandboxProvider(t);
  });
  after(async () => {
    await t.app.close();
  });

  test('a real notification verifies; it goes stale after 5 minutes; another app’s provider rejects it', async () => {
    const input = paymentInput(t, probe.url('verify'));
    await payOnPage(t, await provider.create(input));
    await runSandboxJobs(t);
    const [n] = probe.of('verify');
    const incoming = { headers: n!.headers, rawBody: n!.rawBody };
    assert.equal((await provider.verifyNotification(incoming, t.clock.now())).kind, 'payment');
    await assert.rejects(provider.verifyNotification(incoming, new Date(t.clock.now().getTime() + 5 * 60_000 + 1000)), (e: NotificationRejected) => e.reason === 'stale_timestamp');
    const foreign = testSandboxProvider(t, { appId: 'some-other-app', merchantId: '1900000777' });
    await assert.rejects(foreign.verifyNotification(incoming, t.clock.now()), (e: NotificationRejected) => e.reason === 'foreign_app');
  });

  test('a provider whose clock is more than 5 minutes off is refused by the gateway', async () => {
    const skewed = createSandboxProvider({ ...config, baseUrl: 'http://mall.test', transport: injectTransport(t.app), clock: { now: () => new Date(t.clock.now().getTime() - 10 * 60_000) } });
    await assert.rejects(skewed.query('pat_x'), (e: SandboxGatewayError) => e.code === 'TIMESTAMP_EXPIRED');
  });
});
