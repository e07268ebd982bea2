/**
 * Paying and the money after it, end to end in a real browser, with the built-in sandbox gateway:
 * the platform sets 平台代收, T+1 and a 10% commission on 耳机; a shopper pays an order at the 收银台
 * with 在线支付（沙箱） (the hosted page's 支付成功, back to the result page, the notification delivered
 * by the job worker); the merchant ships it, the shopper confirms receipt, the clock moves past the
 * after-sales window and T+1, and the settlement job pays the shop its share less the commission; the
 * merchant sees it in 财务 and asks to withdraw, the platform sees the commission, approves the
 * withdrawal and reconciles the day. Also: a top-up (余额充值), a balance payment, an overdraft refused
 * in the page, a QR payment whose result page waits until the provider says it was paid. The ledger
 * verifies at the end. Screenshots (desktop and phone) go to test-results/payments-*.png.
 *
 *   npm test -- --only e2e/payments.browser
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkip, DESKTOP, openHarness, PHONE, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { chinaDate } from '../src/modules/payments/reconciliation.service.ts';
import { verifyLedger } from '../src/modules/ledger/ledger.service.ts';
import { DAY, FakeClock, HOUR } from '../src/shared/clock.ts';
import { JobWorker } from '../src/shared/jobs.ts';

const SHOPPER = { identifier: '13600150001', password: 'Shopper-payments-2026', displayName: '小周' };
const MERCHANT = { identifier: '13700150001', password: 'Merchant-payments-2026', displayName: '听风店长' };
const ADMIN = { identifier: 'admin@payments.jishi.test', password: 'Admin-payments-2026', displayName: '平台财务' };

const SHOP = '听风音频旗舰店';
const EARPHONES = '听风 Air 真无线耳机';
const PRICE_FEN = 19_900;

/** Buttons whose label is two CJK characters get a space inserted by antd ("通 过"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('payments (browser)', { skip: browserSkip, timeout: 420_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let shopId = '';
  let shopperId = '';
  let addressId = '';
  let skuId = '';
  let categoryId = '';
  let shopper: Page;
  let admin: Page;
  let merchant: Page;
  const orders = { a: { pay: '', order: '' }, b: { pay: '', order: '' }, c: { pay: '', order: '' } };
  let payDay = '';

  const db = () => h.runtime.ctx.db;
  const stateOf = async (orderId: string) => (await db().selectFrom('shop_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status;

  /** Runs every due job — notifications, timers, the recurring settlement — until none is left (JISHI_JOBS is off in the harness). */
  async function drainJobs() {
    const worker = new JobWorker({ db: db(), registry: h.runtime.ctx.jobs, clock, workerId: 'payments-e2e' });
    await worker.scheduleRecurring();
    for (let i = 0; i < 30; i++) if ((await worker.runDueJobs(50)) === 0) return;
  }

  /** One order of `qty` earphones for the shopper: one payment order, one shop order. */
  async function placeOrder(qty: number, key: string) {
    const { config } = h.runtime.ctx;
    await db().transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: shopperId }), skuId, qty));
    const placed = await submitCheckout(db(), clock, config.orders, shopperId, { source: { kind: 'cart' }, addressId, shops: {} }, key);
    const order = await db().selectFrom('shop_order').select('id').where('payment_order_id', '=', placed.paymentOrderId).executeTakeFirstOrThrow();
    return { pay: placed.paymentOrderId, order: order.id };
  }


  before(async () => {
    h = await openHarness('payments', { clock });
    await createPlatformAdmin(db(), ADMIN, clock);
    const [shopperUser, owner] = await Promise.all([SHOPPER, MERCHANT].map((who) => db().transaction().execute((trx) => createUser(trx, who, clock))));
    shopperId = shopperUser!.id;
    shopId = await makeShop(db(), clock, owner!.id, { name: SHOP, kind: 'flagship' });
    const cats = await makeCategoryTree(db());
    categoryId = cats.earphones;
    const productId = await makeOnSaleProduct(
      db(),
      clock,
      shopId,
      productInput(cats.earphones, { title: EARPHONES, specs: [{ name: '颜色', values: ['月光白'] }], skus: [{ spec: { 颜色: '月光白' }, priceFen: PRICE_FEN, stock: 50 }] }),
    );
    skuId = (await db().selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
    addressId = (
      await db().transaction().execute((trx) =>
        createAddress(trx, clock, shopperId, { recipient: '周先生', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 90 号' }),
      )
    ).id;
    orders.a = await placeOrder(1, 'payments-e2e-order-a');
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('the platform sets 平台代收, T+1, and 10% commission on 耳机', async () => {
    admin = await h.newPage();
    await admin.goto(`${h.base}/admin/finance?tab=settings`);
    await h.logIn(admin, ADMIN);
    await admin.waitForURL(`${h.base}/admin/finance?tab=settings`);
    await admin.getByRole('radio', { name: /平台代收/ }).check();
    await admin.getByLabel('结算周期').fill('1');
    await admin.getByRole('button', { name: '保存设置' }).click();
    await admin.getByText('结算设置已保存').waitFor();
    const settings = await db().selectFrom('payment_setting').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([settings.mode, settings.settlement_days], ['platform_collect', 1]);

    await admin.getByRole('combobox', { name: '类目' }).click();
    await admin.locator('.ant-cascader-menu-item', { hasText: '数码' }).click();
    await admin.locator('.ant-cascader-menu-item', { hasText: '影音娱乐' }).click();
    await admin.locator('.ant-cascader-menu-item', { hasText: '耳机' }).click();
    await admin.getByLabel('佣金比例').fill('10');
    await admin.getByRole('button', { name: cjk2('设置') }).click();
    await admin.getByText('“耳机”的佣金已设为 10%').waitFor();
    await admin.getByRole('cell', { name: '数码 / 影音娱乐 / 耳机' }).waitFor();
    const rate = await db().selectFrom('category').select('commission_bp').where('id', '=', categoryId).executeTakeFirstOrThrow();
    assert.equal(rate.commission_bp, 1000, 'the category’s own rate: the one commission setting');
  });

  it('the shopper pays at the 收银台 with 在线支付（沙箱）: hosted page, 支付成功, back to the result page', async () => {
    shopper = await h.newPage();
    await shopper.goto(`${h.base}/pay/${orders.a.pay}`);
    await h.logIn(shopper, SHOPPER);
    await shopper.waitForURL(`${h.base}/pay/${orders.a.pay}`);
    await shopper.getByRole('heading', { name: '订单提交成功' }).waitFor();
    await shopper.getByTestId('pay-amount').filter({ hasText: '¥199.00' }).waitFor();
    assert.match(await shopper.getByRole('timer').innerText(), /^(29|30):\d\d$/);
    const sandbox = shopper.getByRole('radio', { name: /在线支付（沙箱）/ });
    assert.equal(await sandbox.isChecked(), true, 'the first method is chosen');
    const balance = shopper.getByRole('radio', { name: /余额/ });
    assert.equal(await balance.isDisabled(), true, 'no balance yet');
    await shopper.getByText('余额不足（可用 ¥0.00）').waitFor();
    await shopper.getByRole('radio', { name: /货到付款/ }).waitFor();
    await h.shotBoth(shopper, 'cashier');

    await shopper.locator('label.pay-method', { hasText: '在线支付（沙箱）' }).click();
    await shopper.getByRole('button', { name: '去支付' }).dblclick();
    await shopper.waitForURL(/\/sandbox-pay\/sbt_/);
    assert.equal((await db().selectFrom('payment_attempt').select('id').where('payment_order_id', '=', orders.a.pay).execute()).length, 1, 'a double click starts one payment');
    await shopper.getByText('¥199.00').first().waitFor();
    payDay = chinaDate(clock.now());
    await shopper.getByRole('button', { name: '支付成功' }).click();

    await shopper.waitForURL(new RegExp(`/pay/${orders.a.pay}/result\\?attempt=pat_`));
    await shopper.getByRole('heading', { name: '支付成功', level: 1 }).waitFor();
    await shopper.getByText('在线支付（沙箱）').waitFor();
    assert.equal(await stateOf(orders.a.order), 'paid', 'paid by the active query, not by the browser coming back');
    await h.shotBoth(shopper, 'result');

    // The gateway's signed notification, delivered by the job worker, finds the payment already applied.
    await drainJobs();
    const notices = await db().selectFrom('payment_notification').select(['verified', 'outcome', 'kind']).execute();
    assert.ok(notices.length >= 1 && notices.every((n) => n.verified), 'the notification arrived and passed its signature check');
    assert.ok(notices.some((n) => n.kind === 'payment' && n.outcome === 'already'));

    await shopper.getByRole('link', { name: '查看订单' }).click();
    await shopper.waitForURL(`${h.base}/me/orders?tab=to_ship`);
    await shopper.getByRole('listitem', { name: new RegExp(`${SHOP} 的订单`) }).getByText('待发货').first().waitFor();

    // The cashier of a paid payment order shows that, not the form.
    await shopper.goto(`${h.base}/pay/${orders.a.pay}`);
    await shopper.getByRole('heading', { name: '订单已支付' }).waitFor();
    await shopper.getByText(/已通过在线支付（沙箱）支付/).waitFor();
    assert.equal(await shopper.getByRole('button', { name: '去支付' }).count(), 0);
  });

  it('tops up the balance through the sandbox and lands back on 我的余额', async () => {
    await shopper.goto(`${h.base}/me`);
    await shopper.getByRole('link', { name: '我的余额 ›' }).click();
    await shopper.waitForURL(`${h.base}/me/wallet`);
    await shopper.getByTestId('wallet-balance').filter({ hasText: '¥0.00' }).waitFor();
    await shopper.getByLabel('充值金额（元）').fill('0.5');
    await shopper.getByRole('button', { name: '去充值' }).click();
    await shopper.getByRole('alert').filter({ hasText: '请输入 ¥1.00 至 ¥50,000.00 之间的金额' }).waitFor();
    await shopper.getByRole('button', { name: '¥500' }).click();
    await h.shotBoth(shopper, 'wallet-topup');
    await shopper.getByRole('button', { name: '去充值' }).click();
    await shopper.waitForURL(/\/sandbox-pay\/sbt_/);
    await shopper.getByText('¥500.00').first().waitFor();
    await shopper.getByRole('button', { name: '支付成功' }).click();
    await shopper.waitForURL(/\/me\/wallet\?topup=pat_/);
    await shopper.getByRole('status').filter({ hasText: '充值成功：¥500.00 已到账' }).waitFor();
    await shopper.getByTestId('wallet-balance').filter({ hasText: '¥500.00' }).waitFor();
    await shopper.locator('.wallet-line', { hasText: '充值' }).filter({ hasText: '+¥500.00' }).waitFor();
    await h.shotBoth(shopper, 'wallet');
  });

  it('pays with the balance; a second order finds the balance spent in another tab, and the page says so', async () => {
    orders.b = await placeOrder(1, 'payments-e2e-order-b');
    orders.c = await placeOrder(2, 'payments-e2e-order-c');
    // Tab 1: order B's cashier while ¥500 covers it.
    await shopper.goto(`${h.base}/pay/${orders.b.pay}`);
    await shopper.getByText('可用余额 ¥500.00').waitFor();
    await shopper.locator('label.pay-method', { hasText: '余额' }).click();
    assert.equal(await shopper.getByRole('radio', { name: /余额/ }).isChecked(), true);

    // Tab 2: order C (¥398.00) is paid from the balance first.
    const tab2 = await shopper.context().newPage();
    await tab2.goto(`${h.base}/pay/${orders.c.pay}`);
    await tab2.locator('label.pay-method', { hasText: '余额' }).click();
    await tab2.getByRole('button', { name: '去支付' }).click();
    await tab2.waitForURL(new RegExp(`/pay/${orders.c.pay}/result\\?attempt=pat_`));
    await tab2.getByRole('heading', { name: '支付成功', level: 1 }).waitFor();
    await tab2.getByText('余额', { exact: true }).waitFor();
    assert.equal(await stateOf(orders.c.order), 'paid');
    await tab2.goto(`${h.base}/me/wallet`);
    await tab2.getByTestId('wallet-balance').filter({ hasText: '¥102.00' }).waitFor();
    await tab2.locator('.wallet-line', { hasText: '支付' }).filter({ hasText: '-¥398.00' }).waitFor();
    await tab2.close();

    // Tab 1 submits: the ledger refuses the overdraft, the page tells why, nothing is paid.
    await shopper.getByRole('button', { name: '去支付' }).click();
    await shopper.getByRole('alert').filter({ hasText: '账户余额不足' }).waitFor();
    // The page reloads its data with the refusal: the balance card now says why it cannot pay.
    await shopper.getByText('余额不足（可用 ¥102.00）').waitFor();
    assert.equal(await shopper.getByRole('radio', { name: /余额/ }).isDisabled(), true);
    assert.equal(await stateOf(orders.b.order), 'pending_payment');
    await h.shotBoth(shopper, 'cashier-overdraft');
  });

  it('pays by QR code: 已完成支付 before paying shows 支付确认中, which turns to 支付成功 once the provider has it', async () => {
    await shopper.locator('label.pay-method', { hasText: '扫码支付（沙箱）' }).click();
    await shopper.getByRole('button', { name: '去支付' }).click();
    const qr = shopper.getByRole('img', { name: '支付二维码' });
    await qr.waitFor();
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    const payUrl = (await shopper.locator('.pay-qr .mono').innerText()).trim();
    assert.match(payUrl, new RegExp(`^${h.base}/sandbox-pay/sbt_`));
    await h.shotBoth(shopper, 'cashier-qr');

    await shopper.getByRole('link', { name: '已完成支付' }).click();
    await shopper.waitForURL(new RegExp(`/pay/${orders.b.pay}/result\\?attempt=pat_`));
    await shopper.getByRole('heading', { name: '支付确认中', level: 1 }).waitFor();
    await shopper.getByText(/页面每 3 秒自动刷新/).waitFor();
    assert.equal(await stateOf(orders.b.order), 'pending_payment', 'never paid because the browser said so');
    await h.shotBoth(shopper, 'result-confirming');

    // The shopper's phone pays on the hosted page; the open result page finds out by itself.
    const paid = await shopper.request.post(`${payUrl}/pay`, { form: { notify_mode: 'never' }, maxRedirects: 0 });
    assert.equal(paid.status(), 303);
    await shopper.getByRole('heading', { name: '支付成功', level: 1 }).waitFor({ timeout: 15_000 });
    assert.equal(await stateOf(orders.b.order), 'paid');
  });

  it('the merchant ships order A; the shopper confirms receipt', async () => {
    merchant = await h.newPage();
    await merchant.goto(`${h.base}/seller/${shopId}/orders?status=paid`);
    await h.logIn(merchant, MERCHANT);
    await merchant.waitForURL(`${h.base}/seller/${shopId}/orders?status=paid`);
    const row = merchant.getByRole('row').filter({ hasText: orders.a.order });
    await row.getByRole('button', { name: cjk2('发货') }).click();
    const dialog = merchant.getByRole('dialog');
    await dialog.getByLabel('快递公司').click();
    await merchant.locator('.ant-select-item-option', { hasText: '顺丰速运' }).click();
    await dialog.getByLabel('快递单号').fill('SF2026000000001');
    await dialog.getByRole('button', { name: '确认发货' }).click();
    await merchant.getByRole('tab', { name: /已发货 \(1\)/ }).waitFor();
    assert.equal(await stateOf(orders.a.order), 'shipped');

    await shopper.goto(`${h.base}/me/orders?tab=to_receive`);
    const card = shopper.getByRole('listitem', { name: new RegExp(`${SHOP} 的订单`) });
    await card.getByText('确认收货', { exact: true }).click();
    await card.getByRole('button', { name: '我已收到货' }).click();
    await shopper.getByRole('status').getByText('已确认收货').waitFor();
    assert.equal(await stateOf(orders.a.order), 'received');
  });

  it('after the after-sales window and T+1 the settlement job pays the shop its share less 10%', async () => {
    await drainJobs();
    clock.advance(7 * DAY + HOUR); // the after-sales window closes: the order completes and falls due in a day
    await drainJobs();
    assert.equal(await stateOf(orders.a.order), 'completed');
    const due = await db().selectFrom('order_funds').select(['status', 'due_at']).where('shop_order_id', '=', orders.a.order).executeTakeFirstOrThrow();
    assert.equal(due.status, 'due');
    clock.advance(DAY + 2 * HOUR); // T+1 has passed: the hourly settle-due job runs
    await drainJobs();
    const funds = await db().selectFrom('order_funds').select(['status', 'commission_fen', 'settled_fen']).where('shop_order_id', '=', orders.a.order).executeTakeFirstOrThrow();
    assert.deepEqual([funds.status, Number(funds.commission_fen), Number(funds.settled_fen)], ['settled', 1_990, 17_910]);
  });

  it('the merchant sees it in 财务: settled = paid − commission, exports the statement and asks to withdraw', async () => {
    await merchant.goto(`${h.base}/seller/${shopId}/finance`);
    await merchant.getByText('结算方式：平台代收').waitFor();
    await merchant.getByTestId('finance-card-settled').getByText('¥179.10').waitFor();
    await merchant.getByTestId('finance-card-available').getByText('¥179.10').waitFor();
    await merchant.getByTestId('finance-card-commission').getByText('¥19.90').waitFor();
    // Orders B and C are paid and not yet received: held in escrow.
    await merchant.getByTestId('finance-card-held').getByText('¥597.00').waitFor();
    const row = merchant.getByRole('row').filter({ hasText: orders.a.order });
    await row.getByText('已结算').waitFor();
    await row.getByRole('cell', { name: '¥179.10' }).waitFor();
    await row.getByRole('cell', { name: '¥19.90' }).waitFor();
    await merchant.getByRole('tab', { name: '已结算' }).click();
    await merchant.waitForURL(`${h.base}/seller/${shopId}/finance?status=settled`);
    await merchant.getByRole('row').filter({ hasText: orders.b.order }).waitFor({ state: 'detached' });
    await merchant.getByRole('row').filter({ hasText: orders.a.order }).waitFor();

    const href = await merchant.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    assert.equal(href, `/api/seller/shops/${shopId}/finance/statement.xlsx`);
    const sheet = await merchant.request.get(`${h.base}${href}`);
    assert.equal(sheet.status(), 200);
    assert.match(sheet.headers()['content-type'] ?? '', /spreadsheetml/);

    await merchant.getByLabel('提现金额（元）').fill('100');
    await merchant.getByLabel('收款账户').fill('招商银行杭州分行 听风音频 尾号 8888');
    await merchant.getByRole('button', { name: '提交申请' }).click();
    await merchant.getByText('已提交提现申请：¥100.00，等待平台审核').waitFor();
    await merchant.getByRole('row').filter({ hasText: '尾号 8888' }).getByText('待审核').waitFor();
    await merchant.getByTestId('finance-card-available').getByText('¥79.10').waitFor();
    await merchant.evaluate(() => window.scrollTo(0, 0));
    await h.shotBoth(merchant, 'seller-finance', true);
  });

  it('the platform sees the commission, approves the withdrawal and reconciles the day', async () => {
    await admin.goto(`${h.base}/admin/finance`);
    await admin.getByTestId('admin-finance-commission').getByText('¥19.90').waitFor();
    await admin.getByTestId('admin-finance-held').getByText('¥597.00').waitFor();
    const settlement = admin.getByRole('row').filter({ hasText: orders.a.order });
    await settlement.getByRole('cell', { name: '¥179.10' }).waitFor();
    await settlement.getByRole('cell', { name: '¥19.90' }).waitFor();
    await h.shotBoth(admin, 'admin-finance', true);

    await admin.getByRole('tab', { name: /提现审核 \(1\)/ }).click();
    await admin.waitForURL(`${h.base}/admin/finance?tab=withdrawals`);
    await admin.getByRole('row').filter({ hasText: SHOP }).getByRole('button', { name: cjk2('通过') }).click();
    await admin.getByRole('dialog').getByText('收款账户：招商银行杭州分行 听风音频 尾号 8888').waitFor();
    await admin.waitForTimeout(400); // the dialog's opening animation: a click during it can be lost on a busy machine
    await admin.getByRole('dialog').getByRole('button', { name: cjk2('通过') }).click();
    await admin.getByText('已通过，款项已打出').waitFor();
    await admin.getByText('没有待审核的提现申请').waitFor();
    const withdrawal = await db().selectFrom('withdrawal').select('status').executeTakeFirstOrThrow();
    assert.equal(withdrawal.status, 'approved');

    await admin.getByRole('tab', { name: '对账' }).click();
    await admin.waitForURL(`${h.base}/admin/finance?tab=reconciliation`);
    const date = admin.getByLabel('账单日期');
    await date.click();
    await date.fill(payDay);
    await date.press('Enter');
    await admin.getByRole('button', { name: '开始对账' }).click();
    await admin.getByText(new RegExp(`${payDay} 沙箱支付 对账(一致|发现)`)).first().waitFor();
    await admin.getByRole('row').filter({ hasText: payDay }).first().waitFor();
    await h.shotBoth(admin, 'admin-finance-reconciliation', true);
    const report = await db().selectFrom('reconciliation').selectAll().where('bill_date', '=', payDay).executeTakeFirstOrThrow();
    assert.equal(report.status, 'matched', `the sandbox bill matches the ledger: ${JSON.stringify(report.differences)}`);
    assert.equal(report.bill_rows, 3, 'order A, the top-up and order B by QR');

    await admin.getByRole('tab', { name: '结算设置' }).click();
    await admin.getByRole('cell', { name: '数码 / 影音娱乐 / 耳机' }).waitFor();
    await h.shotBoth(admin, 'admin-finance-settings', true);
  });

  it('the books balance', async (t) => {
    const result = await verifyLedger(db());
    assert.ok(result.ok, JSON.stringify(result.problems));
  });
});
