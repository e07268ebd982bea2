import { before, after, test } from 'node:test';
import { isChinaTimeText, readSheetRecords } from '../../testing/sheets.ts';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';


describeEachDatabase('建议箱: bulk processing and export', (database) => {
  let t: TestApp;
  let staff: ApiClient, reviewer: ApiClient, shopper: ApiClient, merchant: ApiClient;
  let staffId = '', shopId = '';
  let ip = 0;

  const signIn = async (login: { identifier: string; password: string }) => {
    const client = new ApiClient(t.app, `10.78.0.${++ip}`);
    assert.equal((await client.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return client;
  };
  const suggest = async (client: ApiClient, url: string, body: string, category = 'feature') => {
    const res = await client.post(url, { category, body });
    assert.equal(res.statusCode, 201, res.body);
    t.clock.advance(1_000);
    return res.json().id as string;
  };
  const fromShopper = (body: string) => suggest(shopper, '/api/me/suggestions', body);
  const fromMerchant = (body: string) => suggest(merchant, `/api/seller/shops/${shopId}/suggestions`, body, 'rules');
  const rows = (ids: string[]) => t.ctx.db.selectFrom('suggestion').select(['id', 'status', 'reply', 'replied_by', 'updated_at']).where('id', 'in', ids).orderBy('id').execute();
  const lastSeq = async () => Number((await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('seq')).executeTakeFirstOrThrow()).seq);
  const auditSince = (seq: number) => t.ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  const bulk = (client: ApiClient, body: unknown, key?: string) => client.post('/api/admin/suggestions/bulk', body, key ? { 'idempotency-key': key } : {});

  before(async () => {
    t = await createTestApp(database());
    const s = await makeUser(t.ctx.db, t.clock, { platformRole: 'operations', name: '运营小李' });
    staffId = s.id;
    staff = await signIn(s);
    reviewer = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'reviewer' }));
    shopper = await signIn(await makeUser(t.ctx.db, t.clock, { name: '小张' }));
    const m = await makeUser(t.ctx.db, t.clock, { name: '店主老王' });
    shopId = await makeShop(t.ctx.db, t.clock, m.id, { name: '建议批量店' });
    merchant = await signIn(m);
  });
  after(async () => {
    await t.app.close();
  });

  test('moves every selected suggestion in one transaction, leaving one audit row that lists each; a retry with the same key replays', async () => {
    const ids = [await fromShopper('希望订单可以按店铺筛选'), await fromShopper('希望支持夜间模式'), await fromMerchant('希望结算周期缩短到 T+3')];
    const seq = await lastSeq();
    const res = await bulk(staff, { ids, status: 'reviewing' }, 'bulk-review-1');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items, [...ids].sort().map((id) => ({ id, status: 'reviewing' })));
    assert.deepEqual((await rows(ids)).map((r) => r.status), ['reviewing', 'reviewing', 'reviewing']);

    const audit = await auditSince(seq);
    assert.equal(audit.length, 1, 'one request, one transaction, one audit row');
    const row = audit[0]!;
    assert.equal(row.actor_id, staffId);
    assert.deepEqual(row.actor_roles, ['operations']);
    assert.equal(row.console, 'admin');
    assert.equal(row.action, 'POST /api/admin/suggestions/bulk');
    assert.equal(row.request_id, res.headers['x-request-id']);
    assert.equal(row.target_type, 'suggestion');
    assert.ok(ids.includes(row.target_id!));
    const changed = row.changes.filter((c) => c.table === 'suggestion');
    assert.deepEqual(changed.map((c) => c.id).sort(), [...ids].sort(), 'every moved suggestion is in the row');
    for (const c of changed) {
      assert.equal(c.op, 'update');
      assert.equal((c.before as { status: string }).status, 'new');
      assert.equal((c.after as { status: string }).status, 'reviewing');
    }

    const replay = await bulk(staff, { ids, status: 'reviewing' }, 'bulk-review-1');
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.json(), res.json());
    assert.equal((await auditSince(seq)).length, 1, 'a replay writes nothing');
    assert.equal((await bulk(staff, { ids, status: 'closed' }, 'bulk-review-1')).statusCode, 422, 'the key belongs to the first request');

    // 采纳 with one shared answer: each suggestion gets it, with who answered.
    const adopted = await bulk(staff, { ids: ids.slice(0, 2), status: 'adopted', reply: '感谢建议，已排入下个版本' });
    assert.equal(adopted.statusCode, 200, adopted.body);
    for (const r of await rows(ids.slice(0, 2))) {
      assert.equal(r.status, 'adopted');
      assert.equal(r.reply, '感谢建议，已排入下个版本');
      assert.equal(r.replied_by, staffId);
    }
    const mine = (await shopper.get('/api/me/suggestions')).json().items;
    assert.ok(mine.every((s: { status: string; reply: string }) => s.status === 'adopted' && s.reply === '感谢建议，已排入下个版本'), 'the authors read the answer');
  });

  test('all or nothing: a missing suggestion or an illegal move is a catalogued error naming it, and nothing is written', async () => {
    const a = await fromShopper('建议增加发票管理');
    const b = await fromMerchant('建议开放物流接口');
    const c = await fromMerchant('建议增加客服工作台');
    assert.equal((await bulk(staff, { ids: [c], status: 'closed' })).statusCode, 200);
    const before = await rows([a, b, c]);
    const seq = await lastSeq();

    const missing = await bulk(staff, { ids: [a, b, 'sug_nope'], status: 'closed' }, 'bulk-missing');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'SUGGESTION_NOT_FOUND');
    assert.deepEqual(missing.json().error.details, { id: 'sug_nope' });

    const closed = await bulk(staff, { ids: [a, b, c], status: 'declined', reply: '暂无计划' });
    assert.equal(closed.statusCode, 409);
    assert.equal(closed.json().error.code, 'SUGGESTION_STATUS_CONFLICT');
    assert.deepEqual(closed.json().error.details, { id: c });
    assert.match(closed.json().error.message, /closed/);

    const bare = await bulk(staff, { ids: [a, b], status: 'adopted' });
    assert.equal(bare.statusCode, 400);
    assert.equal(bare.json().error.code, 'SUGGESTION_REPLY_REQUIRED', 'adopting needs an answer, as one at a time');
    assert.ok([a, b].includes(bare.json().error.details.id));

    assert.deepEqual(await rows([a, b, c]), before, 'no suggestion moved, none was answered');
    assert.deepEqual(await auditSince(seq), [], 'and no audit row');
    const again = await bulk(staff, { ids: [a, b, 'sug_nope'], status: 'closed' }, 'bulk-missing');
    assert.equal(again.statusCode, 404, 'a retry with the key gets the same answer');
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(await rows([a, b, c]), before);
  });

  test('the body is checked, and only the single route’s policy may call it', async () => {
    const id = await fromShopper('建议商品详情页显示发货地');
    for (const body of [{ ids: [], status: 'closed' }, { ids: Array.from({ length: 101 }, (_, i) => `sug_${i}`), status: 'closed' }, { ids: [id], status: 'archived' }, { ids: [id] }, { ids: [id], status: 'closed', extra: 1 }]) {
      const res = await bulk(staff, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    }
    assert.equal((await bulk(staff, { ids: [id], status: 'reviewing', reply: '长'.repeat(1001) })).json().error.code, 'SUGGESTION_REPLY_INVALID');
    assert.equal((await bulk(reviewer, { ids: [id], status: 'closed' })).statusCode, 403);
    assert.equal((await bulk(shopper, { ids: [id], status: 'closed' })).statusCode, 403);
    assert.equal((await rows([id]))[0]!.status, 'new');
  });

  test('export: the queue under the same filters (status, author role), oldest first; reviewers outside the policy get 403', async () => {
    const { headers: header, records } = await readSheetRecords(await staff.get('/api/admin/suggestions/export?status=adopted'));
    assert.deepEqual(header, ['编号', '提交时间', '来源', '提交人', '店铺', '类别', '内容', '状态', '回复', '回复时间']);
    const listed = (await staff.get('/api/admin/suggestions?status=adopted&pageSize=100')).json();
    assert.deepEqual(records.map((r) => r['编号']), listed.items.map((i: { id: string }) => i.id));
    assert.ok(records.length >= 2);
    for (const r of records) {
      assert.equal(r['状态'], '已采纳');
      assert.equal(r['回复'], '感谢建议，已排入下个版本');
      assert.ok(isChinaTimeText(r['提交时间']) && isChinaTimeText(r['回复时间']));
    }

    const merchants = await readSheetRecords(await staff.get('/api/admin/suggestions/export?role=merchant'));
    const merchantList = (await staff.get('/api/admin/suggestions?role=merchant&pageSize=100')).json();
    assert.deepEqual(merchants.records.map((r) => r['编号']), merchantList.items.map((i: { id: string }) => i.id));
    assert.ok(merchants.records.length >= 3);
    for (const r of merchants.records) {
      assert.equal(r['来源'], '商家');
      assert.equal(r['店铺'], '建议批量店');
      assert.equal(r['提交人'], '店主老王');
      assert.equal(r['类别'], '平台规则');
    }
    const open = await readSheetRecords(await staff.get('/api/admin/suggestions/export?status=open'));
    assert.ok(open.records.every((r) => r['状态'] === '待处理' || r['状态'] === '处理中'));
    assert.equal(open.records.length, (await staff.get('/api/admin/suggestions?status=open')).json().total);

    assert.equal((await reviewer.get('/api/admin/suggestions/export')).statusCode, 403);
    assert.equal((await shopper.get('/api/admin/suggestions/export')).statusCode, 403);
  });
});
