/**
 * Complaints (投诉) end to end in a real browser: a shopper files a complaint from an order's page
 * (投诉商家, with a photo); the shop reads it in 商家后台 and replies; platform staff find it in the
 * 投诉 queue (next to an overdue and a nearly due complaint, in red and orange), accept it, write to
 * the shopper and resolve it; the shopper sees the resolution and rates it, which closes it. The
 * statistics page counts all three. Screenshots (desktop and phone) go to test-results/complaints-*.png.
 *
 *   npm run build && npm test -- --only e2e/complaints
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { browserSkip, DESKTOP, openHarness, PHONE, type Harness } from './harness.ts';
import { createPlatformAdmin, createUser } from '../src/modules/identity/identity.service.ts';
import { makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { markPaymentOrderPaid } from '../src/modules/orders/orders.service.ts';
import { createComplaint } from '../src/modules/service/service.service.ts';
import { DEFAULT_COMPLAINT_TIMERS } from '../src/modules/service/service.rules.ts';
import { FakeClock, HOUR } from '../src/shared/clock.ts';

const SHOPPER = { identifier: '13600160001', password: 'Shopper-complaints-2026', displayName: '小陈' };
const OTHER_SHOPPER = { identifier: '13600160002', password: 'Shopper-complaints-2026b', displayName: '老赵' };
const MERCHANT = { identifier: '13700160001', password: 'Merchant-complaints-2026', displayName: '声海店长' };
const ADMIN = { identifier: 'admin@complaints.jishi.test', password: 'Admin-complaints-2026', displayName: '客服专员' };

const SHOP = '声海音频旗舰店';
const EARPHONES = '声海 Pro 降噪耳机';
const TITLE = '耳机左耳没有声音';
const RESOLUTION = '经核实为质量问题，商家同意换新并承担往返运费，新品已于今日寄出。';

/** Buttons whose label is two CJK characters get a space inserted by antd ("受 理"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('complaints (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  const clock = new FakeClock(new Date());
  let h: Harness;
  let shopId = '';
  let orderId = '';
  let complaintId = '';
  let shopper: Page;
  let admin: Page;

  const db = () => h.runtime.ctx.db;


  before(async () => {
    h = await openHarness('complaints', { clock });
    const now = clock.now();
    const { config, media } = h.runtime.ctx;
    await createPlatformAdmin(db(), ADMIN, clock);
    const [shopperUser, otherUser, owner] = await Promise.all(
      [SHOPPER, OTHER_SHOPPER, MERCHANT].map((who) => db().transaction().execute((trx) => createUser(trx, who, clock))),
    );
    shopId = await makeShop(db(), clock, owner!.id, { name: SHOP, kind: 'flagship' });
    const cats = await makeCategoryTree(db());
    const productId = await makeOnSaleProduct(
      db(),
      clock,
      shopId,
      productInput(cats.earphones, { title: EARPHONES, specs: [{ name: '颜色', values: ['深空灰'] }], skus: [{ spec: { 颜色: '深空灰' }, priceFen: 39_900, stock: 50 }] }),
    );
    const skuId = (await db().selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
    const addressId = (
      await db().transaction().execute((trx) =>
        createAddress(trx, clock, shopperUser!.id, { recipient: '陈先生', mobile: '13812345678', provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 100 号' }),
      )
    ).id;
    await db().transaction().execute((trx) => addToCart(trx, clock, cartOwner({ userId: shopperUser!.id }), skuId, 1));
    const placed = await submitCheckout(db(), clock, config.orders, shopperUser!.id, { source: { kind: 'cart' }, addressId, shops: {} }, 'complaints-e2e-order');
    await db().transaction().execute((trx) => markPaymentOrderPaid(trx, clock, config.orders, placed.paymentOrderId));
    orderId = placed.orderIds[0]!;

    // Two older complaints from another shopper: one past its 24 h first-response deadline, one 3 h before it.
    const file = (title: string, category: string) =>
      db().transaction().execute((trx) =>
        createComplaint(trx, clock, media, DEFAULT_COMPLAINT_TIMERS, otherUser!.id, { shopId, category, title, description: '发了三次消息都没有人回复。' }),
      );
    clock.set(new Date(now.getTime() - 30 * HOUR));
    await file('客服一直不回复', 'service_attitude');
    clock.set(new Date(now.getTime() - 21 * HOUR));
    await file('快递停在中转站五天', 'logistics');
    clock.set(now);
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('a shopper files a complaint with a photo from the order page', async () => {
    shopper = await h.newPage({ viewport: PHONE, mobile: true });
    await shopper.goto(`${h.base}/login?redirectTo=${encodeURIComponent(`/me/orders/${orderId}`)}`);
    await h.logIn(shopper, SHOPPER);
    await shopper.waitForURL(`${h.base}/me/orders/${orderId}`);
    await shopper.getByRole('link', { name: '投诉商家' }).click();
    await shopper.waitForURL(`${h.base}/me/complaints/new?orderId=${orderId}`);
    await shopper.getByRole('heading', { name: '投诉商家' }).waitFor();
    await shopper.getByText(EARPHONES).waitFor();
    await shopper.getByText('质量问题', { exact: true }).click();
    await shopper.getByLabel('投诉标题').fill(TITLE);
    await shopper.getByLabel('问题描述').fill('收到第二天左耳就完全没有声音，重新配对、重置都试过了。希望换新。');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6ea5' } }).jpeg().toBuffer();
    await shopper.getByLabel('凭证图片').setInputFiles({ name: '左耳无声.jpg', mimeType: 'image/jpeg', buffer: photo });
    await h.shotBoth(shopper, 'new');
    await shopper.getByRole('button', { name: '提交投诉' }).click();
    await shopper.waitForURL(/\/me\/complaints\/cmp_[0-9a-z]+\?filed=1$/);
    complaintId = new URL(shopper.url()).pathname.split('/').pop()!;
    await shopper.getByRole('heading', { name: '待受理' }).waitFor();
    await shopper.getByRole('status').getByText('投诉已提交').waitFor();
    await shopper.getByText(/平台将在 .* 前受理/).waitFor();
    assert.equal(await shopper.locator('.cmp-photos img').count(), 1);
    await h.shotBoth(shopper, 'filed');
    const row = await db().selectFrom('complaint').selectAll().where('id', '=', complaintId).executeTakeFirstOrThrow();
    assert.equal(row.order_id, orderId);
    assert.equal(row.category, 'quality');
    assert.equal(row.photos.length, 1);
  });

  it('the shop reads it in 商家后台 and replies, but has no status buttons', async () => {
    const merchant = await h.newPage();
    await merchant.goto(`${h.base}/login?redirectTo=${encodeURIComponent(`/seller/${shopId}/complaints`)}`);
    await h.logIn(merchant, MERCHANT);
    await merchant.waitForURL(`${h.base}/seller/${shopId}/complaints`);
    await merchant.getByRole('link', { name: TITLE }).click();
    await merchant.waitForURL(`${h.base}/seller/${shopId}/complaints/${complaintId}`);
    assert.equal(await merchant.getByRole('button', { name: cjk2('受理') }).count(), 0);
    await merchant.getByLabel('留言').fill('非常抱歉给您带来不便，我们已安排换新。');
    await merchant.getByRole('button', { name: cjk2('发送') }).click();
    await merchant.getByText('非常抱歉给您带来不便，我们已安排换新。').waitFor();
    await h.shotBoth(merchant, 'seller-detail', true);
    await merchant.context().close();
  });

  it('platform staff see the queue with SLA timers, accept, write to the shopper and resolve', async () => {
    admin = await h.newPage();
    await admin.goto(`${h.base}/login?redirectTo=%2Fadmin%2Fcomplaints`);
    await h.logIn(admin, ADMIN);
    await admin.waitForURL(`${h.base}/admin/complaints`);
    await admin.getByRole('link', { name: TITLE }).waitFor();
    // Sorted by deadline: overdue (red), due soon (orange), then ours (green).
    const states = await admin.locator('tr[data-sla]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sla')));
    assert.deepEqual(states, ['breached', 'due_soon', 'ok']);
    await admin.getByText(/首次响应已超时/).waitFor();
    await admin.getByText(/首次响应剩 2 小时 59 分|首次响应剩 3 小时/).waitFor();
    await admin.getByText('已超时 1', { exact: true }).waitFor();
    await h.shotBoth(admin, 'queue', true);

    await admin.getByRole('link', { name: TITLE }).click();
    await admin.waitForURL(`${h.base}/admin/complaints/${complaintId}`);
    await admin.getByText('非常抱歉给您带来不便，我们已安排换新。').waitFor();
    await admin.getByRole('button', { name: cjk2('受理') }).click();
    await admin.getByRole('button', { name: cjk2('确定') }).click();
    await admin.getByText('平台已受理').waitFor();
    await admin.getByRole('combobox', { name: '处理人' }).waitFor();
    await admin.getByLabel('留言').fill('您好，平台已受理您的投诉，正在与商家核实。');
    await admin.getByRole('button', { name: cjk2('发送') }).click();
    await admin.getByText('您好，平台已受理您的投诉，正在与商家核实。').waitFor();
    await admin.getByRole('button', { name: '给出处理结果' }).click();
    const dialog = admin.getByRole('dialog').filter({ hasText: '处理说明' });
    await dialog.getByText('投诉成立', { exact: true }).click();
    await dialog.getByLabel('处理说明（买家和商家可见）').fill(RESOLUTION);
    await dialog.getByRole('button', { name: cjk2('确定') }).click();
    await admin.getByText('平台给出处理结果').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByText('已提交处理结果').waitFor();
    await admin.getByRole('button', { name: '给出处理结果' }).waitFor({ state: 'detached' });
    await h.shotBoth(admin, 'admin-detail', true);
    const row = await db().selectFrom('complaint').selectAll().where('id', '=', complaintId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'resolved');
    assert.equal(row.outcome, 'upheld');
    assert.ok(row.first_responded_at);
    assert.equal(row.assignee_id !== null, true, 'accepting took it');
  });

  it('the shopper sees the resolution and the conversation, rates it, and it closes', async () => {
    await shopper.goto(`${h.base}/me/complaints/${complaintId}`);
    await shopper.getByRole('heading', { name: '已处理' }).waitFor();
    await shopper.getByText(RESOLUTION).waitFor();
    await shopper.getByText('投诉成立', { exact: true }).waitFor();
    await shopper.getByText('您好，平台已受理您的投诉，正在与商家核实。').waitFor();
    await shopper.getByText('非常抱歉给您带来不便，我们已安排换新。').waitFor();
    await h.shotBoth(shopper, 'resolved');
    await shopper.getByText('5 星', { exact: true }).click();
    await shopper.getByLabel('评价（选填）').fill('处理很快，谢谢');
    await shopper.getByRole('button', { name: '提交评价并结束投诉' }).click();
    await shopper.getByRole('heading', { name: '已结束' }).waitFor();
    await shopper.getByText('满意度 5/5 · 处理很快，谢谢').waitFor();
    await shopper.goto(`${h.base}/me/complaints`);
    await shopper.getByRole('link', { name: new RegExp(TITLE) }).waitFor();
    await h.shotBoth(shopper, 'list');
    const row = await db().selectFrom('complaint').select(['status', 'rating', 'closed_by']).where('id', '=', complaintId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'closed', rating: 5, closed_by: 'shopper' });
  });

  it('the statistics page counts them by category and shop, with the breach rate', async () => {
    await admin.goto(`${h.base}/admin/complaints/stats`);
    await admin.getByRole('heading', { name: '投诉统计' }).waitFor();
    await admin.getByText('1 / 3 条超时').waitFor();
    const row = admin.getByRole('table', { name: '被投诉最多的店铺' }).getByRole('row', { name: new RegExp(SHOP) });
    await row.getByRole('cell', { name: /^3/ }).waitFor();
    await h.shotBoth(admin, 'stats', true);
  });
});
