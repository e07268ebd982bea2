/**
 * The foundation in a real browser: a real server on a random port over a fresh PGlite data
 * folder, driven by Debian's chromium through playwright-core. Role and text locators only,
 * no fixed sleeps. Screenshots go to test-results/ (git-ignored).
 *
 *   node --import tsx --test e2e/foundation.browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { openRuntime, startServer, type RunningServer, type Runtime } from '../src/server.ts';
import { buildWebOnce } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { newId } from '../src/shared/ids.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve('test-results');
const skip = fs.existsSync(CHROMIUM) ? false : `browser suite skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`;

const ADMIN = { identifier: 'admin@e2e.jishi.test', password: 'Admin-e2e-pass-2026', displayName: '平台管理员' };
const MERCHANT = { identifier: '13700137001', password: 'Merchant-e2e-pass-2026', displayName: '王店长' };
const OTHER_OWNER = { identifier: '13700137002', password: 'Other-e2e-pass-2026', displayName: '别家店主' };
const SHOPPER = { identifier: '13600136001', password: 'Shopper-e2e-pass-2026', displayName: '测试买家' };

describe('foundation (browser)', { skip, timeout: 180_000 }, () => {
  let dataDir = '';
  let runtime: Runtime | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let base = '';
  const shops = { mine: { id: '', name: '王记数码旗舰店' }, theirs: { id: '', name: '别家百货专营店' } };
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `foundation-${name}.png`), fullPage: true });
  }

  async function logIn(page: Page, who: { identifier: string; password: string }): Promise<void> {
    await page.getByLabel('手机号或邮箱').fill(who.identifier);
    await page.getByLabel('密码', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  before(async () => {
    await buildWebOnce();
    fs.mkdirSync(SHOTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-e2e-'));
    const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', JISHI_DATA_DIR: dataDir, JISHI_JOBS: 'off', DATABASE_URL: '', LOG_LEVEL: 'warn' });
    runtime = await openRuntime(config);
    const { db, clock } = runtime.ctx;

    await createPlatformAdmin(db, ADMIN, clock);
    const merchant = await db.transaction().execute((trx) => createUser(trx, MERCHANT, clock));
    const other = await db.transaction().execute((trx) => createUser(trx, OTHER_OWNER, clock));
    for (const [shop, owner, kind] of [
      [shops.mine, merchant.id, 'flagship'],
      [shops.theirs, other.id, 'specialty'],
    ] as const) {
      shop.id = newId('shp');
      await db.insertInto('shop').values({ id: shop.id, name: shop.name, kind, created_at: clock.now() }).execute();
      await db.insertInto('shop_member').values({ shop_id: shop.id, user_id: owner, role: 'owner', created_at: clock.now() }).execute();
    }

    server = await startServer(runtime);
    const address = server.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    if (server) await server.stop();
    else await runtime?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('a shopper', () => {
    let page: Page;

    it('registers through the form and sees their name in the header', async () => {
      page = await newPage();
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: '免费注册' }).first().click();
      await page.getByRole('heading', { name: '注册集市账号' }).waitFor();
      const agree = page.getByRole('checkbox');
      assert.equal(await agree.isChecked(), false, 'the agreement checkbox starts unticked');

      await page.getByLabel('手机号或邮箱').fill(SHOPPER.identifier);
      await page.getByLabel('昵称（选填）').fill(SHOPPER.displayName);
      await page.getByLabel('密码', { exact: true }).fill(SHOPPER.password);

      // The server refuses an unticked agreement too (the browser's own check is switched off here).
      await agree.evaluate((el) => el.removeAttribute('required'));
      await page.getByRole('button', { name: '同意协议并注册' }).click();
      await page.getByRole('alert').filter({ hasText: '请先阅读并同意《用户协议》和《隐私政策》' }).waitFor();
      assert.equal(await page.getByLabel('手机号或邮箱').inputValue(), SHOPPER.identifier, 'the typed identifier is kept');
      assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '', 'the password is not kept');

      await page.getByLabel('密码', { exact: true }).fill(SHOPPER.password);
      await page.getByRole('checkbox').check();
      await page.getByRole('button', { name: '同意协议并注册' }).click();
      await page.waitForURL(`${base}/`);
      await page.getByRole('link', { name: `你好，${SHOPPER.displayName}` }).waitFor();
      await shot(page, 'registered-home');
    });

    it('switches to English and back', async () => {
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByRole('link', { name: `Hi, ${SHOPPER.displayName}` }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await page.getByPlaceholder('Search products').waitFor();
      await shot(page, 'home-en');

      await page.getByRole('button', { name: '中文', exact: true }).click();
      await page.getByRole('link', { name: `你好，${SHOPPER.displayName}` }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      await page.getByPlaceholder('搜索商品').waitFor();
    });

    it('sees a masked phone on 我的 and logs out', async () => {
      await page.getByRole('link', { name: `你好，${SHOPPER.displayName}` }).click();
      await page.getByRole('heading', { name: SHOPPER.displayName }).waitFor();
      await page.getByText('136****6001').waitFor();
      await shot(page, 'me');
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(`${base}/`);
      await page.getByRole('link', { name: '请登录' }).waitFor();
      assert.equal(await page.getByRole('link', { name: `你好，${SHOPPER.displayName}` }).count(), 0);
    });

    it('sees /me ask for a login, is refused a wrong password, then logs back in', async () => {
      await page.goto(`${base}/me`);
      await page.waitForURL(`${base}/login?redirectTo=%2Fme`);
      await logIn(page, { identifier: SHOPPER.identifier, password: 'not-the-password-1' });
      await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
      assert.equal(await page.getByLabel('手机号或邮箱').inputValue(), SHOPPER.identifier);
      await shot(page, 'login-error');

      await logIn(page, SHOPPER);
      await page.waitForURL(`${base}/me`);
      await page.getByRole('heading', { name: SHOPPER.displayName }).waitFor();
      await page.getByRole('link', { name: `你好，${SHOPPER.displayName}` }).waitFor();
    });

    it('changes the password on 我的, with catalogued errors in the page language', async () => {
      await page.getByLabel('当前密码').fill('not-the-password-1');
      await page.getByLabel('新密码').fill('Brand-new-pass-2026');
      await page.getByRole('button', { name: '确认修改' }).click();
      await page.getByRole('alert').filter({ hasText: '当前密码不正确' }).waitFor();
      assert.equal(await page.getByLabel('当前密码').inputValue(), '', 'passwords are cleared after a submit');

      await page.getByLabel('当前密码').fill(SHOPPER.password);
      await page.getByLabel('新密码').fill('Brand-new-pass-2026');
      await page.getByRole('button', { name: '确认修改' }).click();
      await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor();
      SHOPPER.password = 'Brand-new-pass-2026';
    });

    it('gets the 403 page on /admin', async () => {
      const response = await page.goto(`${base}/admin`);
      assert.equal(response?.status(), 403);
      await page.getByRole('heading', { name: '无权访问' }).waitFor();
      await shot(page, '403');
    });
  });

  describe('the platform admin', () => {
    it('is sent to /login as a visitor, then logs in and sees the console', async () => {
      const page = await newPage();
      await page.goto(`${base}/admin`);
      await page.waitForURL(`${base}/login?redirectTo=%2Fadmin`);
      await logIn(page, ADMIN);
      await page.waitForURL(`${base}/admin`);
      await page.getByRole('heading', { name: '概况' }).waitFor();
      await page.getByText('平台后台').first().waitFor();
      await page.getByRole('menuitem', { name: '商家' }).click();
      await page.waitForURL(`${base}/admin/shops`);
      await page.getByRole('cell', { name: shops.mine.name }).waitFor();
      await page.getByRole('cell', { name: shops.theirs.name }).waitFor();
      await page.getByRole('cell', { name: '137****7001' }).waitFor();
      await shot(page, 'admin-shops');
    });
  });

  describe('a merchant owner', () => {
    it('reaches their own shop from /seller and gets 403 on another shop', async () => {
      const page = await newPage();
      await page.goto(`${base}/seller`);
      await page.waitForURL(`${base}/login?redirectTo=%2Fseller`);
      await logIn(page, MERCHANT);
      await page.waitForURL(`${base}/seller/${shops.mine.id}`);
      await page.getByRole('heading', { name: '概况' }).waitFor();
      await page.getByText(shops.mine.name).first().waitFor();
      await page.getByText('商家后台').first().waitFor();
      await shot(page, 'seller');

      const response = await page.goto(`${base}/seller/${shops.theirs.id}`);
      assert.equal(response?.status(), 403);
      await page.getByRole('heading', { name: '无权访问' }).waitFor();
      assert.equal(await page.getByText(shops.theirs.name).count(), 0, 'nothing about the other shop is shown');
    });
  });
});
