import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Queryable, Trx } from '../../../db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import { newId } from '../../../shared/ids.ts';
import type { SandboxChannel, SandboxRefundTable, SandboxSubOrderTable, SandboxTradeTable } from './sandbox.tables.ts';
import { GatewayError, type GatewayApp } from './sandbox.settings.ts';
import { queueNotification } from './sandbox.notify.ts';

/**
 * The sandbox gateway's own business logic: trades, payment, refunds, profit sharing, bills and fault
 * settings. It reads and writes only `sandbox_*` tables. Functions that change money take a `Trx` and
 * lock the trade row, so everything about one trade happens in order; the table checks are the
 * backstop (Σ refunds ≤ paid, every fen of a share accounted for).
 */

export { GatewayError, registerSandboxApp, resolveApp, setSandboxFaults, faultsFor, NO_FAULTS, type GatewayApp, type SandboxFaults, type FaultSettings } from './sandbox.settings.ts';

export type Trade = Selectable<SandboxTradeTable>;
export type SubOrder = Selectable<SandboxSubOrderTable>;
export type Refund = Selectable<SandboxRefundTable>;

// --- trades ------------------------------------------------------------------------------------

export interface CreateTradeInput {
  out_trade_no: string;
  amount: number;
  subject: string;
  channel: SandboxChannel;
  notify_url: string;
  return_url: string;
  expires_at: string;
  client_ip?: string | undefined;
  open_id?: string | undefined;
  sub_orders?: { sub_mch_id: string; out_sub_trade_no: string; amount: number; description: string }[] | undefined;
}

/** A trade past its deadline that nobody paid counts as closed, whether or not anyone closed it. */
export function effectiveStatus(trade: Pick<Trade, 'status' | 'expires_at'>, now: Date): Trade['status'] {
  return trade.status === 'WAIT_PAY' && trade.expires_at.getTime() <= now.getTime() ? 'CLOSED' : trade.status;
}

export function tradeView(trade: Trade, subOrders: SubOrder[], now: Date) {
  return {
    trade_no: trade.id,
    out_trade_no: trade.out_trade_no,
    app_id: trade.app_id,
    mch_id: trade.mch_id,
    status: effectiveStatus(trade, now),
    amount: trade.amount_fen,
    refunded_amount: trade.refunded_fen,
    subject: trade.subject,
    expires_at: trade.expires_at.toISOString(),
    paid_at: trade.paid_at?.toISOString() ?? null,
    closed_at: trade.closed_at?.toISOString() ?? null,
    sub_orders: subOrders.map((s) => ({
      sub_mch_id: s.sub_mch_id,
      out_sub_trade_no: s.out_sub_trade_no,
      description: s.description,
      amount: s.amount_fen,
      frozen_amount: s.frozen_fen,
      shared_amount: s.shared_fen,
      released_amount: s.released_fen,
      refunded_amount: s.refunded_fen,
      finished: s.finished,
    })),
  };
}
export type TradeView = ReturnType<typeof tradeView>;

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export async function subOrdersOf(q: Queryable, tradeId: string): Promise<SubOrder[]> {
  return q.selectFrom('sandbox_sub_order').selectAll().where('trade_id', '=', tradeId).orderBy('position').execute();
}

export async function findTrade(q: Queryable, mchId: string, outTradeNo: string): Promise<Trade | undefined> {
  return q.selectFrom('sandbox_trade').selectAll().where('mch_id', '=', mchId).where('out_trade_no', '=', outTradeNo).executeTakeFirst();
}

export async function getTradeById(q: Queryable, tradeId: string): Promise<Trade | undefined> {
  return q.selectFrom('sandbox_trade').selectAll().where('id', '=', tradeId).executeTakeFirst();
}

async function lockTrade(trx: Trx, mchId: string, outTradeNo: string): Promise<Trade> {
  const trade = await trx.selectFrom('sandbox_trade').selectAll().where('mch_id', '=', mchId).where('out_trade_no', '=', outTradeNo).forUpdate().executeTakeFirst();
  if (!trade) throw new GatewayError('TRADE_NOT_FOUND', `trade ${outTradeNo} does not exist`, 404);
  return trade;
}

/**
 * Creates a trade, or returns the existing one for a repeat with the same business fields (a repeat
 * with different ones is OUT_TRADE_NO_USED). Paid or closed trades cannot be paid again.
 */
export async function createTrade(trx: Trx, clock: Clock, app: GatewayApp, input: CreateTradeInput): Promise<{ trade: Trade; subOrders: SubOrder[] }> {
  const now = clock.now();
  const expiresAt = new Date(input.expires_at);
  if (Number.isNaN(expiresAt.getTime())) throw new GatewayError('INVALID_REQUEST', 'expires_at is not a date');
  if (!isHttpUrl(input.notify_url)) throw new GatewayError('INVALID_REQUEST', 'notify_url must be an http(s) URL');
  if (!isHttpUrl(input.return_url)) throw new GatewayError('INVALID_REQUEST', 'return_url must be an http(s) URL');
  const subs = input.sub_orders ?? [];
  if (input.sub_orders && subs.length === 0) throw new GatewayError('INVALID_REQUEST', 'sub_orders must not be empty');
  if (subs.length > 0) {
    if (subs.reduce((s, x) => s + x.amount, 0) !== input.amount) throw new GatewayError('INVALID_REQUEST', 'sub_orders must add up to amount');
    if (new Set(subs.map((s) => s.out_sub_trade_no)).size !== subs.length) throw new GatewayError('INVALID_REQUEST', 'out_sub_trade_no repeats');
  }
  const requestHash = hashOf([input.amount, input.subject, input.notify_url, input.return_url, expiresAt.toISOString(), subs]);

  const inserted = await trx
    .insertInto('sandbox_trade')
    .values({
      id: newId('sbt'),
      app_id: app.appId,
      mch_id: app.mchId,
      out_trade_no: input.out_trade_no,
      amount_fen: input.amount,
      subject: input.subject,
      channel: input.channel,
      notify_url: input.notify_url,
      return_url: input.return_url,
      client_ip: input.client_ip ?? null,
      marketplace: subs.length > 0,
      request_hash: requestHash,
      expires_at: expiresAt,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['mch_id', 'out_trade_no']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    if (expiresAt.getTime() <= now.getTime()) throw new GatewayError('INVALID_REQUEST', 'expires_at is in the past');
    if (subs.length > 0) {
      await trx
        .insertInto('sandbox_sub_order')
        .values(subs.map((s, i) => ({ trade_id: inserted.id, out_sub_trade_no: s.out_sub_trade_no, sub_mch_id: s.sub_mch_id, description: s.description, position: i, amount_fen: s.amount })))
        .execute();
    }
    return { trade: inserted, subOrders: await subOrdersOf(trx, inserted.id) };
  }
  const existing = await lockTrade(trx, app.mchId, input.out_trade_no);
  if (existing.request_hash !== requestHash) throw new GatewayError('OUT_TRADE_NO_USED', `out_trade_no ${input.out_trade_no} was used for a different trade`, 409);
  const status = effectiveStatus(existing, now);
  if (status === 'SUCCESS') throw new GatewayError('TRADE_PAID', `trade ${input.out_trade_no} is already paid`, 409);
  if (status === 'CLOSED') throw new GatewayError('TRADE_CLOSED', `trade ${input.out_trade_no} is closed`, 409);
  return { trade: existing, subOrders: await subOrdersOf(trx, existing.id) };
}

export async function queryTrade(q: Queryable, clock: Clock, app: GatewayApp, outTradeNo: string): Promise<TradeView> {
  const trade = await findTrade(q, app.mchId, outTradeNo);
  if (!trade) throw new GatewayError('TRADE_NOT_FOUND', `trade ${outTradeNo} does not exist`, 404);
  return tradeView(trade, await subOrdersOf(q, trade.id), clock.now());
}

/** Closing is idempotent; a paid trade cannot be closed (TRADE_PAID: the mall must refund instead). */
export async function closeTrade(trx: Trx, clock: Clock, app: GatewayApp, outTradeNo: string): Promise<TradeView> {
  const trade = await lockTrade(trx, app.mchId, outTradeNo);
  if (trade.status === 'SUCCESS') throw new GatewayError('TRADE_PAID', `trade ${outTradeNo} is already paid`, 409);
  let closed = trade;
  if (trade.status === 'WAIT_PAY') {
    closed = await trx.updateTable('sandbox_trade').set({ status: 'CLOSED', closed_at: clock.now() }).where('id', '=', trade.id).returningAll().executeTakeFirstOrThrow();
  }
  return tradeView(closed, await subOrdersOf(trx, trade.id), clock.now());
}

export type PayOutcome =
  | { kind: 'paid' | 'already_paid'; trade: Trade }
  | { kind: 'closed' | 'expired'; trade: Trade }
  | { kind: 'not_found' };

/**
 * The shopper pressed 支付成功 on the hosted page: WAIT_PAY → SUCCESS in one conditional update (a
 * concurrent close or a second click cannot both win), shares frozen, the notification queued in the
 * same transaction. Paying again is a no-op.
 */
export async function payTrade(trx: Trx, clock: Clock, tradeId: string): Promise<PayOutcome> {
  const now = clock.now();
  const paid = await trx
    .updateTable('sandbox_trade')
    .set({ status: 'SUCCESS', paid_at: now })
    .where('id', '=', tradeId)
    .where('status', '=', 'WAIT_PAY')
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (!paid) {
    const trade = await getTradeById(trx, tradeId);
    if (!trade) return { kind: 'not_found' };
    if (trade.status === 'SUCCESS') return { kind: 'already_paid', trade };
    return { kind: trade.status === 'CLOSED' ? 'closed' : 'expired', trade };
  }
  const subOrders = await trx.updateTable('sandbox_sub_order').set((eb) => ({ frozen_fen: eb.ref('amount_fen') })).where('trade_id', '=', tradeId).returningAll().execute();
  subOrders.sort((a, b) => a.position - b.position);
  await queueNotification(trx, clock, paid, {
    kind: 'payment',
    body: {
      event_type: 'TRANSACTION.SUCCESS',
      app_id: paid.app_id,
      mch_id: paid.mch_id,
      out_trade_no: paid.out_trade_no,
      trade_no: paid.id,
      amount: paid.amount_fen,
      status: 'SUCCESS',
      paid_at: now.toISOString(),
      ...(paid.marketplace ? { sub_orders: subOrders.map((s) => ({ sub_mch_id: s.sub_mch_id, out_sub_trade_no: s.out_sub_trade_no, amount: s.amount_fen })) } : {}),
    },
  });
  return { kind: 'paid', trade: paid };
}

// --- refunds -----------------------------------------------------------------------------------

export interface RefundRequest {
  out_trade_no: string;
  out_refund_no: string;
  amount: number;
  total: number;
  reason: string;
  sub_mch_id?: string | undefined;
  out_sub_trade_no?: string | undefined;
  /** After profit sharing: this much comes back from what receivers got (退分账), before the sub-merchant's part. */
  return_from_receivers?: number | undefined;
}

export function refundView(refund: Refund, trade: Pick<Trade, 'id' | 'out_trade_no'>) {
  return {
    refund_no: refund.id,
    out_refund_no: refund.out_refund_no,
    trade_no: trade.id,
    out_trade_no: trade.out_trade_no,
    out_sub_trade_no: refund.out_sub_trade_no,
    amount: refund.amount_fen,
    status: refund.status,
    reason: refund.reason,
    success_time: refund.succeeded_at?.toISOString() ?? null,
    funds_from: { frozen: refund.from_frozen_fen, merchant: refund.from_merchant_fen, receivers: refund.from_receivers_fen },
  };
}
export type RefundView = ReturnType<typeof refundView>;

/**
 * Refunds are idempotent by (trade, out_refund_no): a repeat returns the first refund. The trade row
 * is locked, so concurrent refunds of one trade run one at a time, and the conditional updates (plus
 * the tables' checks) keep Σ refunds ≤ paid. In marketplace mode the money comes out of one share:
 * first what receivers are asked to return (return_from_receivers), then its frozen funds, then what
 * was released to the sub-merchant, then the rest of what receivers got.
 */
export async function refundTrade(trx: Trx, clock: Clock, app: GatewayApp, input: RefundRequest): Promise<RefundView> {
  const now = clock.now();
  const trade = await lockTrade(trx, app.mchId, input.out_trade_no);
  const existing = await trx.selectFrom('sandbox_refund').selectAll().where('trade_id', '=', trade.id).where('out_refund_no', '=', input.out_refund_no).executeTakeFirst();
  if (existing) return refundView(existing, trade);
  if (trade.status !== 'SUCCESS') throw new GatewayError('TRADE_NOT_PAID', `trade ${input.out_trade_no} is not paid`, 409);
  if (input.total !== trade.amount_fen) throw new GatewayError('INVALID_REQUEST', `total ${input.total} does not match the trade amount ${trade.amount_fen}`);
  if (input.amount > trade.amount_fen - trade.refunded_fen) {
    throw new GatewayError('REFUND_EXCEEDS_PAID', `refund ${input.amount} exceeds the refundable ${trade.amount_fen - trade.refunded_fen}`, 409);
  }

  let outSubTradeNo: string | null = null;
  let from = { frozen: 0, merchant: 0, receivers: 0 };
  if (trade.marketplace) {
    const subs = await trx.selectFrom('sandbox_sub_order').selectAll().where('trade_id', '=', trade.id).orderBy('position').forUpdate().execute();
    const candidates = subs.filter(
      (s) => (input.out_sub_trade_no === undefined || s.out_sub_trade_no === input.out_sub_trade_no) && (input.sub_mch_id === undefined || s.sub_mch_id === input.sub_mch_id),
    );
    if (candidates.length === 0) throw new GatewayError('SUB_ORDER_NOT_FOUND', 'no such sub-order in this trade', 404);
    if (candidates.length > 1) throw new GatewayError('SUB_ORDER_REQUIRED', 'this trade has several sub-orders: name one (out_sub_trade_no)');
    const sub = candidates[0]!;
    if (input.amount > sub.amount_fen - sub.refunded_fen) {
      throw new GatewayError('REFUND_EXCEEDS_PAID', `refund ${input.amount} exceeds the sub-order's refundable ${sub.amount_fen - sub.refunded_fen}`, 409);
    }
    let rest = input.amount;
    const take = (available: number) => {
      const n = Math.min(available, rest);
      rest -= n;
      return n;
    };
    const returned = input.return_from_receivers ?? 0;
    if (returned > Math.min(sub.shared_fen, input.amount)) {
      throw new GatewayError('INVALID_REQUEST', `return_from_receivers ${returned} exceeds what receivers got (${sub.shared_fen}) or the refund`);
    }
    const fromReceivers = take(returned);
    from = { frozen: take(sub.frozen_fen), merchant: take(sub.released_fen), receivers: fromReceivers + take(sub.shared_fen - fromReceivers) };
    if (rest !== 0) throw new Error(`sandbox sub-order ${sub.out_sub_trade_no} does not add up`);
    const moved = await trx
      .updateTable('sandbox_sub_order')
      .set((eb) => ({
        frozen_fen: eb('frozen_fen', '-', from.frozen),
        released_fen: eb('released_fen', '-', from.merchant),
        shared_fen: eb('shared_fen', '-', from.receivers),
        refunded_fen: eb('refunded_fen', '+', input.amount),
      }))
      .where('trade_id', '=', trade.id)
      .where('out_sub_trade_no', '=', sub.out_sub_trade_no)
      .where((eb) => eb(eb('refunded_fen', '+', input.amount), '<=', eb.ref('amount_fen')))
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new GatewayError('REFUND_EXCEEDS_PAID', 'refund exceeds the sub-order', 409);
    outSubTradeNo = sub.out_sub_trade_no;
  } else if (input.out_sub_trade_no !== undefined || input.sub_mch_id !== undefined) {
    throw new GatewayError('SUB_ORDER_NOT_FOUND', 'this trade has no sub-orders', 404);
  }

  const counted = await trx
    .updateTable('sandbox_trade')
    .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', input.amount) }))
    .where('id', '=', trade.id)
    .where('status', '=', 'SUCCESS')
    .where((eb) => eb(eb('refunded_fen', '+', input.amount), '<=', eb.ref('amount_fen')))
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) throw new GatewayError('REFUND_EXCEEDS_PAID', 'refund exceeds the paid amount', 409);

  const refund = await trx
    .insertInto('sandbox_refund')
    .values({
      id: newId('sbr'),
      trade_id: trade.id,
      mch_id: trade.mch_id,
      out_refund_no: input.out_refund_no,
      out_sub_trade_no: outSubTradeNo,
      amount_fen: input.amount,
      reason: input.reason,
      status: 'SUCCESS',
      from_frozen_fen: from.frozen,
      from_merchant_fen: from.merchant,
      from_receivers_fen: from.receivers,
      created_at: now,
      succeeded_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await queueNotification(trx, clock, trade, {
    kind: 'refund',
    refundId: refund.id,
    body: {
      event_type: 'REFUND.SUCCESS',
      app_id: trade.app_id,
      mch_id: trade.mch_id,
      out_trade_no: trade.out_trade_no,
      trade_no: trade.id,
      out_refund_no: refund.out_refund_no,
      refund_no: refund.id,
      amount: refund.amount_fen,
      status: 'SUCCESS',
      success_time: now.toISOString(),
      ...(outSubTradeNo ? { out_sub_trade_no: outSubTradeNo } : {}),
    },
  });
  return refundView(refund, trade);
}

export async function queryRefund(q: Queryable, app: GatewayApp, outTradeNo: string, outRefundNo: string): Promise<RefundView> {
  const trade = await findTrade(q, app.mchId, outTradeNo);
  if (!trade) throw new GatewayError('TRADE_NOT_FOUND', `trade ${outTradeNo} does not exist`, 404);
  const refund = await q.selectFrom('sandbox_refund').selectAll().where('trade_id', '=', trade.id).where('out_refund_no', '=', outRefundNo).executeTakeFirst();
  if (!refund) throw new GatewayError('REFUND_NOT_FOUND', `refund ${outRefundNo} does not exist`, 404);
  return refundView(refund, trade);
}

// --- profit sharing ------------------------------------------------------------------------------

export interface ProfitShareRequest {
  out_trade_no: string;
  trade_no?: string | undefined;
  sub_mch_id: string;
  out_sub_trade_no: string;
  out_order_no: string;
  receivers: { account: string; amount: number; description: string }[];
  finish: boolean;
}

function profitShareView(row: { id: string; out_order_no: string; out_sub_trade_no: string; shared_fen: number; released_fen: number; finish: boolean; status: string }, trade: Pick<Trade, 'id' | 'out_trade_no'>, sub: Pick<SubOrder, 'frozen_fen'>) {
  return {
    order_no: row.id,
    out_order_no: row.out_order_no,
    trade_no: trade.id,
    out_trade_no: trade.out_trade_no,
    out_sub_trade_no: row.out_sub_trade_no,
    status: row.status,
    shared_amount: row.shared_fen,
    released_amount: row.released_fen,
    finish: row.finish,
    frozen_left: sub.frozen_fen,
  };
}
export type ProfitShareView = ReturnType<typeof profitShareView>;

/**
 * 分账: pays receivers out of one share's frozen funds; `finish` unfreezes the rest to the
 * sub-merchant and closes the share for sharing. Idempotent by out_order_no (per merchant).
 */
export async function profitShare(trx: Trx, clock: Clock, app: GatewayApp, input: ProfitShareRequest): Promise<ProfitShareView> {
  const trade = await lockTrade(trx, app.mchId, input.out_trade_no);
  if (input.trade_no !== undefined && input.trade_no !== trade.id) throw new GatewayError('INVALID_REQUEST', 'trade_no does not match out_trade_no');
  const subOf = async () =>
    trx.selectFrom('sandbox_sub_order').selectAll().where('trade_id', '=', trade.id).where('out_sub_trade_no', '=', input.out_sub_trade_no).forUpdate().executeTakeFirst();
  const existing = await trx.selectFrom('sandbox_profit_share').selectAll().where('mch_id', '=', app.mchId).where('out_order_no', '=', input.out_order_no).executeTakeFirst();
  if (existing) {
    const existingTrade = existing.trade_id === trade.id ? trade : (await getTradeById(trx, existing.trade_id))!;
    const sub = await trx.selectFrom('sandbox_sub_order').select('frozen_fen').where('trade_id', '=', existing.trade_id).where('out_sub_trade_no', '=', existing.out_sub_trade_no).executeTakeFirstOrThrow();
    return profitShareView(existing, existingTrade, sub);
  }
  if (trade.status !== 'SUCCESS') throw new GatewayError('TRADE_NOT_PAID', `trade ${input.out_trade_no} is not paid`, 409);
  const sub = await subOf();
  if (!sub || sub.sub_mch_id !== input.sub_mch_id) throw new GatewayError('SUB_ORDER_NOT_FOUND', 'no such sub-order in this trade', 404);
  if (sub.finished) throw new GatewayError('SUB_ORDER_FINISHED', 'profit sharing for this sub-order is finished', 409);
  if (input.receivers.length === 0 && !input.finish) throw new GatewayError('INVALID_REQUEST', 'receivers must not be empty unless finish is true');
  const total = input.receivers.reduce((s, r) => s + r.amount, 0);
  if (total > sub.frozen_fen) throw new GatewayError('PROFIT_SHARE_EXCEEDS_FROZEN', `sharing ${total} exceeds the frozen ${sub.frozen_fen}`, 409);
  const released = input.finish ? sub.frozen_fen - total : 0;
  const after = await trx
    .updateTable('sandbox_sub_order')
    .set((eb) => ({
      frozen_fen: eb('frozen_fen', '-', total + released),
      shared_fen: eb('shared_fen', '+', total),
      released_fen: eb('released_fen', '+', released),
      finished: input.finish,
    }))
    .where('trade_id', '=', trade.id)
    .where('out_sub_trade_no', '=', sub.out_sub_trade_no)
    .where('frozen_fen', '>=', total + released)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new GatewayError('PROFIT_SHARE_EXCEEDS_FROZEN', 'frozen funds changed', 409);
  const row = await trx
    .insertInto('sandbox_profit_share')
    .values({
      id: newId('sbp'),
      mch_id: app.mchId,
      out_order_no: input.out_order_no,
      trade_id: trade.id,
      out_sub_trade_no: sub.out_sub_trade_no,
      receivers: JSON.stringify(input.receivers.map((r) => ({ account: r.account, amount_fen: r.amount, description: r.description }))),
      shared_fen: total,
      finish: input.finish,
      released_fen: released,
      status: 'FINISHED',
      created_at: clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return profitShareView(row, trade, after);
}

// --- daily bill --------------------------------------------------------------------------------

export interface BillLine {
  type: 'payment' | 'refund';
  out_trade_no: string;
  trade_no: string;
  out_refund_no: string | null;
  refund_no: string | null;
  amount: number;
  at: string;
}

/** China has no daylight saving: a China day is [date 00:00 +08:00, next day 00:00 +08:00). */
export function chinaDayRange(date: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const start = m ? new Date(`${date}T00:00:00+08:00`) : new Date(NaN);
  if (Number.isNaN(start.getTime()) || new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) !== date) {
    throw new GatewayError('INVALID_REQUEST', `bad date ${date}`);
  }
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/** Payments (by paid time) and successful refunds (by success time) of one China day, oldest first. */
export async function dailyBill(q: Queryable, app: GatewayApp, date: string): Promise<BillLine[]> {
  const { start, end } = chinaDayRange(date);
  const payments = await q
    .selectFrom('sandbox_trade')
    .select(['id', 'out_trade_no', 'amount_fen', 'paid_at'])
    .where('mch_id', '=', app.mchId)
    .where('paid_at', '>=', start)
    .where('paid_at', '<', end)
    .execute();
  const refunds = await q
    .selectFrom('sandbox_refund')
    .innerJoin('sandbox_trade', 'sandbox_trade.id', 'sandbox_refund.trade_id')
    .select(['sandbox_refund.id', 'sandbox_refund.out_refund_no', 'sandbox_refund.amount_fen', 'sandbox_refund.succeeded_at', 'sandbox_trade.id as trade_id', 'sandbox_trade.out_trade_no'])
    .where('sandbox_refund.mch_id', '=', app.mchId)
    .where('sandbox_refund.status', '=', 'SUCCESS')
    .where('sandbox_refund.succeeded_at', '>=', start)
    .where('sandbox_refund.succeeded_at', '<', end)
    .execute();
  const lines: (BillLine & { ms: number })[] = [
    ...payments.map((p) => ({ type: 'payment' as const, out_trade_no: p.out_trade_no, trade_no: p.id, out_refund_no: null, refund_no: null, amount: p.amount_fen, at: p.paid_at!.toISOString(), ms: p.paid_at!.getTime() })),
    ...refunds.map((r) => ({ type: 'refund' as const, out_trade_no: r.out_trade_no, trade_no: r.trade_id, out_refund_no: r.out_refund_no, refund_no: r.id, amount: r.amount_fen, at: r.succeeded_at!.toISOString(), ms: r.succeeded_at!.getTime() })),
  ];
  lines.sort((a, b) => a.ms - b.ms || a.type.localeCompare(b.type) || a.trade_no.localeCompare(b.trade_no));
  return lines.map(({ ms: _ms, ...line }) => line);
}

function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** The bill as CSV text (UTF-8, amounts in yuan, times in China time), with a totals line like WeChat's. */
export function billCsv(date: string, lines: BillLine[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const rows = [['交易时间', '类型', '商户订单号', '网关交易号', '商户退款单号', '网关退款单号', '金额(元)']];
  for (const l of lines) rows.push([chinaTime(l.at), l.type === 'payment' ? '支付' : '退款', l.out_trade_no, l.trade_no, l.out_refund_no ?? '', l.refund_no ?? '', yuan(l.amount)]);
  const paid = lines.filter((l) => l.type === 'payment').reduce((s, l) => s + l.amount, 0);
  const refunded = lines.filter((l) => l.type === 'refund').reduce((s, l) => s + l.amount, 0);
  rows.push([], ['账单日期', '支付笔数', '支付金额(元)', '退款笔数', '退款金额(元)'], [date, String(lines.filter((l) => l.type === 'payment').length), yuan(paid), String(lines.filter((l) => l.type === 'refund').length), yuan(refunded)]);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
