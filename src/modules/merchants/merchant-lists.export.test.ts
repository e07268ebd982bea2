import { before, after, test } from 'node:test';
import { isChinaTimeText, readSheetRecords } from '../../testing/sheets.ts';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../testing/databases.ts';
import { ApiClient, createTestApp, type TestApp } from '../../testing/app.ts';
import { makeShop, makeUser } from '../../testing/fixtures.ts';
import { makeCategoryTree } from '../../testing/catalog-fixtures.ts';
import { DAY } from '../../shared/clock.ts';
import { usccCheckChar } from './onboarding.rules.ts';

const USCC = (() => {
  const first17 = '91330106MA2AB3CD4';
  return first17 + usccCheckChar(first17);
})();
const FULL_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;


describeEachDatabase('platform console merchant lists: 入驻审核 and 商家 exports', (database) => {
  let t: TestApp;
  let reviewer: ApiClient, finance: ApiClient, shopper: ApiClient, operations: ApiClient;
  let cats: Awaited<ReturnType<typeof makeCategoryTree>>;
  let png: Buffer;
  let ip = 0;
  const ids = {} as { company: string; individual: string; rejected: string; approved: string; draft: string };

  const signIn = async (login: { identifier: string; password: string }) => {
    const client = new ApiClient(t.app, `10.77.${Math.floor(++ip / 200)}.${ip % 200}`);
    assert.equal((await client.post('/api/auth/login', { identifier: login.identifier, password: login.password })).statusCode, 200);
    return client;
  };
  const ok = (res: LightMyRequestResponse) => {
    assert.ok(res.statusCode < 300, `${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };

  /** An application by a new applicant, with the documents it needs; submitted unless `draft`. */
  async function apply(fields: Record<string, unknown>, { draft = false } = {}): Promise<string> {
    const applicant = await signIn(await makeUser(t.ctx.db, t.clock, { name: '申请账号' }));
    const id: string = ok(await applicant.post('/api/me/merchant-applications', fields)).id;
    for (const kind of fields.subjectType === 'company' ? ['licence'] : ['id_front', 'id_back']) {
      const boundary = `----jishi${ip}${kind}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc.png"\r\nContent-Type: image/png\r\n\r\n`),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      ok(await applicant.request('POST', `/api/me/merchant-applications/${id}/documents?kind=${kind}`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` }));
    }
    if (!draft) ok(await applicant.post(`/api/me/merchant-applications/${id}/submit`));
    t.clock.advance(60_000);
    return id;
  }
  const company = (shopName: string) => ({
    subjectType: 'company', companyName: '杭州声海电子有限公司', uscc: USCC, legalRep: '李声海', contactMobile: '13800138000', businessScope: [cats.digital, cats.fashion], shopName, shopKind: 'specialty',
  });
  const individual = (shopName: string, mobile = '13912345678') => ({
    subjectType: 'individual', legalRep: '张小花', contactMobile: mobile, businessScope: [cats.fashion], shopName, shopKind: 'individual',
  });

  before(async () => {
    t = await createTestApp(database());
    cats = await makeCategoryTree(t.ctx.db);
    png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c81e1e' } }).png().toBuffer();
    reviewer = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'reviewer' }));
    operations = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'operations' }));
    finance = await signIn(await makeUser(t.ctx.db, t.clock, { platformRole: 'finance' }));
    shopper = await signIn(await makeUser(t.ctx.db, t.clock));

    ids.draft = await apply(individual('还在填写的小店'), { draft: true });
    ids.company = await apply(company('声海数码专营店'));
    ids.individual = await apply(individual('小花的衣橱', '13700001111'));
    ids.rejected = await apply(individual('被驳回的小店', '13600002222'));
    ids.approved = await apply(company('已开业专营店'));
    ok(await reviewer.post(`/api/admin/merchant-applications/${ids.rejected}/reject`, { note: '身份证照片模糊，请重新申请' }));
    ok(await reviewer.post(`/api/admin/merchant-applications/${ids.approved}/approve`));
  });
  after(async () => {
    await t.app.close();
  });

  test('入驻审核 export: the rows the queue shows under the same filters, in its order; mobiles masked, credit codes for companies only', async () => {
    const { headers: header, records } = await readSheetRecords(await reviewer.get('/api/admin/merchant-applications/export?status=submitted'));
    assert.deepEqual(header, ['申请编号', '主体类型', '主体名称', '统一社会信用代码', '法定代表人/经营者', '联系手机', '店铺名称', '店铺类型', '经营类目', '状态', '提交时间', '审核时间', '审核意见']);
    const listed = ok(await reviewer.get('/api/admin/merchant-applications?status=submitted&pageSize=100'));
    assert.deepEqual(records.map((r) => r['申请编号']), listed.items.map((i: { id: string }) => i.id), 'the queue’s rows in its order (oldest submission first)');
    assert.deepEqual(records.map((r) => r['申请编号']), [ids.company, ids.individual]);

    const [c, p] = records as [Record<string, string | Date>, Record<string, string | Date>];
    assert.equal(c['主体类型'], '企业');
    assert.equal(c['主体名称'], '杭州声海电子有限公司');
    assert.equal(c['统一社会信用代码'], USCC);
    assert.equal(c['法定代表人/经营者'], '李声海');
    assert.equal(c['联系手机'], '138****8000');
    assert.equal(c['店铺名称'], '声海数码专营店');
    assert.equal(c['店铺类型'], '专营店');
    assert.equal(c['经营类目'], '数码、服饰');
    assert.equal(c['状态'], '审核中');
    assert.ok(isChinaTimeText(c['提交时间']), 'submission time is a date cell');
    assert.equal(c['审核时间'], '');
    assert.equal(p['主体类型'], '个人');
    assert.equal(p['主体名称'], '张小花');
    assert.equal(p['统一社会信用代码'], '', 'an individual has no credit code, and no ID number is exported');
    assert.equal(p['联系手机'], '137****1111');
    assert.equal(p['店铺类型'], '个人店');

    const all = await readSheetRecords(await reviewer.get('/api/admin/merchant-applications/export'));
    assert.deepEqual(all.records.map((r) => r['申请编号']), ok(await reviewer.get('/api/admin/merchant-applications?pageSize=100')).items.map((i: { id: string }) => i.id));
    assert.equal(all.records.length, 4, 'drafts are the applicant’s own business and never exported');
    const rejected = all.records.find((r) => r['申请编号'] === ids.rejected)!;
    assert.equal(rejected['状态'], '已驳回');
    assert.equal(rejected['审核意见'], '身份证照片模糊，请重新申请');
    assert.ok(isChinaTimeText(rejected['审核时间']));
    assert.equal(all.records.find((r) => r['申请编号'] === ids.approved)!['状态'], '已通过');
    for (const record of all.records) {
      for (const cell of Object.values(record)) {
        if (typeof cell !== 'string') continue;
        assert.doesNotMatch(cell, FULL_MOBILE, 'no full mobile number');
        assert.doesNotMatch(cell, ID_NUMBER, 'no ID number');
      }
    }

    const searched = await readSheetRecords(await reviewer.get(`/api/admin/merchant-applications/export?q=${encodeURIComponent('衣橱')}`));
    assert.deepEqual(searched.records.map((r) => r['申请编号']), [ids.individual], 'the keyword filters the file as it does the list');
    assert.deepEqual((await readSheetRecords(await reviewer.get('/api/admin/merchant-applications/export?status=needs_info'))).records, [], 'an empty tab is a header-only file');
  });

  test('入驻审核 export: the queue’s policy (reviewers); others get 403, bad filters 400', async () => {
    assert.equal((await operations.get('/api/admin/merchant-applications/export')).statusCode, 200);
    assert.equal((await finance.get('/api/admin/merchant-applications/export')).statusCode, 403);
    assert.equal((await shopper.get('/api/admin/merchant-applications/export')).statusCode, 403);
    assert.equal((await new ApiClient(t.app, '10.77.250.1').get('/api/admin/merchant-applications/export')).statusCode, 401);
    assert.equal((await reviewer.get('/api/admin/merchant-applications/export?status=draft')).statusCode, 400);
    assert.equal((await reviewer.get('/api/admin/merchant-applications/export?page=2')).statusCode, 400, 'the file is every match: no paging');
  });

  test('商家 export: the shops the list shows under the same filters and sort, with status, freeze reason, subject and the re-verification flag', async () => {
    const owner = await makeUser(t.ctx.db, t.clock);
    const selfRun = await makeShop(t.ctx.db, t.clock, owner.id, { name: '集市自营旗舰店', kind: 'self_operated' });
    t.clock.advance(60_000);
    const frozen = await makeShop(t.ctx.db, t.clock, owner.id, { name: '被冻结的店', kind: 'franchise' });
    ok(await operations.post(`/api/admin/shops/${frozen}/freeze`, { reason: '涉嫌售假，待核查' }));
    const opened = (await t.ctx.db.selectFrom('merchant_application').select('shop_id').where('id', '=', ids.approved).executeTakeFirstOrThrow()).shop_id!;
    // The licence record was checked seven months ago: due for re-verification.
    await t.ctx.db.updateTable('shop_licence').set({ verified_at: new Date(t.clock.now().getTime() - 210 * DAY) }).where('shop_id', '=', opened).execute();

    const { headers: header, records } = await readSheetRecords(await finance.get('/api/admin/shops/export'));
    assert.deepEqual(header, ['店铺ID', '店铺名称', '店铺类型', '自营', '状态', '冻结原因', '主体名称', '开店时间', '资质待复核']);
    const listed = ok(await finance.get('/api/admin/shops?pageSize=100'));
    assert.deepEqual(records.map((r) => r['店铺ID']), listed.items.map((i: { id: string }) => i.id), 'newest first, as the list');
    assert.equal(records.length, 3);
    const byId = new Map(records.map((r) => [r['店铺ID'], r]));
    assert.deepEqual(
      { ...byId.get(selfRun), 开店时间: undefined },
      { 店铺ID: selfRun, 店铺名称: '集市自营旗舰店', 店铺类型: '自营', 自营: '是', 状态: '营业中', 冻结原因: '', 主体名称: '', 开店时间: undefined, 资质待复核: '否' },
    );
    assert.ok(isChinaTimeText(byId.get(selfRun)!['开店时间']));
    const f = byId.get(frozen)!;
    assert.equal(f['状态'], '已冻结');
    assert.equal(f['冻结原因'], '涉嫌售假，待核查');
    assert.equal(f['自营'], '否');
    assert.equal(f['店铺类型'], '专卖店');
    const o = byId.get(opened)!;
    assert.equal(o['主体名称'], '杭州声海电子有限公司');
    assert.equal(o['资质待复核'], '是');
    assert.equal(listed.items.find((i: { id: string }) => i.id === opened).needsReverification, true, 'the flag the list computes');

    const onlyFrozen = await readSheetRecords(await finance.get('/api/admin/shops/export?status=frozen'));
    assert.deepEqual(onlyFrozen.records.map((r) => r['店铺ID']), [frozen]);
    const byName = await readSheetRecords(await finance.get('/api/admin/shops/export?sort=name&kind=specialty'));
    assert.deepEqual(byName.records.map((r) => r['店铺ID']), ok(await finance.get('/api/admin/shops?sort=name&kind=specialty')).items.map((i: { id: string }) => i.id));
    assert.deepEqual(byName.records.map((r) => r['店铺ID']), [opened]);
    assert.deepEqual((await readSheetRecords(await finance.get(`/api/admin/shops/export?q=${encodeURIComponent('自营')}`))).records.map((r) => r['店铺ID']), [selfRun]);

    const counts = listed.counts;
    assert.deepEqual(counts, { all: 3, active: 2, frozen: 1, closing: 0, closed: 0 }, 'the list counts each status for its tabs');
    assert.equal(ok(await finance.get('/api/admin/shops?status=frozen')).counts.all, 3, 'counts ignore the status filter itself');

    assert.equal((await shopper.get('/api/admin/shops/export')).statusCode, 403, 'platform staff only');
    assert.equal((await finance.get('/api/admin/shops/export?status=open')).statusCode, 400);
  });
});
