import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';

describeEachDatabase('两步验证 (TOTP two-step verification)', (database) => {
  let t: TestApp;
  let ip = 0;
  const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;
  const totp = (secret: string, offsetMs = 0) => generate({ secret, epoch: Math.floor((t.clock.now().getTime() + offsetMs) / 1000) });

  async function signIn(user: { identifier: string; password: string }, extra: Record<string, string> = {}) {
    const client = new ApiClient(t.app, `10.64.0.${++ip}`);
    const res = await client.post('/api/auth/login', { identifier: user.identifier, password: user.password, ...extra });
    return { client, res };
  }
  async function turnOn(client: ApiClient): Promise<string> {
    const setup = (await client.post('/api/me/two-factor/setup')).json();
    assert.match(setup.uri, /^otpauth:\/\/totp\/.+secret=/);
    assert.match(setup.qr, /^data:image\/png;base64,/);
    assert.equal(code(await client.post('/api/me/two-factor/enable', { code: '000000' })), 'TWO_FACTOR_INVALID');
    assert.equal((await client.post('/api/me/two-factor/enable', { code: await totp(setup.secret) })).statusCode, 200);
    return setup.secret;
  }

  before(async () => {
    t = await createTestApp(database());
  });
  after(async () => {
    await t.app.close();
  });

  test('once on, signing in needs a current code, each code works once, and turning it off needs a code', async () => {
    const user = await makeUser(t.ctx.db, t.clock);
    const first = await signIn(user);
    const secret = await turnOn(first.client);
    assert.deepEqual((await first.client.get('/api/me/two-factor')).json(), { enabled: true, required: false });

    const noCode = await signIn(user);
    assert.equal(noCode.res.statusCode, 401);
    assert.equal(code(noCode.res), 'TWO_FACTOR_REQUIRED');
    assert.equal(noCode.client.cookies.size, 0, 'no session without the code');
    assert.equal(code((await signIn(user, { code: '123456' })).res), 'TWO_FACTOR_INVALID');
    assert.equal(code((await signIn({ ...user, password: 'Wrong-password-1' }, { code: await totp(secret) })).res), 'INVALID_CREDENTIALS', 'the password still comes first');

    t.clock.advance(60_000);
    const now = await totp(secret);
    const ok = await signIn(user, { code: now });
    assert.equal(ok.res.statusCode, 200, ok.res.body);
    assert.equal(code((await signIn(user, { code: now })).res), 'TWO_FACTOR_INVALID', 'the same code a second time');
    t.clock.advance(30_000);
    assert.equal((await signIn(user, { code: await totp(secret, -30_000) })).res.statusCode, 401, 'an older code than the last one used');
    assert.equal((await signIn(user, { code: await totp(secret, 20_000) })).res.statusCode, 200, 'a phone clock 20 s ahead is fine');

    t.clock.advance(60_000);
    assert.equal(code(await ok.client.post('/api/me/two-factor/disable', { code: '000000' })), 'TWO_FACTOR_INVALID');
    assert.equal((await ok.client.post('/api/me/two-factor/disable', { code: await totp(secret) })).statusCode, 200);
    assert.equal((await signIn(user)).res.statusCode, 200, 'off again: the password alone');
  });

  test('the platform can require it of shop owners and admins: their consoles wait, shopping does not', async () => {
    const adminUser = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' });
    const ownerUser = await makeUser(t.ctx.db, t.clock);
    const shopId = await makeShop(t.ctx.db, t.clock, ownerUser.id);
    const admin = (await signIn(adminUser)).client;
    assert.equal(code(await admin.request('PUT', '/api/admin/security', { requireTwoFactor: true })), 'TWO_FACTOR_SELF_FIRST');
    const adminSecret = await turnOn(admin);
    assert.equal((await admin.request('PUT', '/api/admin/security', { requireTwoFactor: true })).statusCode, 200);
    try {
      const owner = (await signIn(ownerUser)).client;
      const refused = await owner.get(`/api/seller/shops/${shopId}/orders`);
      assert.equal(refused.statusCode, 403);
      assert.equal(code(refused), 'TWO_FACTOR_SETUP_REQUIRED');
      assert.equal((await owner.get('/api/me/orders')).statusCode, 200, 'shopping goes on');
      assert.deepEqual((await owner.get('/api/me/two-factor')).json(), { enabled: false, required: true });
      const ownerSecret = await turnOn(owner);
      assert.equal((await owner.get(`/api/seller/shops/${shopId}/orders`)).statusCode, 200);
      t.clock.advance(60_000);
      assert.equal(code(await owner.post('/api/me/two-factor/disable', { code: await totp(ownerSecret) })), 'TWO_FACTOR_REQUIRED_BY_PLATFORM');
      const shopper = (await signIn(await makeUser(t.ctx.db, t.clock))).client;
      assert.equal((await shopper.get('/api/me/orders')).statusCode, 200, 'shoppers are not asked');
    } finally {
      t.clock.advance(60_000);
      const again = (await signIn(adminUser, { code: await totp(adminSecret) })).client;
      assert.equal((await again.request('PUT', '/api/admin/security', { requireTwoFactor: false })).statusCode, 200);
    }
  });
});
