import { data, redirect, type AppLoadContext } from 'react-router';
import { getComplaintDetail, listComplaints, complaintStats, type ComplaintFilter, type ComplaintViewer, type ComplaintDetail, type ComplaintRow } from '../../src/modules/service/service.queries.ts';
import { assignComplaint, createComplaint, listPlatformStaff, postComplaintMessage, transitionComplaint, type ComplaintActor } from '../../src/modules/service/service.service.ts';
import { COMPLAINT_SHOP_REPLIERS } from '../../src/modules/service/service.routes.ts';
import { DEFAULT_COMPLAINT_TIMERS, COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, SLA_STATES, type ComplaintAction } from '../../src/modules/service/service.rules.ts';
import { getOrderDetail } from '../../src/modules/orders/orders.queries.ts';
import { MAX_IMAGE_BYTES } from '../../src/modules/catalog/images.service.ts';
import { AppError } from '../../src/http/errors.ts';
import { formatFen, imageVariant } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { findShop, listShops } from './consoles.server.ts';
import { formError } from './app-errors.server.ts';
import { allows, notFound, requireShopMember, requireShopRole, requireUser, requireArea } from './guards.server.ts';
import { field } from './forms.ts';
import { translate, type Locale } from '../i18n/messages.ts';
import type {
  ComplaintCategoryName,
  ComplaintDetailView,
  ComplaintRowView,
  ComplaintSlaView,
  ComplaintStatsView,
  ComplaintStatusName,
  PhotoView,
  SlaStateName,
} from './complaint-views.ts';
import { COMPLAINT_PHOTO_MAX, MY_COMPLAINT_TABS } from './complaint-views.ts';

const timers = DEFAULT_COMPLAINT_TIMERS;

// ----- views ---------------------------------------------------------------------------------

function slaView(sla: ComplaintRow['sla'], locale: Locale): ComplaintSlaView {
  const clock = (c: ComplaintRow['sla']['firstResponse']) => ({
    state: c.state,
    dueAt: dateTimeText(c.dueAt, locale),
    remainingMs: c.remainingMs,
    stoppedAt: c.stoppedAt ? dateTimeText(c.stoppedAt, locale) : null,
  });
  return { state: sla.state, firstResponse: clock(sla.firstResponse), resolution: clock(sla.resolution) };
}

function rowView(r: ComplaintRow, base: string, locale: Locale): ComplaintRowView {
  return {
    id: r.id,
    href: `${base}/${encodeURIComponent(r.id)}`,
    status: r.status,
    category: r.category,
    title: r.title,
    shopId: r.shop.id,
    shopName: r.shop.name,
    orderId: r.orderId,
    shopperName: r.shopperName,
    assignee: r.assignee,
    createdAt: dateTimeText(r.createdAt, locale),
    sla: slaView(r.sla, locale),
  };
}

const photoViews = (photos: { url: string }[]): PhotoView[] => photos.map((p) => ({ url: p.url, thumb: imageVariant(p.url, 'thumb') }));

function detailView(d: ComplaintDetail, base: string, orderBase: string | null, locale: Locale): ComplaintDetailView {
  return {
    ...rowView(d, base, locale),
    description: d.description,
    photos: photoViews(d.photos),
    resolution: d.resolution,
    outcome: d.outcome,
    rejectReason: d.rejectReason,
    rating: d.rating,
    feedback: d.feedback,
    closedBy: d.closedBy,
    resolvedAt: d.resolvedAt ? dateTimeText(d.resolvedAt, locale) : null,
    closedAt: d.closedAt ? dateTimeText(d.closedAt, locale) : null,
    autoCloseAt: d.autoCloseAt && d.status === 'resolved' ? dateTimeText(d.autoCloseAt, locale) : null,
    shopper: d.shopper,
    order: d.order
      ? {
          id: d.order.id,
          href: orderBase ? `${orderBase}/${encodeURIComponent(d.order.id)}` : null,
          status: d.order.status,
          payable: formatFen(d.order.payableFen, locale),
          lines: d.order.lines.map((l) => ({ id: l.id, title: l.title, spec: Object.values(l.spec).join(' '), image: l.imageUrl ? imageVariant(l.imageUrl, 'thumb') : null, qty: l.qty })),
        }
      : null,
    actions: d.actions,
    canMessage: d.canMessage,
    thread: d.thread.map((m) => ({
      id: m.id,
      kind: m.kind,
      authorRole: m.authorRole,
      authorName: m.authorName,
      mine: m.mine,
      body: m.body,
      photos: photoViews(m.photos),
      action: m.action,
      to: m.to,
      at: dateTimeText(m.at, locale),
    })),
  };
}

async function detailOrNull(context: AppLoadContext, complaintId: string, viewer: ComplaintViewer) {
  try {
    return await getComplaintDetail(context.app.db, context.app.clock.now(), timers, complaintId, viewer);
  } catch (error) {
    if ((error as { code?: string }).code === 'COMPLAINT_NOT_FOUND') return null;
    throw error;
  }
}

// ----- forms ---------------------------------------------------------------------------------

/** The pictures of a multipart form (empty file inputs dropped); a body far over 9 × 10 MB is refused before reading. */
async function readForm(request: Request): Promise<{ form: FormData; uploads: Buffer[] }> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > COMPLAINT_PHOTO_MAX * MAX_IMAGE_BYTES + 1024 * 1024) throw new AppError('IMAGE_TOO_LARGE', { maxMb: MAX_IMAGE_BYTES / 1024 / 1024, maxPixels: 40_000_000 });
  const form = await request.formData();
  const uploads: Buffer[] = [];
  for (const value of form.getAll('photos')) {
    if (typeof value === 'string' || value.size === 0) continue;
    uploads.push(Buffer.from(await value.arrayBuffer()));
  }
  return { form, uploads };
}

type ActionResult = { ok: true; message: string } | { ok: false; message: string };

async function runAction(locale: Locale, work: () => Promise<string>): Promise<ActionResult | ReturnType<typeof data<ActionResult>>> {
  try {
    return { ok: true, message: await work() };
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ ok: false as const, message }, { status });
  }
}

const pageOf = (url: URL) => {
  const page = Number(url.searchParams.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? Math.min(page, 10_000) : 1;
};
const oneOf = <T extends string>(value: string | null, values: readonly T[]): T | undefined => (value && (values as readonly string[]).includes(value) ? (value as T) : undefined);

// ----- storefront ------------------------------------------------------------------------------

const MY_TABS = MY_COMPLAINT_TABS;

/** 我的投诉: a tab and a page of it. */
export async function myComplaintsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const url = new URL(request.url);
  const tab = oneOf(url.searchParams.get('tab'), MY_TABS) ?? 'all';
  const page = pageOf(url);
  const pageSize = 10;
  const result = await listComplaints(context.app.db, context.app.clock.now(), timers, { role: 'shopper', userId: auth.userId }, {
    status: tab === 'all' ? undefined : tab,
    sort: 'newest',
    page,
    pageSize,
  });
  return {
    tab,
    page,
    pageCount: Math.max(1, Math.ceil(result.total / pageSize)),
    items: result.items.map((r) => rowView(r, '/me/complaints', context.locale)),
  };
}

/** 投诉商家: the form, for one of the shopper's orders (?orderId=) or a shop (?shopId=). */
export async function newComplaintLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const url = new URL(request.url);
  const orderId = (url.searchParams.get('orderId') ?? '').slice(0, 64);
  const shopId = (url.searchParams.get('shopId') ?? '').slice(0, 64);
  if (orderId) {
    let order;
    try {
      order = await getOrderDetail(app.db, orderId, { userId: auth.userId });
    } catch (error) {
      if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') throw notFound();
      throw error;
    }
    return {
      target: {
        orderId: order.id,
        shopId: order.shopId,
        shopName: order.shopName,
        payable: formatFen(Number(order.payableFen), locale),
        createdAt: dateTimeText(order.createdAt, locale),
        lines: order.lines.map((l) => ({ id: l.id, title: l.title, spec: Object.values(l.spec).join(' '), image: l.imageUrl ? imageVariant(l.imageUrl, 'thumb') : null, qty: l.qty })),
      },
      categories: COMPLAINT_CATEGORIES as readonly ComplaintCategoryName[],
    };
  }
  if (shopId) {
    const shop = await findShop(app.db, shopId);
    if (!shop) throw notFound();
    return { target: { orderId: null, shopId: shop.id, shopName: shop.name, payable: null, createdAt: null, lines: [] }, categories: COMPLAINT_CATEGORIES as readonly ComplaintCategoryName[] };
  }
  throw redirect('/me/orders');
}

export async function newComplaintAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  let values = { category: '', title: '', description: '' };
  try {
    const { form, uploads } = await readForm(request);
    values = { category: field(form, 'category', 40), title: field(form, 'title', 200), description: field(form, 'description', 5000) };
    const input = { orderId: field(form, 'orderId', 64) || undefined, shopId: field(form, 'shopId', 64) || undefined, ...values, uploads };
    const id = await app.db.transaction().execute((trx) => createComplaint(trx, app.clock, app.media, timers, auth.userId, input));
    return redirect(`/me/complaints/${encodeURIComponent(id)}?filed=1`);
  } catch (error) {
    const { message, status } = formError(error, locale);
    return data({ message, values }, { status });
  }
}

export async function myComplaintLoader({ request, context, complaintId }: { request: Request; context: AppLoadContext; complaintId: string }) {
  const auth = requireUser(context, request);
  const d = await detailOrNull(context, complaintId, { role: 'shopper', userId: auth.userId });
  if (!d) throw notFound();
  const filed = new URL(request.url).searchParams.get('filed') === '1';
  return { complaint: detailView(d, '/me/complaints', '/me/orders', context.locale), filed };
}

/** The shopper's writes on a complaint: message (text, pictures), feedback (rating, comment), withdraw. */
export async function myComplaintAction({ request, context, complaintId }: { request: Request; context: AppLoadContext; complaintId: string }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const actor: ComplaintActor = { id: auth.userId, role: 'shopper' };
  const scope = { userId: auth.userId };
  return runAction(locale, async () => {
    const { form, uploads } = await readForm(request);
    const intent = field(form, 'intent', 20);
    if (intent === 'message') {
      await app.db.transaction().execute((trx) => postComplaintMessage(trx, app.clock, app.media, complaintId, actor, { body: field(form, 'body', 3000), uploads }, scope));
      return translate(locale, 'complaint.sent');
    }
    if (intent === 'feedback' || intent === 'withdraw') {
      const input = intent === 'feedback' ? { rating: Number(field(form, 'rating', 2)), comment: field(form, 'comment', 1500) } : { reason: field(form, 'reason', 1500) };
      await app.db.transaction().execute((trx) => transitionComplaint(trx, app.clock, timers, complaintId, intent, actor, input, scope));
      return translate(locale, intent === 'feedback' ? 'complaint.feedbackSent' : 'complaint.withdrawn');
    }
    throw data(null, { status: 400 });
  });
}

// ----- seller ----------------------------------------------------------------------------------

export interface ComplaintListState {
  status: ComplaintStatusName | 'open' | 'all';
  category: ComplaintCategoryName | '';
  sla: SlaStateName | '';
  shopId: string;
  /** '', 'me', 'none' or an account id. */
  assignee: string;
  page: number;
}

export function readComplaintListState(url: URL, defaultStatus: ComplaintListState['status']): ComplaintListState {
  const p = url.searchParams;
  const status = p.get('status');
  return {
    status: status === 'all' || status === 'open' ? status : (oneOf(status, COMPLAINT_STATUSES) ?? defaultStatus),
    category: oneOf(p.get('category'), COMPLAINT_CATEGORIES) ?? '',
    sla: oneOf(p.get('sla'), SLA_STATES) ?? '',
    shopId: (p.get('shopId') ?? '').trim().slice(0, 64),
    assignee: (p.get('assignee') ?? '').trim().slice(0, 64),
    page: pageOf(url),
  };
}

function filterOf(state: ComplaintListState, pageSize: number, userId: string): ComplaintFilter {
  return {
    status: state.status === 'all' ? undefined : state.status,
    category: state.category || undefined,
    sla: state.sla || undefined,
    shopId: state.shopId || undefined,
    assigneeId: state.assignee === 'me' ? userId : state.assignee || undefined,
    sort: 'deadline',
    page: state.page,
    pageSize,
  };
}

const PAGE_SIZE = 20;

/** The export route's link for the list's filters: the same status (the tabs' default 'open' spelled out), category, SLA state; the platform's also shop and assignee. */
function complaintExportHref(path: string, state: ComplaintListState, platform: boolean): string {
  const q = new URLSearchParams();
  if (state.status !== 'all') q.set('status', state.status);
  if (state.category) q.set('category', state.category);
  if (state.sla) q.set('sla', state.sla);
  if (platform && state.shopId) q.set('shopId', state.shopId);
  if (platform && state.assignee) q.set('assignee', state.assignee);
  return q.size ? `${path}?${q}` : path;
}

export async function sellerComplaintsLoader({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string }) {
  const auth = requireShopMember(context, request, shopId);
  const state = readComplaintListState(new URL(request.url), 'open');
  const result = await listComplaints(context.app.db, context.app.clock.now(), timers, { role: 'shop', shopId, userId: auth.userId }, filterOf({ ...state, shopId: '', assignee: '' }, PAGE_SIZE, auth.userId));
  return {
    state,
    pageSize: PAGE_SIZE,
    total: result.total,
    statusCounts: result.statusCounts,
    slaCounts: result.slaCounts,
    items: result.items.map((r) => rowView(r, `/seller/${encodeURIComponent(shopId)}/complaints`, context.locale)),
    exportHref: complaintExportHref(`/api/seller/shops/${encodeURIComponent(shopId)}/complaints/export`, state, false),
  };
}

export async function sellerComplaintLoader({ request, context, shopId, complaintId }: { request: Request; context: AppLoadContext; shopId: string; complaintId: string }) {
  const auth = requireShopMember(context, request, shopId);
  const d = await detailOrNull(context, complaintId, { role: 'shop', shopId, userId: auth.userId });
  if (!d) throw notFound();
  return {
    complaint: detailView(d, `/seller/${encodeURIComponent(shopId)}/complaints`, `/seller/${encodeURIComponent(shopId)}/orders`, context.locale),
    canReply: allows(context, COMPLAINT_SHOP_REPLIERS, { shopId }),
  };
}

/** A shop's reply (owners, operators, customer service); a shop never changes a complaint's status. */
export async function sellerComplaintAction({ request, context, shopId, complaintId }: { request: Request; context: AppLoadContext; shopId: string; complaintId: string }) {
  const auth = requireShopRole(context, request, shopId, COMPLAINT_SHOP_REPLIERS);
  const { app, locale } = context;
  return runAction(locale, async () => {
    const { form, uploads } = await readForm(request);
    if (field(form, 'intent', 20) !== 'message') throw data(null, { status: 400 });
    await app.db.transaction().execute((trx) =>
      postComplaintMessage(trx, app.clock, app.media, complaintId, { id: auth.userId, role: 'shop', shopId }, { body: field(form, 'body', 3000), uploads }, { shopId }),
    );
    return translate(locale, 'complaint.sent');
  });
}

// ----- platform --------------------------------------------------------------------------------

export async function adminComplaintsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireArea(context, request, 'service');
  const { app, locale } = context;
  const state = readComplaintListState(new URL(request.url), 'open');
  const [result, shops, staff] = await Promise.all([
    listComplaints(app.db, app.clock.now(), timers, { role: 'platform', userId: auth.userId }, filterOf(state, PAGE_SIZE, auth.userId)),
    listShops(app.db),
    listPlatformStaff(app.db),
  ]);
  return {
    state,
    pageSize: PAGE_SIZE,
    total: result.total,
    statusCounts: result.statusCounts,
    slaCounts: result.slaCounts,
    items: result.items.map((r) => rowView(r, '/admin/complaints', locale)),
    shops: shops.map((s) => ({ value: s.id, label: s.name })),
    staff: staff.map((s) => ({ value: s.id, label: s.name })),
    exportHref: complaintExportHref('/api/admin/complaints/export', state, true),
  };
}

export async function adminComplaintLoader({ request, context, complaintId }: { request: Request; context: AppLoadContext; complaintId: string }) {
  const auth = requireArea(context, request, 'service');
  const d = await detailOrNull(context, complaintId, { role: 'platform', userId: auth.userId });
  if (!d) throw notFound();
  const staff = await listPlatformStaff(context.app.db);
  return {
    complaint: detailView(d, '/admin/complaints', '/admin/orders', context.locale),
    staff: staff.map((s) => ({ value: s.id, label: s.name })),
    me: auth.userId,
  };
}

const PLATFORM_INTENTS = ['accept', 'reject', 'investigate', 'resolve'] as const satisfies readonly ComplaintAction[];

/** The platform's moves (accept, reject, investigate, resolve), assignment and messages. */
export async function adminComplaintAction({ request, context, complaintId }: { request: Request; context: AppLoadContext; complaintId: string }) {
  const auth = requireArea(context, request, 'service');
  const { app, locale } = context;
  const actor: ComplaintActor = { id: auth.userId, role: 'platform' };
  return runAction(locale, async () => {
    const { form, uploads } = await readForm(request);
    const intent = field(form, 'intent', 20);
    if (intent === 'message') {
      await app.db.transaction().execute((trx) => postComplaintMessage(trx, app.clock, app.media, complaintId, actor, { body: field(form, 'body', 3000), uploads }));
      return translate(locale, 'complaint.sent');
    }
    if (intent === 'assign') {
      const to = field(form, 'assigneeId', 64);
      await app.db.transaction().execute((trx) => assignComplaint(trx, app.clock, complaintId, actor, to === 'me' ? auth.userId : to || null));
      return translate(locale, 'complaint.assigned');
    }
    const action = PLATFORM_INTENTS.find((a) => a === intent);
    if (!action) throw data(null, { status: 400 });
    const input = {
      note: field(form, 'note', 3000) || undefined,
      reason: field(form, 'reason', 1500),
      resolution: field(form, 'resolution', 5000),
      outcome: field(form, 'outcome', 20),
    };
    await app.db.transaction().execute((trx) => transitionComplaint(trx, app.clock, timers, complaintId, action, actor, input));
    return translate(locale, `complaint.done.${action}`);
  });
}

/** Days in China time (yyyy-mm-dd); the range includes `to`'s whole day. Default: the last 30 days. */
export async function adminComplaintStatsLoader({ request, context }: { request: Request; context: AppLoadContext }) {
  requireArea(context, request, 'service');
  const { app } = context;
  const url = new URL(request.url);
  const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
  const china = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const today = china(app.clock.now());
  const valid = (v: string | null) => (v && DAY_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`)) ? v : null);
  let to = valid(url.searchParams.get('to')) ?? today;
  let from = valid(url.searchParams.get('from')) ?? china(new Date(Date.parse(`${to}T00:00:00+08:00`) - 29 * 86_400_000));
  if (from > to) [from, to] = [to, from];
  const stats = await complaintStats(app.db, app.clock.now(), timers, {
    from: new Date(`${from}T00:00:00+08:00`),
    to: new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000),
  });
  const view: ComplaintStatsView = { ...stats, from, to };
  return { stats: view };
}
