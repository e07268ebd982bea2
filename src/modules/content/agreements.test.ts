import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, uniqueMobile, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { DAY, MINUTE } from '../../shared/clock.ts';
import { pendingAgreements, publishAgreementVersion, createAgreementDraft } from './agreements.service.ts';

const PASSWORD = 'Agreement-Test-2026';

describeEachDatabase('agreements and consent', (database) => {
  let t: TestApp;
  let admin: ApiClient, staff: ApiClient, visitor: ApiClient, owner: ApiClient;
  let ownerId = '';
  let userV1 = '', privacyV1 = '', userV2 = '';
  let shopperMobile = '';
  let shopperId = '';

  const signIn = async (identifier: string, password: string, ip: string) => {
    const c = new ApiClient(t.app, ip);
    const res = await c.post('/api/auth/login', { identifier, password });
    assert.equal(res.statusCode, 200, res.body);
    return { client: c, login: res.json() };
  };
  const count = async (table: 'agreement_acceptance' | 'user_consent' | 'agreement_version' | 'announcement' | 'app_user') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const draft = async (kind: string, title: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.post(`/api/admin/agreements/${kind}/versions`, { title, summary: '', body: `${title}\n\n第一条 …`, ...extra });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const publish = (versionId: string, effectiveAt: Date) => admin.post(`/api/admin/agreement-versions/${versionId}/publish`, { effectiveAt: effectiveAt.toISOString() });

  before(async () => {
    t = await createTestApp(database());
    const a = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_admin', name: '法务' });
    const s = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff', name: '运营' });
    const o = await makeUser(t.ctx.db, t.clock, { name: '店主' });
    ownerId = o.id;
    await makeShop(t.ctx.db, t.clock, o.id);
    admin = (await signIn(a.identifier, a.password, '10.71.0.1')).client;
    staff = (await signIn(s.identifier, s.password, '10.71.0.2')).client;
    owner = (await signIn(o.identifier, o.password, '10.71.0.3')).client;
    visitor = new ApiClient(t.app, '10.71.0.9');
  });
  after(async () => {
    await t.app.close();
  });

  test('only platform admins write agreements; the first versions may take effect at once', async () => {
    assert.equal((await visitor.post('/api/admin/agreements/user_agreement/versions', { title: 'x', body: 'y' })).statusCode, 401);
    const refused = await staff.post('/api/admin/agreements/user_agreement/versions', { title: '用户协议', body: '正文' });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'FORBIDDEN');
    assert.equal(await count('agreement_version'), 0);

    userV1 = await draft('user_agreement', '集市用户协议');
    privacyV1 = await draft('privacy_policy', '集市隐私政策');
    const again = await admin.post('/api/admin/agreements/user_agreement/versions', { title: '另一个草稿', body: '正文' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'AGREEMENT_DRAFT_EXISTS');
    for (const id of [userV1, privacyV1]) {
      const res = await publish(id, t.clock.now());
      assert.equal(res.statusCode, 200, res.body);
    }
    const page = (await visitor.get('/api/agreements/user_agreement')).json();
    assert.equal(page.shown.version, 1);
    assert.equal(page.shown.title, '集市用户协议');
    assert.equal(page.shown.inForce, true);
    assert.deepEqual(page.upcoming, []);
    const announcement = await t.ctx.db.selectFrom('announcement').selectAll().where('agreement_version_id', '=', userV1).executeTakeFirstOrThrow();
    assert.equal(announcement.audience, 'all');
    assert.match(announcement.title, /《用户协议》已发布/);
  });

  test('registration records acceptance of the versions in force and the optional consents, declined ones too', async () => {
    shopperMobile = uniqueMobile();
    const client = new ApiClient(t.app, '10.71.1.7');
    const res = await client.post(
      '/api/auth/register',
      { identifier: shopperMobile, password: PASSWORD, agreementVersionIds: [privacyV1, userV1], consents: { marketing: true } },
      { 'user-agent': 'AgreementTest/1.0' },
    );
    assert.equal(res.statusCode, 201, res.body);
    shopperId = res.json().user.id;
    const accepted = await t.ctx.db.selectFrom('agreement_acceptance').selectAll().where('user_id', '=', shopperId).orderBy('agreement_id').execute();
    assert.deepEqual(
      accepted.map((a) => [a.version_id, a.via, a.ip, a.user_agent]),
      [
        [privacyV1, 'registration', '10.71.1.7', 'AgreementTest/1.0'],
        [userV1, 'registration', '10.71.1.7', 'AgreementTest/1.0'],
      ],
    );
    const consents = (await client.get('/api/me/consents')).json();
    assert.equal(consents.marketing.granted, true);
    assert.equal(consents.personalisation.granted, false, 'not ticked = recorded as declined');
    const me = (await client.get('/api/me')).json();
    assert.deepEqual(me.pendingAgreements, []);
  });

  test('registration is all or nothing: a stale agreement version or a taken number writes no account and no consent', async () => {
    const before = { users: await count('app_user'), acc: await count('agreement_acceptance'), consents: await count('user_consent') };
    const stale = await new ApiClient(t.app, '10.71.1.8').post('/api/auth/register', { identifier: uniqueMobile(), password: PASSWORD, agreementVersionIds: [userV1] });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'AGREEMENT_VERSION_STALE');
    const taken = await new ApiClient(t.app, '10.71.1.8').post('/api/auth/register', { identifier: shopperMobile, password: PASSWORD, consents: { marketing: true } });
    assert.equal(taken.json().error.code, 'ACCOUNT_EXISTS');
    const bad = await new ApiClient(t.app, '10.71.1.8').post('/api/auth/register', { identifier: uniqueMobile(), password: PASSWORD, consents: { marketing: 'yes' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual({ users: await count('app_user'), acc: await count('agreement_acceptance'), consents: await count('user_consent') }, before);
  });

  test('a new version needs 7 days’ notice and a later date than the last; publishing announces it', async () => {
    userV2 = await draft('user_agreement', '集市用户协议（2026 修订）', { summary: '新增第八条：账号注销。' });
    const now = t.clock.now();
    const before = await count('announcement');
    const early = await publish(userV2, new Date(now.getTime() + 7 * DAY - MINUTE));
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.code, 'AGREEMENT_NOTICE_TOO_SHORT');
    assert.equal((await t.ctx.db.selectFrom('agreement_version').select('status').where('id', '=', userV2).executeTakeFirstOrThrow()).status, 'draft');
    assert.equal(await count('announcement'), before, 'a refused publication announces nothing');
    const garbage = await admin.post(`/api/admin/agreement-versions/${userV2}/publish`, { effectiveAt: 'next week' });
    assert.equal(garbage.statusCode, 400);
    assert.equal(garbage.json().error.code, 'VALIDATION_FAILED');

    const effectiveAt = new Date(now.getTime() + 7 * DAY);
    const ok = await publish(userV2, effectiveAt);
    assert.equal(ok.statusCode, 200, ok.body);
    const ann = (await visitor.get(`/api/announcements/${ok.json().announcementId}`)).json();
    assert.match(ann.title, /^《用户协议》将于 \d{4}-\d{2}-\d{2} 生效$/);
    assert.match(ann.body, /新增第八条：账号注销。/);
    assert.equal(ann.audience, 'all');
    assert.equal(ann.pinned, true);

    const v3 = await draft('user_agreement', '再修订');
    const sameDay = await publish(v3, effectiveAt);
    assert.equal(sameDay.statusCode, 409);
    assert.equal(sameDay.json().error.code, 'AGREEMENT_EFFECTIVE_ORDER');
    assert.equal((await admin.request('DELETE', `/api/admin/agreement-versions/${v3}`)).statusCode, 204);

    const edit = await admin.request('PUT', `/api/admin/agreement-versions/${userV2}`, { title: '改标题', body: '改正文' });
    assert.equal(edit.statusCode, 409);
    assert.equal(edit.json().error.code, 'AGREEMENT_VERSION_PUBLISHED');
    const page = (await visitor.get('/api/agreements/user_agreement')).json();
    assert.equal(page.shown.version, 1, 'still version 1 until the date');
    assert.deepEqual(page.upcoming.map((v: { version: number }) => v.version), [2]);
  });

  test('the database refuses a version effective sooner than 7 days after publication, and any change to a published one', async () => {
    const now = t.clock.now();
    await assert.rejects(
      t.ctx.db
        .insertInto('agreement_version')
        .values({ id: 'agv_direct', agreement_id: 'agr_user_agreement', version: 9, title: 't', body: 'b', status: 'published', created_at: now, updated_at: now, published_at: now, published_by: ownerId, effective_at: new Date(now.getTime() + DAY) })
        .execute(),
      /check/i,
    );
    await assert.rejects(t.ctx.db.updateTable('agreement_version').set({ body: '悄悄改了' }).where('id', '=', userV1).execute(), /cannot be changed/);
    await assert.rejects(t.ctx.db.deleteFrom('agreement_version').where('id', '=', userV1).execute(), /cannot be changed/);
  });

  test('before the date nothing is pending; after it the next login says so, and accepting records time, IP and user agent once', async () => {
    const before = await signIn(shopperMobile, PASSWORD, '10.71.2.1');
    assert.deepEqual(before.login.pendingAgreements, []);
    t.clock.advance(7 * DAY + MINUTE);
    const after = await signIn(shopperMobile, PASSWORD, '10.71.2.2');
    assert.deepEqual(
      after.login.pendingAgreements.map((p: { id: string; version: number; kind: string }) => [p.id, p.kind, p.version]),
      [[userV2, 'user_agreement', 2]],
    );
    assert.equal(after.login.pendingAgreements[0].summary, '新增第八条：账号注销。');
    assert.equal((await after.client.get('/api/me')).json().pendingAgreements.length, 1);
    assert.deepEqual(
      (await pendingAgreements(t.ctx.db, t.clock, shopperId)).map((p) => p.id),
      [userV2],
    );

    const accept = () => after.client.post('/api/me/agreements/accept', { versionIds: [userV2] }, { 'user-agent': 'JishiApp/2.0' });
    const first = await accept();
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json().pending, []);
    t.clock.advance(MINUTE);
    const second = await accept();
    assert.equal(second.json().accepted[0].id, first.json().accepted[0].id, 'the repeat finds the first record');
    const rows = await t.ctx.db.selectFrom('agreement_acceptance').selectAll().where('user_id', '=', shopperId).where('version_id', '=', userV2).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.ip, '10.71.2.2');
    assert.equal(rows[0]!.user_agent, 'JishiApp/2.0');
    assert.equal(rows[0]!.via, 'api');
    assert.deepEqual((await after.client.get('/api/me')).json().pendingAgreements, []);
    assert.equal((await visitor.get('/api/agreements/user_agreement')).json().shown.version, 2);
    const old = (await visitor.get('/api/agreements/user_agreement?version=1')).json();
    assert.equal(old.shown.inForce, false);
    assert.equal(old.history.length, 2);
    const missing = await visitor.get('/api/agreements/user_agreement?version=99');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'AGREEMENT_VERSION_NOT_FOUND');
  });

  test('acceptance records are append-only', async () => {
    await assert.rejects(sql`update agreement_acceptance set ip = '1.2.3.4' where user_id = ${shopperId}`.execute(t.ctx.db), /append-only/);
    await assert.rejects(t.ctx.db.deleteFrom('agreement_acceptance').where('user_id', '=', shopperId).execute(), /append-only/);
    await assert.rejects(sql`truncate agreement_acceptance`.execute(t.ctx.db), /append-only/);
    await assert.rejects(t.ctx.db.deleteFrom('user_consent').where('user_id', '=', shopperId).execute(), /append-only/);
    assert.equal(
      Number((await t.ctx.db.selectFrom('agreement_acceptance').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', shopperId).executeTakeFirstOrThrow()).n),
      3,
    );
  });

  test('the merchant service agreement binds shop owners only; a shopper cannot accept it', async () => {
    const id = await createAgreementDraftViaApi();
    const published = await t.ctx.db.transaction().execute(async (trx) => publishAgreementVersion(trx, t.clock, ownerId, id, t.clock.now()));
    const ann = await t.ctx.db.selectFrom('announcement').select('audience').where('id', '=', published.announcementId).executeTakeFirstOrThrow();
    assert.equal(ann.audience, 'merchants');
    const ownerPending = (await owner.get('/api/me')).json().pendingAgreements.map((p: { kind: string }) => p.kind);
    assert.ok(ownerPending.includes('merchant_service_agreement'), String(ownerPending));
    const shopper = await signIn(shopperMobile, PASSWORD, '10.71.3.1');
    assert.deepEqual(shopper.login.pendingAgreements, []);
    const before = await count('agreement_acceptance');
    const refused = await shopper.client.post('/api/me/agreements/accept', { versionIds: [id] });
    assert.equal(refused.statusCode, 404);
    assert.equal(refused.json().error.code, 'AGREEMENT_VERSION_NOT_FOUND');
    const mixed = await owner.post('/api/me/agreements/accept', { versionIds: [id, 'agv_nope'] });
    assert.equal(mixed.json().error.code, 'AGREEMENT_VERSION_NOT_FOUND');
    assert.equal(await count('agreement_acceptance'), before, 'nothing written');
    // Merchant announcements reach the seller console, not the storefront.
    assert.ok(!(await visitor.get('/api/announcements')).json().items.some((a: { id: string }) => a.id === published.announcementId));
  });

  async function createAgreementDraftViaApi(): Promise<string> {
    return t.ctx.db.transaction().execute((trx) => createAgreementDraft(trx, t.clock, ownerId, 'merchant_service_agreement', { title: '商家服务协议', body: '第一条 …' }));
  }

  test('the platform searches the acceptance record by account and version; bad filters are 400', async () => {
    const byUser = await staff.get(`/api/admin/agreement-acceptances?user=${shopperMobile}`);
    assert.equal(byUser.statusCode, 200, byUser.body);
    const body = byUser.json();
    assert.equal(body.total, 3);
    const labels = body.items.map((i: { version: number; kind: string }) => `${i.kind}:${i.version}`);
    assert.equal(labels[0], 'user_agreement:2', 'newest first');
    assert.deepEqual(labels.slice(1).sort(), ['privacy_policy:1', 'user_agreement:1']);
    assert.equal(body.items[0].ip, '10.71.2.2');
    assert.match(body.items[0].login, /^\d{3}\*{4}\d{4}$/);
    const byVersion = (await staff.get(`/api/admin/agreement-acceptances?versionId=${userV2}`)).json();
    assert.equal(byVersion.total, 1);
    const bad = await staff.get('/api/admin/agreement-acceptances?kind=eula');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.equal((await owner.get('/api/admin/agreement-acceptances')).statusCode, 403);
  });

  test('draft input is checked with catalogued messages and nothing is written', async () => {
    const before = await count('agreement_version');
    const empty = await admin.post('/api/admin/agreements/privacy_policy/versions', { title: '   ', body: '正文' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.code, 'AGREEMENT_TITLE_INVALID');
    const noBody = await admin.post('/api/admin/agreements/privacy_policy/versions', { title: '隐私政策', body: '' });
    assert.equal(noBody.json().error.code, 'AGREEMENT_BODY_INVALID');
    const kind = await admin.post('/api/admin/agreements/eula/versions', { title: 'x', body: 'y' });
    assert.equal(kind.statusCode, 400);
    const extra = await admin.post('/api/admin/agreements/privacy_policy/versions', { title: 'x', body: 'y', status: 'published' });
    assert.equal(extra.json().error.code, 'VALIDATION_FAILED');
    assert.equal(await count('agreement_version'), before);
  });

  test('optional consents change only when the choice changes, each change kept', async () => {
    const shopper = await signIn(shopperMobile, PASSWORD, '10.71.4.1');
    const rows = async () => Number((await t.ctx.db.selectFrom('user_consent').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', shopperId).executeTakeFirstOrThrow()).n);
    assert.equal(await rows(), 2);
    const on = await shopper.client.request('PUT', '/api/me/consents', { personalisation: true, marketing: true });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().personalisation.granted, true);
    assert.equal(await rows(), 3, 'marketing was already granted');
    t.clock.advance(MINUTE);
    await shopper.client.request('PUT', '/api/me/consents', { personalisation: false });
    assert.equal((await shopper.client.get('/api/me/consents')).json().personalisation.granted, false);
    assert.equal(await rows(), 4);
  });
});
