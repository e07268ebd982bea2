import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { maskMobile } from '../identity/identity.rules.ts';
import {
  AFTER_SALES_KINDS, AFTER_SALES_STATUSES, allowedActions, checkEligibility, noReasonReturnUntil, OPEN_STATUSES, REFUND_KINDS, reasonsFor,
  type AfterSalesAction, type AfterSalesKind, type AfterSalesReason, type AfterSalesStatus,
} from './after-sales.rules.ts';

/** Fen as yuan with two decimals, for messages ("最多 12.90 元"). */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/**
 * Whether any after-sales request of this shop order is open. Settlement asks this before it
 * releases the order's escrow to the merchant: while a request is open the money may still go back.
 */
export async function hasOpenAfterSales(q: Queryable, orderId: string): Promise<boolean> {
  const row = await q.selectFrom('after_sales_request').select('id').where('order_id', '=', orderId).where('status', 'in', [...OPEN_STATUSES]).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * What was paid and refunded per line of a shop order. A line can get back its price less its
 * discount less every refund already reserved for it (failed refunds stay owed, so they count),
 * and never more than is left of the order's captured funds; nothing before payment or after settlement.
 */
export async function orderMoney(q: Queryable, orderId: string) {
  const lines = await q.selectFrom('order_line').select(['id', 'line_total_fen', 'discount_fen']).where('order_id', '=', orderId).orderBy('id').execute();
  const refunds = await q
    .selectFrom('refund')
    .select(['order_line_id', (eb) => eb.fn.sum<string>('amount_fen').as('total')])
    .where('shop_order_id', '=', orderId)
    .groupBy('order_line_id')
    .execute();
  const fundsRow = await q.selectFrom('order_funds').select(['captured_fen', 'refunded_fen', 'status']).where('shop_order_id', '=', orderId).executeTakeFirst();
  const funds = fundsRow
    ? { status: fundsRow.status, capturedFen: Number(fundsRow.captured_fen), refundedFen: Number(fundsRow.refunded_fen), leftFen: Number(fundsRow.captured_fen) - Number(fundsRow.refunded_fen) }
    : null;
  const refundedOf = (lineId: string | null) => Number(refunds.find((r) => r.order_line_id === lineId)?.total ?? 0);
  return {
    funds,
    orderWideRefundedFen: refundedOf(null),
    lines: lines.map((l) => {
      const paidFen = Number(l.line_total_fen) - Number(l.discount_fen);
      const refundedFen = refundedOf(l.id);
      const lineLeftFen = Math.max(0, paidFen - refundedFen);
      const refundableFen = funds ? Math.max(0, Math.min(lineLeftFen, funds.leftFen)) : 0;
      return { id: l.id, paidFen, refundedFen, lineLeftFen, refundableFen };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// what a shopper may ask for

/**
 * 申请售后 page: for every line of one of the shopper's orders, which kinds can be asked for now
 * (with the reasons that apply, or the catalogued code saying why not), how much can be refunded,
 * the windows, and any request already open.
 */
export async function afterSalesOptions(q: Queryable, clock: Clock, userId: string, orderId: string) {
  const order = await q.selectFrom('shop_order').select(['id', 'status', 'received_at', 'after_sales_until']).where('id', '=', orderId).where('user_id', '=', userId).executeTakeFirst();
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const lines = await q
    .selectFrom('order_line as l')
    .leftJoin('product as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.title', 'l.spec', 'l.image_url', 'l.qty', 'p.return_7d'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const open = await q.selectFrom('after_sales_request').select(['id', 'order_line_id', 'status']).where('order_id', '=', orderId).where('status', 'in', [...OPEN_STATUSES]).execute();
  const money = await orderMoney(q, orderId);
  const now = clock.now();
  return {
    orderId: order.id,
    orderStatus: order.status,
    receivedAt: order.received_at,
    afterSalesUntil: order.after_sales_until,
    noReasonUntil: order.received_at ? noReasonReturnUntil(order.received_at) : null,
    lines: lines.map((l) => {
      const m = money.lines.find((x) => x.id === l.id)!;
      const openRequest = open.find((r) => r.order_line_id === l.id);
      return {
        orderLineId: l.id,
        title: l.title,
        spec: l.spec,
        imageUrl: l.image_url,
        qty: l.qty,
        paidFen: m.paidFen,
        refundedFen: m.refundedFen,
        refundableFen: m.refundableFen,
        noReasonReturn: l.return_7d ?? false,
        openRequest: openRequest ? { id: openRequest.id, status: openRequest.status } : null,
        kinds: AFTER_SALES_KINDS.map((kind) => {
          const reasons: AfterSalesReason[] = [];
          let whyNot: string | null = null;
          for (const reason of reasonsFor(kind)) {
            try {
              checkEligibility({ kind, reason, orderStatus: order.status, receivedAt: order.received_at, noReasonReturn: l.return_7d ?? false, afterSalesUntil: order.after_sales_until, now });
              reasons.push(reason);
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              if (!whyNot || reason === 'other') whyNot = error.code;
            }
          }
          if (openRequest) whyNot = 'AFTER_SALES_ALREADY_OPEN';
          else if (reasons.length > 0 && REFUND_KINDS.includes(kind) && !money.funds) whyNot = 'AFTER_SALES_NOTHING_PAID';
          else if (reasons.length > 0 && REFUND_KINDS.includes(kind) && m.refundableFen === 0) whyNot = 'AFTER_SALES_AMOUNT_TOO_HIGH';
          else if (reasons.length > 0) whyNot = null;
          return { kind, allowed: whyNot === null, whyNot, reasons: whyNot === null ? reasons : [], maxAmountFen: REFUND_KINDS.includes(kind) ? m.refundableFen : 0 };
        }),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// lists

/** Status filters: one status, or a group (open / ended / waiting for the merchant / waiting for the shopper). */
export const STATUS_GROUPS = {
  open: [...OPEN_STATUSES],
  ended: ['refunded', 'completed', 'cancelled', 'closed'],
  awaiting_merchant: ['requested', 'returned', 'received_by_merchant'],
  awaiting_buyer: ['awaiting_return', 'replacement_shipped', 'rejected'],
} as const satisfies Record<string, readonly AfterSalesStatus[]>;
export type StatusFilter = AfterSalesStatus | keyof typeof STATUS_GROUPS;
export const STATUS_FILTERS = [...AFTER_SALES_STATUSES, ...Object.keys(STATUS_GROUPS)] as [StatusFilter, ...StatusFilter[]];

export const LIST_SORTS = ['deadline', 'newest', 'oldest', 'escalated'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export interface ListFilter {
  status?: StatusFilter | undefined;
  kind?: AfterSalesKind | undefined;
  orderId?: string | undefined;
  shopId?: string | undefined;
  sort: ListSort;
  page: number;
  pageSize: number;
}

export type Viewer = { role: 'buyer'; userId: string } | { role: 'merchant'; shopId: string } | { role: 'platform' };

function statusesOf(filter: StatusFilter | undefined): AfterSalesStatus[] | null {
  if (!filter) return null;
  return filter in STATUS_GROUPS ? [...STATUS_GROUPS[filter as keyof typeof STATUS_GROUPS]] : [filter as AfterSalesStatus];
}

function baseQuery(q: Queryable, viewer: Viewer) {
  let query = q
    .selectFrom('after_sales_request as r')
    .innerJoin('order_line as l', 'l.id', 'r.order_line_id')
    .innerJoin('shop as s', 's.id', 'r.shop_id')
    .innerJoin('app_user as u', 'u.id', 'r.user_id');
  if (viewer.role === 'buyer') query = query.where('r.user_id', '=', viewer.userId);
  if (viewer.role === 'merchant') query = query.where('r.shop_id', '=', viewer.shopId);
  return query;
}

const SUMMARY_COLUMNS = [
  'r.id', 'r.kind', 'r.status', 'r.reason', 'r.qty', 'r.amount_fen', 'r.refunded_fen', 'r.shipping_refund_fen', 'r.order_id', 'r.order_line_id', 'r.shop_id',
  's.name as shop_name', 'l.title', 'l.spec', 'l.image_url', 'l.unit_price_fen', 'l.qty as line_qty', 'r.deadline_at', 'r.deadline_action', 'r.deadline_party',
  'r.escalated_at', 'r.created_at', 'r.updated_at', 'r.closed_at', 'u.mobile',
] as const;

type SummaryRow = {
  id: string; kind: AfterSalesKind; status: AfterSalesStatus; reason: AfterSalesReason; qty: number; amount_fen: number; refunded_fen: number; shipping_refund_fen: number;
  order_id: string; order_line_id: string; shop_id: string; shop_name: string; title: string; spec: Record<string, string>; image_url: string | null;
  unit_price_fen: number; line_qty: number; deadline_at: Date | null; deadline_action: AfterSalesAction | null; deadline_party: 'buyer' | 'merchant' | null;
  escalated_at: Date | null; created_at: Date; updated_at: Date; closed_at: Date | null; mobile: string | null;
};

function summary(r: SummaryRow, viewer: Viewer) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    qty: r.qty,
    amountFen: Number(r.amount_fen),
    refundedFen: Number(r.refunded_fen),
    shippingRefundFen: Number(r.shipping_refund_fen),
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    shopId: r.shop_id,
    shopName: r.shop_name,
    line: { title: r.title, spec: r.spec, imageUrl: r.image_url, unitPriceFen: Number(r.unit_price_fen), qty: r.line_qty },
    deadline: r.deadline_at ? { at: r.deadline_at, action: r.deadline_action!, party: r.deadline_party! } : null,
    // Merchants and platform staff see the shopper only masked.
    buyer: viewer.role === 'buyer' || !r.mobile ? null : maskMobile(r.mobile),
    escalatedAt: r.escalated_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

/** A page of requests for a shopper, a shop's queue or the platform, with counts per status (the tabs). */
export async function listAfterSales(q: Queryable, viewer: Viewer, filter: ListFilter) {
  let scoped = baseQuery(q, viewer);
  if (filter.kind) scoped = scoped.where('r.kind', '=', filter.kind);
  if (filter.orderId) scoped = scoped.where('r.order_id', '=', filter.orderId);
  if (filter.shopId) scoped = scoped.where('r.shop_id', '=', filter.shopId);
  const counts = await scoped.select(['r.status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('r.status').execute();
  const statuses = statusesOf(filter.status);
  const filtered = statuses ? scoped.where('r.status', 'in', statuses) : scoped;
  let query = filtered.select([...SUMMARY_COLUMNS]);
  switch (filter.sort) {
    case 'deadline':
      query = query.orderBy(sql`r.deadline_at asc nulls last`).orderBy('r.created_at', 'asc').orderBy('r.id', 'asc');
      break;
    case 'oldest':
      query = query.orderBy('r.created_at', 'asc').orderBy('r.id', 'asc');
      break;
    case 'escalated':
      query = query.orderBy(sql`r.escalated_at asc nulls last`).orderBy('r.created_at', 'asc').orderBy('r.id', 'asc');
      break;
    default:
      query = query.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc');
  }
  const rows = (await query.limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute()) as SummaryRow[];
  const countOf = (s: AfterSalesStatus) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return {
    total: statuses ? statuses.reduce((n, s) => n + countOf(s), 0) : counts.reduce((n, c) => n + Number(c.n), 0),
    counts: Object.fromEntries(AFTER_SALES_STATUSES.map((s) => [s, countOf(s)])) as Record<AfterSalesStatus, number>,
    items: rows.map((r) => summary(r, viewer)),
  };
}

// ---------------------------------------------------------------------------------------------
// one request

/** One request with everything its page shows: evidence, shipments, ruling, refunds, timeline, messages, deadline, next steps. */
export async function getAfterSalesDetail(q: Queryable, clock: Clock, viewer: Viewer, requestId: string) {
  const row = await baseQuery(q, viewer)
    .innerJoin('shop_order as o', 'o.id', 'r.order_id')
    .select([
      ...SUMMARY_COLUMNS, 'r.description', 'r.photos', 'r.return_address', 'r.return_carrier', 'r.return_tracking_no', 'r.returned_at', 'r.replacement_carrier',
      'r.replacement_tracking_no', 'r.replacement_shipped_at', 'r.merchant_note', 'r.reject_reason', 'r.escalation_reason', 'r.decision', 'r.decision_note',
      'r.decided_at', 'r.refund_id', 'r.shipping_refund_id', 'r.order_status_at_apply', 'o.status as order_status', 'o.received_at',
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!row) throw new AppError('AFTER_SALES_NOT_FOUND');
  const refundIds = [row.refund_id, row.shipping_refund_id].filter((x): x is string => x !== null);
  const refunds = refundIds.length
    ? await q.selectFrom('refund').select(['id', 'amount_fen', 'status', 'destination', 'created_at', 'finished_at', 'order_line_id']).where('id', 'in', refundIds).orderBy('created_at').execute()
    : [];
  const timeline = await q
    .selectFrom('after_sales_event')
    .select(['action', 'from_status', 'to_status', 'actor_role', 'note', 'amount_fen', 'created_at'])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let messages = q.selectFrom('after_sales_message').select(['id', 'author_role', 'body', 'photos', 'internal', 'created_at']).where('request_id', '=', requestId);
  if (viewer.role !== 'platform') messages = messages.where('internal', '=', false);
  const messageRows = await messages.orderBy('created_at').orderBy('id').execute();
  const money = await orderMoney(q, row.order_id);
  const now = clock.now();
  return {
    ...summary(row as SummaryRow, viewer),
    description: row.description,
    photos: row.photos,
    orderStatus: row.order_status,
    orderStatusAtApply: row.order_status_at_apply,
    receivedAt: row.received_at,
    returnAddress: row.return_address,
    returnShipment: row.return_carrier ? { carrier: row.return_carrier, trackingNo: row.return_tracking_no!, at: row.returned_at! } : null,
    replacementShipment: row.replacement_carrier ? { carrier: row.replacement_carrier, trackingNo: row.replacement_tracking_no!, at: row.replacement_shipped_at! } : null,
    merchantNote: row.merchant_note,
    rejectReason: row.reject_reason,
    escalationReason: row.escalation_reason,
    decision: row.decision ? { outcome: row.decision, note: row.decision_note, decidedAt: row.decided_at! } : null,
    /** What the line can still get back now (the ceiling of an arbitration refund). */
    refundableFen: money.lines.find((l) => l.id === row.order_line_id)?.refundableFen ?? 0,
    refunds: refunds.map((r) => ({
      id: r.id, amountFen: Number(r.amount_fen), status: r.status, destination: r.destination, forShipping: r.order_line_id === null, createdAt: r.created_at, finishedAt: r.finished_at,
    })),
    timeline: timeline.map((e) => ({ action: e.action, from: e.from_status, to: e.to_status, actorRole: e.actor_role, note: e.note, amountFen: e.amount_fen === null ? null : Number(e.amount_fen), at: e.created_at })),
    messages: messageRows.map((m) => ({ id: m.id, authorRole: m.author_role, body: m.body, photos: m.photos, internal: m.internal, createdAt: m.created_at })),
    allowedActions: allowedActions(row.kind, row.status, viewer.role, row.deadline_at, now),
  };
}
