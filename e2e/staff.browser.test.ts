/**
 * Shop staff and the audit log in a real browser: the owner invites a mobile number as 仓管
 * (warehouse) on 员工; that account signs in, finds the invitation on /seller and accepts it; as
 * warehouse staff it ships an order but is refused the finance page; the owner changes nothing else.
 * The platform's super admin finds both console writes in 操作日志 with the data before and after, and
 * the database holds exactly one audit row per write. The owner then turns on 两步验证 (TOTP) and the
 * next sign-in asks for the authenticator's code. Screenshots: test-results/staff-*.png.
 *
 *   node --import tsx --test e2e/staff.browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import sharp from 'sharp';
import { browserSkip, openHarness, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { markPaymentOrderPaid } from '../src/modules/orders/orders.service.ts';

const OWNER = { identifier: '13700139201', password: 'Owner-staff-2026', displayName: '青禾店长' };
const CLERK = { identifier: '13700139202', password: 'Clerk-staff-2026', displayName: '仓管小李' };
const SHOPPER = { identifier: '13600139201', password: 'Shopper-staff-2026', displayName: '小吴' };
const ADMIN = { identifier: 'admin@staff.jishi.test', password: 'Admin-staff-2026', displayName: '平台管理员' };
const SHOP = '青禾文具旗舰店';
const PEN = '青禾 钢笔礼盒';

/** Buttons whose label is two CJK characters get a space inserted by antd ("发 货"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('shop staff and the audit log (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  let h: Harness;
  let shopId = '';
  let orderId = '';
  let clerkId = '';
  let owner: Page;
  let clerk: Page;
  const db = () => h.runtime.ctx.db;

  before(async () => {
    h = await openHarness('staff');
    const { ctx } = h.runtime;
    const { clock } = ctx;
    const [ownerUser, clerkUser, shopperUser] = await Promise.all([OWNER, CLERK, SHOPPER].map((who) => db().transaction().execute((trx) => createUser(trx, who, clock))));
    clerkId = clerkUser!.id;
    await createPlatformAdmin(db(), ADMIN, clock);
    shopId = await makeShop(db(), clock, ownerUser!.id, { name: SHOP, kind: 'flagship' });
    const cats = await makeCategoryTree(db());
    const pen = await makeOnSaleProduct(db(), clock, shopId, productInput(cats.speakers, { title: PEN, specs: [{ name: '颜色', values: ['墨蓝'] }], skus: [{ spec: { 颜色: '墨蓝' }, priceFen: 26_800, stock: 20 }] }));
    const sku = (await db().selectFrom('sku').select('id').where('product_id', '=', pen).executeTakeFirstOrThrow()).id;
    const address = await db().transaction().execute((trx) =>
      createAddress(trx, clock, shopperUser!.id, { recipient: '吴女士', mobile: '13812349999', provinceCode: '310000', cityCode: '310100', districtCode: '310104', detail: '漕溪北路 1 号' }),
    );
    await db().transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: shopperUser!.id }), sku, 1));
    const placed = await submitCheckout(db(), clock, ctx.config.orders, shopperUser!.id, { source: { kind: 'cart' }, addressId: address.id, shops: {} }, crypto.randomUUID());
    await db().transaction().execute((trx) => markPaymentOrderPaid(trx, clock, ctx.config.orders, placed.paymentOrderId));
    orderId = placed.orderIds[0]!;
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('the owner invites a mobile number as 仓管 on 员工', async () => {
    owner = await h.newPage();
    await owner.goto(`${h.base}/seller/${shopId}/staff`);
    await h.logIn(owner, OWNER);
    await owner.waitForURL(`${h.base}/seller/${shopId}/staff`);
    await owner.getByText('角色权限').waitFor();
    await owner.getByLabel('手机号或邮箱').fill(CLERK.identifier);
    await owner.getByLabel('角色', { exact: true }).click();
    await owner.locator('.ant-select-item-option', { hasText: '仓管' }).click();
    await owner.getByRole('button', { name: '发送邀请' }).click();
    await owner.getByText('邀请已发送，对方登录后即可在商家后台接受').waitFor();
    const pending = owner.getByRole('row').filter({ hasText: '137****9202' });
    await pending.getByText('仓管').waitFor();
    await h.shotBoth(owner, 'seller-staff', true);
  });

  it('店铺设置: the owner uploads a logo, writes a notice and service hours; the shop page shows them', async () => {
    await owner.goto(`${h.base}/seller/${shopId}/shop`);
    const logo = await sharp({ create: { width: 240, height: 240, channels: 3, background: '#2f6b4f' } }).png().toBuffer();
    await owner.locator('input[type=file]').first().setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
    await owner.getByRole('img', { name: '店铺标志' }).waitFor();
    await owner.getByLabel('店铺公告').fill('本周六仓库盘点，当天订单周日发出');
    await owner.getByLabel('客服时间').fill('每天 09:00-21:00');
    await owner.getByRole('button', { name: cjk2('保存') }).click();
    await owner.getByText('店铺设置已保存').waitFor();
    await h.shotBoth(owner, 'seller-shop-settings', true);
    const shopper = await h.newPage();
    await shopper.goto(`${h.base}/shops/${shopId}`);
    await shopper.getByText('本周六仓库盘点，当天订单周日发出').waitFor();
    await shopper.getByText(/客服时间 每天 09:00-21:00/).waitFor();
    assert.ok(await shopper.locator('img.shop-head__logo').isVisible(), 'the logo shows');
    await h.shotBoth(shopper, 'shop-page');
  });

  it('the invitee signs in, accepts on /seller and lands in the shop’s console', async () => {
    clerk = await h.newPage();
    await clerk.goto(`${h.base}/seller`);
    await h.logIn(clerk, CLERK);
    await clerk.waitForURL(`${h.base}/seller`);
    await clerk.getByText(SHOP).waitFor();
    await clerk.getByText(/邀请你担任「仓管」/).waitFor();
    await h.shotBoth(clerk, 'invitation', true);
    await clerk.getByRole('button', { name: cjk2('接受') }).click();
    await clerk.waitForURL(`${h.base}/seller/${shopId}`);
    // 概况: today's figures and the to-dos, each a link to its list.
    await clerk.getByRole('link', { name: '待发货 1' }).waitFor();
    await h.shotBoth(clerk, 'seller-overview', true);
    const menu = clerk.getByRole('menu').first();
    await menu.getByText('订单').waitFor();
    assert.equal(await menu.getByText('财务', { exact: true }).count(), 0, 'the warehouse’s menu has no finance');
    assert.equal(await menu.getByText('员工', { exact: true }).count(), 0);
    const member = await db().selectFrom('shop_member').select('role').where('shop_id', '=', shopId).where('user_id', '=', clerkId).executeTakeFirstOrThrow();
    assert.equal(member.role, 'warehouse');
  });

  it('as warehouse staff it ships an order, and is refused the finance page', async () => {
    await clerk.goto(`${h.base}/seller/${shopId}/orders?status=paid`);
    const row = clerk.getByRole('row').filter({ hasText: orderId });
    await row.getByRole('button', { name: cjk2('发货') }).click();
    const dialog = clerk.getByRole('dialog');
    // Under load the dropdown can open late: pick the carrier until the select shows it.
    for (let attempt = 0; attempt < 3 && !(await dialog.locator('.ant-select-content[title="顺丰速运"]').isVisible()); attempt++) {
      await dialog.getByLabel('快递公司').click();
      await clerk.locator('.ant-select-item-option', { hasText: '顺丰速运' }).click();
    }
    await dialog.locator('.ant-select-content[title="顺丰速运"]').waitFor();
    await dialog.getByLabel('快递单号').fill('SF1234567890123');
    await dialog.getByRole('button', { name: '确认发货' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const order = await db().selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(order.status, 'shipped');
    const finance = await clerk.goto(`${h.base}/seller/${shopId}/finance`);
    assert.equal(finance?.status(), 403);
    await h.shot(clerk, 'warehouse-finance-403');
    const staffPage = await clerk.goto(`${h.base}/seller/${shopId}/staff`);
    assert.equal(staffPage?.status(), 403, 'staff management is the owner’s');
  });

  it('操作日志 shows each console write with who, role and before/after; one audit row per write', async () => {
    const rows = await db().selectFrom('audit_log').selectAll().where('shop_id', '=', shopId).orderBy('at').orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.actor_roles.join(','), r.target_type]),
      [
        ['owner', 'shop_invitation'],
        ['owner', 'media_image'], // the logo upload
        ['owner', 'shop'],
        ['warehouse', 'shop_order'],
      ],
      JSON.stringify(rows.map((r) => r.action)),
    );
    const logo = rows[1]!;
    assert.equal(logo.before, null);
    assert.match((logo.after as { url: string }).url, /^\/media\/u\/.*-800\.webp$/);
    const settings = rows[2]!;
    assert.equal((settings.before as { announcement: string }).announcement, '');
    assert.equal((settings.after as { announcement: string }).announcement, '本周六仓库盘点，当天订单周日发出');
    const shipped = rows[3]!;
    assert.equal((shipped.before as { status: string }).status, 'paid');
    assert.equal((shipped.after as { status: string }).status, 'shipped');
    assert.ok(shipped.changes.some((c) => c.table === 'shipment' && c.op === 'insert'), 'the parcel is among the rows it changed');

    const admin = await h.newPage();
    await admin.goto(`${h.base}/admin/audit-log`);
    await h.logIn(admin, ADMIN);
    await admin.waitForURL(`${h.base}/admin/audit-log`);
    const shipRow = admin.getByRole('row').filter({ hasText: `shop_order ${orderId}` });
    await shipRow.getByText('仓管', { exact: true }).first().waitFor();
    await shipRow.getByText(CLERK.displayName, { exact: true }).waitFor();
    await shipRow.getByRole('button', { name: /展开|Expand/ }).click();
    await admin.getByRole('cell', { name: 'status', exact: true }).first().waitFor();

    // No scheduled check has run here (jobs are off): 立即校验 walks the whole chain and the banner shows it.
    const banner = admin.getByTestId('audit-chain');
    await banner.getByText('哈希链尚未校验').waitFor();
    await h.hydrated(admin);
    const entries = Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await banner.getByRole('button', { name: '立即校验' }).click();
    await banner.getByText(`哈希链校验通过 · ${entries} 条`).waitFor();
    await banner.getByText(/完整校验。$/).waitFor();
    const check = await db().selectFrom('audit_chain_check').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([check.kind, check.ok, Number(check.verified_seq)], ['full', true, entries]);
    await h.shotBoth(admin, 'admin-audit-log', true);
  });

  it('员工与权限: the super admin makes an account 客服; its console menu shows its areas only, and finance is refused', async () => {
    const admin = await h.newPage();
    await admin.goto(`${h.base}/admin/staff`);
    await h.logIn(admin, ADMIN);
    await admin.waitForURL(`${h.base}/admin/staff`);
    await admin.getByLabel('员工的登录手机号或邮箱').fill(SHOPPER.identifier);
    await admin.getByLabel('角色', { exact: true }).click();
    await admin.locator('.ant-select-item-option', { hasText: '客服' }).click();
    await admin.keyboard.press('Escape');
    await admin.getByRole('button', { name: cjk2('保存') }).click();
    await admin.getByText('角色已更新，立即生效').waitFor();
    await admin.getByRole('row').filter({ hasText: SHOPPER.displayName }).waitFor();
    await h.shotBoth(admin, 'admin-staff', true);

    const agent = await h.newPage();
    await agent.goto(`${h.base}/admin`);
    await h.logIn(agent, SHOPPER);
    await agent.waitForURL(`${h.base}/admin`);
    const menu = agent.getByRole('menu').first();
    await menu.getByText('投诉').waitFor();
    await menu.getByText('售后仲裁').waitFor();
    assert.equal(await menu.getByText('财务', { exact: true }).count(), 0, 'no finance in the menu');
    assert.equal(await menu.getByText('操作日志').count(), 0);
    const finance = await agent.goto(`${h.base}/admin/finance`);
    assert.equal(finance?.status(), 403);
  });

  it('the owner turns on 两步验证 on 账号安全; the next sign-in asks for the authenticator’s code', async () => {
    const clock = h.runtime.ctx.clock;
    const code = (secret: string, aheadSeconds = 0) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + aheadSeconds });
    await owner.goto(`${h.base}/me/security`);
    await owner.getByRole('button', { name: '开启两步验证' }).click();
    const secret = (await owner.getByTestId('totp-secret').textContent())!.trim();
    await owner.getByRole('img', { name: /扫描二维码/ }).waitFor();
    await h.shotBoth(owner, 'security-setup');
    await owner.getByLabel('2. 输入验证器显示的 6 位验证码').fill('000000');
    await owner.getByRole('button', { name: '确认开启' }).click();
    await owner.getByText('验证码不正确或已使用').waitFor();
    await owner.getByLabel('2. 输入验证器显示的 6 位验证码').fill(await code(secret));
    await owner.getByRole('button', { name: '确认开启' }).click();
    await owner.getByText('两步验证已开启，下次登录时需要输入验证码').waitFor();

    const again = await h.newPage();
    await again.goto(`${h.base}/seller/${shopId}`);
    await h.logIn(again, OWNER);
    await again.getByText('该账号已开启两步验证').waitFor();
    await h.shot(again, 'login-code');
    // The code that enabled it was this 30-second step's, and a code works once: the app's next one (a phone 30 s ahead is accepted).
    await again.getByLabel('验证码').fill(await code(secret, 30));
    await again.getByRole('button', { name: '登录', exact: true }).click();
    await again.waitForURL(`${h.base}/seller/${shopId}`);
  });
});
