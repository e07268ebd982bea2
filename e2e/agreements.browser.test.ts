/**
 * Agreements and consent end to end in a real browser: a shopper registers (the user agreement and
 * privacy policy in force are accepted, the optional 个性化推荐 switch is recorded); the platform admin
 * drafts and publishes a new 用户协议 in /admin/content, which defaults to the legal minimum of 7 days'
 * notice and announces the change on the home page; before that date the shopper logs in as usual;
 * after it (the runtime's FakeClock moves) the shopper's login stops at /agreements/accept, 同意并继续
 * records the acceptance and goes on to the page they wanted; the admin finds it in the acceptance
 * record (user, version, time, IP). Screenshots go to test-results/agreements-*.png.
 *
 *   npm test -- --only e2e/agreements
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkip, openHarness, PHONE, type Harness } from './harness.ts';
import { acceptanceAtLogin, draftAndPublish } from './agreement-steps.ts';
import { createPlatformAdmin } from '../src/modules/identity/identity.service.ts';
import { createAgreementDraft, publishAgreementVersion } from '../src/modules/content/agreements.service.ts';
import { createBanner } from '../src/modules/content/content.service.ts';
import { DAY, FakeClock } from '../src/shared/clock.ts';

const SHOPPER = { identifier: '13600170001', password: 'Shopper-agreements-2026', displayName: '小林' };
const ADMIN = { identifier: 'admin@agreements.jishi.test', password: 'Admin-agreements-2026', displayName: '法务专员' };
const V2_TITLE = '集市用户协议（2026 年修订版）';
const V2_SUMMARY = '新增第七条：账号注销的申请方式和处理时限。';


describe('agreements and consent (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let adminId = '';
  let shopperId = '';
  let v2Id = '';
  let admin: Page;

  const db = () => h.runtime.ctx.db;

  before(async () => {
    h = await openHarness('agreements', { clock });
    adminId = (await createPlatformAdmin(db(), ADMIN, clock)).userId;
    // The mall's first versions, in force from now.
    for (const [kind, title] of [
      ['user_agreement', '集市用户协议'],
      ['privacy_policy', '集市隐私政策'],
    ] as const) {
      await db().transaction().execute(async (trx) => {
        const id = await createAgreementDraft(trx, clock, adminId, kind, { title, body: `${title}\n\n# 第一条\n\n欢迎使用集市。` });
        await publishAgreementVersion(trx, clock, adminId, id, clock.now());
      });
    }
    // Two home banners, so the home page shows the carousel above the notice bar.
    await db().transaction().execute(async (trx) => {
      await createBanner(trx, clock, { title: '数码焕新季', subtitle: '耳机、音箱 新品上架', linkUrl: '/search?q=耳机', theme: 'blue', sort: 1 });
      await createBanner(trx, clock, { title: '年货节', subtitle: '满 199 减 30', linkUrl: '/search?q=年货', theme: 'red', sort: 2 });
    });
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('a shopper registers: the agreements in force are accepted, the optional switch is recorded separately', async () => {
    const page = await h.newPage({ viewport: PHONE, mobile: true });
    await page.goto(`${h.base}/register`);
    await page.getByLabel('手机号或邮箱').fill(SHOPPER.identifier);
    await page.getByLabel('昵称（选填）').fill(SHOPPER.displayName);
    await page.getByLabel('密码', { exact: true }).fill(SHOPPER.password);
    const marketing = page.getByRole('switch', { name: '接收优惠活动等营销消息' });
    const personal = page.getByRole('switch', { name: /个性化推荐/ });
    assert.equal(await marketing.isChecked(), false, 'optional consents start off');
    assert.equal(await personal.isChecked(), false);
    await personal.check();
    await page.getByRole('checkbox').check();
    await h.shotBoth(page, 'register');
    await page.getByRole('button', { name: '同意协议并注册' }).click();
    await page.waitForURL(`${h.base}/`);
    await page.getByRole('link', { name: `你好，${SHOPPER.displayName}` }).waitFor();
    const user = await db().selectFrom('app_user').select('id').where('mobile', '=', `+86${SHOPPER.identifier}`).executeTakeFirstOrThrow();
    shopperId = user.id;
    const accepted = await db().selectFrom('agreement_acceptance').select(['via', 'ip']).where('user_id', '=', shopperId).execute();
    assert.equal(accepted.length, 2);
    assert.ok(accepted.every((a) => a.via === 'registration' && a.ip === '127.0.0.1'));
    const consents = await db().selectFrom('user_consent').select(['purpose', 'granted']).where('user_id', '=', shopperId).orderBy('purpose').execute();
    assert.deepEqual(consents, [
      { purpose: 'marketing', granted: false },
      { purpose: 'personalisation', granted: true },
    ]);
    await page.context().close();
  });

  it('the admin drafts a new user agreement and publishes it with the default 7 days’ notice', async () => {
    admin = await h.newPage();
    await admin.goto(`${h.base}/login?redirectTo=${encodeURIComponent('/admin/content?tab=agreements')}`);
    await h.logIn(admin, ADMIN);
    // The admin's account predates the agreements, so it accepts them first like everyone else.
    await admin.waitForURL(`${h.base}/agreements/accept?redirectTo=${encodeURIComponent('/admin/content?tab=agreements')}`);
    await admin.getByRole('button', { name: '同意并继续' }).click();
    await admin.waitForURL(`${h.base}/admin/content?tab=agreements`);
    await draftAndPublish(
      h,
      admin,
      clock,
      {
        agreement: '用户协议',
        version: 2,
        title: V2_TITLE,
        summary: V2_SUMMARY,
        body: `${V2_TITLE}\n\n# 第一条 协议目的\n\n平台为用户提供商品展示、交易和售后服务。\n\n# 第七条 账号注销\n\n您可以随时申请注销账号，平台在 15 个工作日内处理。`,
      },
      'publish-dialog',
    );
    await h.shotBoth(admin, 'admin-agreements', true);

    const v2 = await db().selectFrom('agreement_version').selectAll().where('agreement_id', '=', 'agr_user_agreement').where('version', '=', 2).executeTakeFirstOrThrow();
    v2Id = v2.id;
    assert.equal(v2.status, 'published');
    assert.equal(v2.published_by, adminId);
    assert.ok(v2.effective_at!.getTime() - v2.published_at!.getTime() >= 7 * DAY);
  });

  it('before the date the shopper logs in as usual and sees the announcement', async () => {
    const page = await h.newPage({ viewport: PHONE, mobile: true });
    await page.goto(`${h.base}/login?redirectTo=%2Fme%2Forders`);
    await h.logIn(page, SHOPPER);
    await page.waitForURL(`${h.base}/me/orders`);
    await page.goto(`${h.base}/`);
    const notice = page.getByRole('navigation', { name: '平台公告' }).getByRole('link', { name: /《用户协议》将于 .* 生效/ });
    await notice.waitFor();
    await page.getByRole('region', { name: '活动推荐' }).getByRole('link', { name: /数码焕新季/ }).waitFor();
    await h.shotBoth(page, 'home-notice');
    await notice.click();
    await page.getByText(V2_SUMMARY).waitFor();
    await page.goto(`${h.base}/terms`);
    await page.getByText(/新版本（第 2 版）将于 .* 生效/).waitFor();
    await page.getByRole('heading', { name: '集市用户协议', exact: true }).waitFor();
    await page.context().close();
  });

  it('after the date (fake clock) the shopper must accept at login, then lands where they were going', async () => {
    clock.advance(8 * DAY);
    const page = await h.newPage({ viewport: PHONE, mobile: true });
    await page.goto(`${h.base}/login?redirectTo=%2Fme%2Forders`);
    await h.logIn(page, SHOPPER);
    await page.waitForURL(`${h.base}/agreements/accept?redirectTo=%2Fme%2Forders`);
    await page.getByRole('heading', { name: '请阅读并同意更新后的协议' }).waitFor();
    await page.getByText(V2_SUMMARY).waitFor();
    await page.getByText('第 2 版 ·', { exact: false }).waitFor();
    await page.getByText('您可以随时申请注销账号，平台在 15 个工作日内处理。').waitFor();
    await h.shotBoth(page, 'accept');
    await page.getByRole('button', { name: '同意并继续' }).click();
    await page.waitForURL(`${h.base}/me/orders`);
    const rows = await db().selectFrom('agreement_acceptance').selectAll().where('user_id', '=', shopperId).where('version_id', '=', v2Id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.via, 'login_prompt');
    assert.equal(rows[0]!.ip, '127.0.0.1');
    assert.ok(rows[0]!.user_agent);

    await page.goto(`${h.base}/terms`);
    await page.getByRole('heading', { name: V2_TITLE }).waitFor();
    await page.getByText('现行版本').first().waitFor();
    await h.shotBoth(page, 'terms');
    // The next login goes straight through.
    await page.context().clearCookies();
    await page.goto(`${h.base}/login?redirectTo=%2Fme`);
    await h.logIn(page, SHOPPER);
    await page.waitForURL(`${h.base}/me`);
    await page.context().close();
  });

  it('the acceptance appears in the admin’s record with user, version, time and IP', async () => {
    const text = await acceptanceAtLogin(admin, h, SHOPPER);
    // Only the shopper's records once the search is in: the admin's own acceptances drop out.
    await admin.getByRole('row').filter({ hasText: '法务专员' }).first().waitFor({ state: 'detached' });
    assert.match(text, /小林/);
    assert.match(text, /136\*\*\*\*0001/);
    assert.match(text, /第 2 版/);
    assert.match(text, /127\.0\.0\.1/);
    assert.match(text, /\d{4}\D\d{2}\D\d{2}/);
    assert.equal(await admin.getByRole('row').filter({ hasText: '法务专员' }).count(), 0, 'only the shopper’s records');
    assert.equal(await admin.getByRole('row').filter({ hasText: '注册时同意' }).count(), 2, 'and the two from registration');
    await h.shotBoth(admin, 'acceptances', true);
  });

  it('the admin’s console writes each left one audit row with the version before and after', async () => {
    const rows = await db().selectFrom('audit_log').selectAll().where('console', '=', 'admin').orderBy('at').orderBy('id').execute();
    assert.deepEqual(rows.map((r) => [r.actor_id, r.target_type]), [
      [adminId, 'agreement_version'],
      [adminId, 'agreement_version'],
    ], JSON.stringify(rows.map((r) => r.action)));
    const [drafted, published] = rows as [(typeof rows)[number], (typeof rows)[number]];
    assert.equal(drafted.before, null);
    assert.equal((drafted.after as { status: string }).status, 'draft');
    assert.equal((published.before as { status: string }).status, 'draft');
    assert.equal((published.after as { status: string }).status, 'published');
    assert.ok(published.changes.some((c) => c.table === 'announcement' && c.op === 'insert'), 'the announcement came with it');
  });
});
