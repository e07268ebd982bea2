// Reliability row G1: a completed order, its lines (the product snapshot), its payment and refund,
// older than a day, cannot be deleted or have their recorded facts edited by the app's own role; the
// snapshot — title, price, spec and the picture's hash — is what the buyer saw at checkout, whatever
// the merchant does to the product afterwards. (E-Commerce Law Art. 31.)
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'kysely';
import { describeEachDatabase } from '../testing/databases.ts';
import { makeOnSaleProduct, productInput } from '../testing/catalog-fixtures.ts';
import { drainJobs, type Buyer } from '../testing/payment-fixtures.ts';
import { submitCheckout } from '../modules/orders/checkout.service.ts';
import { transitionOrder } from '../modules/orders/orders.service.ts';
import { makeWorld, multipart, newBuyer, nextKey, paidOrder, receive, ship, type World } from '../modules/after-sales/after-sales.fixtures.ts';
import { failure } from '../testing/statement-failure.ts';
import { DAY } from '../shared/clock.ts';

type Row = Record<string, unknown>;
const SYSTEM = { id: null, role: 'system' as const };

describeEachDatabase('record retention: orders, payments and snapshots are kept as recorded (G1)', (database) => {
  let w: World;
  let buyer: Buyer;
  let categoryId: string;
  let productId: string;
  let skuId: string;
  let firstImage: { url: string };
  /** What the product page showed when the buyer checked out. */
  let shown: { title: string; priceFen: number; spec: Record<string, string>; imageUrl: string };
  let order: { orderId: string; paymentOrderId: string; lineId: string; attemptId: string; refundId: string };

  const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
  /** The stored file behind a /media/ URL (the test app's LocalMediaStore). */
  const storedFile = (url: string) => fs.readFileSync(path.join(w.t.ctx.config.dataDir, 'media', url.replace(/^\/media\//, '')));

  async function upload(colour: string): Promise<{ id: string; url: string }> {
    const png = await sharp({ create: { width: 900, height: 900, channels: 3, background: colour } }).png().toBuffer();
    const form = multipart('file', 'cup.png', 'image/png', png);
    const res = await w.owner.request('POST', `/api/seller/shops/${w.shopId}/images`, form.payload, { 'content-type': form.contentType });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }

  /** Every row of the order's record, as stored. */
  async function record(): Promise<Row> {
    const q = async (table: string, column: string, value: string) =>
      (await sql<Row>`select to_jsonb(x) as row from ${sql.table(table)} x where ${sql.ref(column)} = ${value} order by x.id`.execute(w.t.ctx.db)).rows.map((r) => r.row);
    return {
      order: await q('shop_order', 'id', order.orderId),
      lines: await q('order_line', 'order_id', order.orderId),
      events: await q('order_event', 'order_id', order.orderId),
      payment: await q('payment_order', 'id', order.paymentOrderId),
      attempts: await q('payment_attempt', 'payment_order_id', order.paymentOrderId),
      refunds: await q('refund', 'id', order.refundId),
    };
  }

  before(async () => {
    w = await makeWorld(database());
    buyer = await newBuyer(w);
    categoryId = (await w.t.ctx.db.selectFrom('product').select('category_id').where('shop_id', '=', w.shopId).executeTakeFirstOrThrow()).category_id;
    firstImage = await upload('#1e88e5');
    productId = await makeOnSaleProduct(w.t.ctx.db, w.t.clock, w.shopId, productInput(categoryId, {
      title: '留存测试保温杯 500ml',
      images: [firstImage.url],
      specs: [{ name: '颜色', values: ['海蓝'] }],
      skus: [{ spec: { 颜色: '海蓝' }, priceFen: 6_800, stock: 100 }],
    }));
    const page = await w.owner.get(`/api/products/${productId}`);
    assert.equal(page.statusCode, 200, page.body);
    const product = page.json();
    skuId = product.skus[0].id;
    shown = { title: product.title, priceFen: product.skus[0].priceFen, spec: product.skus[0].spec, imageUrl: product.skus[0].imageUrl ?? product.images[0] };
    assert.equal(shown.imageUrl, firstImage.url);

    // Bought, paid, shipped, received, completed at the end of the after-sales window — every legitimate move works with the triggers on.
    const placed = await paidOrder(w, buyer, [[skuId, 2]]);
    // A second order is cancelled after payment, which refunds it: a refund row to keep too.
    const cancelled = await paidOrder(w, buyer, [[skuId, 1]]);
    await w.t.ctx.db.transaction().execute((trx) => transitionOrder(trx, w.t.clock, w.t.ctx.config.orders, cancelled.orderId, 'cancel', SYSTEM, { note: '测试取消' }));
    await drainJobs(w.t);
    const refund = await w.t.ctx.db.selectFrom('refund').select('id').where('shop_order_id', '=', cancelled.orderId).executeTakeFirstOrThrow();
    await ship(w, placed.orderId);
    await receive(w, placed.orderId);
    w.t.clock.advance(8 * DAY); // the after-sales window (7 days by default) closes
    await drainJobs(w.t);
    const done = await w.t.ctx.db.selectFrom('shop_order').select(['status', 'completed_at']).where('id', '=', placed.orderId).executeTakeFirstOrThrow();
    assert.equal(done.status, 'completed');
    const attempt = await w.t.ctx.db.selectFrom('payment_attempt').select('id').where('payment_order_id', '=', placed.paymentOrderId).where('status', '=', 'succeeded').executeTakeFirstOrThrow();
    order = { orderId: placed.orderId, paymentOrderId: placed.paymentOrderId, lineId: placed.lines[0]!, attemptId: attempt.id, refundId: refund.id };
    // The records are now more than a day old.
    w.t.clock.advance(2 * DAY);
    assert.ok(w.t.clock.now().getTime() - done.completed_at!.getTime() > DAY);
  });

  test('the line is the snapshot of what the buyer saw, picture hash included, after the merchant edits the product and its picture', async () => {
    const line = await w.t.ctx.db.selectFrom('order_line').selectAll().where('id', '=', order.lineId).executeTakeFirstOrThrow();
    const atCheckout = { title: line.title, priceFen: Number(line.unit_price_fen), spec: line.spec, imageUrl: line.image_url };
    assert.deepEqual(atCheckout, shown);
    assert.equal(line.image_sha256, sha256(storedFile(firstImage.url)), 'the hash is that of the stored picture the line shows');

    // The merchant changes everything: a new picture, a new title, a new price.
    const newImage = await upload('#e53935');
    const edit = await w.owner.request('PUT', `/api/seller/shops/${w.shopId}/products/${productId}`, productInput(categoryId, {
      title: '新款保温杯 750ml',
      images: [newImage.url],
      specs: [{ name: '颜色', values: ['海蓝'] }],
      skus: [{ spec: { 颜色: '海蓝' }, priceFen: 9_900, stock: 100, imageUrl: newImage.url }],
    }));
    assert.equal(edit.statusCode, 200, edit.body);
    const now = await w.t.ctx.db.selectFrom('product').innerJoin('sku', 'sku.product_id', 'product.id').select(['product.title', 'product.images', 'sku.price_fen', 'sku.image_url']).where('product.id', '=', productId).executeTakeFirstOrThrow();
    assert.equal(now.title, '新款保温杯 750ml');
    assert.equal(Number(now.price_fen), 9_900);
    assert.deepEqual(now.images, [newImage.url]);

    const after = await w.t.ctx.db.selectFrom('order_line').selectAll().where('id', '=', order.lineId).executeTakeFirstOrThrow();
    assert.deepEqual(after, line, 'the line did not move');
    assert.equal(after.image_sha256, sha256(storedFile(after.image_url!)), 'the picture the line shows is still the one it recorded');
    assert.notEqual(after.image_sha256, sha256(storedFile(newImage.url)));
    // The buyer's order page shows the snapshot, not the product as it is now.
    const mine = await buyer.client.get(`/api/me/orders/${order.orderId}`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(
      mine.json().lines.map((l: Row) => ({ title: l.title, priceFen: l.unitPriceFen, spec: l.spec, imageUrl: l.imageUrl })),
      [shown],
    );
  });

  test('deleting or truncating an order, line, timeline, payment, attempt or refund is refused with insufficient_privilege', async () => {
    const before = await record();
    assert.equal((before.refunds as Row[]).length, 1);
    for (const [table, id] of [
      ['shop_order', order.orderId], ['order_line', order.lineId], ['payment_order', order.paymentOrderId],
      ['payment_attempt', order.attemptId], ['refund', order.refundId],
    ] as const) {
      const deleted = await failure(() => sql`delete from ${sql.table(table)} where id = ${id}`.execute(w.t.ctx.db));
      assert.equal(deleted?.code, '42501', `delete ${table}: ${deleted?.message ?? 'succeeded'}`);
      assert.match(deleted!.message, new RegExp(`^${table} is a transaction record`));
    }
    const events = await failure(() => w.t.ctx.db.deleteFrom('order_event').where('order_id', '=', order.orderId).execute());
    assert.equal(events?.code, '42501');
    // Through Kysely as the services would write it, and a whole-table wipe.
    const all = await failure(() => w.t.ctx.db.deleteFrom('shop_order').where('id', '=', order.orderId).execute());
    assert.equal(all?.code, '42501');
    for (const table of ['shop_order', 'order_line', 'order_event', 'payment_order', 'payment_attempt', 'refund']) {
      const truncated = await failure(() => sql`truncate ${sql.table(table)} cascade`.execute(w.t.ctx.db));
      assert.equal(truncated?.code, '42501', `truncate ${table}: ${truncated?.message ?? 'succeeded'}`);
    }
    assert.deepEqual(await record(), before, 'every row is still there, unchanged');
  });

  test('editing the recorded facts is refused, naming the column; the rows are unchanged', async () => {
    const before = await record();
    const attempts: [table: string, id: string, set: ReturnType<typeof sql>, column: string][] = [
      ['shop_order', order.orderId, sql`payable_fen = payable_fen - 100, items_total_fen = items_total_fen - 100`, 'items_total_fen'],
      ['shop_order', order.orderId, sql`user_id = ${w.ownerUserId}`, 'user_id'],
      ['shop_order', order.orderId, sql`shop_id = ${w.otherShopId}`, 'shop_id'],
      ['shop_order', order.orderId, sql`created_at = created_at + interval '1 day'`, 'created_at'],
      ['order_line', order.lineId, sql`title = '别的商品'`, 'title'],
      ['order_line', order.lineId, sql`unit_price_fen = 1, line_total_fen = qty`, 'unit_price_fen'],
      ['order_line', order.lineId, sql`spec = '{"颜色":"黑色"}'::jsonb`, 'spec'],
      ['order_line', order.lineId, sql`image_sha256 = repeat('0', 64)`, 'image_sha256'],
      ['order_line', order.lineId, sql`image_url = '/media/other.webp'`, 'image_url'],
      ['payment_order', order.paymentOrderId, sql`amount_fen = amount_fen - 100`, 'amount_fen'],
      ['payment_order', order.paymentOrderId, sql`user_id = ${w.ownerUserId}`, 'user_id'],
      ['payment_attempt', order.attemptId, sql`amount_fen = amount_fen + 100`, 'amount_fen'],
      ['payment_attempt', order.attemptId, sql`payment_order_id = payment_order_id || 'x'`, 'payment_order_id'],
      ['refund', order.refundId, sql`amount_fen = amount_fen + 1`, 'amount_fen'],
    ];
    for (const [table, id, set, column] of attempts) {
      const error = await failure(() => sql`update ${sql.table(table)} set ${set} where id = ${id}`.execute(w.t.ctx.db));
      assert.equal(error?.code, '42501', `update ${table}.${column}: ${error?.message ?? 'succeeded'}`);
      assert.match(error!.message, new RegExp(`^${table}\\.${column} is a recorded fact`));
    }
    const viaKysely = await failure(() => w.t.ctx.db.updateTable('order_line').set({ title: '改过的标题' }).where('order_id', '=', order.orderId).execute());
    assert.equal(viaKysely?.code, '42501');
    assert.deepEqual(await record(), before);
  });

  test('what legitimately moves still moves: status and its times, an unpaid payment order shrinking when one shop’s order is cancelled', async () => {
    // A cart across two shops: one payment order, two shop orders; cancelling one takes its amount off the unpaid payment order.
    await w.t.ctx.db.deleteFrom('cart_item').where('owner', 'like', `%${buyer.userId}%`).execute();
    for (const item of [{ skuId: w.skus[2]!, qty: 1 }, { skuId: w.otherShopSku, qty: 1 }]) assert.equal((await buyer.client.post('/api/cart/items', item)).statusCode, 200);
    const placed = await submitCheckout(w.t.ctx.db, w.t.clock, w.t.ctx.config.orders, buyer.userId, { source: { kind: 'cart' }, addressId: buyer.addressId, shops: {} }, nextKey('retention'));
    assert.equal(placed.orderIds.length, 2);
    const [first, second] = placed.orderIds as [string, string];
    const firstPayable = Number((await w.t.ctx.db.selectFrom('shop_order').select('payable_fen').where('id', '=', first).executeTakeFirstOrThrow()).payable_fen);
    await w.t.ctx.db.transaction().execute((trx) => transitionOrder(trx, w.t.clock, w.t.ctx.config.orders, first, 'cancel', { id: buyer.userId, role: 'buyer' }, { note: '不想要了' }));
    const payment = await w.t.ctx.db.selectFrom('payment_order').select(['amount_fen', 'status']).where('id', '=', placed.paymentOrderId).executeTakeFirstOrThrow();
    assert.equal(Number(payment.amount_fen), placed.amountFen - firstPayable);
    assert.equal(payment.status, 'pending');
    // …and a payment order never grows, even while unpaid.
    const grow = await failure(() => sql`update payment_order set amount_fen = amount_fen + 1 where id = ${placed.paymentOrderId}`.execute(w.t.ctx.db));
    assert.equal(grow?.code, '42501');
    await w.t.ctx.db.transaction().execute((trx) => transitionOrder(trx, w.t.clock, w.t.ctx.config.orders, second, 'cancel', SYSTEM, { note: '超时未支付，系统自动取消' }));
    const orders = await w.t.ctx.db.selectFrom('shop_order').select(['status', 'cancelled_at', 'cancel_reason']).where('id', 'in', [first, second]).execute();
    assert.deepEqual(orders.map((o) => o.status), ['cancelled', 'cancelled']);
    assert.equal((await w.t.ctx.db.selectFrom('payment_order').select('status').where('id', '=', placed.paymentOrderId).executeTakeFirstOrThrow()).status, 'cancelled');
    // Notes and snapshots that are not the agreed terms (address, buyer note) may still be corrected — and an unchanged fact may be "set" to itself.
    await sql`update shop_order set buyer_note = '放门口', payable_fen = payable_fen where id = ${order.orderId}`.execute(w.t.ctx.db);
    assert.equal((await w.t.ctx.db.selectFrom('shop_order').select('buyer_note').where('id', '=', order.orderId).executeTakeFirstOrThrow()).buyer_note, '放门口');
  });
});
