import { data, type AppLoadContext } from 'react-router';
import QRCode from 'qrcode';
import type { Db } from '../../src/db/database.ts';
import { CARRIERS } from '../../src/modules/shipments/shipments.carriers.ts';
import { fulfilmentSummaries, type OrderFulfilment } from '../../src/modules/shipments/shipments.queries.ts';
import { manualEventBody, shipBody } from '../../src/modules/shipments/shipments.schemas.ts';
import { addManualEvent, refreshFromProvider, shipOrder } from '../../src/modules/shipments/shipments.service.ts';
import { markPickupReady, verifyPickupCode } from '../../src/modules/shipments/shipments.pickup.ts';
import { trackingFor } from '../../src/modules/shipments/shipments.providers.ts';
import { maskMobile } from '../../src/modules/identity/identity.rules.ts';
import { AppError, imageVariant } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { policy, requireShopRole } from './guards.server.ts';
import { field } from './forms.ts';
import { translate, type Locale } from '../i18n/messages.ts';
import type { CarrierOption, FulfilmentBadge, FulfilmentView, HandoverView } from './shipment-views.ts';

/** Who ships, tracks, marks 备货完成 and verifies pickup codes (the API's policy.shop(['operator', 'warehouse'])). */
export const FULFILMENT_STAFF = policy.shop(['operator', 'warehouse']);

export function carrierOptions(locale: Locale): CarrierOption[] {
  return CARRIERS.map((c) => ({ value: c.code, label: locale === 'en' ? c.nameEn : c.name, example: c.example }));
}

/** "12345678" → "1234 5678", as a person reads it out. */
export function groupCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The QR code of a pickup code, as an SVG data URL (it holds just the digits, so any scanner types them). */
async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#222222', light: '#ffffff' } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** An order's parcels and pickup state for a page. */
export async function fulfilmentView(f: OrderFulfilment, context: AppLoadContext): Promise<FulfilmentView> {
  const { locale } = context;
  const remaining = Object.fromEntries(f.lines.map((l) => [l.orderLineId, l.ordered - l.shipped]));
  return {
    state: f.state,
    shippedPieces: f.shippedPieces,
    totalPieces: f.totalPieces,
    remaining,
    canRefresh: trackingFor(context.app).name !== 'manual',
    parcels: f.shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      carrierName: locale === 'en' ? (CARRIERS.find((c) => c.code === s.carrier)?.nameEn ?? s.carrierName) : s.carrierName,
      trackingNo: s.trackingNo,
      status: s.status,
      shippedAt: dateTimeText(s.createdAt, locale),
      signedAt: s.signedAt ? dateTimeText(s.signedAt, locale) : null,
      stale: s.stale,
      staleSince: s.staleSince ? dateTimeText(s.staleSince, locale) : null,
      subscription: s.subscription,
      lines: s.lines.map((l) => ({ title: l.title, qty: l.qty })),
      events: s.events.map((e) => ({ id: e.id, at: dateTimeText(e.occurredAt, locale), status: e.status, description: e.description, location: e.location, source: e.source })),
    })),
    pickup: f.pickup
      ? {
          status: f.pickup.status,
          readyAt: dateTimeText(f.pickup.readyAt, locale),
          usedAt: f.pickup.usedAt ? dateTimeText(f.pickup.usedAt, locale) : null,
          code: f.pickup.code ? groupCode(f.pickup.code) : null,
          qr: f.pickup.code ? await qrDataUrl(f.pickup.code) : null,
        }
      : null,
  };
}

/** For a console order list: per order, how far shipping got. */
export async function fulfilmentBadges(db: Db, orders: { id: string; lines: { id: string; qty: number }[] }[]): Promise<Map<string, FulfilmentBadge>> {
  const summaries = await fulfilmentSummaries(db, orders.map((o) => o.id));
  const out = new Map<string, FulfilmentBadge>();
  for (const o of orders) {
    const s = summaries.get(o.id);
    if (!s) continue;
    out.set(o.id, {
      state: s.state,
      shippedPieces: s.shippedPieces,
      parcels: s.parcels,
      stale: s.stale,
      pickup: s.pickup,
      remaining: Object.fromEntries(o.lines.map((l) => [l.id, l.qty - (s.shippedByLine[l.id] ?? 0)])),
    });
  }
  return out;
}

type ActionResult = { ok: boolean; message: string };

function parseLines(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The seller order pages' action (form posts from the 发货 dialog and the parcel cards):
 * `ship` (carrier, trackingNo, lines as JSON, key), `pickup-ready`, `track-event` (shipmentId,
 * status, occurredAt, location, description) and `track-refresh` (shipmentId). Bodies are checked
 * with the API's own zod schemas; owners, operators and warehouse staff only.
 */
export async function fulfilmentAction({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  const auth = requireShopRole(context, request, shopId, FULFILMENT_STAFF);
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 30);
  const actor = { id: auth.userId, role: 'merchant' as const };
  const invalid = (detail: string) => new AppError('VALIDATION_FAILED', { detail });
  try {
    switch (intent) {
      case 'ship': {
        const orderId = field(form, 'orderId', 64);
        const parsed = shipBody.safeParse({
          carrier: field(form, 'carrier', 16),
          trackingNo: field(form, 'trackingNo', 40),
          lines: parseLines(field(form, 'lines', 20_000)),
          note: field(form, 'note', 200) || undefined,
        });
        if (!orderId || !parsed.success) throw invalid(parsed.success ? 'orderId' : parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', '));
        const key = field(form, 'key', 64);
        const result = await app.db.transaction().execute((trx) =>
          shipOrder(trx, app.clock, app.config.orders, { shopId, orderId, ...parsed.data, idempotencyKey: /^[\w-]{8,64}$/.test(key) ? `web:${key}` : null, actor }, { subscribe: trackingFor(app).name !== 'manual' }),
        );
        const message =
          result.orderStatus === 'shipped'
            ? translate(locale, 'seller.orders.shipped')
            : translate(locale, 'ship.partialDone', { shipped: result.shippedPieces, total: result.totalPieces });
        return { ok: true, message } satisfies ActionResult;
      }
      case 'pickup-ready': {
        const orderId = field(form, 'orderId', 64);
        await app.db.transaction().execute((trx) => markPickupReady(trx, app.clock, { shopId, orderId, actor }));
        return { ok: true, message: translate(locale, 'pickup.readyDone') } satisfies ActionResult;
      }
      case 'track-event': {
        const shipmentId = field(form, 'shipmentId', 64);
        const parsed = manualEventBody.safeParse({
          status: field(form, 'status', 20),
          occurredAt: field(form, 'occurredAt', 40),
          location: field(form, 'location', 100) || undefined,
          description: field(form, 'description', 500) || undefined,
        });
        if (!shipmentId || !parsed.success) throw invalid(parsed.success ? 'shipmentId' : parsed.error.issues.map((i) => i.path.join('.')).join(', '));
        const result = await app.db.transaction().execute((trx) => addManualEvent(trx, app.clock, { shopId, shipmentId, ...parsed.data, actorId: auth.userId }));
        return { ok: true, message: translate(locale, result.added ? 'track.eventAdded' : 'track.eventDuplicate') } satisfies ActionResult;
      }
      case 'track-refresh': {
        const shipmentId = field(form, 'shipmentId', 64);
        const result = await refreshFromProvider(app.db, app.clock, trackingFor(app), shopId, shipmentId);
        return { ok: true, message: translate(locale, 'track.refreshed', { count: result.added }) } satisfies ActionResult;
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const { message, status } = formError(error, locale);
    return data({ ok: false, message } satisfies ActionResult, { status });
  }
}

/** The 核销 page's action: check the code and hand over; the result names the order and what to hand over. */
export async function pickupVerifyAction({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  const auth = requireShopRole(context, request, shopId, FULFILMENT_STAFF);
  const { app, locale } = context;
  const form = await request.formData();
  const code = field(form, 'code', 40).trim();
  try {
    if (!code) throw new AppError('PICKUP_CODE_INVALID');
    const done = await verifyPickupCode(app.db, app.clock, app.config.orders, { shopId, code, actor: { id: auth.userId, role: 'merchant' } });
    const handover: HandoverView = {
      orderId: done.orderId,
      href: `/seller/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(done.orderId)}`,
      buyer: done.buyer,
      at: dateTimeText(done.usedAt, locale),
      lines: done.lines.map((l) => ({ title: l.title, spec: Object.values(l.spec).join(' '), qty: l.qty, image: l.imageUrl ? imageVariant(l.imageUrl, 'thumb') : null })),
    };
    return { ok: true as const, message: translate(locale, 'pickup.verified'), handover };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message, handover: null }, { status });
  }
}

/** The shop's latest handovers (核销记录). */
export async function recentHandovers(context: AppLoadContext, shopId: string, limit = 10): Promise<HandoverView[]> {
  const { db } = context.app;
  const rows = await db
    .selectFrom('pickup_code as c')
    .innerJoin('shop_order as o', 'o.id', 'c.order_id')
    .innerJoin('app_user as u', 'u.id', 'o.user_id')
    .select(['c.order_id', 'c.used_at', 'u.mobile'])
    .where('c.shop_id', '=', shopId)
    .where('c.status', '=', 'used')
    .orderBy('c.used_at', 'desc')
    .limit(limit)
    .execute();
  const lines = rows.length
    ? await db.selectFrom('order_line').select(['order_id', 'title', 'spec', 'qty', 'image_url']).where('order_id', 'in', rows.map((r) => r.order_id)).orderBy('id').execute()
    : [];
  return rows.map((r) => ({
    orderId: r.order_id,
    href: `/seller/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(r.order_id)}`,
    buyer: r.mobile ? maskMobile(r.mobile) : null,
    at: dateTimeText(r.used_at, context.locale),
    lines: lines.filter((l) => l.order_id === r.order_id).map((l) => ({ title: l.title, spec: Object.values(l.spec).join(' '), qty: l.qty, image: l.image_url ? imageVariant(l.image_url, 'thumb') : null })),
  }));
}

/** Paid 自提 orders of the shop: not ready yet, and ready (waiting for the buyer). */
export async function pickupQueueCounts(db: Db, shopId: string): Promise<{ toPrepare: number; waiting: number }> {
  const rows = await db
    .selectFrom('shop_order as o')
    .leftJoin('pickup_code as c', 'c.order_id', 'o.id')
    .select(['c.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('o.shop_id', '=', shopId)
    .where('o.status', '=', 'paid')
    .where('o.delivery_method', '=', 'pickup')
    .groupBy('c.status')
    .execute();
  return {
    toPrepare: Number(rows.find((r) => r.status === null)?.n ?? 0),
    waiting: Number(rows.find((r) => r.status === 'open')?.n ?? 0),
  };
}
