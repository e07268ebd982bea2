import { sql, type Updateable } from 'kysely';
import type { Queryable, Trx } from '../../db/database.ts';
import { AppError, renderMessage } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJob } from '../../shared/jobs.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';
import { getOrderTimers } from '../orders/timer-settings.service.ts';
import { lockOrder, transitionOrder } from '../orders/orders.service.ts';
import { releaseStock } from '../inventory/inventory.service.ts';
import { notifyUser } from '../notifications/notifications.service.ts';
import { withdrawUnshippedPieces } from '../shipments/shipments.service.ts';
import { refundShopOrder } from '../payments/payments.service.ts';
import { findCarrier, normaliseTrackingNo, trackingNoFits } from '../shipments/shipments.carriers.ts';
import {
  AFTER_SALES_KIND_LABELS, AFTER_SALES_TIMEOUTS, checkEligibility, deadlineBlocks, formatChinaTime, isOpen, nextAfterSalesStatus, REFUND_KINDS,
  TERMINAL_STATUSES, type ActorRole, type AfterSalesAction, type AfterSalesKind, type AfterSalesReason, type AfterSalesStatus,
} from './after-sales.rules.ts';
import { orderMoney, yuan } from './after-sales.queries.ts';
import type { AfterSalesRequest, AfterSalesRequestTable, EvidencePhoto } from './after-sales.tables.ts';

/** The deadline timer: one job per (request, version); it acts only if the request still waits at that version. */
export const AFTER_SALES_DEADLINE_JOB = 'after-sales.deadline';
export const MAX_PHOTOS = 9;

export interface AfterSalesActor {
  id: string | null;
  role: ActorRole;
}

export const SYSTEM: AfterSalesActor = { id: null, role: 'system' };

export interface AfterSalesDeps {
  /**
   * The environment's order timers (config.orders), the defaults of 系统设置. Each deadline a step sets is
   * the setting in force at that moment (`getOrderTimers`), stored on the request (`deadline_at`).
   */
  orderTimers: OrderTimers;
}

/** Keeps callers to their own requests: a shopper's, or one shop's (someone else's is "not found"). */
export interface RequestScope {
  userId?: string;
  shopId?: string;
}

type RequestUpdate = Updateable<AfterSalesRequestTable>;

// ---------------------------------------------------------------------------------------------
// evidence

/** Whose uploads a caller may attach: a shopper's own, a shop's, or a platform user's own. */
export type PhotoOwner = { userId: string; shopId: null } | { shopId: string };

/** The uploaded pictures by id, in the order given; any id that is not the caller's is refused. */
export async function resolvePhotos(q: Queryable, ids: readonly string[], owner: PhotoOwner): Promise<EvidencePhoto[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.length > MAX_PHOTOS) throw new AppError('AFTER_SALES_PHOTO_INVALID');
  let query = q.selectFrom('media_image').select(['id', 'url']).where('id', 'in', unique);
  query = 'userId' in owner ? query.where('uploaded_by', '=', owner.userId).where('shop_id', 'is', null) : query.where('shop_id', '=', owner.shopId);
  const rows = await query.execute();
  if (rows.length !== unique.length) throw new AppError('AFTER_SALES_PHOTO_INVALID');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.map((id) => ({ id, url: byId.get(id)!.url }));
}

/** A carrier code from the shipments module's list and a tracking number in its format. */
function checkTracking(carrierCode: string | undefined, trackingNo: string | undefined): { carrier: string; trackingNo: string; label: string } {
  const carrier = carrierCode ? findCarrier(carrierCode) : undefined;
  if (!carrier) throw new AppError('CARRIER_UNKNOWN', { carrier: carrierCode ?? '' });
  const number = normaliseTrackingNo(trackingNo ?? '');
  if (!trackingNoFits(carrier, number)) throw new AppError('TRACKING_NO_INVALID', { carrier: carrier.name, trackingNo: trackingNo ?? '', example: carrier.example ? ` (${carrier.example})` : '' });
  return { carrier: carrier.code, trackingNo: number, label: `${carrier.name} ${number}` };
}

// ---------------------------------------------------------------------------------------------
// applying

export interface ApplyInput {
  orderLineId: string;
  kind: AfterSalesKind;
  reason: AfterSalesReason;
  description?: string | undefined;
  photoIds?: readonly string[] | undefined;
  /** Refund kinds: what to refund (≤ what the line can still get back). Exchange and repair: none. */
  amountFen?: number | undefined;
  /** Pieces concerned; default the whole line. */
  qty?: number | undefined;
}

/**
 * A shopper asks for after-sales on one line of one of their orders. Everything is checked before
 * anything is written (eligibility and window, reason, amount, photos), and the database keeps one
 * open request per line. The order row is share-locked and the order's funds too, so a request and
 * the order's settlement cannot cross: whichever comes second sees the other.
 */
export async function applyForAfterSales(trx: Trx, clock: Clock, deps: AfterSalesDeps, userId: string, input: ApplyInput): Promise<AfterSalesRequest> {
  const line = await trx
    .selectFrom('order_line as l')
    .innerJoin('shop_order as o', 'o.id', 'l.order_id')
    .leftJoin('product as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.order_id', 'l.qty', 'o.shop_id', 'p.return_7d'])
    .where('l.id', '=', input.orderLineId)
    .where('o.user_id', '=', userId)
    .executeTakeFirst();
  if (!line) throw new AppError('ORDER_NOT_FOUND');
  const order = await trx.selectFrom('shop_order').select(['id', 'status', 'received_at', 'after_sales_until']).where('id', '=', line.order_id).forShare().executeTakeFirstOrThrow();
  const now = clock.now();
  checkEligibility({
    kind: input.kind, reason: input.reason, orderStatus: order.status, receivedAt: order.received_at,
    noReasonReturn: line.return_7d ?? false, afterSalesUntil: order.after_sales_until, now,
  });
  const qty = input.qty ?? line.qty;
  if (!Number.isSafeInteger(qty) || qty < 1 || qty > line.qty) throw new AppError('AFTER_SALES_QTY_INVALID', { max: line.qty });

  // After settlement a refund is still possible: the payments module recovers it from the merchant.
  const funds = await trx.selectFrom('order_funds').select(['status']).where('shop_order_id', '=', order.id).forShare().executeTakeFirst();
  let amountFen = 0;
  if (REFUND_KINDS.includes(input.kind)) {
    if (input.amountFen === undefined) throw new AppError('AFTER_SALES_AMOUNT_REQUIRED');
    if (!funds) throw new AppError('AFTER_SALES_NOTHING_PAID');
    const money = await orderMoney(trx, order.id);
    const max = money.lines.find((l) => l.id === line.id)?.refundableFen ?? 0;
    if (input.amountFen > max) throw new AppError('AFTER_SALES_AMOUNT_TOO_HIGH', { max: yuan(max) });
    amountFen = input.amountFen;
  } else if (input.amountFen) {
    throw new AppError('AFTER_SALES_AMOUNT_NOT_ALLOWED');
  }
  const photos = await resolvePhotos(trx, input.photoIds ?? [], { userId, shopId: null });

  const timeout = AFTER_SALES_TIMEOUTS.requested!;
  const deadline = new Date(now.getTime() + (await getOrderTimers(trx, deps.orderTimers))[timeout.timer]);
  const created = await trx
    .insertInto('after_sales_request')
    .values({
      id: newId('afs'), order_id: order.id, order_line_id: line.id, shop_id: line.shop_id, user_id: userId, kind: input.kind, status: 'requested',
      reason: input.reason, description: input.description ?? '', photos: JSON.stringify(photos), qty, amount_fen: amountFen, order_status_at_apply: order.status,
      deadline_at: deadline, deadline_action: timeout.action, deadline_party: timeout.party, version: 0, created_at: now, updated_at: now,
    })
    .onConflict((oc) => oc.column('order_line_id').where('status', 'in', ['requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected', 'escalated']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) throw new AppError('AFTER_SALES_ALREADY_OPEN');
  await recordEvent(trx, clock, { requestId: created.id, action: 'apply', from: null, to: 'requested', actor: { id: userId, role: 'buyer' }, note: input.description || null, amountFen: amountFen || null });
  await scheduleDeadline(trx, clock, created.id, 0, deadline);
  return created;
}

// ---------------------------------------------------------------------------------------------
// moving a request

export interface ActInput {
  /** approve: a note; reject: the reason (required); escalate: why; arbitrate: the ruling's note. */
  note?: string | undefined;
  /** arbitrate_refund: how much (default: what the request asked, which exchange and repair must give). */
  amountFen?: number | undefined;
  /** submit_return / ship_replacement: carrier code and tracking number. */
  carrier?: string | undefined;
  trackingNo?: string | undefined;
  /** approve (return, exchange, repair): where the goods go back (default: the shop's last one). */
  returnAddress?: string | undefined;
}

async function lockRequest(trx: Trx, requestId: string, scope: RequestScope): Promise<AfterSalesRequest> {
  let query = trx.selectFrom('after_sales_request').selectAll().where('id', '=', requestId);
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('shop_id', '=', scope.shopId);
  const request = await query.forUpdate().executeTakeFirst();
  if (!request) throw new AppError('AFTER_SALES_NOT_FOUND');
  return request;
}

/**
 * One step of the state machine for one request, under its row lock: two racing steps take turns and
 * the second finds the status moved (409). A step into `refunded` runs the refund through the payments
 * module in the same transaction, so the status and the money move together or not at all.
 */
export async function actOnAfterSales(
  trx: Trx,
  clock: Clock,
  deps: AfterSalesDeps,
  requestId: string,
  action: AfterSalesAction,
  actor: AfterSalesActor,
  scope: RequestScope,
  input: ActInput = {},
): Promise<AfterSalesRequest> {
  const request = await lockRequest(trx, requestId, scope);
  return transition(trx, clock, deps, request, action, actor, input);
}

async function transition(trx: Trx, clock: Clock, deps: AfterSalesDeps, request: AfterSalesRequest, action: AfterSalesAction, actor: AfterSalesActor, input: ActInput): Promise<AfterSalesRequest> {
  const now = clock.now();
  const to = nextAfterSalesStatus(request.kind, request.status, action, actor.role);
  if (deadlineBlocks(request.status, action, actor.role, request.deadline_at, now)) {
    throw new AppError('AFTER_SALES_DEADLINE_PASSED', { deadline: formatChinaTime(request.deadline_at!) });
  }
  const note = input.note?.trim() || null;
  const set: RequestUpdate = { status: to, version: request.version + 1, updated_at: now };
  let eventNote = note;
  switch (action) {
    case 'approve':
      set.merchant_note = note;
      if (to === 'awaiting_return') set.return_address = input.returnAddress?.trim() || (await lastReturnAddress(trx, request.shop_id));
      break;
    case 'reject':
      if (!note) throw new AppError('REASON_REQUIRED');
      set.reject_reason = note;
      break;
    case 'submit_return': {
      const t = checkTracking(input.carrier, input.trackingNo);
      Object.assign(set, { return_carrier: t.carrier, return_tracking_no: t.trackingNo, returned_at: now });
      eventNote = note ? `${t.label}；${note}` : t.label;
      break;
    }
    case 'ship_replacement': {
      const t = checkTracking(input.carrier, input.trackingNo);
      Object.assign(set, { replacement_carrier: t.carrier, replacement_tracking_no: t.trackingNo, replacement_shipped_at: now });
      eventNote = note ? `${t.label}；${note}` : t.label;
      break;
    }
    case 'escalate':
      Object.assign(set, { escalation_reason: note, escalated_at: now });
      break;
    case 'arbitrate_refund':
    case 'arbitrate_close':
      Object.assign(set, { decision: action === 'arbitrate_refund' ? 'refund' : 'close', decision_note: note, decided_by: actor.id, decided_at: now });
      break;
  }
  let amountFen: number | null = null;
  if (to === 'refunded') {
    amountFen = action === 'arbitrate_refund' ? (input.amountFen ?? Number(request.amount_fen)) : Number(request.amount_fen);
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new AppError('AFTER_SALES_AMOUNT_REQUIRED');
    Object.assign(set, await executeRefund(trx, clock, deps, request, amountFen, actor));
  }
  const timeout = AFTER_SALES_TIMEOUTS[to];
  const deadline = timeout ? new Date(now.getTime() + (await getOrderTimers(trx, deps.orderTimers))[timeout.timer]) : null;
  Object.assign(set, { deadline_at: deadline, deadline_action: timeout?.action ?? null, deadline_party: timeout?.party ?? null });
  if ((TERMINAL_STATUSES as readonly string[]).includes(to)) set.closed_at = now;
  const updated = await trx.updateTable('after_sales_request').set(set).where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
  if (actor.role === 'system' && !eventNote) eventNote = AFTER_SALES_TIMEOUTS[request.status]?.note ?? null;
  await recordEvent(trx, clock, { requestId: request.id, action, from: request.status, to, actor, note: eventNote, amountFen });
  // The shopper hears of every step someone else took (merchant, platform, or a deadline passing).
  if (actor.role !== 'buyer') {
    await notifyUser(trx, clock, {
      userId: request.user_id,
      kind: 'after_sales_update',
      params: { afterSalesId: request.id, orderId: request.order_id, afterSalesKind: request.kind, status: to, ...(amountFen ? { amountFen } : {}) },
      link: `/me/after-sales/${request.id}`,
      causeKey: `after_sales:${request.id}:${updated.version}`,
    });
  }
  if (deadline) await scheduleDeadline(trx, clock, request.id, updated.version, deadline);
  return updated;
}

/** The return address of 店铺设置, else the one the shop gave with its last approved return: the default for the next one (and for auto-approval). */
async function lastReturnAddress(trx: Trx, shopId: string): Promise<string | null> {
  const shop = await trx.selectFrom('shop').select('return_address').where('id', '=', shopId).executeTakeFirst();
  if (shop?.return_address) return shop.return_address;
  const last = await trx
    .selectFrom('after_sales_request')
    .select('return_address')
    .where('shop_id', '=', shopId)
    .where('return_address', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.return_address ?? null;
}

/** The payments module's refusals, in after-sales words. */
async function asAfterSalesError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'REFUND_NOT_ALLOWED') {
      throw new AppError('AFTER_SALES_NOTHING_PAID');
    }
    if (error instanceof AppError && error.code === 'REFUND_EXCEEDS_PAID') throw new AppError('AFTER_SALES_AMOUNT_TOO_HIGH', { max: yuan(Number(error.params.max ?? 0)) });
    throw error;
  }
}

/**
 * Refunds a request's line through the payments module (which reserves the amount under Σ refunds ≤
 * captured and sends it by the outbox). Refund only that leaves every line of an order that has not
 * arrived fully refunded also returns what is left of the payment — the shipping fee. An order whose
 * lines are all refunded is closed. Locks: the order row first, then (in payments) its funds — the
 * order every money path here keeps, so they never deadlock.
 */
async function executeRefund(trx: Trx, clock: Clock, deps: AfterSalesDeps, request: AfterSalesRequest, amountFen: number, actor: AfterSalesActor): Promise<RequestUpdate> {
  const order = await lockOrder(trx, request.order_id);
  const money = await orderMoney(trx, request.order_id);
  if (!money.funds) throw new AppError('AFTER_SALES_NOTHING_PAID');
  const line = money.lines.find((l) => l.id === request.order_line_id)!;
  if (amountFen > line.refundableFen) throw new AppError('AFTER_SALES_AMOUNT_TOO_HIGH', { max: yuan(line.refundableFen) });
  const label = AFTER_SALES_KIND_LABELS[request.kind].zh;
  const refund = await asAfterSalesError(() =>
    refundShopOrder(trx, clock, { shopOrderId: request.order_id, amountFen, orderLineId: request.order_line_id, reason: `售后${label} ${request.id}`, cause: 'after_sales' }),
  );
  const set: RequestUpdate = { refund_id: refund.refundId, refunded_fen: refund.amountFen };
  const { allShipped } = await restockRefundedPieces(trx, request);
  const allLinesRefunded = money.lines.every((l) => (l.id === line.id ? l.lineLeftFen - amountFen : l.lineLeftFen) <= 0);
  if (allLinesRefunded && request.kind === 'refund_only' && (order.status === 'paid' || order.status === 'shipped')) {
    const left = money.funds.leftFen - amountFen;
    if (left > 0) {
      const shipping = await asAfterSalesError(() =>
        refundShopOrder(trx, clock, { shopOrderId: request.order_id, amountFen: left, orderLineId: null, reason: `售后退运费 ${request.id}`, cause: 'after_sales' }),
      );
      Object.assign(set, { shipping_refund_id: shipping.refundId, shipping_refund_fen: shipping.amountFen });
    }
  }
  if (allLinesRefunded && (order.status === 'paid' || order.status === 'shipped' || order.status === 'received')) {
    await transitionOrder(trx, clock, deps.orderTimers, request.order_id, 'close', { id: actor.id, role: actor.role }, { note: `售后全额退款，订单关闭（${request.id}）` });
  } else if (allShipped && order.status === 'paid') {
    // Partly shipped, and the pieces still waiting were just refunded: nothing is left to ship.
    await transitionOrder(trx, clock, deps.orderTimers, request.order_id, 'ship', { id: actor.id, role: actor.role }, { note: `其余商品已退款，订单已全部发货（${request.id}）` });
  }
  return set;
}

/**
 * Pieces that are back on the shelf when their refund runs go back into stock: a return the shopper
 * sent back (returned_at: the merchant confirmed it, or its silence did), and refund only of pieces
 * that never left the warehouse. Refund only of goods already shipped restocks nothing (they are with
 * the shopper or lost); an exchange sends one out for one in. Runs once per request: a refund executes
 * once, under the request's lock. Unshipped pieces refunded can no longer ship; `allShipped` says the
 * rest of the order has all gone out.
 */
async function restockRefundedPieces(trx: Trx, request: AfterSalesRequest): Promise<{ allShipped: boolean }> {
  const line = await trx.selectFrom('order_line').select(['sku_id']).where('id', '=', request.order_line_id).executeTakeFirstOrThrow();
  let pieces = 0;
  let allShipped = false;
  if (request.kind === 'return_refund' && request.returned_at) {
    pieces = request.qty;
  } else if (request.kind === 'refund_only') {
    const withdrawn = await withdrawUnshippedPieces(trx, request.order_id, request.order_line_id, request.qty);
    pieces = withdrawn.withdrawn;
    allShipped = withdrawn.allShipped;
  }
  if (pieces > 0) await releaseStock(trx, [{ skuId: line.sku_id, qty: pieces }]);
  return { allShipped };
}

// ---------------------------------------------------------------------------------------------
// deadlines

async function scheduleDeadline(trx: Trx, clock: Clock, requestId: string, version: number, at: Date): Promise<void> {
  await enqueueJob(trx, clock, { kind: AFTER_SALES_DEADLINE_JOB, payload: { requestId, version }, runAt: at, dedupeKey: `${AFTER_SALES_DEADLINE_JOB}:${requestId}:${version}` });
}

/**
 * A deadline passed: the system takes the step the table names for the waiting status (approve,
 * close, confirm receipt, escalate, confirm the replacement). Under the request's row lock and only
 * for the version the timer was set for, so a second run — or a run after someone acted — does nothing.
 */
export async function runAfterSalesDeadline(trx: Trx, clock: Clock, deps: AfterSalesDeps, requestId: string, version: number): Promise<boolean> {
  const request = await trx.selectFrom('after_sales_request').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
  if (!request || request.version !== version || !request.deadline_at || request.deadline_at.getTime() > clock.now().getTime()) return false;
  const timeout = AFTER_SALES_TIMEOUTS[request.status];
  if (!timeout) return false;
  // A refund that can no longer run (the order was cancelled and refunded meanwhile) must
  // not leave the timer failing forever: the step is undone and the request closed with the reason.
  await sql`savepoint after_sales_timeout`.execute(trx);
  try {
    await transition(trx, clock, deps, request, timeout.action, SYSTEM, { note: timeout.note });
    await sql`release savepoint after_sales_timeout`.execute(trx);
  } catch (error) {
    if (!(error instanceof AppError) || !REFUND_BLOCKED.includes(error.code)) throw error;
    await sql`rollback to savepoint after_sales_timeout`.execute(trx);
    await sql`release savepoint after_sales_timeout`.execute(trx);
    await transition(trx, clock, deps, request, 'close', SYSTEM, { note: `${timeout.note}，但无法退款：${renderMessage(error.code, 'zh-CN', error.params)}；售后关闭` });
  }
  return true;
}

/** Refusals from the money side that no retry of a timer can cure. */
const REFUND_BLOCKED: readonly string[] = ['AFTER_SALES_AMOUNT_TOO_HIGH', 'AFTER_SALES_NOTHING_PAID'];

/** The safety net: deadlines that passed without their timer having acted (re-enqueued; the timer itself decides). */
export async function sweepAfterSalesDeadlines(trx: Trx, clock: Clock): Promise<number> {
  const due = await trx
    .selectFrom('after_sales_request')
    .select(['id', 'version', 'deadline_at'])
    .where('deadline_at', '<=', new Date(clock.now().getTime() - 60_000))
    .where('status', 'in', ['requested', 'awaiting_return', 'returned', 'received_by_merchant', 'replacement_shipped', 'rejected'])
    .orderBy('deadline_at')
    .limit(500)
    .execute();
  for (const r of due) await scheduleDeadline(trx, clock, r.id, r.version, r.deadline_at!);
  return due.length;
}

// ---------------------------------------------------------------------------------------------
// timeline and messages

async function recordEvent(
  trx: Trx,
  clock: Clock,
  e: { requestId: string; action: string; from: AfterSalesStatus | null; to: AfterSalesStatus; actor: AfterSalesActor; note: string | null; amountFen: number | null },
): Promise<void> {
  await trx
    .insertInto('after_sales_event')
    .values({
      id: newId('afe'), request_id: e.requestId, action: e.action, from_status: e.from, to_status: e.to, actor_id: e.actor.id, actor_role: e.actor.role,
      note: e.note, amount_fen: e.amountFen, created_at: clock.now(),
    })
    .execute();
}

export interface MessageInput {
  body: string;
  photoIds?: readonly string[] | undefined;
  /** Platform only: a note only platform staff see. */
  internal?: boolean | undefined;
}

/**
 * Adds to the negotiation record (协商记录). Shopper and merchant write while the request is open;
 * platform staff also after it ended (their notes on a ruling), and may keep a note internal.
 */
export async function addAfterSalesMessage(trx: Trx, clock: Clock, requestId: string, actor: AfterSalesActor & { id: string }, scope: RequestScope, input: MessageInput) {
  let query = trx.selectFrom('after_sales_request').select(['id', 'status', 'shop_id']).where('id', '=', requestId);
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  if (scope.shopId) query = query.where('shop_id', '=', scope.shopId);
  const request = await query.executeTakeFirst();
  if (!request) throw new AppError('AFTER_SALES_NOT_FOUND');
  if (actor.role !== 'platform' && !isOpen(request.status)) throw new AppError('AFTER_SALES_CLOSED');
  const owner: PhotoOwner = actor.role === 'merchant' ? { shopId: request.shop_id } : { userId: actor.id, shopId: null };
  const photos = await resolvePhotos(trx, input.photoIds ?? [], owner);
  const row = {
    id: newId('afm'), request_id: request.id, author_id: actor.id, author_role: actor.role, body: input.body.trim(), photos: JSON.stringify(photos),
    internal: actor.role === 'platform' && Boolean(input.internal), created_at: clock.now(),
  };
  await trx.insertInto('after_sales_message').values(row).execute();
  return { id: row.id, authorRole: row.author_role, body: row.body, photos, internal: row.internal, createdAt: row.created_at };
}
