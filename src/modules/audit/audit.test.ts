import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree } from '../../testing/catalog-fixtures.ts';
import { changedFields } from './audit.queries.ts';
import { readSheetRecords } from '../../testing/sheets.ts';

const TEMPLATE = { name: '江浙沪包邮', chargeBy: 'piece', firstUnits: 1, firstFeeFen: 1000, additionalUnits: 1, additionalFeeFen: 500 } as const;

describeEachDatabase('audit log (操作日志)', (database) => {
  let t: TestApp;
  let owner: ApiClient, admin: ApiClient, staff: ApiClient, shopper: ApiClient;
  let ownerId: string, shopId: string, categoryId: string;

  async function signIn(user: { identifier: string; password: string }, ip: string) {
    const client = new ApiClient(t.app, ip);
    assert.equal((await client.post('/api/auth/login', { identifier: user.identifier, password: user.password })).statusCode, 200);
    return client;
  }
  const rows = () => t.ctx.db.selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').execute();

  before(async () => {
    t = await createTestApp(database());
    const cats = await makeCategoryTree(t.ctx.db);
    categoryId = cats.earphones;
    const ownerUser = await makeUser(t.ctx.db, t.clock);
    ownerId = ownerUser.id;
    shopId = await makeShop(t.ctx.db, t.clock, ownerUser.id, { name: '审计店' });
    owner = await signIn(ownerUser, '10.61.0.1');
    admin = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin' }), '10.61.0.2');
    staff = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff' }), '10.61.0.3');
    shopper = await signIn(await makeUser(t.ctx.db, t.clock), '10.61.0.4');
  });
  after(async () => {
    await t.app.close();
  });

  test('a console write leaves one row: who, which role and shop, what, the row before and after, request id and IP', async () => {
    const startCount = (await rows()).length;
    const created = await owner.post(`/api/seller/shops/${shopId}/shipping-templates`, TEMPLATE);
    assert.equal(created.statusCode, 201, created.body);
    const templateId = created.json().id;
    const changed = await owner.request('PUT', `/api/seller/shops/${shopId}/shipping-templates/${templateId}`, { ...TEMPLATE, firstFeeFen: 1200 });
    assert.equal(changed.statusCode, 200, changed.body);

    const log = (await rows()).slice(startCount);
    assert.equal(log.length, 2, 'one row per write');
    const [insert, update] = log as [(typeof log)[number], (typeof log)[number]];
    assert.equal(insert.actor_id, ownerId);
    assert.deepEqual(insert.actor_roles, ['owner']);
    assert.equal(insert.console, 'seller');
    assert.equal(insert.shop_id, shopId);
    assert.equal(insert.action, `POST /api/seller/shops/${shopId}/shipping-templates`);
    assert.equal(insert.target_type, 'shipping_template');
    assert.equal(insert.target_id, templateId);
    assert.equal(insert.before, null);
    assert.equal((insert.after as { name: string }).name, TEMPLATE.name);
    assert.equal(insert.request_id, created.headers['x-request-id']);
    assert.equal(insert.ip, '10.61.0.1');

    assert.equal(update.target_id, templateId);
    assert.equal((update.before as { first_fee_fen: number }).first_fee_fen, 1000);
    assert.equal((update.after as { first_fee_fen: number }).first_fee_fen, 1200);
    assert.ok(changedFields(update.changes[0]!).includes('first_fee_fen'));
    assert.ok(!changedFields(update.changes[0]!).includes('name'));
  });

  test('nothing is logged for reads, shoppers, refused or failed writes (the write and its row commit together)', async () => {
    const startCount = (await rows()).length;
    assert.equal((await owner.get(`/api/seller/shops/${shopId}/shipping-templates`)).statusCode, 200);
    await shopper.post('/api/me/addresses', { recipient: '张三', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 100 号' });
    const bad = await owner.post(`/api/seller/shops/${shopId}/shipping-templates`, { ...TEMPLATE, firstFeeFen: -1 });
    assert.equal(bad.statusCode, 400);
    const refused = await staff.request('PUT', `/api/admin/categories/${categoryId}`, { name: '改名' });
    assert.ok([400, 403].includes(refused.statusCode), refused.body);
    assert.equal((await rows()).length, startCount);
  });

  test('platform writes are logged with the platform roles — a write outside a transaction too; the search finds them', async () => {
    const res = await admin.request('PUT', '/api/admin/finance/settings', { settlementDays: 5 });
    assert.equal(res.statusCode, 200, res.body);
    const found = await admin.get('/api/admin/audit-log?targetType=payment_setting');
    assert.equal(found.statusCode, 200, found.body);
    assert.equal(found.json().total, 1);
    const item = found.json().items[0];
    assert.equal(item.console, 'admin');
    assert.equal(item.shop, null);
    assert.deepEqual(item.actor.roles, ['platform_admin']);
    assert.equal(item.before.settlement_days, 7);
    assert.equal(item.after.settlement_days, 5);
    assert.equal((await admin.get(`/api/admin/audit-log?shopId=${shopId}`)).json().total, 2, 'the shop’s two writes');
    assert.equal((await admin.get('/api/admin/audit-log?q=finance/settings')).json().total, 1);
    assert.equal((await staff.get('/api/admin/audit-log')).statusCode, 403, 'the log is for super admins');
    assert.equal((await owner.get('/api/admin/audit-log')).statusCode, 403);
  });

  test('the search exports to Excel: the same rows, newest first, with before/after; super admins only', async () => {
    const all = (await readSheetRecords(await admin.get('/api/admin/audit-log/export'))).records;
    assert.equal(all.length, (await admin.get('/api/admin/audit-log')).json().total);
    const shop = (await readSheetRecords(await admin.get(`/api/admin/audit-log/export?shopId=${shopId}`))).records;
    assert.equal(shop.length, 2, 'the shop’s two writes');
    const [update = {}, insert = {}] = shop;
    const templateId = String(update['对象']).split(' ')[1];
    assert.equal(update['操作'], `PUT /api/seller/shops/${shopId}/shipping-templates/${templateId}`);
    assert.equal(insert['操作'], `POST /api/seller/shops/${shopId}/shipping-templates`);
    assert.equal(update['后台'], '商家后台');
    assert.equal(update['角色'], 'owner');
    assert.equal(update['改动字段'], 'first_fee_fen');
    assert.equal(JSON.parse(String(update['修改前'])).first_fee_fen, 1000);
    assert.equal(JSON.parse(String(update['修改后'])).first_fee_fen, 1200);
    assert.equal(update['IP'], '10.61.0.1');
    assert.equal((await staff.get('/api/admin/audit-log/export')).statusCode, 403);
    assert.equal((await owner.get('/api/admin/audit-log/export')).statusCode, 403);
  });

  test('the application cannot change or delete audit rows; secrets never reach them', async () => {
    const [row] = await rows();
    assert.ok(row);
    await assert.rejects(t.ctx.db.updateTable('audit_log').set({ action: 'tampered' }).where('id', '=', row.id).execute(), /append-only/);
    await assert.rejects(t.ctx.db.deleteFrom('audit_log').where('id', '=', row.id).execute(), /append-only/);
    await assert.rejects(sql`truncate audit_log`.execute(t.ctx.db), /append-only/);
    assert.equal((await rows()).find((r) => r.id === row.id)!.action, row.action);
    const redacted = await sql<{ r: Record<string, unknown> }>`select audit_redact('{"display_name":"甲","password_hash":"x","totp_secret":"y","token_hash":"z"}'::jsonb) as r`.execute(t.ctx.db);
    assert.deepEqual(redacted.rows[0]!.r, { display_name: '甲' });
  });

  test('every table except the listed exclusions carries the capture trigger, tables added later too', async () => {
    const missing = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = current_schema()
        and c.relname in ('product', 'sku', 'shop', 'shop_member', 'shop_order', 'after_sales_request', 'complaint', 'withdrawal', 'category', 'payment_setting')
        and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'audit_capture')`.execute(t.ctx.db);
    assert.deepEqual(missing.rows, []);
    const excluded = await sql<{ n: number }>`select count(*)::int as n from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'audit_capture' and c.relname in ('session', 'job', 'ledger_entry', 'audit_log')`.execute(t.ctx.db);
    assert.equal(excluded.rows[0]!.n, 0);
  });
});
