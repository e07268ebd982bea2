import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { describeEachDatabase } from '../testing/databases.ts';
import { ApiClient, createTestApp, uniqueMobile, type TestApp } from '../testing/app.ts';
import { errorCatalogue } from './error-catalogue.ts';
import { renderErrorDocs } from './error-docs.ts';
import { maskPhones } from './logging.ts';

test('the error catalogue has both languages for every code, and docs/errors.md matches it', () => {
  for (const [code, entry] of Object.entries(errorCatalogue)) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(entry.zh && entry.en, code);
    assert.ok(entry.status >= 400 && entry.status < 600, code);
  }
  assert.equal(fs.readFileSync('docs/errors.md', 'utf8'), renderErrorDocs(), 'run `npm run docs:errors`');
});

test('maskPhones keeps only the first 3 and last 4 digits', () => {
  assert.equal(maskPhones('/api/users/13812345678/x'), '/api/users/138****5678/x');
  assert.equal(maskPhones('+8613812345678'), '138****5678');
  assert.equal(maskPhones('order 202611230000123456'), 'order 202611230000123456');
});

describeEachDatabase('HTTP conventions', (database) => {
  let t: TestApp;
  const logs = new PassThrough();
  let logText = '';
  logs.on('data', (chunk) => (logText += chunk.toString()));

  before(async () => {
    t = await createTestApp(database(), { logStream: logs, logLevel: 'info' });
  });
  after(async () => {
    await t.app.close();
  });

  test('bad bodies get catalogued 4xx, never a 500', async () => {
    const cases = [
      { payload: '{"identifier": ', headers: { 'content-type': 'application/json' }, status: 400, code: 'MALFORMED_JSON' },
      { payload: 'identifier=1&password=2', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { payload: '<xml/>', headers: { 'content-type': 'application/xml' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { payload: JSON.stringify({ identifier: 'x'.repeat(2 * 1024 * 1024), password: 'y' }), headers: { 'content-type': 'application/json' }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { payload: '[]', headers: { 'content-type': 'application/json' }, status: 400, code: 'VALIDATION_FAILED' },
      { payload: 'null', headers: { 'content-type': 'application/json' }, status: 400, code: 'VALIDATION_FAILED' },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/register', ...c });
      assert.equal(res.statusCode, c.status, `${c.code}: ${res.body.slice(0, 200)}`);
      assert.equal(res.json().error.code, c.code);
    }
  });

  test('unknown API paths are a JSON 404; every response carries a request id (ours or the caller’s)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const traced = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(traced.headers['x-request-id'], 'trace-abc.123');
    const hostile = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a\nb<script>' } });
    assert.notEqual(hostile.headers['x-request-id'], 'a\nb<script>');
  });

  test('/healthz and /readyz', async () => {
    assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, t.ctx.dbKind);
  });

  test('/api/openapi.json lists every API route and /api/docs renders', async () => {
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    assert.equal(spec.openapi, '3.0.3');
    const documented = new Set(Object.entries(spec.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const routes = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json')
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => `${m} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    assert.ok(routes.length >= 8);
    for (const route of routes) assert.ok(documented.has(route), `${route} missing from OpenAPI`);
    const docs = await t.app.inject({ url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger-ui/i);
  });

  test('G2: logs hold no passwords, tokens, cookies or full phone numbers', async () => {
    const mobile = uniqueMobile();
    const password = 'Secret-Log-Test-77';
    const client = new ApiClient(t.app);
    await client.post('/api/auth/register', { identifier: mobile, password });
    await client.post('/api/auth/login', { identifier: mobile, password: 'Wrong-Log-Test-77' });
    await client.get(`/api/nothing/${mobile}?phone=${mobile}`);
    await client.post('/api/me/password', { currentPassword: password, newPassword: 'Secret-Log-Test-88' });
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(logText.includes('"statusCode"'), 'requests were logged');
    const token = client.cookies.get('jishi_sid')!;
    const csrf = client.cookies.get('jishi_csrf')!;
    for (const secret of [password, 'Wrong-Log-Test-77', 'Secret-Log-Test-88', token, csrf, mobile]) {
      assert.ok(!logText.includes(secret), `log leaked ${secret.slice(0, 4)}…`);
    }
  });
});
