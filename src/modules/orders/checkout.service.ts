import type { Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJob } from '../../shared/jobs.ts';
import { faultPoint } from '../../shared/fault-points.ts';
import { getAddressForCheckout } from '../addresses/addresses.service.ts';
import { getPickupPointForCheckout, quoteShopShipping } from '../shipping/shipping.service.ts';
import type { FreeShipping } from '../shipping/shipping.rules.ts';
import { formatFen } from '../../shared/money.ts';
import { reserveStock } from '../inventory/inventory.service.ts';
import { cartOwner } from '../cart/cart.service.ts';
import { isValidTaxNumber } from './tax-number.ts';
import type { OrderTimers } from './orders.rules.ts';
import { getOrderTimers } from './timer-settings.service.ts';
import type { AddressSnapshot, DeliveryMethod, InvoiceRequest, PickupPointSnapshot, PriceAdjustment } from './orders.tables.ts';
import { recordOrderEvent } from './orders.service.ts';

export type CheckoutSource = { kind: 'cart' } | { kind: 'buy_now'; skuId: string; qty: number };

export interface ShopChoice {
  delivery: DeliveryMethod;
  pickupPointId?: string | undefined;
  buyerNote?: string | undefined;
  invoice?: InvoiceRequest | undefined;
}

export interface CheckoutInput {
  source: CheckoutSource;
  addressId?: string | undefined;
  /** Per shop: delivery method (快递 / 到店自提), note, invoice. */
  shops: Record<string, ShopChoice>;
}

interface PricedLine {
  skuId: string;
  productId: string;
  shopId: string;
  title: string;
  spec: Record<string, string>;
  imageUrl: string | null;
  unitPriceFen: number;
  qty: number;
  lineTotalFen: number;
  weightG: number;
  /** 七天无理由退货: false for excluded goods (custom-made, fresh…), shown at confirmation before the shopper pays. */
  noReasonReturn: boolean;
}

export interface ShopQuote {
  shopId: string;
  shopName: string;
  lines: PricedLine[];
  itemsTotalFen: number;
  shippingFeeFen: number;
  /** Set when the shop's 满X包邮 / 满N件包邮 rule made express delivery free. */
  freeShipping: FreeShipping | null;
  discountFen: number;
  payableFen: number;
  /** The price breakdown: shipping now; discounts, coupons, member and flash-sale prices plug in here later. */
  adjustments: PriceAdjustment[];
  delivery: DeliveryMethod;
  deliverable: boolean;
  address: AddressSnapshot | null;
  pickupPoint: PickupPointSnapshot | null;
  buyerNote: string;
  invoice: InvoiceRequest | null;
}

export interface CheckoutQuote {
  shops: ShopQuote[];
  totalFen: number;
}

/**
 * What is being bought, priced from the database (never from the client): on-sale products in
 * open shops only, within stock and purchase limits.
 */
async function loadLines(q: Queryable, userId: string, source: CheckoutSource, lockCart: boolean): Promise<PricedLine[]> {
  let cartRows = q.selectFrom('cart_item').select(['sku_id', 'qty']).where('owner', '=', cartOwner({ userId })).where('selected', '=', true).orderBy('sku_id');
  // Placing orders locks the cart rows it buys (cart before stock, always): an item added or changed
  // meanwhile waits, so what is ordered is exactly what was read, and nothing added is lost with the cart.
  if (lockCart) cartRows = cartRows.forUpdate();
  const wanted = source.kind === 'buy_now' ? [{ sku_id: source.skuId, qty: source.qty }] : await cartRows.execute();
  if (wanted.length === 0) throw new AppError('CART_EMPTY');
  const rows = await q
    .selectFrom('sku')
    .innerJoin('product', 'product.id', 'sku.product_id')
    .innerJoin('shop', 'shop.id', 'product.shop_id')
    .select([
      'sku.id as skuId', 'sku.spec', 'sku.price_fen as price', 'sku.stock', 'sku.weight_g as weightG', 'sku.image_url as skuImage',
      'product.id as productId', 'product.title', 'product.images', 'product.status', 'product.purchase_limit as purchaseLimit', 'product.return_7d as return7d',
      'shop.id as shopId', 'shop.status as shopStatus', 'shop.name as shopName',
    ])
    .where('sku.id', 'in', wanted.map((w) => w.sku_id))
    .execute();
  const perProduct = new Map<string, number>();
  const lines = wanted.map((w) => {
    const row = rows.find((r) => r.skuId === w.sku_id);
    // A frozen (冻结) or exiting / closed shop says so: the shopper learns why the item cannot be bought, not just that it cannot.
    if (row?.shopStatus === 'frozen') throw new AppError('SHOP_FROZEN', { shop: row.shopName });
    if (row?.shopStatus === 'closing' || row?.shopStatus === 'closed') throw new AppError('SHOP_CLOSED', { shop: row.shopName });
    if (!row || row.status !== 'on_sale' || row.shopStatus !== 'active') throw new AppError('PRODUCT_UNAVAILABLE');
    if (row.stock < w.qty) throw new AppError('STOCK_INSUFFICIENT', { skuId: w.sku_id });
    perProduct.set(row.productId, (perProduct.get(row.productId) ?? 0) + w.qty);
    if (row.purchaseLimit !== null && perProduct.get(row.productId)! > row.purchaseLimit) throw new AppError('PURCHASE_LIMIT_EXCEEDED', { limit: row.purchaseLimit });
    return {
      skuId: row.skuId,
      productId: row.productId,
      shopId: row.shopId,
      title: row.title,
      spec: row.spec,
      imageUrl: row.skuImage ?? row.images[0] ?? null,
      unitPriceFen: Number(row.price),
      qty: w.qty,
      lineTotalFen: Number(row.price) * w.qty,
      weightG: row.weightG,
      noReasonReturn: row.return7d,
    };
  });
  return lines;
}

function freeShippingLabel(free: FreeShipping): string {
  return free.reason === 'amount' ? `满${formatFen(free.overFen)}包邮` : `满${free.overQty}件包邮`;
}

function checkInvoice(invoice: InvoiceRequest | undefined): InvoiceRequest | null {
  if (!invoice) return null;
  if (invoice.kind === 'company' && !isValidTaxNumber(invoice.taxNumber ?? '')) throw new AppError('TAX_NUMBER_INVALID');
  return invoice;
}

/**
 * The confirmation page's numbers, shop by shop (拆单): items, delivery and its fee, discounts (none
 * yet), what is payable. With `strict`, every shop must have a valid delivery choice (submitting).
 */
export async function quoteCheckout(q: Queryable, userId: string, input: CheckoutInput, strict: boolean): Promise<CheckoutQuote> {
  const lines = await loadLines(q, userId, input.source, strict);
  const shopIds = [...new Set(lines.map((l) => l.shopId))].sort();
  const shops = await q.selectFrom('shop').select(['id', 'name']).where('id', 'in', shopIds).execute();
  const address = input.addressId ? await getAddressForCheckout(q, userId, input.addressId) : null;
  const quotes: ShopQuote[] = [];
  for (const shopId of shopIds) {
    const shopName = shops.find((s) => s.id === shopId)!.name;
    const shopLines = lines.filter((l) => l.shopId === shopId);
    const choice = input.shops[shopId] ?? { delivery: 'express' as const };
    const itemsTotalFen = shopLines.reduce((s, l) => s + l.lineTotalFen, 0);
    let shippingFeeFen = 0;
    let freeShipping: FreeShipping | null = null;
    let deliverable = true;
    let pickupPoint: PickupPointSnapshot | null = null;
    if (choice.delivery === 'pickup') {
      if (!choice.pickupPointId) {
        if (strict) throw new AppError('DELIVERY_REQUIRED');
      } else {
        pickupPoint = await getPickupPointForCheckout(q, shopId, choice.pickupPointId);
      }
    } else if (address) {
      const quote = await quoteShopShipping(q, shopId, shopLines.map((l) => ({ qty: l.qty, weightG: l.weightG, lineTotalFen: l.lineTotalFen })), address.provinceCode);
      deliverable = quote.deliverable;
      shippingFeeFen = quote.feeFen;
      freeShipping = quote.free ?? null;
      if (strict && !deliverable) throw new AppError('NOT_DELIVERABLE', { shop: shopName });
    } else if (strict) {
      throw new AppError('ADDRESS_REQUIRED');
    }
    const adjustments: PriceAdjustment[] = [];
    if (shippingFeeFen > 0) adjustments.push({ kind: 'shipping', label: '运费', amountFen: shippingFeeFen });
    else if (freeShipping) adjustments.push({ kind: 'shipping', label: `运费（${freeShippingLabel(freeShipping)}）`, amountFen: 0 });
    const discountFen = 0;
    quotes.push({
      shopId,
      shopName,
      lines: shopLines,
      itemsTotalFen,
      shippingFeeFen,
      freeShipping,
      discountFen,
      payableFen: itemsTotalFen + shippingFeeFen - discountFen,
      adjustments,
      delivery: choice.delivery,
      deliverable,
      address: choice.delivery === 'express' ? address : null,
      pickupPoint,
      buyerNote: (choice.buyerNote ?? '').trim().slice(0, 200),
      invoice: checkInvoice(choice.invoice),
    });
  }
  return { shops: quotes, totalFen: quotes.reduce((s, x) => s + x.payableFen, 0) };
}

export interface PlacedCheckout {
  paymentOrderId: string;
  orderIds: string[];
  amountFen: number;
  expiresAt: Date;
  /** True when this key had already placed these orders (a retry). */
  replayed: boolean;
}

async function existingCheckout(q: Queryable, userId: string, key: string): Promise<PlacedCheckout | null> {
  const payment = await q.selectFrom('payment_order').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
  if (!payment) return null;
  const orders = await q.selectFrom('shop_order').select(['id', 'payable_fen']).where('payment_order_id', '=', payment.id).orderBy('id').execute();
  return { paymentOrderId: payment.id, orderIds: orders.map((o) => o.id), amountFen: orders.reduce((s, o) => s + Number(o.payable_fen), 0), expiresAt: payment.expires_at, replayed: true };
}

/**
 * Places the orders of one checkout in one transaction: one payment order (what the buyer pays)
 * and one order per shop with snapshots of what the buyer saw; stock is taken with conditional
 * updates in SKU order; bought items leave the cart; the unpaid-order timeout is scheduled. The
 * idempotency key is stored on the payment order, so a retry — even after a crash — returns the
 * orders it already placed instead of placing new ones.
 */
export async function placeOrders(trx: Trx, clock: Clock, timerDefaults: OrderTimers, userId: string, input: CheckoutInput, idempotencyKey: string): Promise<PlacedCheckout> {
  const existing = await existingCheckout(trx, userId, idempotencyKey);
  if (existing) return existing;
  const quote = await quoteCheckout(trx, userId, input, true);
  await reserveStock(trx, quote.shops.flatMap((s) => s.lines.map((l) => ({ skuId: l.skuId, qty: l.qty }))));
  faultPoint('checkout.after-reserve');
  const now = clock.now();
  // The payment deadline is the 系统设置 in force now, stored on the payment order (a later change never moves it).
  const expiresAt = new Date(now.getTime() + (await getOrderTimers(trx, timerDefaults)).unpaidCancelMs);
  const paymentOrderId = newId('pay');
  await trx
    .insertInto('payment_order')
    .values({ id: paymentOrderId, user_id: userId, amount_fen: quote.totalFen, status: 'pending', idempotency_key: idempotencyKey, created_at: now, expires_at: expiresAt, paid_at: null, cancelled_at: null })
    .execute();
  // The snapshot records the hash of each picture shown (uploaded pictures only), so the line can prove what the buyer saw.
  const imageUrls = [...new Set(quote.shops.flatMap((s) => s.lines.flatMap((l) => (l.imageUrl ? [l.imageUrl] : []))))];
  const imageHashes = new Map(
    imageUrls.length === 0 ? [] : (await trx.selectFrom('media_image').select(['url', 'sha256']).where('url', 'in', imageUrls).execute()).map((m) => [m.url, m.sha256] as const),
  );
  const orderIds: string[] = [];
  for (const shop of quote.shops) {
    const orderId = newId('ord');
    orderIds.push(orderId);
    await trx
      .insertInto('shop_order')
      .values({
        id: orderId,
        payment_order_id: paymentOrderId,
        user_id: userId,
        shop_id: shop.shopId,
        status: 'pending_payment',
        items_total_fen: shop.itemsTotalFen,
        shipping_fee_fen: shop.shippingFeeFen,
        discount_fen: shop.discountFen,
        payable_fen: shop.payableFen,
        adjustments: JSON.stringify(shop.adjustments),
        delivery_method: shop.delivery,
        address: shop.address ? JSON.stringify(shop.address) : null,
        pickup_point: shop.pickupPoint ? JSON.stringify(shop.pickupPoint) : null,
        buyer_note: shop.buyerNote,
        invoice: shop.invoice ? JSON.stringify(shop.invoice) : null,
        created_at: now,
        paid_at: null,
        shipped_at: null,
        received_at: null,
        completed_at: null,
        cancelled_at: null,
        auto_confirm_at: null,
      })
      .execute();
    await trx
      .insertInto('order_line')
      .values(
        shop.lines.map((l) => ({
          id: newId('oln'),
          order_id: orderId,
          product_id: l.productId,
          sku_id: l.skuId,
          title: l.title,
          spec: JSON.stringify(l.spec),
          image_url: l.imageUrl,
          image_sha256: l.imageUrl ? (imageHashes.get(l.imageUrl) ?? null) : null,
          unit_price_fen: l.unitPriceFen,
          qty: l.qty,
          line_total_fen: l.lineTotalFen,
          weight_g: l.weightG,
        })),
      )
      .execute();
    await recordOrderEvent(trx, clock, { orderId, action: 'place', from: null, to: 'pending_payment', actor: { id: userId, role: 'buyer' } });
  }
  if (input.source.kind === 'cart') {
    await trx
      .deleteFrom('cart_item')
      .where('owner', '=', cartOwner({ userId }))
      .where('sku_id', 'in', quote.shops.flatMap((s) => s.lines.map((l) => l.skuId)))
      .execute();
  }
  await enqueueJob(trx, clock, { kind: 'orders.cancel-unpaid', payload: { paymentOrderId }, runAt: expiresAt, dedupeKey: `orders.cancel-unpaid:${paymentOrderId}` });
  faultPoint('checkout.before-commit');
  return { paymentOrderId, orderIds, amountFen: quote.totalFen, expiresAt, replayed: false };
}

/** Runs placeOrders in its own transaction; a concurrent duplicate of the same key loses the race on the unique key and gets the winner's orders. */
export async function submitCheckout(db: import('../../db/database.ts').Db, clock: Clock, timerDefaults: OrderTimers, userId: string, input: CheckoutInput, idempotencyKey: string): Promise<PlacedCheckout> {
  try {
    return await db.transaction().execute((trx) => placeOrders(trx, clock, timerDefaults, userId, input, idempotencyKey));
  } catch (error) {
    if ((error as { code?: string }).code === '23505' && String((error as { constraint?: string }).constraint).includes('idempotency')) {
      const existing = await existingCheckout(db, userId, idempotencyKey);
      if (existing) return existing;
    }
    throw error;
  }
}
