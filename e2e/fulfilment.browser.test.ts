/**
 * Fulfilment end to end in a real browser: the merchant ships an order in two parcels (部分发货, then
 * the rest) with carriers and tracking numbers, adds a tracking event by hand; Kuaidi100 pushes the
 * other parcel's trail to the webhook (signed; the adapter is configured with a fake transport); the
 * shopper sees both parcels with their timelines, 已签收 highlighted. A parcel that stops moving shows
 * under 物流异常. 批量发货 imports an Excel sheet with a good and a bad row. A pickup order is marked
 * 备货完成, the shopper sees the code and its QR code, staff verify it on the 核销 page (a wrong code is
 * refused, the code works once) and the order is received. Screenshots: test-results/fulfilment-*.png.
 *
 *   node --import tsx --test e2e/fulfilment.browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { browserSkip, DESKTOP, openHarness, PHONE, type Harness } from './harness.ts';
import { createUser } from '../src/modules/identity/identity.service.ts';
import { addShopMember, makeShop } from '../src/testing/fixtures.ts';
import { makeCategoryTree, makeOnSaleProduct, productInput } from '../src/testing/catalog-fixtures.ts';
import { createPickupPoint } from '../src/modules/shipping/shipping.service.ts';
import { createAddress } from '../src/modules/addresses/addresses.service.ts';
import { addToCart, cartOwner } from '../src/modules/cart/cart.service.ts';
import { submitCheckout } from '../src/modules/orders/checkout.service.ts';
import { markPaymentOrderPaid } from '../src/modules/orders/orders.service.ts';
import { createKuaidi100Provider } from '../src/modules/shipments/shipments.kuaidi100.ts';
import { useTrackingProvider } from '../src/modules/shipments/shipments.providers.ts';
import { flagStaleShipments } from '../src/modules/shipments/shipments.service.ts';
import { FakeClock, DAY } from '../src/shared/clock.ts';

const SHOPPER = { identifier: '13600139101', password: 'Shopper-fulfil-2026', displayName: '小周' };
const MERCHANT = { identifier: '13700139101', password: 'Merchant-fulfil-2026', displayName: '山岚店长' };
const CLERK = { identifier: '13700139102', password: 'Clerk-fulfil-2026', displayName: '山岚店员' };
const SHOP = '山岚茶具旗舰店';
const POINT = '山岚茶具·西湖门店';
const KETTLE = '山岚 铸铁煮茶壶 1.2L';
const CUPS = '山岚 青瓷品茗杯 四只装';
const SALT = 'fulfil-e2e-salt';

/** Buttons whose label is two CJK characters get a space inserted by antd ("发 货"). */
const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

describe('fulfilment (browser)', { skip: browserSkip, timeout: 300_000 }, () => {
  let h: Harness;
  let shopId = '';
  let shopper: Page;
  let merchant: Page;
  const orders = { parcels: '', imported: '', bad: '', pickup: '' };

  const db = () => h.runtime.ctx.db;


  before(async () => {
    h = await openHarness('fulfilment');
    const { ctx } = h.runtime;
    const { clock } = ctx;
    // Kuaidi100 as configured in production, but its HTTP calls answered offline (subscriptions would be accepted).
    useTrackingProvider(
      ctx,
      createKuaidi100Provider(
        { key: 'E2EKEY', customer: 'E2ECUSTOMER', salt: SALT, baseUrl: 'https://poll.kuaidi100.test', callbackUrl: `${ctx.config.publicUrl}/api/shipments/webhooks/kuaidi100` },
        async () => ({ status: 200, body: JSON.stringify({ result: true, returnCode: '200', message: '提交成功' }) }),
      ),
    );
    const [shopperUser, owner, clerk] = await Promise.all([SHOPPER, MERCHANT, CLERK].map((who) => db().transaction().execute((trx) => createUser(trx, who, clock))));
    shopId = await makeShop(db(), clock, owner!.id, { name: SHOP, kind: 'flagship' });
    await addShopMember(db(), clock, shopId, clerk!.id, 'warehouse');
    await db().transaction().execute((trx) =>
      createPickupPoint(trx, clock, shopId, { name: POINT, provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '北山街 12 号', openingHours: '每天 09:00-21:00', contactPhone: '0571-87001234' }),
    );
    const point = await db().selectFrom('pickup_point').select('id').where('shop_id', '=', shopId).executeTakeFirstOrThrow();
    const cats = await makeCategoryTree(db());
    const kettle = await makeOnSaleProduct(db(), clock, shopId, productInput(cats.speakers, { title: KETTLE, specs: [{ name: '颜色', values: ['墨黑'] }], skus: [{ spec: { 颜色: '墨黑' }, priceFen: 32_800, stock: 50 }] }));
    const cups = await makeOnSaleProduct(db(), clock, shopId, productInput(cats.speakers, { title: CUPS, specs: [{ name: '釉色', values: ['梅子青'] }], skus: [{ spec: { 釉色: '梅子青' }, priceFen: 12_800, stock: 50 }] }));
    const skuOf = async (productId: string) => (await db().selectFrom('sku').select('id').where('product_id', '=', productId).executeTakeFirstOrThrow()).id;
    const [kettleSku, cupsSku] = [await skuOf(kettle), await skuOf(cups)];
    const address = await db().transaction().execute((trx) =>
      createAddress(trx, clock, shopperUser!.id, { recipient: '周先生', mobile: '13812340000', provinceCode: '110000', cityCode: '110100', districtCode: '110105', detail: '建国路 88 号' }),
    );
    // Four paid orders: two lines (to ship in two parcels), one for the Excel import, one that stays unshipped, one 自提.
    const buy = async (lines: [string, number][], pickup = false) => {
      const owner = cartOwner({ userId: shopperUser!.id });
      await db().deleteFrom('cart_item').where('owner', '=', owner).execute();
      for (const [sku, qty] of lines) await db().transaction().execute((trx) => addToCart(trx, clock, owner, sku, qty));
      const placed = await submitCheckout(db(), clock, ctx.config.orders, shopperUser!.id, {
        source: { kind: 'cart' },
        addressId: address.id,
        shops: pickup ? { [shopId]: { delivery: 'pickup', pickupPointId: point.id } } : {},
      }, crypto.randomUUID());
      await db().transaction().execute((trx) => markPaymentOrderPaid(trx, clock, ctx.config.orders, placed.paymentOrderId));
      return placed.orderIds[0]!;
    };
    orders.parcels = await buy([[kettleSku, 1], [cupsSku, 2]]);
    orders.imported = await buy([[cupsSku, 1]]);
    orders.bad = await buy([[kettleSku, 1]]);
    orders.pickup = await buy([[cupsSku, 3]], true);
    await h.serve();
  });

  after(async () => {
    await h?.close();
  });

  it('the merchant ships part of an order (部分发货), then the rest in a second parcel', async () => {
    merchant = await h.newPage();
    await merchant.goto(`${h.base}/seller/${shopId}/orders?status=paid`);
    await h.logIn(merchant, MERCHANT);
    await merchant.waitForURL(`${h.base}/seller/${shopId}/orders?status=paid`);
    const row = merchant.getByRole('row').filter({ hasText: orders.parcels });
    await row.getByRole('button', { name: cjk2('发货') }).click();
    const dialog = merchant.getByRole('dialog');
    await dialog.getByText(KETTLE).waitFor();
    // Only the kettle goes in the first parcel.
    await dialog.getByLabel(`${CUPS} 本次发货数量`).fill('0');
    await dialog.getByRole('button', { name: '发出 1 件' }).click();
    await dialog.getByText('请选择快递公司').waitFor();
    await dialog.getByLabel('快递公司').click();
    await merchant.locator('.ant-select-item-option', { hasText: '顺丰速运' }).click();
    await dialog.getByLabel('快递单号').fill('SF12');
    await dialog.getByText('发货后还有 2 件待发').waitFor();
    await h.shot(merchant, 'seller-ship-dialog', false);
    await dialog.getByRole('button', { name: '发出 1 件' }).click();
    await dialog.getByText('顺丰速运运单号格式不正确：SF12（格式如 SF1234567890123）').waitFor();
    await dialog.getByLabel('快递单号').fill('SF 1234 5678 90123');
    await dialog.getByRole('button', { name: '发出 1 件' }).click();
    await merchant.getByText('已部分发货（1/3 件）').waitFor();
    await row.getByText('部分发货 1/3').waitFor();
    await h.shot(merchant, 'seller-orders-partial');

    await row.getByRole('link', { name: orders.parcels }).click();
    await merchant.waitForURL(`${h.base}/seller/${shopId}/orders/${orders.parcels}`);
    await merchant.getByRole('heading', { name: '订单详情' }).waitFor();
    await merchant.getByRole('group', { name: '包裹 1' }).waitFor();
    await merchant.getByRole('button', { name: cjk2('发货') }).click();
    const rest = merchant.getByRole('dialog');
    assert.equal(await rest.getByLabel(`${CUPS} 本次发货数量`).inputValue(), '2', 'what is left, by default');
    await rest.getByLabel('快递公司').click();
    await merchant.locator('.ant-select-item-option', { hasText: '中通快递' }).click();
    await rest.getByLabel('快递单号').fill('78123456789012');
    await rest.getByRole('button', { name: '确认发货' }).click();
    // The first parcel already reads 已发货, so wait for the dialog to close rather than for that text.
    await rest.waitFor({ state: 'hidden' });
    await merchant.getByRole('group', { name: '包裹 2' }).waitFor();
    const status = await db().selectFrom('shop_order').select('status').where('id', '=', orders.parcels).executeTakeFirstOrThrow();
    assert.equal(status.status, 'shipped');
  });

  it('tracking: a hand-entered event on one parcel, a signed Kuaidi100 push for the other; a bad sign is refused', async () => {
    const parcels = await db().selectFrom('shipment').select(['id', 'carrier', 'subscription']).where('order_id', '=', orders.parcels).orderBy('created_at').execute();
    assert.deepEqual(parcels.map((p) => [p.carrier, p.subscription]), [['SF', 'pending'], ['ZTO', 'pending']], 'Kuaidi100 subscriptions queued');
    const first = merchant.getByRole('group', { name: '包裹 1' });
    await first.getByRole('button', { name: '添加物流节点' }).click();
    const dialog = merchant.getByRole('dialog');
    await dialog.getByLabel('状态').click();
    await merchant.locator('.ant-select-item-option', { hasText: '已揽收' }).click();
    await dialog.getByLabel('地点').fill('杭州西湖营业部');
    await dialog.getByRole('button', { name: '添加物流节点' }).click();
    await merchant.getByText('物流节点已添加').waitFor();
    await first.getByText('杭州西湖营业部').waitFor();

    // Kuaidi100 pushes the ZTO parcel's whole trail (newest first, as it sends it), signed MD5(param + salt).
    const now = Date.now();
    const china = (ms: number) => new Date(now - ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const param = JSON.stringify({
      status: 'shutdown',
      billstatus: 'check',
      message: '',
      lastResult: {
        message: 'ok', state: '3', status: '200', condition: 'F00', ischeck: '1', com: 'zhongtong', nu: '78123456789012',
        data: [
          { time: china(60_000), ftime: china(60_000), context: '【北京市】您的快件已签收，签收人：前台，感谢使用中通快递', areaName: '北京,北京市,朝阳区', status: '签收' },
          { time: china(3 * 3_600_000), ftime: china(3 * 3_600_000), context: '【北京市】快件正在派送中，派件员：李师傅 13900001111', areaName: '北京,北京市,朝阳区', status: '派件' },
          { time: china(20 * 3_600_000), ftime: china(20 * 3_600_000), context: '快件已到达【北京转运中心】', areaName: '北京,北京市', status: '在途' },
          { time: china(30 * 3_600_000), ftime: china(30 * 3_600_000), context: '【杭州市】中通快递 西湖区分部 已揽收', areaName: '浙江,杭州市', status: '揽收' },
        ],
      },
    });
    const sign = crypto.createHash('md5').update(param + SALT).digest('hex').toUpperCase();
    const post = (s: string) => fetch(`${h.base}/api/shipments/webhooks/kuaidi100`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ param, sign: s }).toString() });
    const refused = await post('0'.repeat(32));
    assert.equal(refused.status, 400);
    for (let i = 0; i < 2; i++) {
      const ok = await post(sign);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { result: true, returnCode: '200', message: '成功' });
    }
    const events = await db().selectFrom('tracking_event').select('status').where('shipment_id', '=', parcels[1]!.id).execute();
    assert.equal(events.length, 4, 'the repeated push stored nothing twice');

    await merchant.reload();
    await merchant.getByRole('group', { name: '包裹 2' }).getByText('已签收').first().waitFor();
    await h.shot(merchant, 'seller-order-parcels');
  });

  it('the shopper sees both parcels with their trails, newest first, 已签收 highlighted', async () => {
    shopper = await h.newPage({ viewport: PHONE, mobile: true });
    await shopper.goto(`${h.base}/me/orders/${orders.parcels}`);
    await h.logIn(shopper, SHOPPER);
    await shopper.waitForURL(`${h.base}/me/orders/${orders.parcels}`);
    await shopper.getByRole('heading', { name: '待收货', level: 1 }).waitFor();
    const second = shopper.getByRole('listitem', { name: '包裹 2' });
    await second.getByText('中通快递', { exact: true }).waitFor();
    const trail = second.locator('.parcel__trail > li');
    assert.match(await trail.first().innerText(), /已签收/);
    assert.match(await trail.first().getAttribute('class') ?? '', /is-signed/);
    assert.match(await trail.last().innerText(), /已发货/, 'the trail starts with the shipment');
    await shopper.getByRole('listitem', { name: '包裹 1' }).getByText('杭州西湖营业部').waitFor();
    await h.shotBoth(shopper, 'shopper-parcels');
  });

  it('a parcel with no movement for days shows under 物流异常 for the merchant', async () => {
    const later = new FakeClock(new Date(Date.now() + 4 * DAY));
    const flagged = await db().transaction().execute((trx) => flagStaleShipments(trx, later, 3));
    assert.equal(flagged.length, 1, 'the SF parcel (the ZTO one is signed)');
    await merchant.goto(`${h.base}/seller/${shopId}/orders`);
    await merchant.getByRole('tab', { name: /物流异常 \(1\)/ }).click();
    await merchant.waitForURL(`${h.base}/seller/${shopId}/orders?stale=1`);
    await merchant.getByRole('row').filter({ hasText: orders.imported }).waitFor({ state: 'detached' });
    await merchant.getByRole('row').filter({ hasText: orders.parcels }).getByText('物流异常').waitFor();
    assert.equal(await merchant.getByRole('row').filter({ hasText: orders.bad }).count(), 0);
    await h.shot(merchant, 'seller-orders-stale');
  });

  it('批量发货: the template, an upload with a good and a bad row, a result per row', async () => {
    await merchant.goto(`${h.base}/seller/${shopId}/orders`);
    await merchant.getByRole('link', { name: '批量发货' }).click();
    await merchant.waitForURL(`${h.base}/seller/${shopId}/orders/import`);
    const template = await merchant.request.get(`${h.base}/api/seller/shops/${shopId}/shipments/import-template`);
    assert.equal(template.status(), 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template.body()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('发货')!;
    const ids = sheet.getColumn(1).values.slice(2).filter(Boolean).map(String);
    assert.deepEqual([...ids].sort(), [orders.imported, orders.bad].sort(), 'the paid express orders still to ship');
    for (let r = 2; r <= ids.length + 1; r++) {
      const id = String(sheet.getCell(`A${r}`).value);
      sheet.getCell(`B${r}`).value = id === orders.imported ? '圆通' : '跨越速运';
      sheet.getCell(`C${r}`).value = id === orders.imported ? 'YT1234567890123' : 'KY4000000001';
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ship-import-')), '发货单.xlsx');
    await wb.xlsx.writeFile(file);
    await merchant.locator('input[type=file]').setInputFiles(file);
    await merchant.getByText('成功 1 行，失败 1 行').waitFor();
    await merchant.getByText('不支持的快递公司：跨越速运').waitFor();
    await h.shot(merchant, 'seller-ship-import');
    const statuses = await db().selectFrom('shop_order').select(['id', 'status']).where('id', 'in', [orders.imported, orders.bad]).execute();
    assert.deepEqual(Object.fromEntries(statuses.map((s) => [s.id, s.status])), { [orders.imported]: 'shipped', [orders.bad]: 'paid' });
  });

  it('自提: 备货完成 gives the shopper a code and QR code; staff verify it once; the order is received', async () => {
    await merchant.goto(`${h.base}/seller/${shopId}/orders?status=paid`);
    const row = merchant.getByRole('row').filter({ hasText: orders.pickup });
    await row.getByText('待备货').waitFor();
    await row.getByRole('button', { name: '备货完成' }).click();
    await merchant.getByRole('tooltip').getByRole('button', { name: '备货完成' }).click();
    await merchant.getByText('已备货完成，买家已收到提货码').waitFor();
    await row.getByText('待自提').waitFor();

    await shopper.goto(`${h.base}/me/orders/${orders.pickup}`);
    await shopper.getByRole('heading', { name: '待自提', level: 1 }).waitFor();
    const digits = (await shopper.locator('.pickup-code__digits').innerText()).replace(/\s/g, '');
    assert.match(digits, /^\d{8}$/);
    assert.ok(await shopper.getByRole('img', { name: '提货二维码' }).isVisible());
    await shopper.getByText(POINT).waitFor();
    await h.shotBoth(shopper, 'shopper-pickup-code');

    // The clerk (warehouse) at the counter.
    const clerk = await h.newPage();
    await clerk.goto(`${h.base}/seller/${shopId}/pickup`);
    await h.logIn(clerk, CLERK);
    await clerk.waitForURL(`${h.base}/seller/${shopId}/pickup`);
    await h.hydrated(clerk); // each 核销 below is then the page's own submit, not a document POST
    const wrong = digits === '00000000' ? '00000001' : '00000000';
    await clerk.getByLabel('提货码', { exact: true }).fill(wrong);
    await clerk.getByRole('button', { name: cjk2('核销') }).click();
    await clerk.getByRole('alert').getByText('提货码无效，请核对后重试').waitFor();
    await clerk.waitForLoadState('networkidle');
    await clerk.getByLabel('提货码', { exact: true }).fill(`${digits.slice(0, 4)} ${digits.slice(4)}`);
    await clerk.getByRole('button', { name: cjk2('核销') }).click();
    await clerk.getByRole('status').getByText('核销成功').waitFor();
    await clerk.getByRole('status').getByText(CUPS).waitFor();
    await h.shot(clerk, 'seller-pickup-verified');
    await clerk.getByLabel('提货码', { exact: true }).fill(digits);
    await clerk.getByRole('button', { name: cjk2('核销') }).click();
    await clerk.getByRole('alert').getByText(/该提货码已于 .* 核销，不能重复使用/).waitFor();

    await shopper.reload();
    await shopper.getByRole('heading', { name: '待评价', level: 1 }).waitFor();
    await shopper.getByText(/已于 .* 核销提货/).waitFor();
    assert.equal(await shopper.locator('.pickup-code__digits').count(), 0, 'a used code is not shown again');
    await h.shot(shopper, 'shopper-pickup-done-phone');
  });
});
