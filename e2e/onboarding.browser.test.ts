/**
 * The marketplace-operations scenario (issue #7) end to end in a real browser, on a fake clock: a new account reads 我要开店, applies for a company 旗舰店
 * (a wrong 统一社会信用代码 is caught first) and uploads its licence and brand authorisation as real image
 * files; platform staff find it in 入驻审核, look at the documents and ask for more; the applicant adds a
 * stamped authorisation and sends it again; staff approve; the new owner opens /seller/:shopId, and the
 * storefront shop page shows the kind badge and 营业执照信息. Then staff freeze the shop: its product is gone
 * from the storefront; unfreezing brings it back. In between, the new owner invites a 仓管 who ships an
 * order and is refused finance. The admin publishes a new 用户协议; after its effective date the shopper
 * must accept it at login, and the acceptance appears in the record. Every console write leaves one
 * audit row with before/after.
 * Screenshots: test-results/onboarding-*.png.
 *
 *   npm test -- --only e2e/onboarding
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { browserSkip, PHONE, openHarness, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { usccCheckChar } from '../src/modules/merchants/onboarding.rules.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { markPaymentOrderPaid } from '../src/modules/orders/orders.service.ts';
import { acceptAgreements, createAgreementDraft, publishAgreementVersion } from '../src/modules/content/agreements.service.ts';
import { DAY, FakeClock } from '../src/shared/clock.ts';
import { acceptanceAtLogin, draftAndPublish } from './agreement-steps.ts';

const APPLICANT = { identifier: '13600170001', password: 'Applicant-onboarding-2026', displayName: '李声海' };
const CLERK = { identifier: '13600170002', password: 'Clerk-onboarding-2026', displayName: '仓管小何' };
const BUYER = { identifier: '13600170003', password: 'Buyer-onboarding-2026', displayName: '小周' };
const ADMIN = { identifier: 'admin@onboarding.jishi.test', password: 'Admin-onboarding-2026', displayName: '入驻审核员' };
const SHOP = '声海音频旗舰店';
const COMPANY = '杭州声海电子有限公司';
const USCC = '91330106MA2AB3CD4' + usccCheckChar('91330106MA2AB3CD4');
const PRODUCT = '声海 Pro 降噪耳机';
const ASK = '品牌授权书需加盖品牌方公章，请重新上传';
const FREEZE = '涉嫌售假，暂停经营待核实';
const V2_TITLE = '集市用户协议（2026 年修订版）';
const V2_SUMMARY = '新增第八条：商家入驻资质的公示方式。';

/** Buttons whose label is two CJK characters get a space inserted by antd ("冻 结"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

/** A document-like picture: a white sheet with a coloured header band and a stamp-red circle. */
async function documentPicture(band: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="560"><rect width="800" height="560" fill="#fbfaf5"/><rect width="800" height="90" fill="${band}"/>
    ${Array.from({ length: 8 }, (_, i) => `<rect x="60" y="${140 + i * 40}" width="${420 + (i % 3) * 80}" height="14" rx="4" fill="#c8c8c8"/>`).join('')}
    <circle cx="640" cy="420" r="80" fill="none" stroke="#d4380d" stroke-width="10"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

describe('onboarding and freezing (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let applicant: Page;
  let admin: Page;
  let applicationId = '';
  let shopId = '';
  let productId = '';
  let orderId = '';
  let licence: Buffer, authorisation: Buffer, stamped: Buffer;
  const db = () => h.runtime.ctx.db;

  before(async () => {
    h = await openHarness('onboarding', { clock });
    const adminId = (await createPlatformAdmin(db(), ADMIN, clock)).userId;
    const userIds = [adminId];
    for (const who of [APPLICANT, CLERK, BUYER]) userIds.push((await db().transaction().execute((trx) => createUser(trx, who, clock))).id);
    // The user agreement in force, which everyone accepted when they registered.
    await db().transaction().execute(async (trx) => {
      const v1 = await createAgreementDraft(trx, clock, adminId, 'user_agreement', { title: '集市用户协议', body: '集市用户协议\n\n# 第一条\n\n欢迎使用集市。' });
      await publishAgreementVersion(trx, clock, adminId, v1, clock.now());
      for (const id of userIds) await acceptAgreements(trx, clock, id, [v1], { ip: '127.0.0.1', userAgent: 'registration' }, 'registration');
    });
    await makeCategoryTree(db());
    [licence, authorisation, stamped] = await Promise.all([documentPicture('#1d4ed8'), documentPicture('#7c3aed'), documentPicture('#b91c1c')]);
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('a new account reads 我要开店 and applies for a company 旗舰店 with its documents', async () => {
    applicant = await h.newPage({ viewport: PHONE, mobile: true });
    await applicant.goto(`${h.base}/`);
    await applicant.getByRole('contentinfo').getByRole('link', { name: '我要开店' }).click();
    await applicant.waitForURL(`${h.base}/open-shop`);
    await applicant.getByRole('heading', { name: '在集市开一家店' }).waitFor();
    await h.shotBoth(applicant, 'intro');
    await applicant.getByRole('link', { name: '登录后申请' }).click();
    await h.logIn(applicant, APPLICANT);
    await applicant.waitForURL(`${h.base}/open-shop/apply`);

    // 1 主体类型
    await applicant.getByText('企业', { exact: true }).click();
    await applicant.getByRole('button', { name: '保存，下一步' }).click();
    await applicant.waitForURL(/step=company/);
    // 2 主体信息: a code with a wrong check character is caught, with the fields kept.
    await applicant.getByLabel('企业名称（与营业执照一致）').fill(COMPANY);
    const wrong = USCC.slice(0, 17) + (USCC[17] === 'A' ? 'B' : 'A');
    await applicant.getByLabel('统一社会信用代码').fill(wrong);
    await applicant.getByLabel('法定代表人').fill('李声海');
    await applicant.getByLabel('联系手机').fill('13800138000');
    await applicant.getByRole('button', { name: '保存，下一步' }).click();
    await applicant.getByRole('alert').getByText(/统一社会信用代码不正确/).waitFor();
    assert.equal(await applicant.getByLabel('企业名称（与营业执照一致）').inputValue(), COMPANY);
    await h.shotBoth(applicant, 'uscc-error');
    await applicant.getByLabel('统一社会信用代码').fill(USCC.toLowerCase());
    await applicant.getByRole('button', { name: '保存，下一步' }).click();
    await applicant.waitForURL(/step=shop/);
    // 3 店铺信息
    await applicant.getByLabel('店铺名称').fill(SHOP);
    await applicant.locator('label.os-option', { hasText: '旗舰店' }).click();
    await applicant.locator('label.choice', { hasText: '数码' }).click();
    await h.shotBoth(applicant, 'shop-step');
    await applicant.getByRole('button', { name: '保存，下一步' }).click();
    await applicant.waitForURL(/step=documents/);
    // 4 资质文件: real picture files through the file inputs.
    await applicant.getByLabel('上传营业执照').setInputFiles({ name: '营业执照.jpg', mimeType: 'image/jpeg', buffer: licence });
    await applicant.getByLabel('上传品牌授权书').setInputFiles({ name: '品牌授权书.jpg', mimeType: 'image/jpeg', buffer: authorisation });
    await applicant.getByRole('button', { name: '上传，下一步' }).click();
    await applicant.waitForURL(/step=review/);
    // 5 确认提交
    await applicant.getByText(USCC, { exact: true }).waitFor();
    assert.equal(await applicant.locator('.os-thumbs img').count(), 2);
    await h.shotBoth(applicant, 'review');
    await applicant.getByRole('button', { name: '提交审核' }).click();
    await applicant.waitForURL(`${h.base}/open-shop?submitted=1`);
    await applicant.getByRole('heading', { name: '审核中' }).waitFor();
    await h.shotBoth(applicant, 'submitted');
    const row = await db().selectFrom('merchant_application').selectAll().executeTakeFirstOrThrow();
    applicationId = row.id;
    assert.deepEqual([row.status, row.company_name, row.uscc, row.shop_kind, row.contact_mobile], ['submitted', COMPANY, USCC, 'flagship', '+8613800138000']);
  });

  it('platform staff review it in 入驻审核 and ask for more information', async () => {
    admin = await h.newPage();
    await admin.goto(`${h.base}/login?redirectTo=%2Fadmin%2Fapplications`);
    await h.logIn(admin, ADMIN);
    await admin.waitForURL(`${h.base}/admin/applications`);
    await admin.getByRole('tab', { name: '待审核 (1)' }).waitFor();
    await admin.getByText('校验通过').waitFor();
    await h.shotBoth(admin, 'admin-queue', true);
    await admin.getByRole('link', { name: SHOP }).click();
    await admin.waitForURL(`${h.base}/admin/applications/${applicationId}`);
    await admin.getByText(COMPANY).waitFor();
    await admin.getByAltText('营业执照').waitFor();
    await admin.getByAltText('品牌授权书').waitFor();
    await h.shotBoth(admin, 'admin-detail', true);
    // The licence opens in the preview at the detail width.
    await admin.getByAltText('营业执照').click();
    await admin.locator('img[src$="-800.webp"]').waitFor();
    await h.shot(admin, 'admin-preview', false);
    await admin.keyboard.press('Escape');
    await admin.locator('img[src$="-800.webp"]').waitFor({ state: 'hidden' });
    await admin.getByRole('button', { name: '要求补充资料' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('原因').fill(ASK);
    await dialog.getByRole('button', { name: cjk2('确定') }).click();
    await admin.getByText('已退回申请人补充资料').waitFor();
    await admin.locator('.ant-alert', { hasText: '已要求补充' }).getByText(ASK).waitFor();
    assert.equal((await db().selectFrom('merchant_application').select('status').where('id', '=', applicationId).executeTakeFirstOrThrow()).status, 'needs_info');
  });

  it('the applicant adds a stamped authorisation and sends it again; staff approve', async () => {
    await applicant.goto(`${h.base}/open-shop`);
    await applicant.getByRole('heading', { name: '需补充资料' }).waitFor();
    await applicant.getByText(ASK).waitFor();
    await h.shotBoth(applicant, 'needs-info');
    await applicant.getByRole('link', { name: '补充资料' }).click();
    await applicant.waitForURL(/step=documents/);
    await applicant.getByRole('note').getByText(ASK).waitFor();
    await h.shotBoth(applicant, 'documents');
    // The old authorisation goes, the stamped one comes.
    await applicant.getByRole('button', { name: '删除 品牌授权书' }).click();
    await applicant.locator('.os-doc', { hasText: '品牌授权书' }).getByText('必需 · 未上传').waitFor();
    await applicant.getByLabel('上传品牌授权书').setInputFiles({ name: '品牌授权书-盖章.jpg', mimeType: 'image/jpeg', buffer: stamped });
    await applicant.getByRole('button', { name: '上传，下一步' }).click();
    await applicant.waitForURL(/step=review/);
    await applicant.getByRole('button', { name: '重新提交审核' }).click();
    await applicant.waitForURL(`${h.base}/open-shop?submitted=1`);
    await applicant.getByRole('heading', { name: '审核中' }).waitFor();

    await admin.goto(`${h.base}/admin/applications/${applicationId}`);
    await admin.getByRole('button', { name: '通过并开店' }).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: cjk2('确定') }).click();
    await admin.getByText('已通过，店铺已开通').waitFor();
    await admin.locator('.ant-tag', { hasText: '已通过' }).first().waitFor();
    await h.shotBoth(admin, 'admin-approved', true);
    const app = await db().selectFrom('merchant_application').select(['status', 'shop_id']).where('id', '=', applicationId).executeTakeFirstOrThrow();
    assert.equal(app.status, 'approved');
    shopId = app.shop_id!;
  });

  it('the new owner opens the merchant console; the shop page shows its badge and licence information', async () => {
    await applicant.goto(`${h.base}/open-shop`);
    await applicant.getByRole('heading', { name: '已通过' }).waitFor();
    await h.shotBoth(applicant, 'approved');
    await applicant.getByRole('link', { name: '进入商家后台' }).click();
    await applicant.waitForURL(`${h.base}/seller/${shopId}`);
    await applicant.getByText(SHOP).first().waitFor();
    await h.shotBoth(applicant, 'seller-console', true);

    // A product on sale in the new shop (published through the catalog's own flow elsewhere).
    const [digital] = await db().selectFrom('category').select('id').where('name', '=', '耳机').execute();
    productId = await makeOnSaleProduct(db(), clock, shopId, productInput(digital!.id, { title: PRODUCT, skus: [{ spec: { 颜色: '黑色' }, priceFen: 39_900, stock: 20 }] }));
    const shopper = await h.newPage({ viewport: PHONE, mobile: true });
    await shopper.goto(`${h.base}/shops/${shopId}`);
    await shopper.getByRole('heading', { name: new RegExp(SHOP) }).locator('.tag--flagship', { hasText: '旗舰店' }).waitFor();
    await shopper.getByText('营业执照信息').click();
    await shopper.getByText(COMPANY).waitFor();
    await shopper.getByText(USCC).waitFor();
    await shopper.getByText(PRODUCT).first().waitFor();
    await h.shotBoth(shopper, 'shop-page');
    await shopper.context().close();
  });

  it('the new owner invites a 仓管: it ships an order of the new shop and cannot see finance', async () => {
    await applicant.goto(`${h.base}/seller/${shopId}/staff`);
    await applicant.getByLabel('手机号或邮箱').fill(CLERK.identifier);
    await applicant.getByLabel('角色', { exact: true }).click();
    await applicant.locator('.ant-select-item-option', { hasText: '仓管' }).click();
    await applicant.getByRole('button', { name: '发送邀请' }).click();
    await applicant.getByText('邀请已发送，对方登录后即可在商家后台接受').waitFor();

    // A paid order for the new shop, placed through checkout.
    const buyer = await db().selectFrom('app_user').select('id').where('mobile', '=', '+86' + BUYER.identifier).executeTakeFirstOrThrow();
    const sku = (await db().selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
    const address = await db().transaction().execute((trx) =>
      createAddress(trx, clock, buyer.id, { recipient: '周先生', mobile: '13812340000', provinceCode: '110000', cityCode: '110100', districtCode: '110105', detail: '建国路 88 号' }),
    );
    await db().transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: buyer.id }), sku, 1));
    const placed = await submitCheckout(db(), clock, h.runtime.ctx.config.orders, buyer.id, { source: { kind: 'cart' }, addressId: address.id, shops: {} }, 'onboarding-e2e-order');
    await db().transaction().execute((trx) => markPaymentOrderPaid(trx, clock, h.runtime.ctx.config.orders, placed.paymentOrderId));
    orderId = placed.orderIds[0]!;

    const clerk = await h.newPage();
    await clerk.goto(`${h.base}/seller`);
    await h.logIn(clerk, CLERK);
    await clerk.waitForURL(`${h.base}/seller`);
    await clerk.getByRole('button', { name: cjk2('接受') }).click();
    await clerk.waitForURL(`${h.base}/seller/${shopId}`);
    await clerk.goto(`${h.base}/seller/${shopId}/orders?status=paid`);
    await clerk.getByRole('row').filter({ hasText: orderId }).getByRole('button', { name: cjk2('发货') }).click();
    const dialog = clerk.getByRole('dialog');
    for (let attempt = 0; attempt < 3 && !(await dialog.locator('.ant-select-content[title="顺丰速运"]').isVisible()); attempt++) {
      await dialog.getByLabel('快递公司').click();
      await clerk.locator('.ant-select-item-option', { hasText: '顺丰速运' }).click();
    }
    await dialog.getByLabel('快递单号').fill('SF1234567890123');
    await dialog.getByRole('button', { name: '确认发货' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await db().selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status, 'shipped');
    assert.equal((await clerk.goto(`${h.base}/seller/${shopId}/finance`))?.status(), 403);
    await clerk.context().close();
  });

  it('the admin publishes a new user agreement; after its effective date the shopper must accept it at login', async () => {
    await admin.goto(`${h.base}/admin/content?tab=agreements`);
    await draftAndPublish(h, admin, clock, {
      agreement: '用户协议',
      version: 2,
      title: V2_TITLE,
      summary: V2_SUMMARY,
      body: `${V2_TITLE}\n\n# 第八条 商家资质公示\n\n商家的营业执照信息在店铺首页公示。`,
    });
    const shopper = await h.newPage({ viewport: PHONE, mobile: true });
    // Before the date: logging in goes straight through.
    await shopper.goto(`${h.base}/login?redirectTo=%2Fme%2Forders`);
    await h.logIn(shopper, BUYER);
    await shopper.waitForURL(`${h.base}/me/orders`);
    await shopper.context().clearCookies();

    clock.advance(8 * DAY);
    await shopper.goto(`${h.base}/login?redirectTo=%2Fme%2Forders`);
    await h.logIn(shopper, BUYER);
    await shopper.waitForURL(`${h.base}/agreements/accept?redirectTo=%2Fme%2Forders`);
    await shopper.getByText(V2_SUMMARY).waitFor();
    await h.shotBoth(shopper, 'agreement-accept');
    await shopper.getByRole('button', { name: '同意并继续' }).click();
    await shopper.waitForURL(`${h.base}/me/orders`);
    await shopper.context().close();

    const record = await acceptanceAtLogin(admin, h, BUYER);
    assert.match(record, new RegExp(BUYER.displayName));
    assert.match(record, /第 2 版/);
    assert.match(record, /127\.0\.0\.1/);
  });

  /** The toast can come and go while a loaded machine is busy; the shop's status is what counts. */
  async function shopStatusIs(status: string) {
    for (let i = 0; i < 100; i++) {
      const row = await db().selectFrom('shop').select('status').where('id', '=', shopId).executeTakeFirstOrThrow();
      if (row.status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`the shop did not become ${status}`);
  }

  it('staff freeze the shop: its product leaves the storefront; unfreezing brings it back', async () => {
    await admin.goto(`${h.base}/admin/shops`);
    const row = admin.locator('tr', { hasText: SHOP });
    await row.getByText('旗舰店', { exact: true }).waitFor();
    await row.getByText(/核验/).waitFor();
    await row.getByRole('button', { name: cjk2('冻结') }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('原因').fill(FREEZE);
    await admin.waitForTimeout(400); // the modal's opening animation can swallow a click on a loaded machine
    await dialog.getByRole('button', { name: cjk2('确定') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await shopStatusIs('frozen');
    await row.getByText(new RegExp(FREEZE)).waitFor();
    await h.shotBoth(admin, 'admin-shops-frozen', true);

    const shopper = await h.newPage({ viewport: PHONE, mobile: true });
    const product = await shopper.goto(`${h.base}/products/${productId}`);
    assert.equal(product?.status(), 404);
    const shopPage = await shopper.goto(`${h.base}/shops/${shopId}`);
    assert.equal(shopPage?.status(), 404);
    await shopper.goto(`${h.base}/search?q=${encodeURIComponent('降噪耳机')}`);
    assert.equal(await shopper.getByText(PRODUCT).count(), 0);
    await h.shotBoth(shopper, 'frozen-search');

    await row.getByRole('button', { name: cjk2('解冻') }).click();
    await dialog.getByLabel('原因').fill('核实为正品，恢复经营');
    await admin.waitForTimeout(400);
    await dialog.getByRole('button', { name: cjk2('确定') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await shopStatusIs('active');
    const back = await shopper.goto(`${h.base}/products/${productId}`);
    assert.equal(back?.status(), 200);
    await shopper.goto(`${h.base}/search?q=${encodeURIComponent('降噪耳机')}`);
    await shopper.getByText(PRODUCT).first().waitFor();
  });

  it('every console write of this test left exactly one audit row, with the row before and after', async () => {
    const rows = await db().selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.console, r.actor_roles.join(','), r.target_type]),
      [
        ['admin', 'platform_admin', 'merchant_application'], // 要求补充资料
        ['admin', 'platform_admin', 'merchant_application'], // 通过并开店
        ['seller', 'owner', 'shop_invitation'], // 邀请仓管
        ['seller', 'warehouse', 'shop_order'], // 发货
        ['admin', 'platform_admin', 'agreement_version'], // 新建协议版本
        ['admin', 'platform_admin', 'agreement_version'], // 发布
        ['admin', 'platform_admin', 'shop'], // 冻结
        ['admin', 'platform_admin', 'shop'], // 解冻
      ],
      JSON.stringify(rows.map((r) => r.action)),
    );
    const status = (row: (typeof rows)[number], side: 'before' | 'after') => (row[side] as { status?: string } | null)?.status;
    assert.deepEqual(rows.map((r) => [status(r, 'before'), status(r, 'after')]), [
      ['submitted', 'needs_info'],
      ['submitted', 'approved'],
      [undefined, 'pending'],
      ['paid', 'shipped'],
      [undefined, 'draft'],
      ['draft', 'published'],
      ['active', 'frozen'],
      ['frozen', 'active'],
    ]);
    assert.ok(rows[1]!.changes.some((c) => c.table === 'shop' && c.op === 'insert'), 'approving created the shop in the same write');
  });
});
