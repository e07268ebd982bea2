/**
 * 售后 pages' data and writes: the shopper's 退款/售后 (apply, follow, return tracking, escalate,
 * withdraw, confirm the replacement, talk), the merchant's queue (approve, reject, confirm the return,
 * send the replacement) and the platform's 售后仲裁 (rule, notes). Everything goes through the
 * after-sales module's queries and service, in-process, exactly as its API does.
 */
import crypto from 'node:crypto';
import { data, redirect, type AppLoadContext } from 'react-router';
import type { Db } from '../../src/db/database.ts';
import { AppError } from '../../src/http/errors.ts';
import { afterSalesOptions, getAfterSalesDetail, listAfterSales, type ListFilter, type Viewer } from '../../src/modules/after-sales/after-sales.queries.ts';
import { actOnAfterSales, addAfterSalesMessage, applyForAfterSales, type ActInput, type AfterSalesDeps } from '../../src/modules/after-sales/after-sales.service.ts';
import {
  AFTER_SALES_KINDS,
  AFTER_SALES_STATUSES,
  isOpen,
  REFUND_KINDS,
  type AfterSalesAction,
  type AfterSalesKind,
  type AfterSalesReason,
  type AfterSalesStatus,
} from '../../src/modules/after-sales/after-sales.rules.ts';
import { MAX_IMAGE_BYTES, storeImage } from '../../src/modules/catalog/images.service.ts';
import { findCarrier } from '../../src/modules/shipments/shipments.carriers.ts';
import { claimKey, completeKey, releaseKey, requestFingerprint } from '../../src/shared/idempotency.ts';
import { formatFen, imageVariant } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { listShops } from './consoles.server.ts';
import { carrierOptions } from './shipments.server.ts';
import { getOrderTimers } from '../../src/modules/orders/timer-settings.service.ts';
import { allows, notFound, policy, requireShopMember, requireShopRole, requireUser, requireArea } from './guards.server.ts';
import { field } from './forms.ts';
import { translate, type Locale, type MessageKey } from '../i18n/messages.ts';
import {
  AFS_GROUPS,
  AFS_PHOTO_MAX,
  AFS_TEXT_MAX,
  AFS_URGENT_MS,
  MY_AFS_TABS,
  SELLER_AFS_TABS,
  progressSteps,
  yuanInputToFen,
  type AfsAction,
  type AfsDetailView,
  type AfsKind,
  type AfsReason,
  type AfsRowView,
  type AfsStatus,
  type ApplyKindView,
  type OrderLineAfsView,
  type PhotoView,
  type RefundTo,
  type SellerAfsTab,
} from './after-sales-views.ts';

// The page-side codes are the module's codes (a change there fails the type check here).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameCodes: [Same<AfsKind, AfterSalesKind>, Same<AfsStatus, AfterSalesStatus>, Same<AfsReason, AfterSalesReason>, Same<AfsAction, AfterSalesAction>] = [true, true, true, true];
void sameCodes;

/** Who works the shop's queue (the API's policy.shop(['operator', 'customer_service'])). */
export const AFS_HANDLERS = policy.shop(['operator', 'customer_service']);

const deps = (context: AppLoadContext): AfterSalesDeps => ({ orderTimers: context.app.config.orders });

type Summary = Awaited<ReturnType<typeof listAfterSales>>['items'][number];
type Detail = Awaited<ReturnType<typeof getAfterSalesDetail>>;
type Role = Viewer['role'];

const enc = encodeURIComponent;
const photoViews = (photos: { url: string }[]): PhotoView[] => photos.map((p) => ({ url: p.url, thumb: imageVariant(p.url, 'thumb') }));
const carrierName = (code: string, locale: Locale) => {
  const c = findCarrier(code);
  return c ? (locale === 'en' ? c.nameEn : c.name) : code;
};

// ----- views ---------------------------------------------------------------------------------

function rowView(r: Summary, base: string, orderBase: string | null, locale: Locale, now: Date): AfsRowView {
  const refunded = r.refundedFen + r.shippingRefundFen;
  return {
    id: r.id,
    href: `${base}/${enc(r.id)}`,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    qty: r.qty,
    amount: REFUND_KINDS.includes(r.kind) || r.amountFen > 0 ? formatFen(r.amountFen, locale) : null,
    refunded: refunded > 0 ? formatFen(refunded, locale) : null,
    orderId: r.orderId,
    orderHref: orderBase ? `${orderBase}/${enc(r.orderId)}` : null,
    shopId: r.shopId,
    shopName: r.shopName,
    line: {
      title: r.line.title,
      spec: Object.values(r.line.spec).join(' '),
      image: r.line.imageUrl ? imageVariant(r.line.imageUrl, 'thumb') : null,
      price: formatFen(r.line.unitPriceFen, locale),
      qty: r.line.qty,
    },
    buyer: r.buyer,
    deadline: r.deadline ? { at: dateTimeText(r.deadline.at, locale), remainingMs: r.deadline.at.getTime() - now.getTime(), party: r.deadline.party, action: r.deadline.action } : null,
    escalatedAt: r.escalatedAt ? dateTimeText(r.escalatedAt, locale) : null,
    waitingMs: r.status === 'escalated' && r.escalatedAt ? now.getTime() - r.escalatedAt.getTime() : null,
    createdAt: dateTimeText(r.createdAt, locale),
  };
}

/** Where a refund of this order lands: the balance, or back the way it was paid. */
async function paidWith(db: Db, orderId: string): Promise<RefundTo | null> {
  const funds = await db.selectFrom('order_funds').select('provider').where('shop_order_id', '=', orderId).executeTakeFirst();
  return funds?.provider ?? null;
}

function detailView(d: Detail, viewer: Role, base: string, orderBase: string | null, paid: RefundTo | null, locale: Locale, now: Date): AfsDetailView {
  return {
    ...rowView(d, base, orderBase, locale, now),
    description: d.description,
    photos: photoViews(d.photos),
    orderStatus: d.orderStatus,
    amountFen: d.amountFen,
    refundableFen: d.refundableFen,
    refundable: formatFen(d.refundableFen, locale),
    returnAddress: d.returnAddress,
    returnShipment: d.returnShipment ? { carrier: d.returnShipment.carrier, carrierName: carrierName(d.returnShipment.carrier, locale), trackingNo: d.returnShipment.trackingNo, at: dateTimeText(d.returnShipment.at, locale) } : null,
    replacementShipment: d.replacementShipment
      ? { carrier: d.replacementShipment.carrier, carrierName: carrierName(d.replacementShipment.carrier, locale), trackingNo: d.replacementShipment.trackingNo, at: dateTimeText(d.replacementShipment.at, locale) }
      : null,
    merchantNote: d.merchantNote,
    rejectReason: d.rejectReason,
    escalationReason: d.escalationReason,
    decision: d.decision ? { outcome: d.decision.outcome, note: d.decision.note, at: dateTimeText(d.decision.decidedAt, locale) } : null,
    refunds: d.refunds.map((r) => ({
      id: r.id,
      amount: formatFen(r.amountFen, locale),
      status: r.status,
      to: r.destination === 'balance' || paid === 'balance' || !paid ? 'balance' : paid,
      forShipping: r.forShipping,
      at: dateTimeText(r.createdAt, locale),
      finishedAt: r.finishedAt ? dateTimeText(r.finishedAt, locale) : null,
    })),
    steps: progressSteps(d.kind, d.status, d.timeline.map((e) => ({ to: e.to, at: dateTimeText(e.at, locale) }))),
    timeline: d.timeline.map((e) => ({
      action: e.action,
      to: e.to,
      actorRole: e.actorRole,
      note: e.note,
      amount: e.amountFen === null ? null : formatFen(e.amountFen, locale),
      at: dateTimeText(e.at, locale),
    })),
    messages: d.messages.map((m) => ({
      id: m.id,
      authorRole: m.authorRole,
      mine: m.authorRole === viewer,
      body: m.body,
      photos: photoViews(m.photos),
      internal: m.internal,
      at: dateTimeText(m.createdAt, locale),
    })),
    actions: d.allowedActions,
    canMessage: viewer === 'platform' || isOpen(d.status),
  };
}

async function detailOrNull(context: AppLoadContext, viewer: Viewer, requestId: string): Promise<Detail | null> {
  try {
    return await getAfterSalesDetail(context.app.db, context.app.clock, viewer, requestId);
  } catch (error) {
    if ((error as { code?: string }).code === 'AFTER_SALES_NOT_FOUND') return null;
    throw error;
  }
}

// ----- forms ---------------------------------------------------------------------------------

type FieldErrors = Partial<Record<string, string>>;
export type AfsActionResult = { ok: boolean; message: string; intent: string; fieldErrors?: FieldErrors };

/** A multipart or urlencoded form and its picture files (empty file inputs dropped); a body far over 9 × 10 MB is refused unread. */
async function readForm(request: Request): Promise<{ form: FormData; uploads: Buffer[] }> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > AFS_PHOTO_MAX * MAX_IMAGE_BYTES + 1024 * 1024) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: 40_000_000 });
  const form = await request.formData();
  const uploads: Buffer[] = [];
  for (const value of form.getAll('photos')) {
    if (typeof value === 'string' || value.size === 0) continue;
    uploads.push(Buffer.from(await value.arrayBuffer()));
  }
  return { form, uploads };
}

/** Stores uploaded pictures (at most 9, with those already attached by id) and gives their ids. */
async function storeUploads(context: AppLoadContext, uploads: Buffer[], owner: { shopId: string | null; userId: string }, already = 0): Promise<string[]> {
  if (uploads.length + already > AFS_PHOTO_MAX) throw new AppError('VALIDATION_FAILED', { detail: translate(context.locale, 'afs.err.photos', { max: AFS_PHOTO_MAX }) });
  const ids: string[] = [];
  for (const bytes of uploads) ids.push((await storeImage(context.app.db, context.app.clock, context.app.media, { bytes, ...owner })).id);
  return ids;
}

/** A field error: 400 with the message next to the field (and on top of the form). */
function fieldError(intent: string, name: string, message: string) {
  return data<AfsActionResult>({ ok: false, intent, message, fieldErrors: { [name]: message } }, { status: 400 });
}

function failure(intent: string, error: unknown, locale: Locale, fieldOf: (code: string) => string | null = () => null) {
  const { code, message, status } = formError(error, locale);
  const name = fieldOf(code);
  return data<AfsActionResult>({ ok: false, intent, message, ...(name ? { fieldErrors: { [name]: message } } : {}) }, { status });
}

const TRACKING_FIELDS = (code: string) => (code === 'CARRIER_UNKNOWN' ? 'carrier' : code === 'TRACKING_NO_INVALID' ? 'trackingNo' : null);

const pageOf = (url: URL) => {
  const page = Number(url.searchParams.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? Math.min(page, 10_000) : 1;
};
const oneOf = <T extends string>(value: string | null, values: readonly T[]): T | undefined => (value && (values as readonly string[]).includes(value) ? (value as T) : undefined);
const KEY = /^[\x21-\x7e]{1,255}$/;

/** Tab counts from the per-status counts: groups are sums. */
function tabCounts(counts: Record<AfterSalesStatus, number>) {
  const sum = (statuses: readonly AfterSalesStatus[]) => statuses.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return {
    all: sum(AFTER_SALES_STATUSES),
    open: sum(AFS_GROUPS.open),
    ended: sum(AFS_GROUPS.ended),
    awaiting_merchant: sum(AFS_GROUPS.awaiting_merchant),
    awaiting_buyer: sum(AFS_GROUPS.awaiting_buyer),
    escalated: counts.escalated ?? 0,
  };
}

// =============================================================================================
// storefront

const MY_BASE = '/me/after-sales';

/** 退款/售后: my requests, a tab and a page of it. */
export async function myAfterSalesLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const url = new URL(request.url);
  const tab = oneOf(url.searchParams.get('tab'), MY_AFS_TABS) ?? 'all';
  const page = pageOf(url);
  const pageSize = 10;
  const result = await listAfterSales(context.app.db, { role: 'buyer', userId: auth.userId }, { status: tab === 'all' ? undefined : tab, sort: 'newest', page, pageSize });
  const now = context.app.clock.now();
  return {
    tab,
    page,
    counts: tabCounts(result.counts),
    pageCount: Math.max(1, Math.ceil(result.total / pageSize)),
    items: result.items.map((r) => rowView(r, MY_BASE, '/me/orders', context.locale, now)),
  };
}

const WHY_NOT: Record<string, MessageKey> = {
  AFTER_SALES_NOT_ELIGIBLE: 'afs.whyNot.notEligible',
  AFTER_SALES_WINDOW_CLOSED: 'afs.whyNot.windowClosed',
  AFTER_SALES_NO_REASON_NOT_ALLOWED: 'afs.whyNot.noReason',
  AFTER_SALES_ALREADY_OPEN: 'afs.whyNot.alreadyOpen',
  AFTER_SALES_ORDER_SETTLED: 'afs.whyNot.settled',
  AFTER_SALES_NOTHING_PAID: 'afs.whyNot.nothingPaid',
  AFTER_SALES_AMOUNT_TOO_HIGH: 'afs.whyNot.fullyRefunded',
};

type Options = Awaited<ReturnType<typeof afterSalesOptions>>;

function whyNotText(code: string, kind: AfterSalesKind, options: Options, locale: Locale): string {
  if (code === 'AFTER_SALES_KIND_NOT_ALLOWED') return translate(locale, kind === 'refund_only' ? 'afs.whyNot.afterReceipt' : 'afs.whyNot.beforeReceipt');
  const key = WHY_NOT[code];
  if (!key) return translate(locale, 'afs.whyNot.notEligible');
  return translate(locale, key, { until: options.afterSalesUntil ? dateTimeText(options.afterSalesUntil, locale) : '' });
}

function kindViews(line: Options['lines'][number], options: Options, locale: Locale): ApplyKindView[] {
  return line.kinds.map((k) => ({
    kind: k.kind,
    allowed: k.allowed,
    whyNot: k.allowed || !k.whyNot ? null : whyNotText(k.whyNot, k.kind, options, locale),
    reasons: k.reasons as AfsReason[],
    maxAmountFen: k.maxAmountFen,
    maxAmount: formatFen(k.maxAmountFen, locale),
  }));
}

async function optionsOrNull(context: AppLoadContext, userId: string, orderId: string): Promise<Options | null> {
  try {
    return await afterSalesOptions(context.app.db, context.app.clock, userId, orderId);
  } catch (error) {
    if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') return null;
    throw error;
  }
}

/** What the order page shows under its lines: 申请售后, the line's request, 已退款 ¥x. Empty when there is nothing to say. */
export async function orderAfterSalesLines(context: AppLoadContext, userId: string, orderId: string): Promise<OrderLineAfsView[]> {
  const options = await optionsOrNull(context, userId, orderId);
  if (!options) return [];
  const requests = await listAfterSales(context.app.db, { role: 'buyer', userId }, { orderId, sort: 'newest', page: 1, pageSize: 100 });
  const views = options.lines.map((l): OrderLineAfsView => {
    const latest = l.openRequest ? requests.items.find((r) => r.id === l.openRequest!.id) : requests.items.find((r) => r.orderLineId === l.orderLineId);
    return {
      lineId: l.orderLineId,
      title: l.title,
      applyHref: l.kinds.some((k) => k.allowed) ? `${MY_BASE}/new?orderId=${enc(orderId)}&lineId=${enc(l.orderLineId)}` : null,
      request: latest ? { id: latest.id, href: `${MY_BASE}/${enc(latest.id)}`, status: latest.status, open: isOpen(latest.status) } : null,
      refunded: l.refundedFen > 0 ? formatFen(l.refundedFen, context.locale) : null,
    };
  });
  return views.some((v) => v.applyHref || v.request || v.refunded) ? views : [];
}

/** 申请售后 for one line of one of my orders (?orderId=&lineId=): the kinds I can ask for, reasons, the most I can get back. */
export async function newAfterSalesLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { locale } = context;
  const url = new URL(request.url);
  const orderId = (url.searchParams.get('orderId') ?? '').slice(0, 64);
  const lineId = (url.searchParams.get('lineId') ?? '').slice(0, 64);
  if (!orderId) throw redirect('/me/orders');
  const options = await optionsOrNull(context, auth.userId, orderId);
  if (!options) throw notFound();
  const line = options.lines.find((l) => l.orderLineId === lineId) ?? (options.lines.length === 1 ? options.lines[0] : undefined);
  if (!line) throw redirect(`/me/orders/${enc(orderId)}`);
  return {
    order: { id: options.orderId, href: `/me/orders/${enc(options.orderId)}` },
    line: {
      id: line.orderLineId,
      title: line.title,
      spec: Object.values(line.spec).join(' '),
      image: line.imageUrl ? imageVariant(line.imageUrl, 'thumb') : null,
      qty: line.qty,
      paid: formatFen(line.paidFen, locale),
      refunded: line.refundedFen > 0 ? formatFen(line.refundedFen, locale) : null,
    },
    openRequest: line.openRequest ? { href: `${MY_BASE}/${enc(line.openRequest.id)}`, status: line.openRequest.status as AfsStatus } : null,
    kinds: kindViews(line, options, locale),
    afterSalesUntil: options.afterSalesUntil ? dateTimeText(options.afterSalesUntil, locale) : null,
    noReasonUntil: line.noReasonReturn && options.noReasonUntil ? dateTimeText(options.noReasonUntil, locale) : null,
    // The merchant's time to answer as 系统设置 has it now (the request will take the value in force when it is made).
    decisionMs: (await getOrderTimers(context.app.db, context.app.config.orders)).merchantDecisionMs,
    key: crypto.randomUUID(),
  };
}

export interface ApplyValues {
  kind: string;
  reason: string;
  amount: string;
  description: string;
  photos: { id: string; url: string }[];
}

export type ApplyActionResult = { message: string; fieldErrors: FieldErrors; values: ApplyValues };

/**
 * 提交申请: checked here field by field (clear messages next to the fields), then by the service,
 * whose refusals land on their field too. The page's key is claimed like the API's Idempotency-Key,
 * so a double click or a resubmission makes one request.
 */
export async function newAfterSalesAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  let values: ApplyValues = { kind: '', reason: '', amount: '', description: '', photos: [] };
  const fail = (fieldErrors: FieldErrors, status = 400, message?: string) =>
    data<ApplyActionResult>({ message: message ?? Object.values(fieldErrors)[0] ?? tr('afs.err.generic'), fieldErrors, values }, { status });
  let form: FormData;
  let uploads: Buffer[];
  try {
    ({ form, uploads } = await readForm(request));
  } catch (error) {
    return fail({ photos: formError(error, locale).message }, 413);
  }
  const orderId = field(form, 'orderId', 64);
  const lineId = field(form, 'lineId', 64);
  const photoIds = form.getAll('photoIds').filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64);
  const photoUrls = form.getAll('photoUrls').filter((v): v is string => typeof v === 'string');
  values = {
    kind: field(form, 'kind', 20),
    reason: field(form, 'reason', 40),
    amount: field(form, 'amount', 20),
    description: field(form, 'description', AFS_TEXT_MAX.description + 50),
    photos: photoIds.map((id, i) => ({ id, url: photoUrls[i] ?? '' })),
  };
  const key = field(form, 'key', 255);
  const options = await optionsOrNull(context, auth.userId, orderId);
  const line = options?.lines.find((l) => l.orderLineId === lineId);
  if (!options || !line) return fail({}, 404, formError(new AppError('ORDER_NOT_FOUND'), locale).message);

  const errors: FieldErrors = {};
  const kind = line.kinds.find((k) => k.kind === values.kind);
  if (!kind) errors.kind = tr('afs.err.kind');
  else if (!kind.allowed) errors.kind = whyNotText(kind.whyNot ?? '', kind.kind, options, locale);
  else if (!(kind.reasons as string[]).includes(values.reason)) errors.reason = tr('afs.err.reason');
  let amountFen: number | undefined;
  if (kind?.allowed && REFUND_KINDS.includes(kind.kind)) {
    const fen = yuanInputToFen(values.amount);
    if (fen === null) errors.amount = tr('afs.err.amountFormat');
    else if (fen <= 0) errors.amount = tr('afs.err.amountZero');
    else if (fen > kind.maxAmountFen) errors.amount = tr('afs.err.amountMax', { max: formatFen(kind.maxAmountFen, locale) });
    else amountFen = fen;
  }
  const description = values.description.trim();
  if (description.length > AFS_TEXT_MAX.description) errors.description = tr('afs.err.descriptionLong', { max: AFS_TEXT_MAX.description });
  if (photoIds.length + uploads.length > AFS_PHOTO_MAX) errors.photos = tr('afs.err.photos', { max: AFS_PHOTO_MAX });
  if (!KEY.test(key)) return fail({}, 400, formError(new AppError('IDEMPOTENCY_KEY_INVALID'), locale).message);
  if (Object.keys(errors).length > 0) return fail(errors);

  const input = { orderLineId: line.orderLineId, kind: kind!.kind, reason: values.reason as AfterSalesReason, description, amountFen, photoIds };
  const scope = `user:${auth.userId}:web:after-sales:apply`;
  const claim = await claimKey(app.db, scope, key, requestFingerprint({ ...input, files: uploads.length }), app.clock.now());
  if (claim.outcome === 'replay') {
    const location = claim.response.headers.location;
    if (location) throw redirect(location);
  }
  if (claim.outcome !== 'claimed') {
    return fail({}, 409, formError(new AppError(claim.outcome === 'in_flight' ? 'IDEMPOTENCY_IN_FLIGHT' : 'IDEMPOTENCY_KEY_REUSED'), locale).message);
  }
  let requestId: string;
  try {
    const uploaded = await storeUploads(context, uploads, { shopId: null, userId: auth.userId }, photoIds.length);
    const created = await app.db.transaction().execute((trx) => applyForAfterSales(trx, app.clock, deps(context), auth.userId, { ...input, photoIds: [...photoIds, ...uploaded] }));
    requestId = created.id;
  } catch (error) {
    await releaseKey(app.db, scope, key);
    const { code, message, status } = formError(error, locale);
    const name = code.startsWith('AFTER_SALES_AMOUNT') ? 'amount'
      : code === 'AFTER_SALES_REASON_NOT_ALLOWED' || code === 'AFTER_SALES_NO_REASON_NOT_ALLOWED' ? 'reason'
      : code === 'AFTER_SALES_PHOTO_INVALID' || code.startsWith('IMAGE_') ? 'photos'
      : code === 'AFTER_SALES_KIND_NOT_ALLOWED' || code === 'AFTER_SALES_WINDOW_CLOSED' ? 'kind'
      : null;
    return fail(name ? { [name]: message } : {}, status, message);
  }
  const location = `${MY_BASE}/${enc(requestId)}?applied=1`;
  await completeKey(app.db, scope, key, { status: 303, headers: { location }, body: '' });
  throw redirect(location);
}

/** One of my requests: where it stands, the deadline, both sides' words and pictures, refunds, what I can do now. */
export async function myAfterSalesDetailLoader({ request, context, requestId }: { request: Request; context: AppLoadContext; requestId: string }) {
  const auth = requireUser(context, request);
  const d = await detailOrNull(context, { role: 'buyer', userId: auth.userId }, requestId);
  if (!d) throw notFound();
  const paid = await paidWith(context.app.db, d.orderId);
  return {
    request: detailView(d, 'buyer', MY_BASE, '/me/orders', paid, context.locale, context.app.clock.now()),
    carriers: d.allowedActions.includes('submit_return') ? carrierOptions(context.locale) : [],
    applied: new URL(request.url).searchParams.get('applied') === '1',
  };
}

/** The shopper's steps on a request: return tracking, escalate, withdraw, confirm the replacement, a message. */
export async function myAfterSalesAction({ request, context, requestId }: { request: Request; context: AppLoadContext; requestId: string }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const tr = (key: MessageKey) => translate(locale, key);
  let intent = '';
  try {
    const { form, uploads } = await readForm(request);
    intent = field(form, 'intent', 30);
    const act = (action: AfterSalesAction, input: ActInput) =>
      app.db.transaction().execute((trx) => actOnAfterSales(trx, app.clock, deps(context), requestId, action, { id: auth.userId, role: 'buyer' }, { userId: auth.userId }, input));
    switch (intent) {
      case 'return': {
        const carrier = field(form, 'carrier', 20);
        const trackingNo = field(form, 'trackingNo', 60).trim();
        if (!carrier) return fieldError(intent, 'carrier', tr('afs.err.carrier'));
        if (!trackingNo) return fieldError(intent, 'trackingNo', tr('afs.err.trackingNo'));
        try {
          await act('submit_return', { carrier, trackingNo });
        } catch (error) {
          return failure(intent, error, locale, TRACKING_FIELDS);
        }
        return { ok: true, intent, message: tr('afs.done.submit_return') } satisfies AfsActionResult;
      }
      case 'escalate': {
        const reason = field(form, 'reason', AFS_TEXT_MAX.reason + 50).trim();
        if (!reason) return fieldError(intent, 'reason', tr('afs.err.escalateReason'));
        if (reason.length > AFS_TEXT_MAX.reason) return fieldError(intent, 'reason', translate(locale, 'afs.err.tooLong', { max: AFS_TEXT_MAX.reason }));
        await act('escalate', { note: reason });
        return { ok: true, intent, message: tr('afs.done.escalate') } satisfies AfsActionResult;
      }
      case 'cancel':
        await act('cancel', { note: field(form, 'note', AFS_TEXT_MAX.note).trim() || undefined });
        return { ok: true, intent, message: tr('afs.done.cancel') } satisfies AfsActionResult;
      case 'confirm_replacement':
        await act('confirm_replacement', {});
        return { ok: true, intent, message: tr('afs.done.confirm_replacement') } satisfies AfsActionResult;
      case 'message': {
        const body = field(form, 'body', AFS_TEXT_MAX.message + 50).trim();
        if (!body) return fieldError(intent, 'body', tr('afs.err.messageEmpty'));
        if (body.length > AFS_TEXT_MAX.message) return fieldError(intent, 'body', translate(locale, 'afs.err.tooLong', { max: AFS_TEXT_MAX.message }));
        const photoIds = await storeUploads(context, uploads, { shopId: null, userId: auth.userId });
        await app.db.transaction().execute((trx) => addAfterSalesMessage(trx, app.clock, requestId, { id: auth.userId, role: 'buyer' }, { userId: auth.userId }, { body, photoIds }));
        return { ok: true, intent, message: tr('afs.done.message') } satisfies AfsActionResult;
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    return failure(intent, error, locale);
  }
}

// =============================================================================================
// 商家后台

export interface SellerAfsState {
  tab: SellerAfsTab;
  kind: AfsKind | '';
  orderId: string;
  page: number;
}

const SELLER_PAGE_SIZE = 20;

/** The export route's link for a list's filters (same status or group, kind, order, shop and sort; every page). */
function afsExportHref(path: string, f: ListFilter): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.kind) q.set('kind', f.kind);
  if (f.orderId) q.set('orderId', f.orderId);
  if (f.shopId) q.set('shopId', f.shopId);
  q.set('sort', f.sort);
  return `${path}?${q}`;
}

/** 售后 queue: status tabs with counts, kind and order filters; what needs us is sorted by deadline. */
export async function sellerAfterSalesLoader({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  requireShopMember(context, request, shopId);
  const { app, locale } = context;
  const url = new URL(request.url);
  const state: SellerAfsState = {
    tab: oneOf(url.searchParams.get('tab'), SELLER_AFS_TABS) ?? 'awaiting_merchant',
    kind: oneOf(url.searchParams.get('kind'), AFTER_SALES_KINDS) ?? '',
    orderId: (url.searchParams.get('orderId') ?? '').trim().slice(0, 64),
    page: pageOf(url),
  };
  const filter: ListFilter = {
    status: state.tab === 'all' ? undefined : state.tab,
    kind: state.kind || undefined,
    orderId: state.orderId || undefined,
    sort: state.tab === 'ended' || state.tab === 'all' ? 'newest' : 'deadline',
    page: state.page,
    pageSize: SELLER_PAGE_SIZE,
  };
  const now = app.clock.now();
  const [result, urgent] = await Promise.all([
    listAfterSales(app.db, { role: 'merchant', shopId }, filter),
    app.db
      .selectFrom('after_sales_request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('shop_id', '=', shopId)
      .where('deadline_party', '=', 'merchant')
      .where('status', 'in', [...AFS_GROUPS.awaiting_merchant])
      .where('deadline_at', '<', new Date(now.getTime() + AFS_URGENT_MS))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    state,
    total: result.total,
    pageSize: SELLER_PAGE_SIZE,
    counts: tabCounts(result.counts),
    urgent: Number(urgent.n),
    items: result.items.map((r) => rowView(r, `/seller/${enc(shopId)}/after-sales`, `/seller/${enc(shopId)}/orders`, locale, now)),
    // The export is the queue's: handlers only, like the API's list.
    exportHref: allows(context, AFS_HANDLERS, { shopId }) ? afsExportHref(`/api/seller/shops/${enc(shopId)}/after-sales/export`, filter) : null,
  };
}

/** The address this shop gave with its last approved return (the 同意 form's default). */
async function lastReturnAddress(db: Db, shopId: string): Promise<string> {
  const row = await db
    .selectFrom('after_sales_request')
    .select('return_address')
    .where('shop_id', '=', shopId)
    .where('return_address', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.return_address ?? '';
}

export async function sellerAfterSalesDetailLoader({ request, context, shopId, requestId }: { request: Request; context: AppLoadContext; shopId: string; requestId: string }) {
  requireShopMember(context, request, shopId);
  const d = await detailOrNull(context, { role: 'merchant', shopId }, requestId);
  if (!d) throw notFound();
  const canAct = allows(context, AFS_HANDLERS, { shopId });
  return {
    request: detailView(d, 'merchant', `/seller/${enc(shopId)}/after-sales`, `/seller/${enc(shopId)}/orders`, await paidWith(context.app.db, d.orderId), context.locale, context.app.clock.now()),
    canAct,
    carriers: d.allowedActions.includes('ship_replacement') ? carrierOptions(context.locale) : [],
    defaultReturnAddress: d.allowedActions.includes('approve') && d.kind !== 'refund_only' ? await lastReturnAddress(context.app.db, shopId) : '',
    escalationMs: (await getOrderTimers(context.app.db, context.app.config.orders)).escalationMs,
  };
}

/** The merchant's steps: approve (with the return address), reject (reason), confirm the return, send the replacement; messages. */
export async function sellerAfterSalesAction({ request, context, shopId, requestId }: { request: Request; context: AppLoadContext; shopId: string; requestId: string }) {
  const auth = requireShopRole(context, request, shopId, AFS_HANDLERS);
  const { app, locale } = context;
  const tr = (key: MessageKey) => translate(locale, key);
  let intent = '';
  try {
    const { form, uploads } = await readForm(request);
    intent = field(form, 'intent', 30);
    const act = (action: AfterSalesAction, input: ActInput) =>
      app.db.transaction().execute((trx) => actOnAfterSales(trx, app.clock, deps(context), requestId, action, { id: auth.userId, role: 'merchant' }, { shopId }, input));
    const note = field(form, 'note', AFS_TEXT_MAX.note + 50).trim();
    if (note.length > AFS_TEXT_MAX.note) return fieldError(intent, 'note', translate(locale, 'afs.err.tooLong', { max: AFS_TEXT_MAX.note }));
    switch (intent) {
      case 'approve': {
        const current = await app.db.selectFrom('after_sales_request').select('kind').where('id', '=', requestId).where('shop_id', '=', shopId).executeTakeFirst();
        if (!current) throw new AppError('AFTER_SALES_NOT_FOUND');
        const returnAddress = field(form, 'returnAddress', AFS_TEXT_MAX.address + 50).trim();
        if (current.kind !== 'refund_only' && !returnAddress) return fieldError(intent, 'returnAddress', tr('afs.err.returnAddress'));
        if (returnAddress.length > AFS_TEXT_MAX.address) return fieldError(intent, 'returnAddress', translate(locale, 'afs.err.tooLong', { max: AFS_TEXT_MAX.address }));
        await act('approve', { note: note || undefined, returnAddress: current.kind === 'refund_only' ? undefined : returnAddress });
        return { ok: true, intent, message: tr(current.kind === 'refund_only' ? 'afs.done.approveRefund' : 'afs.done.approve') } satisfies AfsActionResult;
      }
      case 'reject': {
        const reason = field(form, 'reason', AFS_TEXT_MAX.reason + 50).trim();
        if (!reason) return fieldError(intent, 'reason', tr('afs.err.rejectReason'));
        if (reason.length > AFS_TEXT_MAX.reason) return fieldError(intent, 'reason', translate(locale, 'afs.err.tooLong', { max: AFS_TEXT_MAX.reason }));
        await act('reject', { note: reason });
        return { ok: true, intent, message: tr('afs.done.reject') } satisfies AfsActionResult;
      }
      case 'confirm_return':
        await act('confirm_return', { note: note || undefined });
        return { ok: true, intent, message: tr('afs.done.confirm_return') } satisfies AfsActionResult;
      case 'ship_replacement': {
        const carrier = field(form, 'carrier', 20);
        const trackingNo = field(form, 'trackingNo', 60).trim();
        if (!carrier) return fieldError(intent, 'carrier', tr('afs.err.carrier'));
        if (!trackingNo) return fieldError(intent, 'trackingNo', tr('afs.err.trackingNo'));
        try {
          await act('ship_replacement', { carrier, trackingNo, note: note || undefined });
        } catch (error) {
          return failure(intent, error, locale, TRACKING_FIELDS);
        }
        return { ok: true, intent, message: tr('afs.done.ship_replacement') } satisfies AfsActionResult;
      }
      case 'message': {
        const body = field(form, 'body', AFS_TEXT_MAX.message + 50).trim();
        if (!body) return fieldError(intent, 'body', tr('afs.err.messageEmpty'));
        if (body.length > AFS_TEXT_MAX.message) return fieldError(intent, 'body', translate(locale, 'afs.err.tooLong', { max: AFS_TEXT_MAX.message }));
        const photoIds = await storeUploads(context, uploads, { shopId, userId: auth.userId });
        await app.db.transaction().execute((trx) => addAfterSalesMessage(trx, app.clock, requestId, { id: auth.userId, role: 'merchant' }, { shopId }, { body, photoIds }));
        return { ok: true, intent, message: tr('afs.done.message') } satisfies AfsActionResult;
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    return failure(intent, error, locale);
  }
}

// =============================================================================================
// 平台后台 · 售后仲裁

export const ADMIN_AFS_VIEWS = ['queue', 'all'] as const;
export type AdminAfsView = (typeof ADMIN_AFS_VIEWS)[number];
const ADMIN_STATUS_FILTERS = [...AFTER_SALES_STATUSES, 'open', 'ended'] as const;

export interface AdminAfsState {
  view: AdminAfsView;
  status: (typeof ADMIN_STATUS_FILTERS)[number] | '';
  kind: AfsKind | '';
  shopId: string;
  orderId: string;
  page: number;
}

/** 售后仲裁: escalated requests, longest waiting first; or every request of every shop (?view=all) with filters. */
export async function adminDisputesLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requireArea(context, request, 'service');
  const { app, locale } = context;
  const url = new URL(request.url);
  const p = url.searchParams;
  const state: AdminAfsState = {
    view: oneOf(p.get('view'), ADMIN_AFS_VIEWS) ?? 'queue',
    status: oneOf(p.get('status'), ADMIN_STATUS_FILTERS) ?? '',
    kind: oneOf(p.get('kind'), AFTER_SALES_KINDS) ?? '',
    shopId: (p.get('shopId') ?? '').trim().slice(0, 64),
    orderId: (p.get('orderId') ?? '').trim().slice(0, 64),
    page: pageOf(url),
  };
  const viewer: Viewer = { role: 'platform' };
  const pageSize = 20;
  const filter: ListFilter =
    state.view === 'queue'
      ? { status: 'escalated', sort: 'escalated', page: state.page, pageSize }
      : { status: state.status || undefined, kind: state.kind || undefined, shopId: state.shopId || undefined, orderId: state.orderId || undefined, sort: 'newest', page: state.page, pageSize };
  const [result, everything, shops] = await Promise.all([
    listAfterSales(app.db, viewer, filter),
    state.view === 'queue' ? null : listAfterSales(app.db, viewer, { status: 'escalated', sort: 'escalated', page: 1, pageSize: 1 }),
    state.view === 'all' ? listShops(app.db) : Promise.resolve([]),
  ]);
  const now = app.clock.now();
  return {
    state,
    total: result.total,
    pageSize,
    queueCount: (everything ?? result).counts.escalated,
    allCount: tabCounts((everything ?? result).counts).all,
    items: result.items.map((r) => rowView(r, '/admin/disputes', '/admin/orders', locale, now)),
    shops: shops.map((s) => ({ value: s.id, label: s.name })),
    exportHref: afsExportHref('/api/admin/after-sales/export', filter),
  };
}

export async function adminDisputeLoader({ request, context, requestId }: { request: Request; context: AppLoadContext; requestId: string }) {
  requireArea(context, request, 'service');
  const d = await detailOrNull(context, { role: 'platform' }, requestId);
  if (!d) throw notFound();
  return {
    request: detailView(d, 'platform', '/admin/disputes', '/admin/orders', await paidWith(context.app.db, d.orderId), context.locale, context.app.clock.now()),
    key: crypto.randomUUID(),
  };
}

/**
 * The platform's ruling (refund with an amount, or close; a reason either way), claimed under the
 * page's key like the API's required Idempotency-Key; and messages to both sides or internal notes.
 */
export async function adminDisputeAction({ request, context, requestId }: { request: Request; context: AppLoadContext; requestId: string }) {
  const auth = requireArea(context, request, 'service');
  const { app, locale } = context;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  let intent = '';
  try {
    const { form, uploads } = await readForm(request);
    intent = field(form, 'intent', 30);
    if (intent === 'message') {
      const body = field(form, 'body', AFS_TEXT_MAX.message + 50).trim();
      if (!body) return fieldError(intent, 'body', tr('afs.err.messageEmpty'));
      if (body.length > AFS_TEXT_MAX.message) return fieldError(intent, 'body', tr('afs.err.tooLong', { max: AFS_TEXT_MAX.message }));
      const internal = field(form, 'internal', 10) === 'on' || field(form, 'internal', 10) === 'true';
      const photoIds = await storeUploads(context, uploads, { shopId: null, userId: auth.userId });
      await app.db.transaction().execute((trx) => addAfterSalesMessage(trx, app.clock, requestId, { id: auth.userId, role: 'platform' }, {}, { body, photoIds, internal }));
      return { ok: true, intent, message: tr(internal ? 'afs.done.note' : 'afs.done.message') } satisfies AfsActionResult;
    }
    if (intent !== 'decide') throw data(null, { status: 400 });
    const decision = field(form, 'decision', 10);
    const note = field(form, 'note', AFS_TEXT_MAX.decision + 50).trim();
    const key = field(form, 'key', 255);
    if (decision !== 'refund' && decision !== 'close') return fieldError(intent, 'decision', tr('afs.err.decision'));
    let amountFen: number | undefined;
    if (decision === 'refund') {
      const d = await getAfterSalesDetail(app.db, app.clock, { role: 'platform' }, requestId);
      const fen = yuanInputToFen(field(form, 'amount', 20));
      if (fen === null) return fieldError(intent, 'amount', tr('afs.err.amountFormat'));
      if (fen <= 0) return fieldError(intent, 'amount', tr('afs.err.amountZero'));
      if (fen > d.refundableFen) return fieldError(intent, 'amount', tr('afs.err.amountMax', { max: formatFen(d.refundableFen, locale) }));
      amountFen = fen;
    }
    if (!note) return fieldError(intent, 'note', tr('afs.err.decisionNote'));
    if (note.length > AFS_TEXT_MAX.decision) return fieldError(intent, 'note', tr('afs.err.tooLong', { max: AFS_TEXT_MAX.decision }));
    if (!KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
    const scope = `user:${auth.userId}:web:after-sales:decide:${requestId}`;
    const claim = await claimKey(app.db, scope, key, requestFingerprint({ decision, amountFen, note }), app.clock.now());
    if (claim.outcome === 'replay') return JSON.parse(claim.response.body) as AfsActionResult;
    if (claim.outcome !== 'claimed') throw new AppError(claim.outcome === 'in_flight' ? 'IDEMPOTENCY_IN_FLIGHT' : 'IDEMPOTENCY_KEY_REUSED');
    try {
      await app.db.transaction().execute((trx) =>
        actOnAfterSales(trx, app.clock, deps(context), requestId, decision === 'refund' ? 'arbitrate_refund' : 'arbitrate_close', { id: auth.userId, role: 'platform' }, {}, { note, amountFen }),
      );
    } catch (error) {
      await releaseKey(app.db, scope, key);
      return failure(intent, error, locale, (code) => (code.startsWith('AFTER_SALES_AMOUNT') ? 'amount' : null));
    }
    const result: AfsActionResult = {
      ok: true,
      intent,
      message: decision === 'refund' ? tr('afs.done.arbitrate_refund', { amount: formatFen(amountFen!, locale) }) : tr('afs.done.arbitrate_close'),
    };
    await completeKey(app.db, scope, key, { status: 200, headers: {}, body: JSON.stringify(result) });
    return result;
  } catch (error) {
    return failure(intent, error, locale);
  }
}
