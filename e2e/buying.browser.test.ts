/**
 * Buying end to end in a real browser: a visitor fills a cart, logs in (the cart joins the
 * account's), adds from a second shop, checks out with a new address (picked through the 省/市/区
 * picker) and 到店自提 for the shop with a pickup point, and places two orders with one double
 * click; cancels one (its stock comes back), the other is paid (by the service: payments come
 * later), shipped in the merchant console and received. The platform searches them. Screenshots
 * of every page, on a phone and on a desktop, go to test-results/buying-*.png.
 *
 *   node --import tsx --test e2e/buying.browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkip, DESKTOP, openHarness, PHONE, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { addShopMember, makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createPickupPoint, createTemplate } from '../src/modules/shipping/shipping.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { markPaymentOrderPaid } from '../src/modules/orders/orders.service.ts';

const SHOPPER = { identifier: '13600139001', password: 'Shopper-buying-2026', displayName: '小林' };
const MERCHANT_A = { identifier: '13700139001', password: 'Merchant-a-buying-2026', displayName: '云栖店长' };
const MERCHANT_B = { identifier: '13700139002', password: 'Merchant-b-buying-2026', displayName: '禾木店长' };
const SERVICE_A = { identifier: '13700139003', password: 'Service-a-buying-2026', displayName: '云栖客服' };
const ADMIN = { identifier: 'admin@buying.jishi.test', password: 'Admin-buying-2026', displayName: '平台运营' };

const SHOP_A = '云栖数码旗舰店';
const SHOP_B = '禾木生活馆';
const EARPHONES = '云栖 Pro 主动降噪蓝牙耳机';
const KETTLE = '禾木 手冲咖啡壶 600ml';
const OLD_CASE = '云栖 旧款充电仓';
const POINT = '禾木生活馆·西湖店';
const TAX_NUMBER = '91350100M000100Y43';

/** Buttons whose label is two CJK characters get a space inserted by antd ("发 货"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('buying (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  let h: Harness;
  let shopA = '';
  let shopB = '';
  let shopperId = '';
  let earphones = { productId: '', black: '', white: '' };
  let kettle = { productId: '', sku: '' };
  let shopper: Page;
  let orderA = '';
  let orderB = '';
  let paymentOrderId = '';

  const db = () => h.runtime.ctx.db;
  const stockOf = async (skuId: string) => (await db().selectFrom('sku').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock;
  const skusOf = async (productId: string) => (await db().selectFrom('sku').select(['id', 'spec_key']).where('product_id', '=', productId).orderBy('spec_key').execute()).map((s) => s.id);


  before(async () => {
    h = await openHarness('buying');
    const { clock } = h.runtime.ctx;
    await createPlatformAdmin(db(), ADMIN, clock);
    const [shopperUser, a, b, service] = await Promise.all(
      [SHOPPER, MERCHANT_A, MERCHANT_B, SERVICE_A].map((who) => db().transaction().execute((trx) => createUser(trx, who, clock))),
    );
    shopperId = shopperUser!.id;
    shopA = await makeShop(db(), clock, a!.id, { name: SHOP_A, kind: 'flagship' });
    shopB = await makeShop(db(), clock, b!.id, { name: SHOP_B, kind: 'specialty' });
    await addShopMember(db(), clock, shopA, service!.id, 'customer_service');

    // Shop A ships by express at ¥8 for the first piece, free from ¥250 (满X包邮), not to 新疆; shop B has a pickup point and no template (包邮).
    await db().transaction().execute(async (trx) => {
      await createTemplate(trx, clock, shopA, {
        name: '全国快递',
        chargeBy: 'piece',
        firstUnits: 1,
        firstFeeFen: 800,
        additionalUnits: 1,
        additionalFeeFen: 400,
        freeOverFen: 25_000,
        regionRules: [{ provinceCodes: ['540000', '630000'], firstUnits: 1, firstFeeFen: 2000, additionalUnits: 1, additionalFeeFen: 1000 }],
        excludedProvinces: ['650000'],
        isDefault: true,
      });
      await createPickupPoint(trx, clock, shopB, {
        name: POINT,
        provinceCode: '330000',
        cityCode: '330100',
        districtCode: '330106',
        detail: '文三路 478 号 1 楼',
        openingHours: '周一至周日 10:00-21:00',
        contactPhone: '0571-88886666',
      });
    });

    const cats = await makeCategoryTree(db());
    earphones.productId = await makeOnSaleProduct(
      db(),
      clock,
      shopA,
      productInput(cats.earphones, {
        title: EARPHONES,
        specs: [{ name: '颜色', values: ['曜石黑', '云母白'] }],
        skus: [
          { spec: { 颜色: '曜石黑' }, priceFen: 29_900, stock: 20, weightG: 200 },
          { spec: { 颜色: '云母白' }, priceFen: 29_900, stock: 20, weightG: 200 },
        ],
      }),
    );
    const colours = await db().selectFrom('sku').select(['id', 'spec']).where('product_id', '=', earphones.productId).execute();
    earphones.black = colours.find((s) => s.spec['颜色'] === '曜石黑')!.id;
    earphones.white = colours.find((s) => s.spec['颜色'] === '云母白')!.id;
    kettle.productId = await makeOnSaleProduct(
      db(),
      clock,
      shopB,
      productInput(cats.speakers, { title: KETTLE, specs: [{ name: '容量', values: ['600ml'] }], skus: [{ spec: { 容量: '600ml' }, priceFen: 15_900, stock: 8 }] }),
    );
    kettle.sku = (await skusOf(kettle.productId))[0]!;
    // Already in the shopper's cart, then sold out: it shows under 失效宝贝.
    const oldCase = await makeOnSaleProduct(db(), clock, shopA, productInput(cats.earphones, { title: OLD_CASE, skus: [{ spec: { 颜色: '黑色' }, priceFen: 4_900, stock: 5 }] }));
    const [oldSku] = await skusOf(oldCase);
    await db().transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: shopperId }), oldSku!, 1));
    await db().updateTable('sku').set({ stock: 0 }).where('id', '=', oldSku!).execute();
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('a visitor adds to the cart, logs in, and the cart joins the account’s', async () => {
    shopper = await h.newPage({ viewport: PHONE, mobile: true });
    await shopper.goto(`${h.base}/products/${earphones.productId}`);
    await shopper.getByRole('button', { name: '加入购物车' }).click();
    await shopper.getByRole('status').getByText('请先选择 颜色').waitFor();
    await shopper.getByRole('button', { name: '曜石黑' }).click();
    await shopper.getByRole('button', { name: '加入购物车' }).click();
    await shopper.getByRole('status').getByText('已加入购物车').waitFor();
    await shopper.getByRole('link', { name: '购物车 1' }).first().waitFor();
    await h.shot(shopper, 'product-added-phone', false);
    const guestCookie = (await shopper.context().cookies()).find((c) => c.name === 'jishi_cart');
    assert.ok(guestCookie?.httpOnly, 'the visitor got an httpOnly cart cookie');
    // 立即购买 sends a visitor to log in first, then to the confirmation page.
    await shopper.getByRole('button', { name: '立即购买' }).click();
    await shopper.waitForURL(`${h.base}/login?redirectTo=${encodeURIComponent(`/checkout?skuId=${earphones.black}&qty=1`)}`);
    await shopper.goBack();

    await shopper.getByRole('link', { name: '购物车 1' }).first().click();
    await shopper.waitForURL(`${h.base}/cart`);
    await shopper.getByRole('link', { name: EARPHONES }).waitFor();
    await h.shot(shopper, 'cart-visitor-phone');
    await shopper.getByRole('link', { name: '请登录 ›' }).click();
    await shopper.waitForURL(`${h.base}/login?redirectTo=%2Fcart`);
    await h.logIn(shopper, SHOPPER);
    await shopper.waitForURL(`${h.base}/cart`);
    await shopper.getByRole('link', { name: EARPHONES }).waitFor();
    await shopper.getByRole('heading', { name: /失效宝贝 1 件/ }).waitFor();

    const rows = await db().selectFrom('cart_item').select(['owner', 'sku_id', 'qty']).execute();
    assert.equal(rows.filter((r) => r.owner.startsWith('guest:')).length, 0, 'the guest cart is gone');
    assert.deepEqual(
      rows.filter((r) => r.owner === `user:${shopperId}` && r.sku_id === earphones.black).map((r) => r.qty),
      [1],
    );
    assert.equal((await shopper.context().cookies()).find((c) => c.name === 'jishi_cart'), undefined, 'the cart cookie is cleared');
  });

  it('adds from a second shop (立即购买 confirms only that); the cart groups by shop and shows the price drop', async () => {
    await shopper.goto(`${h.base}/products/${kettle.productId}`);
    await shopper.getByRole('button', { name: '增加' }).click();
    await shopper.getByRole('button', { name: '加入购物车' }).click();
    await shopper.getByRole('status').getByText('已加入购物车').waitFor();
    // 立即购买 confirms just this SKU, not the cart.
    await shopper.getByRole('button', { name: '立即购买' }).click();
    await shopper.waitForURL(`${h.base}/checkout?skuId=${kettle.sku}&qty=2`);
    await shopper.getByRole('region', { name: SHOP_B }).getByText('×2').waitFor();
    assert.equal(await shopper.getByRole('region', { name: SHOP_A }).count(), 0);
    await shopper.goBack();
    // The earphones got cheaper since they were added.
    await db().updateTable('sku').set({ price_fen: 27_900 }).where('id', '=', earphones.black).execute();
    // 1 + 2 + the sold-out one already in the account's cart.
    await shopper.getByRole('link', { name: '购物车 4' }).first().click();
    await shopper.waitForURL(`${h.base}/cart`);
    await shopper.getByRole('region', { name: SHOP_A }).waitFor();
    await shopper.getByRole('region', { name: SHOP_B }).getByRole('link', { name: KETTLE }).waitFor();
    await shopper.getByText('比加入时降 ¥20.00').waitFor();
    assert.equal(await shopper.getByTestId('cart-total').innerText(), '¥597.00');
    await h.shotBoth(shopper, 'cart');

    // The stepper, bounded by stock; the item and shop checkboxes.
    const earRow = shopper.getByRole('listitem').filter({ has: shopper.getByRole('link', { name: EARPHONES }) });
    await earRow.getByRole('button', { name: '增加' }).click();
    await shopper.getByTestId('cart-total').filter({ hasText: '¥876.00' }).waitFor();
    await earRow.getByRole('button', { name: '减少' }).click();
    await shopper.getByTestId('cart-total').filter({ hasText: '¥597.00' }).waitFor();
    await shopper.getByRole('checkbox', { name: `选择 ${SHOP_B} 的全部商品` }).click();
    await shopper.getByRole('button', { name: '结算(1)' }).waitFor();
    assert.equal(await shopper.getByRole('checkbox', { name: `选择 ${KETTLE}` }).getAttribute('aria-checked'), 'false');
    await shopper.getByRole('checkbox', { name: `选择 ${KETTLE}` }).click();
    await shopper.getByRole('button', { name: '结算(3)' }).waitFor();
  });

  let submitted: Record<string, string> = {};

  it('checks out: a new address through the picker, 到店自提 for the shop with a pickup point, errors in the page language', async () => {
    // The sold-out item is still in the cart (and was selected): 结算 leaves it out.
    await shopper.getByRole('button', { name: '结算(3)' }).click();
    await shopper.waitForURL(`${h.base}/checkout`);
    await shopper.getByRole('heading', { name: '确认订单' }).waitFor();
    await shopper.getByRole('link', { name: '新增收货地址' }).click();
    await shopper.waitForURL(`${h.base}/me/addresses/new?returnTo=%2Fcheckout`);
    await shopper.getByLabel('收货人').fill('林小姐');
    await shopper.getByLabel('手机号码').fill('13812345678');
    await shopper.getByLabel('省份').selectOption({ label: '浙江省' });
    await shopper.getByLabel('城市').locator('option', { hasText: '杭州市' }).waitFor({ state: 'attached' });
    await shopper.getByLabel('城市').selectOption({ label: '杭州市' });
    await shopper.getByLabel('区县').locator('option', { hasText: '西湖区' }).waitFor({ state: 'attached' });
    await shopper.getByLabel('区县').selectOption({ label: '西湖区' });
    await shopper.getByLabel('详细地址').fill('文一西路 969 号 3 幢 501');
    await shopper.getByText('家', { exact: true }).click();
    await h.shotBoth(shopper, 'address-form');
    await shopper.getByRole('button', { name: '保存' }).click();
    await shopper.waitForURL(/\/checkout\?addressId=adr_/);
    await shopper.getByText('浙江省杭州市西湖区文一西路 969 号 3 幢 501').waitFor();

    const a = shopper.getByRole('region', { name: SHOP_A });
    const b = shopper.getByRole('region', { name: SHOP_B });
    // 满¥250包邮: the earphones (¥279) clear the threshold, so shop A's ¥8 fee is waived.
    await a.getByText('满 ¥250.00 包邮').waitFor();
    assert.equal(await shopper.getByTestId('payable').innerText(), '¥597.00');
    await b.getByText('到店自提').click();
    await shopper.waitForURL(new RegExp(`delivery.${shopB}=pickup`));
    await b.getByText(POINT).waitFor();
    await b.getByText('营业时间 周一至周日 10:00-21:00').waitFor();
    await b.getByText('免运费').waitFor();

    await a.getByLabel('订单备注').fill('工作日白天送货');
    await a.getByText('单位', { exact: true }).click();
    await a.getByLabel('发票抬头').fill('杭州云栖科技有限公司');
    await a.getByLabel('纳税人识别号（单位必填）').fill('91350100M000100Y44');
    await shopper.getByRole('button', { name: '提交订单' }).click();
    await shopper.getByRole('alert').filter({ hasText: '请输入有效的纳税人识别号（统一社会信用代码）' }).waitFor();
    assert.equal((await db().selectFrom('shop_order').select('id').execute()).length, 0, 'nothing was placed');
    assert.equal(await a.getByLabel('订单备注').inputValue(), '工作日白天送货', 'what was typed stays');
    await a.getByLabel('纳税人识别号（单位必填）').fill(TAX_NUMBER);
    await h.shotBoth(shopper, 'checkout');
    submitted = await shopper.locator('form.checkout').evaluate((form) => Object.fromEntries([...new FormData(form as HTMLFormElement)].map(([k, v]) => [k, String(v)])));
  });

  it('a double click on 提交订单 places one set of orders, a resubmission replays it, the cart keeps only 失效宝贝', async () => {
    await shopper.getByRole('button', { name: '提交订单' }).dblclick();
    await shopper.waitForURL(/\/pay\/pay_/);
    paymentOrderId = shopper.url().split('/pay/')[1]!;
    await shopper.getByRole('heading', { name: '订单提交成功' }).waitFor();
    await shopper.getByText('¥597.00').first().waitFor();
    assert.match(await shopper.getByRole('timer').innerText(), /^(29|30):\d\d$/);
    await shopper.getByRole('radiogroup', { name: '选择支付方式' }).waitFor();
    await h.shotBoth(shopper, 'pay');

    const payments = await db().selectFrom('payment_order').select('id').where('user_id', '=', shopperId).execute();
    const orders = await db().selectFrom('shop_order').select(['id', 'shop_id', 'delivery_method', 'shipping_fee_fen', 'payable_fen', 'invoice', 'buyer_note']).execute();
    assert.equal(payments.length, 1, 'one payment order');
    assert.equal(orders.length, 2, 'one order per shop');
    const a = orders.find((o) => o.shop_id === shopA)!;
    const b = orders.find((o) => o.shop_id === shopB)!;
    orderA = a.id;
    orderB = b.id;
    assert.equal(a.delivery_method, 'express');
    assert.equal(Number(a.shipping_fee_fen), 0, '满¥250包邮');
    assert.equal(a.buyer_note, '工作日白天送货');
    assert.deepEqual(a.invoice, { kind: 'company', title: '杭州云栖科技有限公司', taxNumber: TAX_NUMBER });
    assert.equal(b.delivery_method, 'pickup');
    assert.equal(await stockOf(kettle.sku), 6, 'stock is reserved');

    // The same confirmation page sent again (a reload, a retry): the same orders.
    const again = await shopper.request.post(`${h.base}/checkout`, { form: submitted, maxRedirects: 0 });
    assert.equal(again.status(), 303);
    assert.equal(again.headers()['location'], `/pay/${paymentOrderId}`);
    assert.equal((await db().selectFrom('shop_order').select('id').execute()).length, 2);
    assert.equal(await stockOf(kettle.sku), 6);

    // What was bought left the cart; the sold-out item stays until it is cleared.
    await shopper.goto(`${h.base}/cart`);
    await shopper.getByRole('heading', { name: /失效宝贝 1 件/ }).waitFor();
    await shopper.getByRole('button', { name: '清空失效宝贝' }).click();
    await shopper.getByRole('status').getByText('已清空失效宝贝').waitFor();
    await shopper.getByText('购物车还是空的').waitFor();
    await shopper.goto(`${h.base}/pay/${paymentOrderId}`);
  });

  it('sees both under 待付款 with a countdown, and cancels one: its stock comes back', async () => {
    await shopper.getByRole('link', { name: '查看订单' }).click();
    await shopper.waitForURL(`${h.base}/me/orders?tab=pending_payment`);
    await shopper.getByRole('link', { name: /待付款\s*2/ }).waitFor();
    await shopper.getByRole('listitem', { name: new RegExp(`${SHOP_A} 的订单`) }).waitFor();
    assert.equal(await shopper.getByRole('timer').count(), 2);
    await h.shotBoth(shopper, 'orders');

    const card = shopper.getByRole('listitem', { name: new RegExp(`${SHOP_B} 的订单`) });
    await card.getByText('取消订单').click();
    await card.getByText('重复下单').click();
    await card.getByRole('button', { name: '确认取消' }).click();
    await shopper.getByRole('status').getByText('订单已取消，库存已释放').waitFor();
    await shopper.getByRole('link', { name: /待付款\s*1/ }).waitFor();
    assert.equal(await shopper.getByRole('listitem', { name: new RegExp(`${SHOP_B} 的订单`) }).count(), 0);
    assert.equal(await stockOf(kettle.sku), 8, 'the stock is back');
    const cancelled = await db().selectFrom('shop_order').select(['status', 'cancel_reason']).where('id', '=', orderB).executeTakeFirstOrThrow();
    assert.deepEqual(cancelled, { status: 'cancelled', cancel_reason: '重复下单' });
    await shopper.goto(`${h.base}/products/${kettle.productId}`);
    await shopper.getByTestId('stock').filter({ hasText: '库存 8 件' }).waitFor();
  });

  it('opens the order: status with the countdown, address, lines, the price breakdown and the timeline', async () => {
    await shopper.goto(`${h.base}/me/orders`);
    await shopper.getByRole('listitem', { name: new RegExp(`${SHOP_A} 的订单`) }).getByRole('link', { name: '查看详情' }).click();
    await shopper.waitForURL(`${h.base}/me/orders/${orderA}`);
    await shopper.getByRole('heading', { name: '待付款', level: 1 }).waitFor();
    await shopper.getByRole('timer').first().waitFor();
    await shopper.getByText('138****5678').waitFor();
    await shopper.getByText('运费（满¥250.00包邮）').waitFor();
    await shopper.getByText('+¥0.00').waitFor();
    await shopper.getByText(`单位 · 杭州云栖科技有限公司 · ${TAX_NUMBER}`).waitFor();
    await shopper.getByText(orderA).waitFor();
    await h.shotBoth(shopper, 'order-detail');

    await shopper.goto(`${h.base}/me/orders/${orderB}`);
    await shopper.getByRole('heading', { name: '已取消', level: 1 }).waitFor();
    await shopper.getByText('订单已取消：重复下单').waitFor();
    await shopper.getByText(POINT).waitFor();
    await h.shot(shopper, 'order-cancelled-phone');

    const other = await shopper.goto(`${h.base}/me/orders/ord_does_not_exist`);
    assert.equal(other?.status(), 404);
  });

  it('the merchant ships the paid order from the console; customer service may not', async () => {
    const { clock, config } = h.runtime.ctx;
    assert.equal(await db().transaction().execute((trx) => markPaymentOrderPaid(trx, clock, config.orders, paymentOrderId)), 'paid');

    const service = await h.newPage();
    await service.goto(`${h.base}/seller/${shopA}/orders`);
    await h.logIn(service, SERVICE_A);
    await service.waitForURL(`${h.base}/seller/${shopA}/orders`);
    await service.getByRole('link', { name: orderA }).waitFor();
    assert.equal(await service.getByRole('button', { name: cjk2('发货') }).count(), 0, 'no 发货 for customer service');
    const refused = await service.request.post(`${h.base}/seller/${shopA}/orders`, { form: { intent: 'ship', orderId: orderA }, maxRedirects: 0 });
    assert.equal(refused.status(), 403);

    const page = await h.newPage();
    await page.goto(`${h.base}/seller/${shopA}/orders`);
    await h.logIn(page, MERCHANT_A);
    await page.waitForURL(`${h.base}/seller/${shopA}/orders`);
    await page.getByRole('tab', { name: /待发货 \(1\)/ }).click();
    await page.waitForURL(`${h.base}/seller/${shopA}/orders?status=paid`);
    const row = page.getByRole('row').filter({ hasText: orderA });
    await row.getByText('136****9001').waitFor();
    await h.shotBoth(page, 'seller-orders', true);
    await row.getByRole('button', { name: cjk2('发货') }).click();
    // 发货 needs a carrier and a tracking number (the shipments module); everything is in this one parcel.
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('快递公司').click();
    await page.locator('.ant-select-item-option', { hasText: '顺丰速运' }).click();
    await dialog.getByLabel('快递单号').fill('SF1234567890123');
    await dialog.getByRole('button', { name: '确认发货' }).click();
    await page.getByText('已发货', { exact: true }).first().waitFor();
    await page.getByRole('tab', { name: /已发货 \(1\)/ }).waitFor();
    assert.equal((await db().selectFrom('shop_order').select('status').where('id', '=', orderA).executeTakeFirstOrThrow()).status, 'shipped');

    // Filters: the buyer's last four digits, and 导出 Excel through the API with the same filters.
    await page.goto(`${h.base}/seller/${shopA}/orders?phone=0000`);
    await page.getByText('没有符合条件的订单').waitFor();
    await page.goto(`${h.base}/seller/${shopA}/orders?phone=9001`);
    await page.getByRole('link', { name: orderA }).waitFor();
    const href = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    assert.equal(href, `/api/seller/shops/${shopA}/orders/export?phoneSuffix=9001`);
    const sheet = await page.request.get(`${h.base}${href}`);
    assert.equal(sheet.status(), 200);
    assert.match(sheet.headers()['content-type'] ?? '', /spreadsheetml/);

    await page.getByRole('link', { name: orderA }).click();
    await page.waitForURL(`${h.base}/seller/${shopA}/orders/${orderA}`);
    await page.getByText('顺丰速运 SF1234567890123').first().waitFor();
    await page.getByText('林小姐 13812345678').waitFor();
    await h.shotBoth(page, 'seller-order-detail', true);
    const theirs = await page.goto(`${h.base}/seller/${shopA}/orders/${orderB}`);
    assert.equal(theirs?.status(), 404, "another shop's order is not found");
  });

  it('the merchant sets up 物流: edits the template and adds a pickup point with the region picker', async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/seller/${shopA}/logistics`);
    await h.logIn(page, MERCHANT_A);
    await page.waitForURL(`${h.base}/seller/${shopA}/logistics`);
    await page.getByText('首件 1 件 ¥8.00，续件每 1 件 加 ¥4.00').waitFor();
    await page.getByText('不配送：新疆维吾尔自治区').waitFor();
    await h.shotBoth(page, 'seller-logistics', true);
    await page.getByRole('link', { name: '全国快递' }).click();
    await page.waitForURL(new RegExp(`/seller/${shopA}/logistics/templates/sht_`));
    const freeOver = page.getByLabel('默认运费 满多少元包邮');
    assert.equal(await freeOver.inputValue(), '250.00', 'fen shown as yuan');
    await freeOver.fill('299');
    await h.shotBoth(page, 'seller-template', true);
    await page.getByRole('button', { name: cjk2('保存') }).click();
    await page.getByText('运费模板已保存').waitFor();
    await page.waitForURL(`${h.base}/seller/${shopA}/logistics`);
    await page.getByText('满 ¥299.00 包邮').first().waitFor();
    const stored = await db().selectFrom('shipping_template').select('free_over_fen').where('shop_id', '=', shopA).executeTakeFirstOrThrow();
    assert.equal(Number(stored.free_over_fen), 29_900);

    await page.getByRole('tab', { name: /自提点/ }).click();
    await page.getByRole('button', { name: '新增自提点' }).click();
    await page.waitForURL(`${h.base}/seller/${shopA}/logistics/pickup-points/new`);
    await page.getByLabel('自提点名称').fill('云栖滨江体验店');
    await page.getByRole('combobox', { name: '所在地区' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '浙江省' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '杭州市' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '滨江区' }).click();
    await page.getByLabel('详细地址').fill('网商路 699 号');
    await page.getByLabel('营业时间').fill('周一至周五 09:00-18:00');
    await page.getByLabel('联系电话').fill('0571-87654321');
    await h.shotBoth(page, 'seller-pickup-point', true);
    await page.getByRole('button', { name: cjk2('保存') }).click();
    await page.getByText('自提点已保存').waitFor();
    await page.waitForURL(`${h.base}/seller/${shopA}/logistics?tab=pickup`);
    await page.getByRole('cell', { name: '浙江省杭州市滨江区网商路 699 号' }).waitFor();
    await h.shotBoth(page, 'seller-pickup-points', true);
  });

  it('the shopper confirms receipt and the order waits for a review', async () => {
    await shopper.goto(`${h.base}/me/orders?tab=to_receive`);
    const card = shopper.getByRole('listitem', { name: new RegExp(`${SHOP_A} 的订单`) });
    await card.getByText('待收货').waitFor();
    await card.getByText('确认收货', { exact: true }).click();
    await card.getByRole('button', { name: '我已收到货' }).click();
    await shopper.getByRole('status').getByText('已确认收货').waitFor();
    await shopper.goto(`${h.base}/me/orders?tab=to_review`);
    await shopper.getByRole('listitem', { name: new RegExp(`${SHOP_A} 的订单`) }).getByText('待评价').waitFor();
    // The same page in English.
    await shopper.getByRole('button', { name: 'EN', exact: true }).click();
    await shopper.getByRole('heading', { name: 'My orders' }).waitFor();
    await shopper.getByRole('link', { name: /To review/ }).waitFor();
    await h.shot(shopper, 'orders-en-phone');
    await shopper.getByRole('button', { name: '中文', exact: true }).click();
    await shopper.getByRole('heading', { name: '我的订单' }).waitFor();
    await shopper.goto(`${h.base}/me/orders/${orderA}`);
    await shopper.getByRole('heading', { name: '待评价', level: 1 }).waitFor();
    await shopper.getByText('顺丰速运 SF1234567890123').first().waitFor();
    await h.shot(shopper, 'order-received-phone');
    await shopper.goto(`${h.base}/me`);
    await shopper.getByRole('link', { name: '收货地址 ›' }).click();
    await shopper.waitForURL(`${h.base}/me/addresses`);
    await shopper.getByText('林小姐').waitFor();
    await h.shotBoth(shopper, 'addresses');
  });

  it('the platform finds the orders by the buyer’s phone and by status', async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/admin/orders`);
    await h.logIn(page, ADMIN);
    await page.waitForURL(`${h.base}/admin/orders`);
    await page.getByRole('link', { name: orderA }).waitFor();
    await page.getByRole('link', { name: orderB }).waitFor();
    await page.getByLabel('买家手机尾号').fill('9001');
    await page.getByRole('button', { name: /查\s?询/ }).click();
    await page.waitForURL(`${h.base}/admin/orders?phone=9001`);
    await page.getByRole('tab', { name: /全部 \(2\)/ }).waitFor();
    await page.getByRole('tab', { name: /已取消 \(1\)/ }).click();
    await page.waitForURL(`${h.base}/admin/orders?status=cancelled&phone=9001`);
    await page.getByRole('link', { name: orderA }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: orderB }).waitFor();
    await page.goto(`${h.base}/admin/orders`);
    await page.getByRole('link', { name: orderA }).waitFor();
    await h.shotBoth(page, 'admin-orders', true);
    await page.getByRole('link', { name: orderA }).click();
    await page.waitForURL(`${h.base}/admin/orders/${orderA}`);
    await page.getByText(SHOP_A).first().waitFor();
    await page.getByText('确认收货').first().waitFor();
    await h.shotBoth(page, 'admin-order-detail', true);
  });

  it('without JavaScript, the address picker works as three selects that reload', async () => {
    const browser = shopper.context().browser()!;
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${h.base}/me/addresses/new`);
      await h.logIn(page, SHOPPER);
      await page.waitForURL(`${h.base}/me/addresses/new`);
      await page.getByLabel('收货人').fill('林先生');
      await page.getByLabel('手机号码').fill('13912345678');
      await page.getByLabel('省份').selectOption({ label: '广东省' });
      await page.getByRole('button', { name: '选好省份或城市后，点此刷新下一级' }).click();
      await page.getByLabel('城市').selectOption({ label: '深圳市' });
      assert.equal(await page.getByLabel('收货人').inputValue(), '林先生', 'what was typed comes back');
      await page.getByRole('button', { name: '选好省份或城市后，点此刷新下一级' }).click();
      await page.getByLabel('区县').selectOption({ label: '南山区' });
      await page.getByLabel('详细地址').fill('科技园路 1 号');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(`${h.base}/me/addresses`);
      await page.getByText('广东省深圳市南山区科技园路 1 号').waitFor();
      await h.shot(page, 'addresses-nojs-phone');
    } finally {
      await context.close();
    }
  });
});
