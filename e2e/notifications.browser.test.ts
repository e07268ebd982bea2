/**
 * 消息中心 in a real browser: a shopper with a paid, a shipped and a refunded order sees the unread
 * count on 消息 and on the 我的 tab, the messages newest first with the unread ones in bold, opens one
 * (it is marked read and leads to the order), marks the rest read, and reads them in English.
 * Screenshots (desktop and phone) go to test-results/messages-*.png.
 *
 *   npm run build && npm test -- --only e2e/notifications
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkip, openHarness, PHONE, type Harness } from './harness.ts';
import { createUser } from '../src/modules/identity/identity.service.ts';
import { makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { markPaymentOrderPaid } from '../src/modules/orders/orders.service.ts';
import { shipOrder } from '../src/modules/shipments/shipments.service.ts';
import { notifyOrderPaid, notifyRefundSucceeded } from '../src/modules/notifications/notifications.service.ts';
import { FakeClock, MINUTE } from '../src/shared/clock.ts';

const SHOPPER = { identifier: '13600170001', password: 'Shopper-messages-2026', displayName: '小林' };
const MERCHANT = { identifier: '13700170001', password: 'Merchant-messages-2026', displayName: '店长' };
const SHOP = '声海音频旗舰店';

describe('消息中心 (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let shopper: Page;
  const orderIds: string[] = [];

  before(async () => {
    h = await openHarness('messages', { clock });
    const db = h.runtime.ctx.db;
    const { config } = h.runtime.ctx;
    const [buyer, owner] = await Promise.all([SHOPPER, MERCHANT].map((who) => db.transaction().execute((trx) => createUser(trx, who, clock))));
    const shopId = await makeShop(db, clock, owner!.id, { name: SHOP, kind: 'flagship' });
    const cats = await makeCategoryTree(db);
    const productId = await makeOnSaleProduct(db, clock, shopId, productInput(cats.earphones, { title: '声海 Pro 降噪耳机', specs: [{ name: '颜色', values: ['深空灰'] }], skus: [{ spec: { 颜色: '深空灰' }, priceFen: 39_900, stock: 50 }] }));
    const skuId = (await db.selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
    const addressId = (await db.transaction().execute((trx) => createAddress(trx, clock, buyer!.id, { recipient: '林女士', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 100 号' }))).id;
    // Two orders, each paid (支付成功); the first shipped by the real ship call (已发货), the second refunded (退款成功).
    for (let i = 0; i < 2; i++) {
      await db.transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: buyer!.id }), skuId, 1));
      const placed = await submitCheckout(db, clock, config.orders, buyer!.id, { source: { kind: 'cart' }, addressId, shops: {} }, `messages-e2e-${i}`);
      const orderId = placed.orderIds[0]!;
      orderIds.push(orderId);
      await db.transaction().execute(async (trx) => {
        await markPaymentOrderPaid(trx, clock, config.orders, placed.paymentOrderId);
        await notifyOrderPaid(trx, clock, buyer!.id, { paymentOrderId: placed.paymentOrderId, amountFen: placed.amountFen, orders: [{ id: orderId, shopName: SHOP, payableFen: placed.amountFen }] });
      });
      clock.advance(5 * MINUTE);
    }
    await db.transaction().execute((trx) => shipOrder(trx, clock, config.orders, { shopId, orderId: orderIds[0]!, carrier: 'SF', trackingNo: 'SF1234567890123', actor: { id: owner!.id, role: 'merchant' } }));
    clock.advance(5 * MINUTE);
    await db.transaction().execute((trx) => notifyRefundSucceeded(trx, clock, buyer!.id, { refundId: 'rfd_e2e_messages', amountFen: 39_900, orderId: orderIds[1]!, destination: 'original' }));
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('shows the unread count, the messages newest first with unread in bold, opens one and marks all read', async () => {
    shopper = await h.newPage();
    await shopper.goto(`${h.base}/login?redirectTo=%2Fme%2Fmessages`);
    await h.logIn(shopper, SHOPPER);
    await shopper.waitForURL(/\/me\/messages$/);
    const headerLink = shopper.locator('.topbar__messages');
    assert.equal((await headerLink.innerText()).replace(/\s+/g, ''), '消息4');
    await assert.doesNotReject(shopper.locator('.tabbar .badge--dot', { hasText: '4' }).waitFor({ state: 'attached' }));
    const titles = await shopper.locator('.msg__title').allInnerTexts();
    assert.deepEqual(titles.map((t) => t.replace(/^未读\s*/, '')), ['退款成功', '订单已发货', '支付成功', '支付成功']);
    const weight = await shopper.locator('.msg--unread .msg__title').first().evaluate((el) => getComputedStyle(el).fontWeight);
    assert.equal(weight, '700');
    assert.match(await shopper.locator('.msg__body').nth(1).innerText(), /顺丰速运.*SF1234567890123/);
    await h.shotBoth(shopper, 'unread');

    // Opening 订单已发货 marks it read and leads to the order.
    await shopper.locator('.msg__btn', { hasText: '订单已发货' }).click();
    await shopper.waitForURL(new RegExp(`/me/orders/${orderIds[0]}$`));
    await shopper.goto(`${h.base}/me/messages`);
    assert.equal(await shopper.locator('.msg--unread').count(), 3);
    assert.equal((await headerLink.innerText()).replace(/\s+/g, ''), '消息3');

    await shopper.getByRole('button', { name: '全部已读' }).click();
    await shopper.locator('.form__ok', { hasText: '已全部标为已读' }).waitFor();
    await shopper.locator('.msg--unread').first().waitFor({ state: 'detached' }); // the list revalidates after the notice
    assert.equal(await shopper.locator('.msg--unread').count(), 0);
    assert.equal((await headerLink.innerText()).replace(/\s+/g, ''), '消息');
    assert.equal(await shopper.locator('.tabbar .badge--dot').count(), 0);
    const readWeight = await shopper.locator('.msg__title').first().evaluate((el) => getComputedStyle(el).fontWeight);
    assert.equal(readWeight, '400');
    await h.shotBoth(shopper, 'read');
  });

  it('reads the same messages in English after the language switch', async () => {
    await shopper.context().addCookies([{ name: 'lang', value: 'en', url: h.base }]);
    await shopper.setViewportSize(PHONE);
    await shopper.goto(`${h.base}/me/messages`);
    const titles = await shopper.locator('.msg__title').allInnerTexts();
    assert.deepEqual(titles, ['Refund completed', 'Your order has shipped', 'Payment received', 'Payment received']);
    assert.match(await shopper.locator('.msg__body').nth(1).innerText(), /SF Express, tracking number SF1234567890123/);
    await h.shot(shopper, 'english-phone');
  });
});
