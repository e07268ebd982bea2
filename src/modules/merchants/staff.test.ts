import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { DAY } from '../../shared/clock.ts';

describeEachDatabase('shop staff: invitations, roles, removal', (database) => {
  let t: TestApp;
  let owner: ApiClient;
  let shopId: string;
  let ipCount = 0;

  async function signIn(user: { identifier: string; password: string }) {
    const client = new ApiClient(t.app, `10.63.0.${++ipCount}`);
    assert.equal((await client.post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
    return client;
  }
  const staffUrl = (path = '') => `/api/seller/shops/${shopId}/staff${path}`;
  const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;

  before(async () => {
    t = await createTestApp(database());
    const ownerUser = await makeUser(t.ctx.db, t.clock);
    shopId = await makeShop(t.ctx.db, t.clock, ownerUser.id, { name: '员工测试店' });
    owner = await signIn(ownerUser);
  });
  after(async () => {
    await t.app.close();
  });

  test('the owner invites a mobile number as warehouse; that account accepts and can work orders but not see finance', async () => {
    const user = await makeUser(t.ctx.db, t.clock);
    const invitee = await signIn(user);
    assert.equal((await invitee.get(`/api/seller/shops/${shopId}`)).statusCode, 404, 'not a member yet');
    const invited = await owner.post(staffUrl('/invitations'), { identifier: user.identifier, role: 'warehouse' });
    assert.equal(invited.statusCode, 201, invited.body);
    assert.match(invited.json().login, /\*{4}/, 'shown masked');
    assert.equal(code(await owner.post(staffUrl('/invitations'), { identifier: user.identifier, role: 'finance' })), 'STAFF_ALREADY_INVITED');

    const mine = (await invitee.get('/api/me/shop-invitations')).json().items;
    assert.deepEqual(mine.map((i: { shopName: string; role: string }) => [i.shopName, i.role]), [['员工测试店', 'warehouse']]);
    const stranger = await signIn(await makeUser(t.ctx.db, t.clock));
    assert.equal(code(await stranger.post(`/api/me/shop-invitations/${mine[0].id}/accept`)), 'INVITATION_NOT_FOUND', 'only the invited login can answer');
    const accepted = await invitee.post(`/api/me/shop-invitations/${mine[0].id}/accept`);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.deepEqual(accepted.json(), { shopId, role: 'warehouse' });
    assert.equal(code(await invitee.post(`/api/me/shop-invitations/${mine[0].id}/accept`)), 'INVITATION_CLOSED');

    assert.equal((await invitee.get(`/api/seller/shops/${shopId}/orders`)).statusCode, 200);
    assert.equal((await invitee.get(`/api/seller/shops/${shopId}/finance`)).statusCode, 403);
    assert.equal((await invitee.get(staffUrl())).statusCode, 403, 'staff management is the owner’s');
    assert.equal(code(await owner.post(staffUrl('/invitations'), { identifier: user.identifier, role: 'finance' })), 'STAFF_ALREADY_MEMBER');

    const list = (await owner.get(staffUrl())).json();
    assert.deepEqual(list.members.map((m: { role: string }) => m.role), ['owner', 'warehouse']);
    assert.deepEqual(list.invitations, []);

    // A new role applies at once; removal takes access away at once.
    assert.equal((await owner.request('PUT', staffUrl(`/${user.id}`), { role: 'finance' })).statusCode, 200);
    assert.equal((await invitee.get(`/api/seller/shops/${shopId}/finance`)).statusCode, 200);
    assert.equal((await owner.request('DELETE', staffUrl(`/${user.id}`))).statusCode, 200);
    assert.equal((await invitee.get(`/api/seller/shops/${shopId}`)).statusCode, 404);
  });

  test('bad input and the owner’s row: catalogued 4xx, nothing written', async () => {
    const before = await t.ctx.db.selectFrom('shop_invitation').select('id').execute();
    assert.equal(code(await owner.post(staffUrl('/invitations'), { identifier: '13800000000', role: 'owner' })), 'STAFF_ROLE_INVALID');
    assert.equal(code(await owner.post(staffUrl('/invitations'), { identifier: '12345', role: 'operator' })), 'MOBILE_INVALID');
    assert.equal(code(await owner.post(staffUrl('/invitations'), { identifier: 'a@b', role: 'operator' })), 'EMAIL_INVALID');
    assert.equal((await owner.post(staffUrl('/invitations'), { identifier: '13800000000', role: 'operator', shopId: 'shp_x' })).statusCode, 400);
    assert.equal((await t.ctx.db.selectFrom('shop_invitation').select('id').execute()).length, before.length);
    const ownerId = (await t.ctx.db.selectFrom('shop_member').select('user_id').where('shop_id', '=', shopId).where('role', '=', 'owner').executeTakeFirstOrThrow()).user_id;
    assert.equal(code(await owner.request('DELETE', staffUrl(`/${ownerId}`))), 'STAFF_OWNER_FIXED');
    assert.equal(code(await owner.request('PUT', staffUrl(`/${ownerId}`), { role: 'operator' })), 'STAFF_OWNER_FIXED');
    assert.equal(code(await owner.request('DELETE', staffUrl('/usr_nobody'))), 'STAFF_NOT_FOUND');
  });

  test('an invitation can be revoked, declined, or left to expire after 7 days; an email login works too', async () => {
    const user = await makeUser(t.ctx.db, t.clock);
    const email = `staff-${Date.now()}@example.com`;
    await t.ctx.db.updateTable('app_user').set({ email }).where('id', '=', user.id).execute();
    const invitee = await signIn(user);
    const first = (await owner.post(staffUrl('/invitations'), { identifier: email.toUpperCase(), role: 'customer_service' })).json();
    assert.equal((await owner.post(staffUrl(`/invitations/${first.id}/revoke`))).statusCode, 200);
    assert.deepEqual((await invitee.get('/api/me/shop-invitations')).json().items, []);
    const second = (await owner.post(staffUrl('/invitations'), { identifier: email, role: 'customer_service' })).json();
    assert.equal((await invitee.post(`/api/me/shop-invitations/${second.id}/decline`)).json().role, null);
    const third = (await owner.post(staffUrl('/invitations'), { identifier: email, role: 'customer_service' })).json();
    t.clock.advance(7 * DAY + 1);
    await t.ctx.db.updateTable('session').set({ expires_at: new Date(t.clock.now().getTime() + 30 * DAY) }).execute();
    assert.equal(code(await invitee.post(`/api/me/shop-invitations/${third.id}/accept`)), 'INVITATION_CLOSED');
    assert.deepEqual((await owner.get(staffUrl())).json().invitations, [], 'expired ones drop off the list');
    assert.equal((await owner.post(staffUrl('/invitations'), { identifier: email, role: 'customer_service' })).statusCode, 201, 'and no longer block a new one');
  });
});
