import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree } from '../../testing/catalog-fixtures.ts';
import { DAY } from '../../shared/clock.ts';
import { AppError } from '../../http/errors.ts';
import { usccCheckChar } from './onboarding.rules.ts';
import { approveApplication } from './onboarding.service.ts';

function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----jishi' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const USCC = (() => {
  const first17 = '91330106MA2AB3CD4';
  return first17 + usccCheckChar(first17);
})();

describeEachDatabase('merchant onboarding (入驻)', (database) => {
  let t: TestApp;
  let staff: ApiClient, outsider: ApiClient, visitor: ApiClient;
  let staffId: string;
  let cats: Awaited<ReturnType<typeof makeCategoryTree>>;
  let png: Buffer, jpeg: Buffer;
  let ipCount = 0;

  const signIn = async (login: { identifier: string; password: string }) => {
    ipCount++;
    const c = new ApiClient(t.app, `10.71.${Math.floor(ipCount / 200)}.${ipCount % 200}`);
    assert.equal((await c.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return c;
  };
  const newApplicant = async () => {
    const user = await makeUser(t.ctx.db, t.clock, { name: '申请人' });
    return { user, client: await signIn(user) };
  };
  const upload = (client: ApiClient, applicationId: string, kind: string, bytes: Buffer, type = 'image/png', name = 'doc.png') => {
    const form = multipart('file', name, type, bytes);
    return client.request('POST', `/api/me/merchant-applications/${applicationId}/documents?kind=${kind}`, form.payload, { 'content-type': form.contentType });
  };
  const counts = async () => {
    const db = t.ctx.db;
    const n = async (table: 'merchant_application' | 'qualification_document' | 'media_image' | 'shop' | 'shop_member' | 'shop_licence') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      applications: await n('merchant_application'),
      documents: await n('qualification_document'),
      images: await n('media_image'),
      shops: await n('shop'),
      members: await n('shop_member'),
      licences: await n('shop_licence'),
    };
  };
  const appRow = (id: string) => t.ctx.db.selectFrom('merchant_application').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const company = (shopName: string) => ({
    subjectType: 'company',
    companyName: '杭州声海电子有限公司',
    uscc: USCC,
    legalRep: '李声海',
    contactMobile: '138 0013 8000',
    businessScope: [cats.digital],
    shopName,
    shopKind: 'flagship',
  });

  before(async () => {
    t = await createTestApp(database());
    cats = await makeCategoryTree(t.ctx.db);
    const s = await makeUser(t.ctx.db, t.clock, { platformRole: 'platform_staff', name: '审核员小周' });
    staffId = s.id;
    staff = await signIn(s);
    outsider = (await newApplicant()).client;
    visitor = new ApiClient(t.app, '10.71.250.1');
    png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c81e1e' } }).png().toBuffer();
    jpeg = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#1e64c8' } }).jpeg().toBuffer();
  });
  after(async () => {
    await t.app.close();
  });

  test('a company applies for a 旗舰店, is asked for more, resubmits and is approved: the shop, its owner and its licence record appear in one go', async () => {
    const { user, client } = await newApplicant();
    const created = await client.post('/api/me/merchant-applications', { subjectType: 'company' });
    assert.equal(created.statusCode, 201, created.body);
    const id: string = created.json().id;
    assert.match(id, /^apl_/);
    assert.equal(created.json().status, 'draft');

    const filled = await client.request('PATCH', `/api/me/merchant-applications/${id}`, company('声海音频旗舰店'));
    assert.equal(filled.statusCode, 200, filled.body);
    assert.equal(filled.json().contactMobile, '+8613800138000');
    assert.equal(filled.json().uscc, USCC);
    assert.equal(filled.json().usccValid, true);
    assert.deepEqual(filled.json().businessScope, [{ id: cats.digital, name: '数码' }]);
    assert.deepEqual(filled.json().missingDocuments, ['licence', 'brand_authorization']);

    // Not yet: the licence and the brand authorisation are missing.
    const early = await client.post(`/api/me/merchant-applications/${id}/submit`);
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.code, 'APPLICATION_DOCUMENTS_MISSING');
    assert.deepEqual(early.json().error.details.missing, ['licence', 'brand_authorization']);
    assert.equal((await appRow(id)).status, 'draft');

    assert.equal((await upload(client, id, 'licence', png)).statusCode, 201);
    const licence2 = await upload(client, id, 'licence', jpeg, 'image/jpeg', 'licence.jpg');
    assert.equal(licence2.statusCode, 201);
    assert.equal(licence2.json().documents.filter((d: { kind: string }) => d.kind === 'licence').length, 1, 'a new licence replaces the old one');
    assert.equal((await upload(client, id, 'brand_authorization', png)).statusCode, 201);
    const submitted = await client.post(`/api/me/merchant-applications/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, 'submitted');

    // Submitted: the applicant cannot change it while it is reviewed.
    const locked = await client.request('PATCH', `/api/me/merchant-applications/${id}`, { legalRep: '王五' });
    assert.equal(locked.statusCode, 409);
    assert.equal(locked.json().error.code, 'APPLICATION_STATUS_CONFLICT');
    assert.equal((await upload(client, id, 'other', png)).statusCode, 409);

    const queue = await staff.get('/api/admin/merchant-applications?status=submitted');
    assert.equal(queue.statusCode, 200, queue.body);
    assert.ok(queue.json().items.some((i: { id: string; usccValid: boolean }) => i.id === id && i.usccValid));
    assert.ok(queue.json().counts.submitted >= 1);

    const detail = await staff.get(`/api/admin/merchant-applications/${id}`);
    assert.equal(detail.json().documents.length, 2);
    // Licences and ID cards are private: no public /media/ URL; the applicant and reviewers read them through the app.
    const files: { id: string; url: string }[] = detail.json().documents;
    assert.ok(files.every((d) => d.url === `/api/qualification-documents/${d.id}/file-800.webp`), JSON.stringify(files));
    for (const reader of [staff, client]) {
      const file = await reader.get(files[0]!.url);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/webp');
      assert.equal(file.headers['cache-control'], 'private, no-store');
      assert.equal(file.rawPayload.subarray(8, 12).toString('latin1'), 'WEBP');
    }
    assert.equal((await client.get(files[0]!.url.replace('-800', '-200'))).statusCode, 200, 'the thumbnail');
    assert.equal((await client.get(files[0]!.url.replace('-800', '-123'))).statusCode, 404);
    assert.equal((await (await newApplicant()).client.get(files[0]!.url)).statusCode, 404, 'another account cannot read it');
    assert.equal((await new ApiClient(t.app).get(files[0]!.url)).statusCode, 401);
    const publicMedia = path.join(t.ctx.config.dataDir, 'media');
    const publicFiles = fs.existsSync(publicMedia) ? fs.readdirSync(publicMedia, { recursive: true }).map(String) : [];
    assert.ok(!publicFiles.some((f) => files.some((d) => f.includes(d.id))), 'nothing of the documents under the served folder');

    const ask = await staff.post(`/api/admin/merchant-applications/${id}/request-info`, { note: '品牌授权书需加盖品牌方公章，请重新上传' });
    assert.equal(ask.statusCode, 200, ask.body);
    assert.equal(ask.json().status, 'needs_info');
    const seen = (await client.get(`/api/me/merchant-applications/${id}`)).json();
    assert.equal(seen.status, 'needs_info');
    assert.equal(seen.reviewNote, '品牌授权书需加盖品牌方公章，请重新上传');
    assert.equal(seen.reviewerName, null, 'the applicant is not told which staff member reviewed');

    // needs_info: approving is not possible until it is sent again.
    assert.equal((await staff.post(`/api/admin/merchant-applications/${id}/approve`)).statusCode, 409);
    assert.equal((await upload(client, id, 'brand_authorization', jpeg, 'image/jpeg', 'auth-stamped.jpg')).statusCode, 201);
    const again = await client.post(`/api/me/merchant-applications/${id}/submit`);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().status, 'submitted');

    const before = await counts();
    const approved = await staff.post(`/api/admin/merchant-applications/${id}/approve`, undefined, { 'idempotency-key': `approve-${id}` });
    assert.equal(approved.statusCode, 200, approved.body);
    const shopId: string = approved.json().shopId;
    assert.match(shopId, /^shp_/);
    assert.equal(approved.json().status, 'approved');
    const after1 = await counts();
    assert.deepEqual({ shops: after1.shops - before.shops, members: after1.members - before.members, licences: after1.licences - before.licences }, { shops: 1, members: 1, licences: 1 });

    const shop = await t.ctx.db.selectFrom('shop').selectAll().where('id', '=', shopId).executeTakeFirstOrThrow();
    assert.deepEqual([shop.name, shop.kind, shop.status], ['声海音频旗舰店', 'flagship', 'active']);
    const owner = await t.ctx.db.selectFrom('shop_member').selectAll().where('shop_id', '=', shopId).execute();
    assert.deepEqual(owner.map((m) => [m.user_id, m.role]), [[user.id, 'owner']]);
    const lic = await t.ctx.db.selectFrom('shop_licence').selectAll().where('shop_id', '=', shopId).executeTakeFirstOrThrow();
    assert.deepEqual([lic.subject_name, lic.uscc, lic.legal_rep, lic.business_scope, lic.verified_by], ['杭州声海电子有限公司', USCC, '李声海', '数码', staffId]);
    assert.equal(lic.verified_at.getTime(), t.clock.now().getTime());
    const docs = await t.ctx.db.selectFrom('qualification_document').select(['shop_id', 'kind']).where('application_id', '=', id).execute();
    assert.deepEqual(docs.map((d) => d.kind).sort(), ['brand_authorization', 'brand_authorization', 'licence'], 'brand authorisations add up; the licence was replaced');
    assert.ok(docs.every((d) => d.shop_id === shopId), 'the documents follow the shop');

    // Approving again (a retried click, or another reviewer) opens nothing new and answers the same shop.
    const twice = await staff.post(`/api/admin/merchant-applications/${id}/approve`);
    assert.equal(twice.statusCode, 200);
    assert.equal(twice.json().shopId, shopId);
    const replay = await staff.post(`/api/admin/merchant-applications/${id}/approve`, undefined, { 'idempotency-key': `approve-${id}` });
    assert.equal(replay.json().shopId, shopId);
    assert.deepEqual(await counts(), after1);

    // The new owner's session now includes the shop: the merchant console API answers.
    const owned = await client.get('/api/seller/shops');
    assert.ok(owned.json().items.some((s: { shopId: string; role: string }) => s.shopId === shopId && s.role === 'owner'));
    assert.equal((await client.get(`/api/seller/shops/${shopId}`)).statusCode, 200);

    // Licence record: flagged in the platform list six months on, cleared by a re-verification.
    const listed = async () => (await staff.get(`/api/admin/shops?q=${encodeURIComponent('声海音频')}`)).json().items.find((s: { id: string }) => s.id === shopId);
    assert.equal((await listed()).needsReverification, false);
    // (Moving the clock would expire every session of this suite; the record is dated back instead.)
    await t.ctx.db.updateTable('shop_licence').set({ verified_at: new Date(t.clock.now().getTime() - 190 * DAY) }).where('shop_id', '=', shopId).execute();
    assert.equal((await listed()).needsReverification, true);
    const re = await staff.post(`/api/admin/shops/${shopId}/licence/reverify`, { reason: '已核对国家企业信用信息公示系统' });
    assert.equal(re.statusCode, 200, re.body);
    assert.equal((await listed()).needsReverification, false);
    assert.deepEqual(re.json().events.map((e: { action: string }) => e.action), ['reverify']);

    // Approved: a second shop may be applied for.
    assert.equal((await client.post('/api/me/merchant-applications', { subjectType: 'company' })).statusCode, 201);
  });

  test('an individual opens a 个人店 with both ID sides; a rejection carries its reason and ends the application', async () => {
    const { client } = await newApplicant();
    const id: string = (
      await client.post('/api/me/merchant-applications', {
        subjectType: 'individual',
        legalRep: '张小花',
        contactMobile: '13912345678',
        businessScope: [cats.fashion],
        shopName: '小花手作',
        shopKind: 'individual',
      })
    ).json().id;
    assert.deepEqual((await client.get(`/api/me/merchant-applications/${id}`)).json().missingDocuments, ['id_front', 'id_back']);
    assert.equal((await upload(client, id, 'id_front', png)).statusCode, 201);
    assert.equal((await client.post(`/api/me/merchant-applications/${id}/submit`)).json().error.code, 'APPLICATION_DOCUMENTS_MISSING');
    assert.equal((await upload(client, id, 'id_back', png)).statusCode, 201);
    assert.equal((await client.post(`/api/me/merchant-applications/${id}/submit`)).statusCode, 200);

    const noReason = await staff.post(`/api/admin/merchant-applications/${id}/reject`, { note: '   ' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.code, 'REVIEW_NOTE_REQUIRED');
    assert.equal((await appRow(id)).status, 'submitted');
    const rejected = await staff.post(`/api/admin/merchant-applications/${id}/reject`, { note: '身份证照片模糊，无法辨认' });
    assert.equal(rejected.statusCode, 200, rejected.body);
    const seen = (await client.get(`/api/me/merchant-applications/${id}`)).json();
    assert.deepEqual([seen.status, seen.reviewNote, seen.shopId], ['rejected', '身份证照片模糊，无法辨认', null]);
    assert.equal((await client.post(`/api/me/merchant-applications/${id}/submit`)).statusCode, 409, 'a rejected application is final');
    assert.equal((await staff.post(`/api/admin/merchant-applications/${id}/approve`)).statusCode, 409);
    // …and a new one can be started.
    assert.equal((await client.post('/api/me/merchant-applications', { subjectType: 'individual' })).statusCode, 201);
  });

  test('bad input is a catalogued 4xx and writes nothing', async () => {
    const { client } = await newApplicant();
    let snapshot = await counts();
    const refused = async (res: { statusCode: number; json: () => { error: { code: string } } }, status: number, code: string) => {
      assert.equal(res.statusCode, status, `${code}: ${JSON.stringify(res.json())}`);
      assert.equal(res.json().error.code, code);
      assert.deepEqual(await counts(), snapshot, `${code} wrote nothing`);
    };
    const wrongCheck = USCC.slice(0, 17) + (USCC[17] === '0' ? '1' : '0');
    await refused(await client.post('/api/me/merchant-applications', { ...company('坏代码店'), uscc: wrongCheck }), 400, 'USCC_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('坏代码店'), uscc: '91330106MA2AB3CD4' }), 400, 'USCC_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('坏代码店'), uscc: 'OI330106MA2AB3CD4X' }), 400, 'USCC_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('坏手机店'), contactMobile: '12345' }), 400, 'MOBILE_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('类目店'), businessScope: [cats.earphones] }), 400, 'APPLICATION_SCOPE_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('个人旗舰店'), subjectType: 'individual' }), 400, 'APPLICATION_KIND_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('店') }), 400, 'APPLICATION_FIELD_INVALID');
    await refused(await client.post('/api/me/merchant-applications', { ...company('多字段店'), extra: 1 }), 400, 'VALIDATION_FAILED');
    await refused(await client.post('/api/me/merchant-applications', { ...company('自营店'), shopKind: 'self_operated' }), 400, 'VALIDATION_FAILED');
    await refused(await visitor.post('/api/me/merchant-applications', company('访客店')), 401, 'UNAUTHENTICATED');

    const id: string = (await client.post('/api/me/merchant-applications', company('好代码店'))).json().id;
    snapshot = await counts();
    await refused(await client.post('/api/me/merchant-applications', { subjectType: 'company' }), 409, 'APPLICATION_ALREADY_OPEN');
    await refused(await client.request('PATCH', `/api/me/merchant-applications/${id}`, { uscc: wrongCheck }), 400, 'USCC_INVALID');
    assert.equal((await appRow(id)).uscc, USCC, 'the good code stays');

    // Documents: not an image, a GIF (not accepted for documents), empty, an unknown kind.
    await refused(await upload(client, id, 'licence', Buffer.from('%PDF-1.4 not a picture'), 'image/png', 'licence.png'), 400, 'QUALIFICATION_IMAGE_INVALID');
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer();
    await refused(await upload(client, id, 'licence', gif, 'image/gif', 'licence.gif'), 400, 'QUALIFICATION_IMAGE_INVALID');
    await refused(await upload(client, id, 'licence', Buffer.alloc(0)), 400, 'QUALIFICATION_IMAGE_INVALID');
    await refused(await upload(client, id, 'passport', png), 400, 'VALIDATION_FAILED');

    // Incomplete: missing documents refuse the submission.
    await refused(await client.post(`/api/me/merchant-applications/${id}/submit`), 400, 'APPLICATION_DOCUMENTS_MISSING');

    // Someone else's application looks like none at all.
    await refused(await outsider.get(`/api/me/merchant-applications/${id}`), 404, 'APPLICATION_NOT_FOUND');
    await refused(await outsider.request('PATCH', `/api/me/merchant-applications/${id}`, { legalRep: '冒名' }), 404, 'APPLICATION_NOT_FOUND');
    await refused(await upload(outsider, id, 'licence', png), 404, 'APPLICATION_NOT_FOUND');
    await refused(await outsider.post(`/api/me/merchant-applications/${id}/submit`), 404, 'APPLICATION_NOT_FOUND');
    // …and the review queue is for platform staff only.
    await refused(await outsider.get('/api/admin/merchant-applications'), 403, 'FORBIDDEN');
    await refused(await client.post(`/api/admin/merchant-applications/${id}/approve`), 403, 'FORBIDDEN');
    await refused(await staff.post(`/api/admin/merchant-applications/apl_nope/approve`), 404, 'APPLICATION_NOT_FOUND');
    // A draft is not for review.
    await refused(await staff.post(`/api/admin/merchant-applications/${id}/approve`), 409, 'APPLICATION_STATUS_CONFLICT');

    // Individual without a name: incomplete.
    const { client: other } = await newApplicant();
    const bare: string = (await other.post('/api/me/merchant-applications', { subjectType: 'individual', shopName: '无名小店' })).json().id;
    snapshot = await counts();
    const incomplete = await other.post(`/api/me/merchant-applications/${bare}/submit`);
    assert.equal(incomplete.json().error.code, 'APPLICATION_INCOMPLETE');
    assert.deepEqual(incomplete.json().error.details.missing, ['legalRep', 'contactMobile', 'businessScope', 'shopKind']);
    assert.deepEqual(await counts(), snapshot);
  });

  test('shop names: taken by an open shop or a pending application → SHOP_NAME_TAKEN; the approval race is decided in the transaction', async () => {
    const owner = await makeUser(t.ctx.db, t.clock);
    await makeShop(t.ctx.db, t.clock, owner.id, { name: '已有的店' });
    const { client: a } = await newApplicant();
    const { client: b } = await newApplicant();
    const apply = async (client: ApiClient, name: string) => {
      const id: string = (await client.post('/api/me/merchant-applications', { ...company(name), shopKind: 'specialty' })).json().id;
      assert.equal((await upload(client, id, 'licence', png)).statusCode, 201);
      return id;
    };
    const idA = await apply(a, '已有的店');
    const taken = await a.post(`/api/me/merchant-applications/${idA}/submit`);
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'SHOP_NAME_TAKEN');
    assert.equal((await a.request('PATCH', `/api/me/merchant-applications/${idA}`, { shopName: '同名竞争店' })).statusCode, 200);
    assert.equal((await a.post(`/api/me/merchant-applications/${idA}/submit`)).statusCode, 200);
    const idB = await apply(b, '同名竞争店');
    assert.equal((await b.post(`/api/me/merchant-applications/${idB}/submit`)).json().error.code, 'SHOP_NAME_TAKEN', 'A is already waiting with that name');

    // Two reviewers approve the same application at once: one shop.
    const results = await Promise.allSettled([0, 1].map(() => t.ctx.db.transaction().execute((trx) => approveApplication(trx, t.clock, staffId, idA))));
    const shopIds = results.map((r) => (r.status === 'fulfilled' ? r.value.shopId : (r.reason as AppError).code));
    assert.equal(shopIds[0], shopIds[1]);
    assert.equal(Number((await t.ctx.db.selectFrom('shop').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', '同名竞争店').executeTakeFirstOrThrow()).n), 1);
  });

  test('documents can be removed while editable; the per-application limit holds', async () => {
    const { client } = await newApplicant();
    const id: string = (await client.post('/api/me/merchant-applications', company('资料很多的店'))).json().id;
    let last;
    for (let i = 0; i < 12; i++) last = await upload(client, id, 'other', png);
    assert.equal(last!.statusCode, 201);
    const over = await upload(client, id, 'other', png);
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().error.code, 'QUALIFICATION_DOCUMENT_LIMIT');
    const docId: string = last!.json().documents[0].id;
    const removed = await client.request('DELETE', `/api/me/merchant-applications/${id}/documents/${docId}`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().documents.length, 11);
    assert.equal((await client.request('DELETE', `/api/me/merchant-applications/${id}/documents/${docId}`)).json().error.code, 'QUALIFICATION_DOCUMENT_NOT_FOUND');
    assert.equal((await outsider.request('DELETE', `/api/me/merchant-applications/${id}/documents/${last!.json().documents[1].id}`)).statusCode, 404);
  });
});
