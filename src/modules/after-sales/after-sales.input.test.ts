import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describeEachDatabase } from '../../testing/databases.ts';
import { drainJobs, type Buyer } from '../../testing/payment-fixtures.ts';
import { DAY } from '../../shared/clock.ts';
import { submitCheckout } from '../orders/checkout.service.ts';
import { noReasonReturnUntil } from './after-sales.rules.ts';
import {
  apply, applyOk, code, makeWorld, multipart, newBuyer, nextKey, paidOrder, PRICE, receive, ship, type ApplyBody, type PlacedOrder, type World,
} from './after-sales.fixtures.ts';

/** Bad input is refused with a catalogued 4xx and leaves nothing behind; F5 (7-day no-reason returns) over the API. */
describeEachDatabase('after-sales: bad input, windows and evidence', (database) => {
  let w: World;
  let buyer: Buyer;
  let png: Buffer;

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  });
  after(async () => {
    await w.t.app.close();
  });

  async function receivedOrder(items: [string, number][]): Promise<PlacedOrder> {
    const order = await paidOrder(w, buyer, items);
    await ship(w, order.orderId);
    await receive(w, order.orderId);
    return order;
  }
  const keepSessions = () => w.t.ctx.db.updateTable('session').set({ expires_at: new Date(w.t.clock.now().getTime() + 60 * DAY) }).execute();

  /** Rows in every table a refused request could have written. */
  async function footprint() {
    const db = w.t.ctx.db;
    const count = async (table: 'after_sales_request' | 'after_sales_event' | 'after_sales_message' | 'media_image' | 'refund') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const files = (dir: string): number => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0);
    return {
      requests: await count('after_sales_request'), events: await count('after_sales_event'), messages: await count('after_sales_message'),
      images: await count('media_image'), refunds: await count('refund'), files: files(path.join(w.t.ctx.config.dataDir, 'media')),
    };
  }

  const upload = (client: Buyer['client'], bytes: Buffer, type = 'image/jpeg', url = '/api/me/after-sales/photos') => {
    const form = multipart('file', 'evidence.jpg', type, bytes);
    return client.request('POST', url, form.payload, { 'content-type': form.contentType });
  };

  test('bad requests get catalogued 4xx and write nothing', async () => {
    const order = await receivedOrder([[w.skus[0]!, 2], [w.skus[1]!, 1]]);
    const unpaid = await submitCheckout(w.t.ctx.db, w.t.clock, w.t.ctx.config.orders, buyer.userId, { source: { kind: 'buy_now', skuId: w.skus[2]!, qty: 1 }, addressId: buyer.addressId, shops: {} }, nextKey('unpaid'));
    const unpaidLine = (await w.t.ctx.db.selectFrom('order_line').select('id').where('order_id', '=', unpaid.orderIds[0]!).executeTakeFirstOrThrow()).id;
    const stranger = await newBuyer(w);
    const strangerPhoto = (await upload(stranger.client, png, 'image/png')).json().id as string;
    const line = order.lines[0]!;
    const ok: ApplyBody = { orderLineId: line, kind: 'return_refund', reason: 'quality_issue', amountFen: 100 };
    const before = await footprint();

    const cases: [string, ApplyBody | Record<string, unknown>, string, number][] = [
      ['amount above what was paid for the line', { ...ok, amountFen: 2 * PRICE + 1 }, 'AFTER_SALES_AMOUNT_TOO_HIGH', 409],
      ['someone else’s order line', { ...ok, orderLineId: (await paidOrder(w, stranger, [[w.skus[3]!, 1]])).lines[0]! }, 'ORDER_NOT_FOUND', 404],
      ['a line that does not exist', { ...ok, orderLineId: 'oln_nope' }, 'ORDER_NOT_FOUND', 404],
      ['an unpaid order', { ...ok, orderLineId: unpaidLine, kind: 'refund_only', reason: 'changed_mind' }, 'AFTER_SALES_NOT_ELIGIBLE', 409],
      ['refund only after receipt', { ...ok, kind: 'refund_only', reason: 'not_received' }, 'AFTER_SALES_KIND_NOT_ALLOWED', 409],
      ['a reason of another kind', { ...ok, reason: 'changed_mind' }, 'AFTER_SALES_REASON_NOT_ALLOWED', 400],
      ['no amount for a return', { ...ok, amountFen: undefined }, 'AFTER_SALES_AMOUNT_REQUIRED', 400],
      ['an amount on an exchange', { ...ok, kind: 'exchange' }, 'AFTER_SALES_AMOUNT_NOT_ALLOWED', 400],
      ['more pieces than the line has', { ...ok, qty: 3 }, 'AFTER_SALES_QTY_INVALID', 400],
      ['someone else’s photo', { ...ok, photoIds: [strangerPhoto] }, 'AFTER_SALES_PHOTO_INVALID', 400],
      ['ten photos', { ...ok, photoIds: Array.from({ length: 10 }, (_, i) => `img_${i}`) }, 'VALIDATION_FAILED', 400],
      ['an unknown kind', { ...ok, kind: 'gift' }, 'VALIDATION_FAILED', 400],
      ['a fractional amount', { ...ok, amountFen: 12.5 }, 'VALIDATION_FAILED', 400],
      ['an unknown field', { ...ok, status: 'refunded' }, 'VALIDATION_FAILED', 400],
    ];
    for (const [what, body, expected, status] of cases) {
      const res = await apply(buyer, body as ApplyBody);
      assert.equal(code(res), expected, `${what}: ${res.body}`);
      assert.equal(res.statusCode, status, what);
    }
    const noKey = await buyer.client.post('/api/me/after-sales', ok);
    assert.equal(code(noKey), 'IDEMPOTENCY_KEY_REQUIRED');

    // Photos: a non-image and a 20 MB file are refused before anything is stored.
    const html = await upload(buyer.client, Buffer.from('<html><script>alert(1)</script></html>'));
    assert.equal(html.statusCode, 400);
    assert.equal(code(html), 'IMAGE_INVALID');
    const huge = await upload(buyer.client, Buffer.alloc(20 * 1024 * 1024, 7));
    assert.equal(huge.statusCode, 413);
    assert.equal(code(huge), 'IMAGE_TOO_LARGE');
    const renamed = await upload(buyer.client, Buffer.from('%PDF-1.7 fake'), 'image/png');
    assert.equal(code(renamed), 'IMAGE_INVALID', 'the type is read from the bytes');
    assert.deepEqual(await footprint(), before, 'nothing written');

    // The window: after receipt + ORDER_AFTER_SALES_DAYS a quality return is refused.
    w.t.clock.advance(w.t.ctx.config.orders.afterSalesWindowMs);
    await keepSessions();
    const late = await apply(buyer, ok);
    assert.equal(late.statusCode, 409);
    assert.equal(code(late), 'AFTER_SALES_WINDOW_CLOSED');
    assert.match(late.json().error.message, /已超过售后期限（截至 \d{4}-\d\d-\d\d \d\d:\d\d）/);
    assert.deepEqual(await footprint(), before, 'still nothing written');
  });

  test('evidence: pictures are re-encoded, attached by id and shown; one open request per line, even when racing', async () => {
    const order = await receivedOrder([[w.skus[4]!, 1], [w.skus[5]!, 1]]);
    const photo = await upload(buyer.client, png, 'image/png');
    assert.equal(photo.statusCode, 201, photo.body);
    assert.match(photo.json().url, /^\/media\/.+-800\.webp$/);
    const body: ApplyBody = { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'damaged', description: '外壳裂开', photoIds: [photo.json().id], amountFen: PRICE };
    const key = nextKey();
    const first = await apply(buyer, body, key);
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json().photos, [{ id: photo.json().id, url: photo.json().url }]);
    const replay = await apply(buyer, body, key);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.json().id, first.json().id);
    const second = await apply(buyer, body);
    assert.equal(code(second), 'AFTER_SALES_ALREADY_OPEN');

    const racing = await Promise.all(Array.from({ length: 8 }, () => apply(buyer, { ...body, orderLineId: order.lines[1]!, photoIds: [] })));
    assert.equal(racing.filter((r) => r.statusCode === 201).length, 1);
    for (const r of racing.filter((x) => x.statusCode !== 201)) assert.equal(code(r), 'AFTER_SALES_ALREADY_OPEN', r.body);

    // The merchant answers with a picture of their own; the shopper cannot attach the shop's.
    const shopPhoto = await upload(w.service, png, 'image/png', `/api/seller/shops/${w.shopId}/after-sales/photos`);
    assert.equal(shopPhoto.statusCode, 201, shopPhoto.body);
    const reply = await w.service.post(`/api/seller/shops/${w.shopId}/after-sales/${first.json().id}/messages`, { body: '请补充开箱视频截图', photoIds: [shopPhoto.json().id] });
    assert.equal(reply.statusCode, 201, reply.body);
    const misuse = await buyer.client.post(`/api/me/after-sales/${first.json().id}/messages`, { body: '看这张', photoIds: [shopPhoto.json().id] });
    assert.equal(code(misuse), 'AFTER_SALES_PHOTO_INVALID');
    await buyer.client.post(`/api/me/after-sales/${first.json().id}/cancel`, {});
    assert.equal(code(await buyer.client.post(`/api/me/after-sales/${first.json().id}/messages`, { body: '还在吗' })), 'AFTER_SALES_CLOSED');
  });

  test('the options page says what each line can ask for, how much, until when — and why not', async () => {
    const unshipped = await paidOrder(w, buyer, [[w.skus[6]!, 1]]);
    const before = (await buyer.client.get(`/api/me/after-sales/options?orderId=${unshipped.orderId}`)).json();
    const kinds = Object.fromEntries(before.lines[0].kinds.map((k: { kind: string }) => [k.kind, k]));
    assert.equal(kinds.refund_only.allowed, true);
    assert.equal(kinds.refund_only.maxAmountFen, PRICE);
    assert.equal(kinds.return_refund.allowed, false);
    assert.equal(kinds.return_refund.whyNot, 'AFTER_SALES_KIND_NOT_ALLOWED');
    assert.equal(before.afterSalesUntil, null);

    const received = await receivedOrder([[w.skus[7]!, 1], [w.noReturnSku, 1]]);
    const after = (await buyer.client.get(`/api/me/after-sales/options?orderId=${received.orderId}`)).json();
    const [normal, custom] = after.lines;
    assert.ok(normal.kinds.find((k: { kind: string }) => k.kind === 'return_refund').reasons.includes('no_reason_7d'));
    assert.equal(custom.noReasonReturn, false);
    assert.ok(!custom.kinds.find((k: { kind: string }) => k.kind === 'return_refund').reasons.includes('no_reason_7d'));
    assert.equal(new Date(after.noReasonUntil).getTime(), noReasonReturnUntil(w.t.clock.now()).getTime());
    assert.equal((await (await newBuyer(w)).client.get(`/api/me/after-sales/options?orderId=${received.orderId}`)).statusCode, 404);
    const meta = (await w.t.app.inject({ url: '/api/after-sales/meta' })).json();
    assert.equal(meta.kinds.length, 4);
    assert.ok(meta.reasons.some((r: { code: string; label: { zh: string } }) => r.code === 'no_reason_7d' && r.label.zh === '七天无理由退货'));
  });

  test('F5: a no-reason return is accepted up to 23:59:59 on the 7th day after the day of receipt (even after the order completed), refused from day 8, and never for a product not flagged', async () => {
    const order = await receivedOrder([[w.skus[8]!, 1], [w.skus[9]!, 1], [w.noReturnSku, 1]]);
    const receivedAt = w.t.clock.now();
    const until = noReasonReturnUntil(receivedAt);
    const noReason = (lineId: string) => apply(buyer, { orderLineId: lineId, kind: 'return_refund', reason: 'no_reason_7d', amountFen: 100 });

    assert.equal(code(await noReason(order.lines[2]!)), 'AFTER_SALES_NO_REASON_NOT_ALLOWED');
    // The order's own window ends first; the order completes.
    w.t.clock.set(new Date(receivedAt.getTime() + w.t.ctx.config.orders.afterSalesWindowMs + 1));
    await keepSessions();
    await drainJobs(w.t);
    assert.equal((await w.t.ctx.db.selectFrom('shop_order').select('status').where('id', '=', order.orderId).executeTakeFirstOrThrow()).status, 'completed');
    assert.equal(code(await apply(buyer, { orderLineId: order.lines[0]!, kind: 'return_refund', reason: 'quality_issue', amountFen: 100 })), 'AFTER_SALES_WINDOW_CLOSED');

    w.t.clock.set(until); // day 7, 23:59:59.999 China time
    const lastMoment = await noReason(order.lines[0]!);
    assert.equal(lastMoment.statusCode, 201, lastMoment.body);
    w.t.clock.set(new Date(until.getTime() + 1)); // day 8, 00:00
    const tooLate = await noReason(order.lines[1]!);
    assert.equal(code(tooLate), 'AFTER_SALES_WINDOW_CLOSED');
    // The accepted one runs its course: the merchant's silence approves it.
    w.t.clock.advance(48 * 3_600_000);
    await keepSessions();
    await drainJobs(w.t);
    assert.equal((await buyer.client.get(`/api/me/after-sales/${lastMoment.json().id}`)).json().status, 'awaiting_return');
  });
});
