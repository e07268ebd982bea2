import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { ErrorCode } from '../../http/error-catalogue.ts';
import { MINUTE, type Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { maskMobile } from '../identity/identity.rules.ts';
import { lockOrder, recordOrderEvent, transitionOrder, type OrderActor } from '../orders/orders.service.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';

/** 提货码: eight random digits (crypto), so neighbouring orders' codes say nothing about each other. */
export const PICKUP_CODE_DIGITS = 8;
/** Failed checks a shop may make per window before it has to wait (guessing 8 digits is then hopeless). */
export const PICKUP_MAX_FAILURES = 20;
export const PICKUP_WINDOW_MS = 10 * MINUTE;

export function randomPickupCode(): string {
  return String(crypto.randomInt(0, 10 ** PICKUP_CODE_DIGITS)).padStart(PICKUP_CODE_DIGITS, '0');
}

/** What a scanner or a person typed ("1234 5678", "1234-5678") → the digits; null when it cannot be a code. */
export function normalisePickupCode(text: string): string | null {
  const digits = text.normalize('NFKC').replace(/[\s\-]/g, '');
  return new RegExp(`^\\d{${PICKUP_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * 备货完成 for a paid pickup order: makes its pickup code (unique among the shop's open codes — the
 * partial unique index decides, a clash draws again) and notes it on the order's timeline. Asking
 * again returns the same code.
 */
export async function markPickupReady(trx: Trx, clock: Clock, input: { shopId: string; orderId: string; actor: OrderActor }): Promise<{ orderId: string; readyAt: Date; created: boolean }> {
  const order = await lockOrder(trx, input.orderId, { shopId: input.shopId });
  if (order.delivery_method !== 'pickup') throw new AppError('PICKUP_NOT_PICKUP_ORDER');
  const existing = await trx.selectFrom('pickup_code').select(['created_at', 'status']).where('order_id', '=', order.id).executeTakeFirst();
  if (existing && existing.status !== 'void') return { orderId: order.id, readyAt: existing.created_at, created: false };
  if (order.status !== 'paid') throw new AppError('ORDER_STATUS_CONFLICT', { from: order.status, action: 'ready' });
  const now = clock.now();
  if (existing) await trx.deleteFrom('pickup_code').where('order_id', '=', order.id).where('status', '=', 'void').execute();
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await trx
      .insertInto('pickup_code')
      .values({ id: newId('pku'), order_id: order.id, shop_id: order.shop_id, code: randomPickupCode(), status: 'open', created_by: input.actor.id, created_at: now })
      .onConflict((oc) => oc.columns(['shop_id', 'code']).where('status', '=', 'open').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) {
      await recordOrderEvent(trx, clock, { orderId: order.id, action: 'pickup_ready', from: 'paid', to: 'paid', actor: input.actor, note: '备货完成，请凭提货码到店自提' });
      return { orderId: order.id, readyAt: now, created: true };
    }
  }
  throw new Error('could not draw a free pickup code');
}

function windowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / PICKUP_WINDOW_MS) * PICKUP_WINDOW_MS);
}

async function failuresNow(q: Queryable, shopId: string, now: Date): Promise<number> {
  const row = await q.selectFrom('pickup_attempt').select('failures').where('shop_id', '=', shopId).where('window_start', '=', windowStart(now)).executeTakeFirst();
  return row?.failures ?? 0;
}

async function countFailure(trx: Trx, shopId: string, now: Date): Promise<void> {
  await trx
    .insertInto('pickup_attempt')
    .values({ shop_id: shopId, window_start: windowStart(now), failures: 1 })
    .onConflict((oc) => oc.columns(['shop_id', 'window_start']).doUpdateSet({ failures: sql`pickup_attempt.failures + 1` }))
    .execute();
}

export interface HandedOver {
  orderId: string;
  buyer: string | null;
  lines: { title: string; spec: Record<string, string>; qty: number; imageUrl: string | null }[];
  usedAt: Date;
}

type Outcome = { ok: true; value: HandedOver } | { ok: false; code: ErrorCode; params?: Record<string, string | number>; counts: boolean };

/**
 * 核销: shop staff check a pickup code and hand the order over. The code must be this shop's and
 * open; its order must still be paid. Marking it used is a conditional update, so two scans of one
 * code hand over once. The order then goes `ship` → `confirm_receipt` in the same transaction (the
 * buyer has it in hand: the after-sales window starts now). Wrong codes count against the shop's
 * attempts (PICKUP_MAX_FAILURES per PICKUP_WINDOW_MS); another shop's code is a wrong code here, so
 * nothing tells staff which codes exist elsewhere.
 */
export async function verifyPickupCode(db: Db, clock: Clock, timers: OrderTimers, input: { shopId: string; code: string; actor: OrderActor }): Promise<HandedOver> {
  const now = clock.now();
  const failures = await failuresNow(db, input.shopId, now);
  if (failures >= PICKUP_MAX_FAILURES) {
    throw new AppError('PICKUP_VERIFY_THROTTLED', { minutes: Math.max(1, Math.ceil((windowStart(now).getTime() + PICKUP_WINDOW_MS - now.getTime()) / MINUTE)) });
  }
  const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
    const code = normalisePickupCode(input.code);
    const fail = async (errorCode: ErrorCode, counts: boolean, params?: Record<string, string | number>): Promise<Outcome> => {
      if (counts) await countFailure(trx, input.shopId, now);
      return { ok: false, code: errorCode, counts, ...(params ? { params } : {}) };
    };
    if (!code) return fail('PICKUP_CODE_INVALID', true);
    // The open code if there is one, else the most recently used one with these digits.
    const row = await trx
      .selectFrom('pickup_code')
      .selectAll()
      .where('shop_id', '=', input.shopId)
      .where('code', '=', code)
      .orderBy(sql`status = 'open'`, 'desc')
      .orderBy('used_at', (ob) => ob.desc().nullsLast())
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.status === 'void') return fail('PICKUP_CODE_INVALID', true);
    if (row.status === 'used') return fail('PICKUP_CODE_USED', false, { time: chinaText(row.used_at!) });
    const order = await lockOrder(trx, row.order_id, { shopId: input.shopId });
    if (order.status !== 'paid') {
      await trx.updateTable('pickup_code').set({ status: 'void' }).where('id', '=', row.id).where('status', '=', 'open').execute();
      return fail('ORDER_STATUS_CONFLICT', false, { from: order.status, action: 'pickup' });
    }
    const used = await trx
      .updateTable('pickup_code')
      .set({ status: 'used', used_at: now, used_by: input.actor.id })
      .where('id', '=', row.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return fail('PICKUP_CODE_USED', false, { time: chinaText(now) });
    // Everything is handed over: the shipped counters say so too.
    await sql`insert into fulfilment_line (order_line_id, order_id, ordered_qty, shipped_qty)
      select id, order_id, qty, qty from order_line where order_id = ${order.id}
      on conflict (order_line_id) do update set shipped_qty = excluded.ordered_qty`.execute(trx);
    const scope = { scope: { shopId: input.shopId } };
    await transitionOrder(trx, clock, timers, order.id, 'ship', input.actor, { ...scope, note: '到店自提：提货码核销' });
    await transitionOrder(trx, clock, timers, order.id, 'confirm_receipt', input.actor, { ...scope, note: '买家已凭提货码到店提货' });
    const lines = await trx.selectFrom('order_line').select(['title', 'spec', 'qty', 'image_url as imageUrl']).where('order_id', '=', order.id).orderBy('id').execute();
    const buyer = await trx.selectFrom('app_user').select('mobile').where('id', '=', order.user_id).executeTakeFirst();
    return { ok: true, value: { orderId: order.id, buyer: buyer?.mobile ? maskMobile(buyer.mobile) : null, lines, usedAt: now } };
  });
  if (!outcome.ok) throw new AppError(outcome.code, outcome.params ?? {});
  return outcome.value;
}

function chinaText(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Old attempt counters go (a daily job). */
export async function purgePickupAttempts(q: Queryable, now: Date): Promise<number> {
  const result = await q.deleteFrom('pickup_attempt').where('window_start', '<', new Date(now.getTime() - 24 * 60 * MINUTE)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
