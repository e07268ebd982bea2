import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, uniqueMobile, type TestApp } from '../../testing/app.ts';

const GOOD_PASSWORD = 'Lanya-Erji-2026';

describeEachDatabase('identity API', (database) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(database());
  });
  after(async () => {
    await t.app.close();
  });

  async function registered(identifier = uniqueMobile(), password = GOOD_PASSWORD) {
    const client = new ApiClient(t.app, `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
    const res = await client.post('/api/auth/register', { identifier, password, displayName: '小王' });
    assert.equal(res.statusCode, 201, res.body);
    return { client, identifier, password };
  }

  test('register by mobile signs in: httpOnly SameSite=Lax session cookie, name and masked mobile in /api/me', async () => {
    const { client, identifier } = await registered('+86 138-1234-5678');
    const me = await client.get('/api/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().displayName, '小王');
    assert.equal(me.json().mobile, '138****5678');
    const cookie = client.cookies.get('jishi_sid');
    assert.ok(cookie && cookie.length >= 40);
    const res = await new ApiClient(t.app).post('/api/auth/login', { identifier, password: GOOD_PASSWORD });
    const sid = res.headers['set-cookie'] as string[];
    assert.match(sid.find((c) => c.startsWith('jishi_sid='))!, /HttpOnly; SameSite=Lax/);
    const row = await t.ctx.db.selectFrom('app_user').select('password_hash').where('mobile', '=', '+8613812345678').executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^\$argon2id\$/, 'passwords are hashed with argon2id');
    const session = await t.ctx.db.selectFrom('session').select('token_hash').where('token_hash', '=', cookie!).executeTakeFirst();
    assert.equal(session, undefined, 'the session token itself is never stored');
  });

  test('register by email (case-insensitive) and log in with either spelling', async () => {
    const email = `Shopper.${Date.now()}@Example.cn`;
    await registered(email);
    const res = await new ApiClient(t.app).post('/api/auth/login', { identifier: email.toLowerCase(), password: GOOD_PASSWORD });
    assert.equal(res.statusCode, 200);
  });

  const badRegistrations: [string, Record<string, unknown>, number, string][] = [
    ['malformed mobile', { identifier: '1234567', password: GOOD_PASSWORD }, 400, 'MOBILE_INVALID'],
    ['landline', { identifier: '02188886666', password: GOOD_PASSWORD }, 400, 'MOBILE_INVALID'],
    ['malformed email', { identifier: 'a@b', password: GOOD_PASSWORD }, 400, 'EMAIL_INVALID'],
    ['short password', { identifier: '13912340000', password: 'Ab1!' }, 400, 'PASSWORD_TOO_SHORT'],
    ['common password', { identifier: '13912340000', password: 'password123' }, 400, 'PASSWORD_TOO_COMMON'],
    ['common Chinese password', { identifier: '13912340000', password: 'woaini1314' }, 400, 'PASSWORD_TOO_COMMON'],
    ['unknown field', { identifier: '13912340000', password: GOOD_PASSWORD, role: 'platform_admin' }, 400, 'VALIDATION_FAILED'],
    ['missing field', { identifier: '13912340000' }, 400, 'VALIDATION_FAILED'],
    ['wrong type', { identifier: 13912340000, password: GOOD_PASSWORD }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [name, body, status, code] of badRegistrations) {
    test(`register rejects ${name} with ${code}`, async () => {
      const res = await new ApiClient(t.app).post('/api/auth/register', body);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().error.code, code);
      assert.ok(res.json().error.message.length > 0);
    });
  }

  test('a duplicate account is 409 ACCOUNT_EXISTS, also when 5 registrations race', async () => {
    const { identifier } = await registered();
    const dup = await new ApiClient(t.app).post('/api/auth/register', { identifier, password: GOOD_PASSWORD });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.code, 'ACCOUNT_EXISTS');

    const mobile = uniqueMobile();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => new ApiClient(t.app, `10.9.9.${i}`).post('/api/auth/register', { identifier: mobile, password: GOOD_PASSWORD })),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409]);
    const rows = await t.ctx.db.selectFrom('app_user').select('id').where('mobile', '=', `+86${mobile}`).execute();
    assert.equal(rows.length, 1);
  });

  test('wrong password and unknown account get the same answer', async () => {
    const { identifier } = await registered();
    const wrong = await new ApiClient(t.app).post('/api/auth/login', { identifier, password: 'Not-the-password-1' });
    const unknown = await new ApiClient(t.app).post('/api/auth/login', { identifier: uniqueMobile(), password: 'Not-the-password-1' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
  });

  test('errors speak the caller’s language (Accept-Language)', async () => {
    const en = await new ApiClient(t.app).post('/api/auth/login', { identifier: 'x', password: 'y' }, { 'accept-language': 'en-US,en;q=0.9' });
    const zh = await new ApiClient(t.app).post('/api/auth/login', { identifier: 'x', password: 'y' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    assert.equal(en.json().error.code, 'MOBILE_INVALID');
    assert.match(en.json().error.message, /mobile number/);
    assert.match(zh.json().error.message, /手机号/);
  });

  test('C4: after 10 failures in 15 minutes the account is throttled, even with the right password; the window expires', async () => {
    const { identifier, password } = await registered();
    for (let i = 0; i < 10; i++) {
      const res = await new ApiClient(t.app, `10.50.0.${i}`).post('/api/auth/login', { identifier, password: `Wrong-pass-${i}` });
      assert.equal(res.statusCode, 401);
    }
    const blocked = await new ApiClient(t.app, '10.50.1.1').post('/api/auth/login', { identifier, password });
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().error.code, 'LOGIN_THROTTLED');
    t.clock.advance(15 * 60_000 + 1);
    const after = await new ApiClient(t.app, '10.50.1.1').post('/api/auth/login', { identifier, password });
    assert.equal(after.statusCode, 200);
  });

  test('C4: one IP spraying many accounts is throttled after 50 failures', async () => {
    const ip = '10.60.0.1';
    for (let i = 0; i < 50; i++) {
      const res = await new ApiClient(t.app, ip).post('/api/auth/login', { identifier: uniqueMobile(), password: 'Spray-pass-2026' });
      assert.equal(res.statusCode, 401);
    }
    const { identifier, password } = await registered();
    const blocked = await new ApiClient(t.app, ip).post('/api/auth/login', { identifier, password });
    assert.equal(blocked.statusCode, 429);
    const otherIp = await new ApiClient(t.app, '10.60.0.2').post('/api/auth/login', { identifier, password });
    assert.equal(otherIp.statusCode, 200);
  });

  test('C4: changing the password revokes every other session; the old password stops working', async () => {
    const { client, identifier, password } = await registered();
    const phone = new ApiClient(t.app, '10.70.0.2');
    const tablet = new ApiClient(t.app, '10.70.0.3');
    assert.equal((await phone.post('/api/auth/login', { identifier, password })).statusCode, 200);
    assert.equal((await tablet.post('/api/auth/login', { identifier, password })).statusCode, 200);

    const weak = await client.post('/api/me/password', { currentPassword: password, newPassword: '12345678' });
    assert.equal(weak.json().error.code, 'PASSWORD_TOO_COMMON');
    const wrongCurrent = await client.post('/api/me/password', { currentPassword: 'Not-it-at-all-1', newPassword: 'Brand-New-Pass-9' });
    assert.equal(wrongCurrent.json().error.code, 'PASSWORD_WRONG');

    const changed = await client.post('/api/me/password', { currentPassword: password, newPassword: 'Brand-New-Pass-9' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().revokedSessions, 2);
    assert.equal((await phone.get('/api/me')).statusCode, 401);
    assert.equal((await tablet.get('/api/me')).statusCode, 401);
    assert.equal((await client.get('/api/me')).statusCode, 200);
    assert.equal((await new ApiClient(t.app).post('/api/auth/login', { identifier, password })).statusCode, 401);
    assert.equal((await new ApiClient(t.app).post('/api/auth/login', { identifier, password: 'Brand-New-Pass-9' })).statusCode, 200);
  });

  test('logout ends the session server-side: the old cookie no longer works', async () => {
    const { client } = await registered();
    const stolen = client.cookies.get('jishi_sid')!;
    assert.equal((await client.post('/api/auth/logout')).statusCode, 204);
    const replay = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { jishi_sid: stolen } });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, 'UNAUTHENTICATED');
  });

  test('sessions expire', async () => {
    const { client } = await registered();
    t.clock.advance(31 * 86_400_000);
    assert.equal((await client.get('/api/me')).statusCode, 401);
  });
});
