/**
 * After-sales (售后) end to end in a real browser, on orders paid from the shopper's balance (topped
 * up at the sandbox gateway), shipped with a tracking number and received:
 *
 *   a. 退货退款 with a photo: the shopper applies from the order page (a too-high amount is refused next
 *      to the field; the picture is uploaded and shown as a thumbnail); the merchant approves in 商家后台
 *      with the return address; the shopper enters the return parcel (a malformed number is refused);
 *      the merchant confirms receipt and the refund runs — back to the balance, shown on the request,
 *      on the order's line (已退款) and in 我的余额. The ledger verifies.
 *   b. The merchant rejects with a reason; the shopper escalates (申请平台介入) and adds a message with a
 *      picture; platform staff find it in 售后仲裁, leave an internal note and rule for the shopper with a
 *      partial amount; the refund runs and the shopper sees it (not the note). The ledger verifies.
 *
 * Screenshots (desktop and phone) go to test-results/after-sales-*.png.
 *
 *   npm test -- --only e2e/after-sales.browser
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { browserSkip, PHONE, openHarness, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { transitionOrder } from '../src/modules/orders/orders.service.ts';
import { shipOrder } from '../src/modules/shipments/shipments.service.ts';
import { applyPaymentResult, startPayment, startTopUp } from '../src/modules/payments/payments.service.ts';
import { paymentDeps } from '../src/modules/payments/payments.routes.ts';
import { accountBalance, verifyLedger } from '../src/modules/ledger/ledger.service.ts';
import { accountCode } from '../src/modules/ledger/ledger.accounts.ts';
import { JobWorker } from '../src/shared/jobs.ts';
import { FakeClock, HOUR } from '../src/shared/clock.ts';
import { applyForAfterSales } from '../src/modules/after-sales/after-sales.service.ts';
import { updateOrderTimers } from '../src/modules/orders/timer-settings.service.ts';

const SHOPPER = { identifier: '13600170001', password: 'Shopper-aftersales-2026', displayName: '小林' };
const MERCHANT = { identifier: '13700170001', password: 'Merchant-aftersales-2026', displayName: '云杉店长' };
const ADMIN = { identifier: 'admin@after-sales.jishi.test', password: 'Admin-aftersales-2026', displayName: '仲裁专员' };

const SHOP = '云杉家居旗舰店';
const LAMP = '云杉 胡桃木台灯';
const KETTLE = '云杉 玻璃电水壶 1.5L';
const RETURN_ADDRESS = '浙江省杭州市余杭区文一西路 969 号 云杉售后部 收 0571-86001234';
const REJECT_REASON = '商品外包装已拆封且有明显使用痕迹，影响二次销售';
const RULING = '经核实商品颜色与详情页不符，商家拒绝理由不成立；考虑买家已使用，裁定退款 ¥150.00。';
const NOTE = '已核对详情页截图与买家照片，颜色差异明显。';

/** Buttons whose label is two CJK characters get a space inserted by antd ("同 意"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('after-sales (browser)', { skip: browserSkip, timeout: 420_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let shopId = '';
  let shopperId = '';
  let shopper: Page;
  let merchant: Page;
  let admin: Page;
  const orders = { a: '', b: '', c: '' };
  const requests = { a: '', b: '' };

  const db = () => h.runtime.ctx.db;
  const requestRow = (id: string) => db().selectFrom('after_sales_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const walletFen = async () => Number(await accountBalance(db(), accountCode('buyer_wallet', shopperId)));

  /** Runs every due job (the refund's outbox delivery among them; JISHI_JOBS is off in the harness). */
  async function drainJobs() {
    const worker = new JobWorker({ db: db(), registry: h.runtime.ctx.jobs, clock: h.runtime.ctx.clock, workerId: 'after-sales-e2e' });
    for (let i = 0; i < 30; i++) if ((await worker.runDueJobs(50)) === 0) return;
  }

  async function ledgerSound() {
    const result = await verifyLedger(db());
    assert.ok(result.ok, JSON.stringify(result.problems));
  }

  before(async () => {
    h = await openHarness('after-sales', { clock });
    const { ctx } = h.runtime;
    // Everything was bought and received 41 hours ago: a third request, made 40 hours ago, is 8 hours from its deadline.
    const now = clock.now();
    clock.set(new Date(now.getTime() - 41 * HOUR));
    await createPlatformAdmin(db(), ADMIN, clock);
    const [shopperUser, owner] = await Promise.all([SHOPPER, MERCHANT].map((who) => db().transaction().execute((trx) => createUser(trx, who, clock))));
    shopperId = shopperUser!.id;
    shopId = await makeShop(db(), clock, owner!.id, { name: SHOP, kind: 'flagship' });
    const merchantId = owner!.id;
    const cats = await makeCategoryTree(db());
    const lamp = await makeOnSaleProduct(db(), clock, shopId, productInput(cats.speakers, { title: LAMP, specs: [{ name: '颜色', values: ['胡桃木'] }], skus: [{ spec: { 颜色: '胡桃木' }, priceFen: 19_900, stock: 20 }] }));
    const kettle = await makeOnSaleProduct(db(), clock, shopId, productInput(cats.speakers, { title: KETTLE, specs: [{ name: '颜色', values: ['雾白'] }], skus: [{ spec: { 颜色: '雾白' }, priceFen: 19_900, stock: 20 }] }));
    const skuOf = async (productId: string) => (await db().selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
    const address = await db().transaction().execute((trx) =>
      createAddress(trx, clock, shopperId, { recipient: '林女士', mobile: '13812346789', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '天目山路 18 号' }),
    );
    // The sandbox gateway answers over HTTP at the server's own address: serve first.
    await h.serve();
    const deps = paymentDeps(ctx);
    // One order per scenario: checkout, a top-up at the sandbox gateway for the amount, paid from the balance, shipped with a tracking number, received.
    const buy = async (skuId: string, n: number) => {
      await db().transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: shopperId }), skuId, 1));
      const placed = await submitCheckout(db(), clock, ctx.config.orders, shopperId, { source: { kind: 'cart' }, addressId: address.id, shops: {} }, `after-sales-e2e-order-${n}`);
      const topUp = await startTopUp(deps, shopperId, placed.amountFen, { method: 'sandbox', channel: 'page' }, `after-sales-e2e-topup-${n}`);
      const topped = await db().transaction().execute((trx) => applyPaymentResult(trx, clock, ctx.config.orders, topUp.attemptId, { status: 'paid', amountFen: placed.amountFen, providerTradeNo: `sbt_e2e_${n}` }));
      assert.equal(topped, 'topped_up');
      const paid = await startPayment(deps, shopperId, placed.paymentOrderId, { method: 'balance', channel: 'page' }, `after-sales-e2e-pay-${n}`);
      assert.equal(paid.status, 'succeeded');
      const orderId = placed.orderIds[0]!;
      const actor = { id: merchantId, role: 'merchant' as const };
      await db().transaction().execute((trx) => shipOrder(trx, clock, ctx.config.orders, { shopId, orderId, carrier: 'SF', trackingNo: `SF100000000000${n}`, actor }));
      await db().transaction().execute((trx) => transitionOrder(trx, clock, ctx.config.orders, orderId, 'confirm_receipt', { id: shopperId, role: 'buyer' }));
      return orderId;
    };
    orders.a = await buy(await skuOf(lamp), 1);
    orders.b = await buy(await skuOf(kettle), 2);
    orders.c = await buy(await skuOf(lamp), 3);
    clock.set(new Date(now.getTime() - 40 * HOUR));
    const lineC = (await db().selectFrom('order_line').select('id').where('order_id', '=', orders.c).executeTakeFirstOrThrow()).id;
    await db().transaction().execute((trx) =>
      applyForAfterSales(trx, clock, { orderTimers: ctx.config.orders }, shopperId, { orderLineId: lineC, kind: 'exchange', reason: 'damaged', description: '灯罩有裂纹。' }),
    );
    clock.set(now);
    assert.equal(await walletFen(), 0, 'every top-up went into its order');
  });

  after(async () => {
    await h?.close();
  });

  // ---- a. 退货退款 with a photo ---------------------------------------------------------------

  it('a: the shopper applies for 退货退款 from the order page, with a photo; a too-high amount is refused at the field', async () => {
    shopper = await h.newPage({ viewport: PHONE, mobile: true });
    await shopper.goto(`${h.base}/login?redirectTo=${encodeURIComponent(`/me/orders/${orders.a}`)}`);
    await h.logIn(shopper, SHOPPER);
    await shopper.waitForURL(`${h.base}/me/orders/${orders.a}`);
    await shopper.getByRole('link', { name: '申请售后' }).click();
    await shopper.waitForURL(new RegExp(`/me/after-sales/new\\?orderId=${orders.a}&lineId=`));
    await shopper.getByRole('heading', { name: '申请售后' }).waitFor();
    await shopper.getByText(LAMP).waitFor();
    // Received: return, exchange and repair are offered; refund only is not (and says why).
    assert.equal(await shopper.getByRole('radio', { name: '退货退款' }).isChecked(), true);
    await shopper.getByText('仅退款：已收货的商品请申请退货退款').waitFor();
    await shopper.getByText(/提交后商家需在 48 小时内处理，超时系统自动同意。/).waitFor();
    assert.equal(await shopper.getByLabel('退款金额（元）').inputValue(), '199.00', 'prefilled with the most the line can get back');

    await shopper.locator('label.choice', { hasText: '质量问题' }).click();
    await shopper.getByLabel('退款金额（元）').fill('300');
    await shopper.getByRole('button', { name: '提交申请' }).click();
    await shopper.locator('.field-error').filter({ hasText: '退款金额不能超过 ¥199.00' }).waitFor();
    assert.equal(await db().selectFrom('after_sales_request').select('id').where('order_id', '=', orders.a).executeTakeFirst(), undefined, 'nothing written');

    await shopper.getByLabel('退款金额（元）').fill('199');
    await shopper.getByLabel('问题描述（选填）').fill('台灯开关接触不良，按下去时亮时不亮，见照片。');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8b5a2b' } }).png().toBuffer();
    await shopper.getByLabel('添加图片').setInputFiles({ name: '开关.png', mimeType: 'image/png', buffer: photo });
    await shopper.locator('.afs-thumb img').first().waitFor();
    await shopper.getByText('已上传 1/9 张').waitFor();
    await h.shotBoth(shopper, 'apply');
    await shopper.getByRole('button', { name: '提交申请' }).click();
    await shopper.waitForURL(/\/me\/after-sales\/afs_[0-9a-z]+\?applied=1$/);
    requests.a = new URL(shopper.url()).pathname.split('/').pop()!;
    await shopper.getByRole('heading', { name: '待商家处理' }).waitFor();
    await shopper.getByRole('status').filter({ hasText: '申请已提交' }).waitFor();
    assert.match(await shopper.getByTestId('afs-deadline').innerText(), /^商家 4[78]:\d\d:\d\d 内未处理，系统将自动同意$/);
    assert.equal(await shopper.locator('.cmp-photos img').count(), 1);
    await h.shotBoth(shopper, 'requested');
    const row = await requestRow(requests.a);
    assert.deepEqual([row.kind, row.reason, Number(row.amount_fen), row.photos.length], ['return_refund', 'quality_issue', 19_900, 1]);
  });

  it('a: the merchant finds it in 售后 (by deadline) and approves with the return address', async () => {
    merchant = await h.newPage();
    await merchant.goto(`${h.base}/seller/${shopId}/after-sales`);
    await h.logIn(merchant, MERCHANT);
    await merchant.waitForURL(`${h.base}/seller/${shopId}/after-sales`);
    await merchant.getByRole('tab', { name: /待处理 \(2\)/ }).waitFor();
    // By deadline: the older request first, 8 hours left and red; ours with two days, green.
    await merchant.getByText('1 条售后将在 12 小时内超时，超时系统会自动处理').waitFor();
    const urgentRows = await merchant.locator('tr[data-urgent]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-urgent')));
    assert.deepEqual(urgentRows, ['true', 'false']);
    await merchant.locator('tr[data-urgent="true"]').getByText(/剩 (7 小时 59 分|8 小时 0 分)/).waitFor();
    const queueRow = merchant.getByTestId(`afs-${requests.a}`);
    await queueRow.getByText(/剩 (1 天 23 小时|2 天 0 小时)/).waitFor();
    await h.shotBoth(merchant, 'seller-queue', true);
    await queueRow.getByRole('link', { name: LAMP }).click();
    await merchant.waitForURL(`${h.base}/seller/${shopId}/after-sales/${requests.a}`);
    await merchant.getByText('台灯开关接触不良，按下去时亮时不亮，见照片。').first().waitFor();
    await merchant.getByRole('button', { name: cjk2('同意') }).click();
    const dialog = merchant.getByRole('dialog');
    // Wait for the dialog to finish opening: a click during its animation can be lost on a busy machine.
    await dialog.getByLabel('退货地址').waitFor();
    await merchant.waitForTimeout(400);
    await dialog.getByRole('button', { name: cjk2('同意') }).click();
    await dialog.getByText('请填写退货地址（收件人、电话、地址）').waitFor();
    await dialog.getByLabel('退货地址').fill(RETURN_ADDRESS);
    await dialog.getByRole('button', { name: cjk2('同意') }).click();
    await merchant.getByText('已同意，等待买家寄回商品').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await merchant.locator('.ant-card-head').getByText('待买家退货').waitFor();
    await h.shotBoth(merchant, 'seller-approved', true);
    const row = await requestRow(requests.a);
    assert.deepEqual([row.status, row.return_address], ['awaiting_return', RETURN_ADDRESS]);
  });

  it('a: the shopper enters the return parcel (a malformed number is refused)', async () => {
    await shopper.goto(`${h.base}/me/after-sales/${requests.a}`);
    await shopper.getByRole('heading', { name: '待买家退货' }).waitFor();
    await shopper.getByText(RETURN_ADDRESS).waitFor();
    assert.match(await shopper.getByTestId('afs-deadline').innerText(), /^请在 [67] 天 \d+:\d\d:\d\d 内寄回商品并填写退货单号，逾期售后将关闭$/);
    await shopper.getByLabel('快递公司').selectOption('SF');
    await shopper.getByLabel('快递单号').fill('SF12');
    await shopper.getByRole('button', { name: '提交退货单号' }).click();
    await shopper.locator('.field-error').filter({ hasText: '顺丰速运运单号格式不正确' }).waitFor();
    await shopper.getByLabel('快递公司').selectOption('SF');
    await shopper.getByLabel('快递单号').fill('SF2026000000777');
    await shopper.getByRole('button', { name: '提交退货单号' }).click();
    await shopper.getByRole('heading', { name: '买家已退货' }).waitFor();
    await shopper.getByRole('status').filter({ hasText: '退货单号已提交' }).waitFor();
    await shopper.getByText(/商家 \d+ 天 \d+:\d\d:\d\d 内未确认收货，系统将自动确认并退款/).waitFor();
    await h.shotBoth(shopper, 'returned');
    const row = await requestRow(requests.a);
    assert.deepEqual([row.status, row.return_carrier, row.return_tracking_no], ['returned', 'SF', 'SF2026000000777']);
  });

  it('a: the merchant confirms receipt; the refund goes back to the balance and shows on the request, the order and the wallet', async () => {
    await merchant.reload();
    await merchant.getByText('顺丰速运 SF2026000000777', { exact: true }).waitFor();
    await merchant.getByRole('button', { name: '确认收货' }).click();
    await merchant.getByText('确认已收到退货？确认后将立即退款 ¥199.00').waitFor();
    await merchant.getByRole('button', { name: cjk2('确定') }).click();
    await merchant.getByText('已确认收货', { exact: true }).waitFor();
    await merchant.locator('.ant-card-head').getByText('退款成功').waitFor();
    await drainJobs();
    assert.equal(await walletFen(), 19_900, 'back to the balance it was paid from');

    await shopper.reload();
    await shopper.getByRole('heading', { name: '退款成功' }).waitFor();
    await shopper.getByText('¥199.00 退回余额', { exact: true }).waitFor();
    const refund = shopper.getByTestId('afs-refund');
    await refund.getByText('已到账').waitFor();
    await refund.getByText('商品退款 · 退回余额').waitFor();
    await h.shotBoth(shopper, 'refunded');

    await shopper.getByRole('link', { name: orders.a }).click();
    await shopper.waitForURL(`${h.base}/me/orders/${orders.a}`);
    await shopper.getByText('已退款 ¥199.00').waitFor();
    await shopper.getByRole('link', { name: /售后：退款成功/ }).waitFor();
    await h.shotBoth(shopper, 'order-refunded');

    await shopper.goto(`${h.base}/me/wallet`);
    await shopper.getByTestId('wallet-balance').filter({ hasText: '¥199.00' }).waitFor();
    await shopper.locator('.wallet-line', { hasText: '退款' }).filter({ hasText: '+¥199.00' }).waitFor();
    const row = await requestRow(requests.a);
    assert.deepEqual([row.status, Number(row.refunded_fen)], ['refunded', 19_900]);
    const refundRow = await db().selectFrom('refund').select(['status', 'amount_fen']).where('id', '=', row.refund_id!).executeTakeFirstOrThrow();
    assert.deepEqual([refundRow.status, Number(refundRow.amount_fen)], ['succeeded', 19_900]);
    await ledgerSound();
  });

  // ---- b. rejected, escalated, ruled for the shopper -----------------------------------------

  it('b: the shopper applies, the merchant rejects with a reason (required)', async () => {
    await shopper.goto(`${h.base}/me/orders/${orders.b}`);
    await shopper.getByRole('link', { name: '申请售后' }).click();
    await shopper.getByRole('heading', { name: '申请售后' }).waitFor();
    await shopper.locator('label.choice', { hasText: '与商品描述不符' }).click();
    await shopper.getByLabel('问题描述（选填）').fill('收到的是灰色，详情页写的是雾白。');
    await shopper.getByRole('button', { name: '提交申请' }).click();
    await shopper.waitForURL(/\/me\/after-sales\/afs_[0-9a-z]+\?applied=1$/);
    requests.b = new URL(shopper.url()).pathname.split('/').pop()!;

    // 系统设置 gives shoppers 5 days to escalate: the reject dialog says so.
    const admin = await db().selectFrom('app_user').select('id').where('email', '=', ADMIN.identifier).executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => updateOrderTimers(trx, clock, admin.id, { escalationHours: 120 }));
    await merchant.goto(`${h.base}/seller/${shopId}/after-sales/${requests.b}`);
    await merchant.getByRole('button', { name: cjk2('拒绝') }).click();
    const dialog = merchant.getByRole('dialog');
    await dialog.getByLabel('拒绝原因').waitFor();
    await dialog.getByText('拒绝后买家可在 5 天内申请平台介入，请如实填写理由。').waitFor();
    await merchant.waitForTimeout(400);
    await dialog.getByRole('button', { name: cjk2('拒绝') }).click();
    await dialog.getByText('请填写拒绝原因，买家和平台都能看到').waitFor();
    await dialog.getByLabel('拒绝原因').fill(REJECT_REASON);
    await dialog.getByRole('button', { name: cjk2('拒绝') }).click();
    await merchant.getByText('已拒绝申请').waitFor();
    await merchant.locator('.ant-card-head').getByText('商家已拒绝').waitFor();
    assert.equal((await requestRow(requests.b)).status, 'rejected');
  });

  it('b: the shopper escalates (a reason is required) and adds a picture to the conversation', async () => {
    await shopper.goto(`${h.base}/me/after-sales/${requests.b}`);
    await shopper.getByRole('heading', { name: '商家已拒绝' }).waitFor();
    await shopper.getByText(`拒绝原因：${REJECT_REASON}`).waitFor();
    await shopper.getByText(/可在 \d+ 天 \d+:\d\d:\d\d 内申请平台介入，逾期售后将关闭/).waitFor();
    await h.shotBoth(shopper, 'rejected');
    await shopper.getByRole('button', { name: '申请平台介入' }).click();
    await shopper.locator('.field-error').filter({ hasText: '请说明申请平台介入的原因' }).waitFor();
    await shopper.getByLabel('介入原因').fill('包装是为了检查颜色才拆的，商品本身没有使用过，颜色与描述不符。');
    await shopper.getByRole('button', { name: '申请平台介入' }).click();
    await shopper.getByRole('heading', { name: '平台介入中' }).waitFor();
    await shopper.getByLabel('留言', { exact: true }).fill('附上实物照片，和详情页对比颜色明显不同。');
    const photo = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#9a9a9a' } }).jpeg().toBuffer();
    await shopper.getByLabel('留言图片').setInputFiles({ name: '实物.jpg', mimeType: 'image/jpeg', buffer: photo });
    await shopper.getByRole('button', { name: '发送' }).click();
    await shopper.getByRole('status').filter({ hasText: '留言已发送' }).waitFor();
    await shopper.locator('.cmp-msg--mine .cmp-photos img').waitFor();
    await h.shotBoth(shopper, 'escalated');
    assert.equal((await requestRow(requests.b)).status, 'escalated');
  });

  it('b: platform staff see it in 售后仲裁, note internally and rule for the shopper with ¥150.00', async () => {
    admin = await h.newPage();
    await admin.goto(`${h.base}/login?redirectTo=%2Fadmin%2Fdisputes`);
    await h.logIn(admin, ADMIN);
    await admin.waitForURL(`${h.base}/admin/disputes`);
    await admin.getByRole('tab', { name: /待仲裁 \(1\)/ }).waitFor();
    const queueRow = admin.getByTestId(`afs-${requests.b}`);
    await queueRow.getByText(/已等待 \d+ 分钟/).waitFor();
    await queueRow.getByText(SHOP).waitFor();
    await h.shotBoth(admin, 'admin-queue', true);
    await queueRow.getByRole('link', { name: '仲裁' }).click();
    await admin.waitForURL(`${h.base}/admin/disputes/${requests.b}`);
    // Both sides' words and the shopper's picture.
    await admin.getByText(REJECT_REASON).first().waitFor();
    await admin.getByText('收到的是灰色，详情页写的是雾白。').first().waitFor();
    await admin.getByText('附上实物照片，和详情页对比颜色明显不同。').waitFor();

    await admin.getByLabel('留言', { exact: true }).fill(NOTE);
    await admin.getByRole('checkbox', { name: '仅平台可见的备注' }).check();
    await admin.getByRole('button', { name: cjk2('发送') }).click();
    await admin.getByText('备注已保存').waitFor();
    await admin.getByText(/内部备注/).first().waitFor();

    const amount = admin.getByLabel('退款金额（元）');
    assert.equal(await amount.inputValue(), '199.00', 'what the shopper asked for, by default');
    await amount.fill('150');
    await admin.getByRole('button', { name: '提交裁决' }).click();
    await admin.getByText('请填写裁决理由，买卖双方都能看到').waitFor();
    await admin.getByLabel('裁决理由（买卖双方可见）').fill(RULING);
    await h.shotBoth(admin, 'admin-decide', true);
    await admin.getByRole('button', { name: '提交裁决' }).click();
    await admin.getByText('确认裁定退款 ¥150.00？退款将立即执行，不能撤回。').waitFor();
    await admin.getByRole('button', { name: cjk2('确定') }).click();
    await admin.getByText('已裁定退款 ¥150.00，退款已发起').waitFor();
    await admin.getByRole('button', { name: '提交裁决' }).waitFor({ state: 'detached' });
    await admin.locator('.ant-card-head').getByText('退款成功').first().waitFor();
    await h.shotBoth(admin, 'admin-ruled', true);
    const row = await requestRow(requests.b);
    assert.deepEqual([row.status, row.decision, Number(row.refunded_fen)], ['refunded', 'refund', 15_000]);
  });

  it('b: the refund runs and the shopper sees the ruling and the money, not the internal note; the books balance', async () => {
    await drainJobs();
    assert.equal(await walletFen(), 19_900 + 15_000);
    await shopper.goto(`${h.base}/me/after-sales/${requests.b}`);
    await shopper.getByRole('heading', { name: '退款成功' }).waitFor();
    await shopper.getByText('¥150.00 退回余额', { exact: true }).waitFor();
    await shopper.getByText(`支持买家，退款：${RULING}`).waitFor();
    await shopper.getByTestId('afs-refund').getByText('已到账').waitFor();
    assert.equal(await shopper.getByText(NOTE).count(), 0, 'internal notes stay with the platform');
    await h.shotBoth(shopper, 'ruled');

    await shopper.goto(`${h.base}/me/orders/${orders.b}`);
    await shopper.getByText('已退款 ¥150.00').waitFor();
    // 退款售后 lists both orders.
    await shopper.goto(`${h.base}/me/orders?tab=after_sales`);
    await shopper.getByRole('listitem', { name: new RegExp(orders.a) }).waitFor();
    await shopper.getByRole('listitem', { name: new RegExp(orders.b) }).waitFor();
    await shopper.goto(`${h.base}/me/after-sales`);
    await shopper.getByRole('link', { name: `${LAMP}：退款成功` }).waitFor();
    await shopper.getByRole('link', { name: `${KETTLE}：退款成功` }).waitFor();
    await h.shotBoth(shopper, 'list');
    await shopper.goto(`${h.base}/me/wallet`);
    await shopper.getByTestId('wallet-balance').filter({ hasText: '¥349.00' }).waitFor();
    await ledgerSound();
  });
});
