import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteOptions } from 'fastify';
import { describeEachDatabase } from '../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../testing/app.ts';
import { makeUser } from '../testing/fixtures.ts';
import { PLATFORM_ROLES, type PlatformRole } from '../modules/identity/identity.tables.ts';
import type { Policy } from './policy.ts';

/**
 * Platform roles, from the route table: every platform route refuses (403) each role its policy leaves
 * out and lets each role it names past the policy; super admins manage who has which role.
 */
describeEachDatabase('platform roles by area', (database) => {
  let t: TestApp;
  const clients = {} as Record<PlatformRole, ApiClient>;
  const ids = {} as Record<PlatformRole, string>;
  let ip = 0;

  before(async () => {
    t = await createTestApp(database());
    for (const role of PLATFORM_ROLES) {
      const user = await makeUser(t.ctx.db, t.clock, { platformRole: role });
      ids[role] = user.id;
      clients[role] = new ApiClient(t.app, `10.65.0.${++ip}`);
      assert.equal((await clients[role].post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
    }
  });
  after(async () => {
    await t.app.close();
  });

  test('every platform route: a role its policy leaves out gets 403, a role it names gets past the policy', async () => {
    const routes = (t.app.routeTable as RouteOptions[])
      .filter((r) => r.url.startsWith('/api/admin/'))
      .flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => ({ method: m as 'GET' | 'POST' | 'PUT' | 'DELETE', url: r.url, policy: (r.config as { policy: Policy }).policy })));
    let refused = 0;
    for (const route of routes) {
      assert.equal(route.policy.kind, 'platform', `${route.method} ${route.url}`);
      const named = (route.policy as Extract<Policy, { kind: 'platform' }>).roles;
      for (const role of PLATFORM_ROLES.filter((r) => r !== 'platform_admin')) {
        const url = route.url.replace(/:(\w+)/g, (_, p: string) => `none-${p}`);
        const res = await clients[role].request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        const allowed = named.length === 0 || named.includes(role);
        if (allowed) assert.notEqual(res.statusCode, 403, `${role}: ${route.method} ${route.url}`);
        else {
          assert.equal(res.statusCode, 403, `${role}: ${route.method} ${route.url} → ${res.statusCode}`);
          refused++;
        }
      }
    }
    assert.ok(refused > 50, `${refused} refusals`);
    // The areas as the console promises them.
    assert.equal((await clients.finance.get('/api/admin/finance')).statusCode, 200);
    assert.equal((await clients.finance.get('/api/admin/complaints')).statusCode, 403);
    assert.equal((await clients.customer_service.get('/api/admin/complaints')).statusCode, 200);
    assert.equal((await clients.customer_service.get('/api/admin/after-sales/arbitration')).statusCode, 200);
    assert.equal((await clients.customer_service.get('/api/admin/finance')).statusCode, 403);
    assert.equal((await clients.reviewer.get('/api/admin/merchant-applications')).statusCode, 200);
    assert.equal((await clients.reviewer.get('/api/admin/finance')).statusCode, 403);
    assert.equal((await clients.operations.get('/api/admin/announcements')).statusCode, 200);
    assert.equal((await clients.platform_staff.get('/api/admin/audit-log')).statusCode, 403, 'the log is the super admin’s');
  });

  test('super admins set roles by login; nobody else can; a super admin cannot demote themselves; bad roles are refused', async () => {
    const admin = clients.platform_admin;
    const newcomer = await makeUser(t.ctx.db, t.clock);
    const set = await admin.request('PUT', '/api/admin/staff', { identifier: newcomer.identifier, roles: ['finance', 'reviewer'] });
    assert.equal(set.statusCode, 200, set.body);
    const staff = (await admin.get('/api/admin/staff')).json().items;
    assert.deepEqual(staff.find((s: { userId: string }) => s.userId === newcomer.id).roles.sort(), ['finance', 'reviewer']);
    const client = new ApiClient(t.app, '10.65.1.1');
    await client.post('/api/auth/login', { identifier: newcomer.identifier, password: newcomer.password });
    assert.equal((await client.get('/api/admin/finance')).statusCode, 200);
    assert.equal((await admin.request('PUT', '/api/admin/staff', { userId: newcomer.id, roles: [] })).statusCode, 200);
    assert.equal((await client.get('/api/admin/finance')).statusCode, 403, 'removed at once');

    assert.equal((await admin.request('PUT', '/api/admin/staff', { userId: ids.platform_admin, roles: ['finance'] })).json().error.code, 'PLATFORM_ROLE_SELF');
    assert.equal((await admin.request('PUT', '/api/admin/staff', { userId: newcomer.id, roles: ['root'] })).json().error.code, 'PLATFORM_ROLE_INVALID');
    assert.equal((await admin.request('PUT', '/api/admin/staff', { identifier: '13999999999', roles: ['finance'] })).json().error.code, 'PLATFORM_STAFF_ACCOUNT_NOT_FOUND');
    assert.equal((await clients.platform_staff.request('PUT', '/api/admin/staff', { userId: newcomer.id, roles: ['platform_admin'] })).statusCode, 403);
  });
});
