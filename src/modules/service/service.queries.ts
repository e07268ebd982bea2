import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { maskMobile } from '../identity/identity.rules.ts';
import {
  ACTIVE_STATUSES,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  SLA_STATES,
  allowedActions,
  complaintSla,
  type ComplaintTimers,
  type SlaState,
} from './service.rules.ts';
import type { ComplaintCategory, ComplaintPartyRole, ComplaintStatus } from './service.tables.ts';

/** Who is looking: the shopper who filed it, a shop it is about, or the platform. */
export type ComplaintViewer = { role: 'shopper'; userId: string } | { role: 'shop'; shopId: string; userId: string } | { role: 'platform'; userId: string };

const ACTIVE_SQL = sql.raw(`c.status in (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/**
 * `complaintSla()` (service.rules.ts) as SQL, for filtering, sorting and counting in the database:
 * the same clocks, stopped at the same moments, with the same "due soon" margins.
 */
export function complaintSlaSql(now: Date, timers: ComplaintTimers) {
  const firstSoon = new Date(now.getTime() + timers.firstResponseSoonMs);
  const resolutionSoon = new Date(now.getTime() + timers.resolutionSoonMs);
  const breached = sql<boolean>`(c.first_response_breached or c.resolution_breached
    or (c.first_responded_at is not null and c.first_responded_at > c.first_response_due_at)
    or (not ${ACTIVE_SQL} and coalesce(c.resolved_at, c.closed_at) > c.resolution_due_at)
    or (${ACTIVE_SQL} and c.first_responded_at is null and c.first_response_due_at <= ${now})
    or (${ACTIVE_SQL} and c.resolution_due_at <= ${now}))`;
  const dueSoon = sql<boolean>`(${ACTIVE_SQL} and ((c.first_responded_at is null and c.first_response_due_at <= ${firstSoon}) or c.resolution_due_at <= ${resolutionSoon}))`;
  const state = sql<SlaState>`(case when ${breached} then 'breached' when ${dueSoon} then 'due_soon' else 'ok' end)`;
  const nextDue = sql<Date | null>`(case when ${ACTIVE_SQL} then (case when c.first_responded_at is null then c.first_response_due_at else c.resolution_due_at end) end)`;
  return { breached, state, nextDue };
}

export interface ComplaintFilter {
  status?: ComplaintStatus | 'open' | undefined;
  category?: ComplaintCategory | undefined;
  shopId?: string | undefined;
  /** A platform account's id, or 'none' for unassigned. */
  assigneeId?: string | undefined;
  sla?: SlaState | undefined;
  orderId?: string | undefined;
  /** Submitted in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  sort?: 'deadline' | 'newest' | 'oldest' | undefined;
  page: number;
  pageSize: number;
}

const LIST_COLUMNS = [
  'c.id', 'c.status', 'c.category', 'c.title', 'c.shop_id', 's.name as shop_name', 'c.order_id', 'c.user_id', 'u.display_name as shopper_name',
  'c.assignee_id', 'a.display_name as assignee_name', 'c.created_at', 'c.updated_at', 'c.first_response_due_at', 'c.resolution_due_at',
  'c.first_responded_at', 'c.resolved_at', 'c.closed_at', 'c.auto_close_at', 'c.first_response_breached', 'c.resolution_breached', 'c.outcome', 'c.rating',
] as const;

function baseQuery(q: Queryable) {
  return q
    .selectFrom('complaint as c')
    .innerJoin('shop as s', 's.id', 'c.shop_id')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .leftJoin('app_user as a', 'a.id', 'c.assignee_id');
}

type Base = ReturnType<typeof baseQuery>;

function applyFilter(query: Base, filter: Omit<ComplaintFilter, 'page' | 'pageSize' | 'sort'>, slaState: RawBuilder<SlaState>, skip: { status?: boolean; sla?: boolean } = {}): Base {
  if (filter.status && !skip.status) query = filter.status === 'open' ? query.where('c.status', 'in', ['submitted', 'accepted', 'investigating', 'resolved']) : query.where('c.status', '=', filter.status);
  if (filter.category) query = query.where('c.category', '=', filter.category);
  if (filter.shopId) query = query.where('c.shop_id', '=', filter.shopId);
  if (filter.assigneeId) query = filter.assigneeId === 'none' ? query.where('c.assignee_id', 'is', null) : query.where('c.assignee_id', '=', filter.assigneeId);
  if (filter.sla && !skip.sla) query = query.where(sql<boolean>`${slaState} = ${filter.sla}`);
  if (filter.orderId) query = query.where('c.order_id', '=', filter.orderId);
  if (filter.from) query = query.where('c.created_at', '>=', filter.from);
  if (filter.to) query = query.where('c.created_at', '<', filter.to);
  return query;
}

type Scope = { userId?: string; shopId?: string };

function scoped(query: Base, scope: Scope): Base {
  if (scope.userId) query = query.where('c.user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('c.shop_id', '=', scope.shopId);
  return query;
}

function rowView(r: Awaited<ReturnType<ReturnType<typeof listRows>['execute']>>[number], now: Date, timers: ComplaintTimers, viewer: ComplaintViewer['role']) {
  const sla = complaintSla(r, now, timers);
  return {
    id: r.id,
    status: r.status,
    category: r.category,
    title: r.title,
    shop: { id: r.shop_id, name: r.shop_name },
    orderId: r.order_id,
    shopperName: viewer === 'shopper' ? null : r.shopper_name,
    assignee: viewer === 'platform' && r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    outcome: r.outcome,
    rating: r.rating,
    sla: {
      state: sla.state,
      nextDueAt: sla.nextDueAt,
      firstResponse: sla.firstResponse,
      resolution: sla.resolution,
    },
  };
}

function listRows(query: Base) {
  return query.select([...LIST_COLUMNS]);
}

export type ComplaintRow = ReturnType<typeof rowView>;

/**
 * A page of complaints: the platform's queue (every shop), one shop's, or one shopper's, with
 * counts per status and per SLA state under the other filters. Sorted by the next deadline by
 * default (overdue first, finished complaints last).
 */
export async function listComplaints(q: Queryable, now: Date, timers: ComplaintTimers, viewer: ComplaintViewer, filter: ComplaintFilter) {
  const scope: Scope = viewer.role === 'shopper' ? { userId: viewer.userId } : viewer.role === 'shop' ? { shopId: viewer.shopId } : {};
  const sla = complaintSlaSql(now, timers);
  const filtered = applyFilter(scoped(baseQuery(q), scope), filter, sla.state);
  const { total } = await filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let rows = listRows(filtered);
  const sort = filter.sort ?? 'deadline';
  if (sort === 'deadline') rows = rows.orderBy(sql`${sla.nextDue} asc nulls last`).orderBy('c.created_at', 'desc');
  else rows = rows.orderBy('c.created_at', sort === 'oldest' ? 'asc' : 'desc');
  const items = await rows.orderBy('c.id', sort === 'oldest' ? 'asc' : 'desc').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute();

  const byStatus = await applyFilter(scoped(baseQuery(q), scope), filter, sla.state, { status: true })
    .select(['c.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('c.status')
    .execute();
  const bySla = await applyFilter(scoped(baseQuery(q), scope), filter, sla.state, { sla: true })
    .where('c.status', 'in', [...ACTIVE_STATUSES])
    .select([sla.state.as('state'), (eb) => eb.fn.countAll<number>().as('n')])
    // By position: the expression's bound parameters would make a repeated copy of it a different expression.
    .groupBy(sql`1`)
    .execute();
  const statusCounts = Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, 0])) as Record<ComplaintStatus, number>;
  for (const r of byStatus) statusCounts[r.status] = Number(r.n);
  const slaCounts = Object.fromEntries(SLA_STATES.map((s) => [s, 0])) as Record<SlaState, number>;
  for (const r of bySla) slaCounts[r.state as SlaState] = Number(r.n);
  return {
    total: Number(total),
    statusCounts,
    /** Of the complaints still awaiting the platform (submitted, accepted, investigating). */
    slaCounts,
    items: items.map((r) => rowView(r, now, timers, viewer.role)),
  };
}

/** One complaint with its order, parties, SLA clocks, the viewer's possible actions and the thread. */
export async function getComplaintDetail(q: Queryable, now: Date, timers: ComplaintTimers, complaintId: string, viewer: ComplaintViewer) {
  const scope: Scope = viewer.role === 'shopper' ? { userId: viewer.userId } : viewer.role === 'shop' ? { shopId: viewer.shopId } : {};
  const row = await scoped(baseQuery(q), scope)
    .select([...LIST_COLUMNS, 'c.description', 'c.photos', 'c.resolution', 'c.reject_reason', 'c.feedback', 'c.closed_by', 'u.mobile as shopper_mobile'])
    .where('c.id', '=', complaintId)
    .executeTakeFirst();
  if (!row) throw new AppError('COMPLAINT_NOT_FOUND');
  const order = row.order_id
    ? await q
        .selectFrom('shop_order')
        .select(['id', 'status', 'payable_fen as payableFen', 'created_at as createdAt'])
        .where('id', '=', row.order_id)
        .executeTakeFirst()
    : undefined;
  const lines = row.order_id
    ? await q.selectFrom('order_line').select(['id', 'product_id as productId', 'title', 'spec', 'image_url as imageUrl', 'qty']).where('order_id', '=', row.order_id).orderBy('id').execute()
    : [];
  let threadQuery = q
    .selectFrom('complaint_message as m')
    .leftJoin('app_user as au', 'au.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.author_id', 'm.author_role', 'au.display_name as author_name', 'm.body', 'm.photos', 'm.action', 'm.from_status', 'm.to_status', 'm.created_at'])
    .where('m.complaint_id', '=', row.id);
  // Who handles it inside the platform is the platform's business.
  if (viewer.role !== 'platform') threadQuery = threadQuery.where((eb) => eb.or([eb('m.action', 'is', null), eb('m.action', 'not in', ['assign', 'unassign'])]));
  const messages = await threadQuery
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const view = rowView(row, now, timers, viewer.role);
  const byRole: ComplaintPartyRole = viewer.role;
  return {
    ...view,
    description: row.description,
    photos: row.photos,
    resolution: row.resolution,
    rejectReason: row.reject_reason,
    feedback: row.feedback,
    closedBy: row.closed_by,
    autoCloseAt: row.auto_close_at,
    shopper: viewer.role === 'shopper' ? null : { name: row.shopper_name, mobile: row.shopper_mobile ? maskMobile(row.shopper_mobile) : null },
    order: order ? { ...order, payableFen: Number(order.payableFen), lines } : null,
    actions: allowedActions(row.status, byRole),
    /** Whether the viewer may still write in the thread. */
    canMessage: (['submitted', 'accepted', 'investigating', 'resolved'] as ComplaintStatus[]).includes(row.status),
    thread: messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      authorRole: m.author_role,
      /** Names: the platform sees everyone's; a shop sees the shopper's and its own staff's; a shopper sees none (roles only). */
      authorName:
        viewer.role === 'platform' || (viewer.role === 'shop' && (m.author_role === 'shopper' || m.author_role === 'shop'))
          ? (m.author_name ?? null)
          : null,
      mine: m.author_id !== null && m.author_id === viewer.userId,
      body: m.body,
      photos: m.photos,
      action: m.action,
      from: m.from_status,
      to: m.to_status,
      at: m.created_at,
    })),
  };
}

export type ComplaintDetail = Awaited<ReturnType<typeof getComplaintDetail>>;

/**
 * The platform's figures for complaints submitted in [from, to): counts by category, status and
 * shop (top 10), per day, the SLA breach rate, median times to first response and to resolution
 * (ms), outcomes and the average rating.
 */
export async function complaintStats(q: Queryable, now: Date, timers: ComplaintTimers, range: { from: Date; to: Date }) {
  const sla = complaintSlaSql(now, timers);
  const inRange = () => q.selectFrom('complaint as c').where('c.created_at', '>=', range.from).where('c.created_at', '<', range.to);
  const summary = await inRange()
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where ${sla.breached})`.as('breached'),
      sql<number>`count(*) filter (where c.status in ('submitted', 'accepted', 'investigating', 'resolved'))`.as('open'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (c.first_responded_at - c.created_at)))`.as('median_first_response_s'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (c.resolved_at - c.created_at)))`.as('median_resolution_s'),
      sql<number>`count(c.first_responded_at)`.as('responded'),
      sql<number>`count(c.resolved_at)`.as('resolved'),
      sql<number | null>`avg(c.rating)`.as('avg_rating'),
      sql<number>`count(c.rating)`.as('rated'),
    ])
    .executeTakeFirstOrThrow();
  const byCategory = await inRange().select(['c.category', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('c.category').execute();
  const byStatus = await inRange().select(['c.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('c.status').execute();
  const byOutcome = await inRange().where('c.outcome', 'is not', null).select(['c.outcome', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('c.outcome').execute();
  const topShops = await inRange()
    .innerJoin('shop as s', 's.id', 'c.shop_id')
    .select(['c.shop_id', 's.name', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`count(*) filter (where ${sla.breached})`.as('breached')])
    .groupBy(['c.shop_id', 's.name'])
    .orderBy(sql`count(*) desc`)
    .orderBy('s.name')
    .limit(10)
    .execute();
  const byDay = await inRange()
    .select([sql<string>`to_char(c.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const total = Number(summary.total);
  const breached = Number(summary.breached);
  const ms = (s: number | string | null) => (s === null ? null : Math.round(Number(s) * 1000));
  const count = <K extends string>(keys: readonly K[], rows: { key: K | null; n: number }[]) => keys.map((key) => ({ key, count: Number(rows.find((r) => r.key === key)?.n ?? 0) }));
  return {
    from: range.from,
    to: range.to,
    total,
    open: Number(summary.open),
    breached,
    /** breached / total, 0 when there is nothing in the range. */
    slaBreachRate: total === 0 ? 0 : breached / total,
    responded: Number(summary.responded),
    resolved: Number(summary.resolved),
    medianFirstResponseMs: ms(summary.median_first_response_s),
    medianResolutionMs: ms(summary.median_resolution_s),
    averageRating: summary.avg_rating === null ? null : Math.round(Number(summary.avg_rating) * 100) / 100,
    rated: Number(summary.rated),
    byCategory: count(COMPLAINT_CATEGORIES, byCategory.map((r) => ({ key: r.category, n: r.n }))).map(({ key, count }) => ({ category: key, count })),
    byStatus: count(COMPLAINT_STATUSES, byStatus.map((r) => ({ key: r.status, n: r.n }))).map(({ key, count }) => ({ status: key, count })),
    byOutcome: count(['upheld', 'partly_upheld', 'not_upheld'] as const, byOutcome.map((r) => ({ key: r.outcome, n: r.n }))).map(({ key, count }) => ({ outcome: key, count })),
    topShops: topShops.map((r) => ({ shopId: r.shop_id, shopName: r.name, count: Number(r.n), breached: Number(r.breached) })),
    byDay: byDay.map((r) => ({ day: r.day, count: Number(r.n) })),
  };
}

export type ComplaintStats = Awaited<ReturnType<typeof complaintStats>>;
