/**
 * 注销账号 and leaving on the old terms, end to end in a real browser. A shopper goes from 账号安全 to
 * 注销账号, is refused a wrong confirmation, types 注销 and is signed out; the number no longer logs in.
 * A shop owner asked at login for a new 商家服务协议 leaves under the old one from the acceptance page
 * (退出中), finds the shop's exit on /seller/:shopId/agreement and closes it (已退出).
 * Screenshots go to test-results/account-closure-*.png.
 *
 *   npm test -- --only e2e/account-closure
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkip, openHarness, PHONE, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { acceptAgreements, createAgreementDraft, publishAgreementVersion } from '../src/modules/content/agreements.service.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { newId } from '../src/shared/ids.ts';
import { DAY, FakeClock } from '../src/shared/clock.ts';

const SHOPPER = { identifier: '13600240001', password: 'Shopper-closure-2026', displayName: '要走的人' };
const OWNER = { identifier: '13600240002', password: 'Owner-closure-2026', displayName: '老店主' };
const ADMIN = { identifier: 'admin@closure.jishi.test', password: 'Admin-closure-2026', displayName: '法务' };

describe('account closure and leaving on the old terms (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let shopperId = '';
  let shopId = '';
  const db = () => h.runtime.ctx.db;

  before(async () => {
    h = await openHarness('account-closure', { clock });
    const adminId = (await createPlatformAdmin(db(), ADMIN, clock)).userId;
    await db().transaction().execute(async (trx) => {
      shopperId = (await createUser(trx, SHOPPER, clock)).id;
      await createAddress(trx, clock, shopperId, { recipient: '要走的人', mobile: '13800001111', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '告别路 1 号' });
      const owner = await createUser(trx, OWNER, clock);
      shopId = newId('shp');
      await trx.insertInto('shop').values({ id: shopId, name: '老字号茶铺', kind: 'individual', logo_url: null, created_at: clock.now() }).execute();
      await trx.insertInto('shop_member').values({ shop_id: shopId, user_id: owner.id, role: 'owner', created_at: clock.now() }).execute();
      // 商家服务协议 v1 in force and accepted by the owner; v2 announced with the legal 7 days' notice.
      const v1 = await createAgreementDraft(trx, clock, adminId, 'merchant_service_agreement', { title: '商家服务协议', body: '第一条 技术服务费 2%。' });
      await publishAgreementVersion(trx, clock, adminId, v1, clock.now());
      await acceptAgreements(trx, clock, owner.id, [v1], {}, 'api');
      const v2 = await createAgreementDraft(trx, clock, adminId, 'merchant_service_agreement', { title: '商家服务协议（修订）', summary: '技术服务费上调至 5%。', body: '第一条 技术服务费 5%。' });
      await publishAgreementVersion(trx, clock, adminId, v2, new Date(clock.now().getTime() + 7 * DAY));
    });
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('a shopper closes the account from 账号安全: confirmation typed, signed out, the number no longer logs in', async () => {
    const page = await h.newPage({ viewport: PHONE, mobile: true });
    await page.goto(`${h.base}/login?redirectTo=/me/security`);
    await h.logIn(page, SHOPPER);
    await page.waitForURL(`${h.base}/me/security`);
    await page.getByRole('link', { name: '申请注销账号' }).click();
    await page.waitForURL(`${h.base}/me/close-account`);
    await page.getByText('没有未完成的订单、售后、投诉或余额，可以注销。').waitFor();
    assert.equal(await page.getByRole('link', { name: '导出我的数据' }).getAttribute('href'), '/api/me/export');

    await page.getByLabel('登录密码').fill(SHOPPER.password);
    await page.getByLabel('请输入“注销”两个字以确认').fill('确认');
    await page.getByRole('button', { name: '确认注销账号' }).click();
    await page.getByRole('alert').filter({ hasText: '请输入“注销”两个字以确认注销账号' }).waitFor();
    await h.shotBoth(page, 'refused');

    await page.getByLabel('登录密码').fill(SHOPPER.password);
    await page.getByLabel('请输入“注销”两个字以确认').fill('注销');
    await page.getByRole('button', { name: '确认注销账号' }).click();
    await page.waitForURL(`${h.base}/me/close-account?done=1`);
    await page.getByRole('heading', { name: '账号已注销' }).waitFor();
    await h.shotBoth(page, 'done');
    const row = await db().selectFrom('app_user').select(['status', 'mobile', 'display_name']).where('id', '=', shopperId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'closed', mobile: null, display_name: '已注销用户' });

    await page.goto(`${h.base}/login`);
    await h.logIn(page, SHOPPER);
    await page.getByText('账号或密码错误').waitFor();
  });

  it('a shop owner asked for the new merchant agreement leaves under the old one, then closes the shop', async () => {
    clock.advance(7 * DAY + 60_000); // version 2 takes effect
    const page = await h.newPage();
    await page.goto(`${h.base}/login?redirectTo=/seller`);
    await h.logIn(page, OWNER);
    await page.waitForURL(/\/agreements\/accept/);
    await page.getByRole('heading', { name: '不同意新版《商家服务协议》？' }).waitFor();
    await page.getByText(/按原协议（第 1 版）退出经营/).waitFor();
    await h.shot(page, 'accept-page');
    await page.getByLabel('我已了解：退出经营后店铺停止接单，且不能撤回').check();
    await page.getByRole('button', { name: '不同意，「老字号茶铺」按原协议退出经营' }).click();
    // Nothing is pending any more: on to where the owner was going (the shop's console, now 退出中).
    await page.waitForURL(`${h.base}/seller/${shopId}`);
    await page.getByText('退出中').first().waitFor();
    const shop = await db().selectFrom('shop').select('status').where('id', '=', shopId).executeTakeFirstOrThrow();
    assert.equal(shop.status, 'closing');

    await page.goto(`${h.base}/seller/${shopId}/agreement`);
    await page.getByText('您于').waitFor();
    await page.getByText('订单、售后和资金均已结清，可以关闭店铺。').waitFor();
    await h.hydrated(page);
    await h.shot(page, 'seller-exit');
    await page.getByRole('button', { name: '关闭店铺' }).click();
    await page.getByRole('button', { name: /^确\s?定$|^OK$/ }).click();
    await page.waitForURL(`${h.base}/seller`);
    assert.equal((await db().selectFrom('shop').select('status').where('id', '=', shopId).executeTakeFirstOrThrow()).status, 'closed');
  });
});
