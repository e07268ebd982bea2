import crypto from 'node:crypto';
import { data, redirect, type AppLoadContext } from 'react-router';
import { quoteCheckout, submitCheckout, type CheckoutInput, type CheckoutQuote, type CheckoutSource, type ShopChoice } from '../../src/modules/orders/checkout.service.ts';
import { listAddresses } from '../../src/modules/addresses/addresses.service.ts';
import { listPickupPoints, type PickupPointView } from '../../src/modules/shipping/shipping.service.ts';
import { maskMobile } from '../../src/modules/identity/identity.rules.ts';
import { AppError, formatFen, imageVariant, webPaths } from './services.server.ts';
import { formError } from './app-errors.server.ts';
import { requireUser } from './guards.server.ts';
import { translate, type Locale } from '../i18n/messages.ts';
import type { AddressCardView, CheckoutShopValues, CheckoutView, PickupPointOption } from './buying-views.ts';

/**
 * 确认订单. Everything the page sends — from the URL when it re-prices (delivery, address), and in
 * the form when it is submitted — uses the same field names:
 *   skuId + qty (立即购买; absent: the cart's selected items), addressId,
 *   delivery.<shopId> (express | pickup), pickup.<shopId>, note.<shopId>,
 *   invoice.<shopId> (none | personal | company), invoiceTitle.<shopId>, taxNumber.<shopId>, invoiceEmail.<shopId>.
 * Prices are never read from the page: the server quotes them again on every request.
 */

type Fields = URLSearchParams | FormData;

interface ShopRequest extends CheckoutShopValues {
  delivery: 'express' | 'pickup';
  pickupPointId: string;
}

export interface CheckoutRequest {
  source: CheckoutSource;
  addressId: string;
  shops: Record<string, ShopRequest>;
}

function text(fields: Fields, name: string, max: number): string {
  const value = fields.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

export function readCheckoutRequest(fields: Fields): CheckoutRequest {
  const skuId = text(fields, 'skuId', 64);
  const qty = Number(text(fields, 'qty', 6));
  const source: CheckoutSource = skuId ? { kind: 'buy_now', skuId, qty: Number.isInteger(qty) && qty >= 1 ? Math.min(qty, 9999) : 1 } : { kind: 'cart' };
  const shops: Record<string, ShopRequest> = {};
  for (const name of new Set(fields.keys())) {
    if (!name.startsWith('delivery.') || Object.keys(shops).length >= 50) continue;
    const shopId = name.slice('delivery.'.length);
    if (!shopId || shopId.length > 64) continue;
    const kind = text(fields, `invoice.${shopId}`, 10);
    shops[shopId] = {
      delivery: text(fields, name, 10) === 'pickup' ? 'pickup' : 'express',
      pickupPointId: text(fields, `pickup.${shopId}`, 64),
      note: text(fields, `note.${shopId}`, 200),
      invoiceKind: kind === 'personal' || kind === 'company' ? kind : 'none',
      invoiceTitle: text(fields, `invoiceTitle.${shopId}`, 100),
      taxNumber: text(fields, `taxNumber.${shopId}`, 20).toUpperCase(),
      invoiceEmail: text(fields, `invoiceEmail.${shopId}`, 254),
    };
  }
  return { source, addressId: text(fields, 'addressId', 64), shops };
}

const EMPTY_VALUES: CheckoutShopValues = { note: '', invoiceKind: 'none', invoiceTitle: '', taxNumber: '', invoiceEmail: '' };

function pointOption(p: PickupPointView): PickupPointOption {
  return { id: p.id, name: p.name, address: p.fullAddress, hours: p.openingHours, phone: p.contactPhone };
}

/** The confirmation page: address, then per shop items, delivery (with its pickup points), fee and what was typed. */
export async function checkoutLoader({ request, context }: { request: Request; context: AppLoadContext }): Promise<CheckoutView> {
  const auth = requireUser(context, request);
  const { db } = context.app;
  const { locale } = context;
  const req = readCheckoutRequest(new URL(request.url).searchParams);
  const addresses = await listAddresses(db, auth.userId);
  const chosen = addresses.find((a) => a.id === req.addressId) ?? addresses.find((a) => a.isDefault) ?? null;
  const address: AddressCardView | null = chosen
    ? { id: chosen.id, recipient: chosen.recipient, mobile: maskMobile(chosen.mobile), fullAddress: chosen.fullAddress, tag: chosen.tag, isDefault: chosen.isDefault }
    : null;

  // Pickup only where the shop has (enabled) points; a point that is not one of them falls back to the first.
  const points = new Map<string, PickupPointView[]>();
  const pointsOf = async (shopId: string) => {
    let list = points.get(shopId);
    if (!list) points.set(shopId, (list = await listPickupPoints(db, shopId, { enabledOnly: true })));
    return list;
  };
  const choices: Record<string, ShopChoice> = {};
  for (const [shopId, s] of Object.entries(req.shops)) {
    if (s.delivery !== 'pickup') continue;
    const list = await pointsOf(shopId);
    const point = list.find((p) => p.id === s.pickupPointId) ?? list[0];
    if (point) choices[shopId] = { delivery: 'pickup', pickupPointId: point.id };
  }
  const buyNow = req.source.kind === 'buy_now' ? { skuId: req.source.skuId, qty: req.source.qty } : null;
  const empty = {
    key: crypto.randomUUID(),
    buyNow,
    address,
    hasAddresses: addresses.length > 0,
    shops: [],
    totals: { items: formatFen(0, locale), shipping: formatFen(0, locale), discount: formatFen(0, locale), payable: formatFen(0, locale), pieces: 0 },
    needsAddress: false,
  };

  let quote: CheckoutQuote;
  try {
    quote = await quoteCheckout(db, auth.userId, { source: req.source, addressId: address?.id, shops: choices }, false);
  } catch (error) {
    return { ...empty, problem: formError(error, locale).message };
  }
  const shops = [];
  for (const s of quote.shops) {
    const list = await pointsOf(s.shopId);
    const typed = req.shops[s.shopId];
    shops.push({
      shopId: s.shopId,
      shopName: s.shopName,
      lines: s.lines.map((l) => ({
        id: l.skuId,
        title: l.title,
        spec: Object.values(l.spec).join(' '),
        image: l.imageUrl ? imageVariant(l.imageUrl, 'thumb') : null,
        price: formatFen(l.unitPriceFen, locale),
        qty: l.qty,
        lineTotal: formatFen(l.lineTotalFen, locale),
        href: webPaths.product(l.productId),
        noReasonReturn: l.noReasonReturn,
      })),
      pieces: s.lines.reduce((n, l) => n + l.qty, 0),
      itemsTotal: formatFen(s.itemsTotalFen, locale),
      shippingFee: s.shippingFeeFen > 0 ? formatFen(s.shippingFeeFen, locale) : null,
      freeShipping: s.freeShipping
        ? s.freeShipping.reason === 'amount'
          ? translate(locale, 'logistics.freeOver', { amount: formatFen(s.freeShipping.overFen, locale) })
          : translate(locale, 'logistics.freeOverQty', { count: s.freeShipping.overQty })
        : null,
      payable: formatFen(s.payableFen, locale),
      delivery: s.delivery,
      deliverable: s.deliverable,
      pickupPoints: list.map(pointOption),
      pickupPointId: s.pickupPoint?.id ?? list[0]?.id ?? '',
      values: typed ? { note: typed.note, invoiceKind: typed.invoiceKind, invoiceTitle: typed.invoiceTitle, taxNumber: typed.taxNumber, invoiceEmail: typed.invoiceEmail } : EMPTY_VALUES,
    });
  }
  const sum = (pick: (s: CheckoutQuote['shops'][number]) => number) => quote.shops.reduce((n, s) => n + pick(s), 0);
  return {
    ...empty,
    shops,
    totals: {
      items: formatFen(sum((s) => s.itemsTotalFen), locale),
      shipping: formatFen(sum((s) => s.shippingFeeFen), locale),
      discount: formatFen(sum((s) => s.discountFen), locale),
      payable: formatFen(quote.totalFen, locale),
      pieces: shops.reduce((n, s) => n + s.pieces, 0),
    },
    needsAddress: !address && quote.shops.some((s) => s.delivery === 'express'),
    problem: null,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The form's per-shop choices as the service's input; a problem the shopper can fix comes back as a message. */
function checkoutInput(req: CheckoutRequest, locale: Locale): { input: CheckoutInput } | { error: string } {
  const shops: Record<string, ShopChoice> = {};
  for (const [shopId, s] of Object.entries(req.shops)) {
    let invoice: ShopChoice['invoice'];
    if (s.invoiceKind !== 'none') {
      const title = s.invoiceTitle || (s.invoiceKind === 'personal' ? translate(locale, 'checkout.invoice.personal') : '');
      if (!title) return { error: translate(locale, 'checkout.err.invoiceTitle') };
      if (s.invoiceEmail && !EMAIL.test(s.invoiceEmail)) return { error: translate(locale, 'checkout.err.invoiceEmail') };
      invoice = { kind: s.invoiceKind, title, ...(s.invoiceKind === 'company' ? { taxNumber: s.taxNumber } : {}), ...(s.invoiceEmail ? { email: s.invoiceEmail } : {}) };
    }
    shops[shopId] = {
      delivery: s.delivery,
      ...(s.delivery === 'pickup' ? { pickupPointId: s.pickupPointId } : {}),
      ...(s.note ? { buyerNote: s.note } : {}),
      ...(invoice ? { invoice } : {}),
    };
  }
  return { input: { source: req.source, addressId: req.addressId || undefined, shops } };
}

/** Visible ASCII, as the API's Idempotency-Key. */
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * 提交订单: the page's idempotency key goes with the orders (a double click or a resubmit places
 * one set), then the 收银台 page. Catalogued errors come back in the page's language.
 */
export async function checkoutAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const key = form.get('key');
  if (typeof key !== 'string' || !KEY.test(key)) return data({ error: formError(new AppError('IDEMPOTENCY_KEY_INVALID'), locale).message }, { status: 400 });
  const built = checkoutInput(readCheckoutRequest(form), locale);
  if ('error' in built) return data({ error: built.error }, { status: 400 });
  try {
    const placed = await submitCheckout(app.db, app.clock, app.config.orders, auth.userId, built.input, key);
    return redirect(`/pay/${encodeURIComponent(placed.paymentOrderId)}`, { status: 303 });
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ error: message }, { status });
  }
}
