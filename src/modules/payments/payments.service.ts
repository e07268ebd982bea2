import type { Selectable } from 'kysely';
import type { Db, Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { faultPoint } from '../../shared/fault-points.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJob } from '../../shared/jobs.ts';
import { markPaymentOrderPaid } from '../orders/orders.service.ts';
import { notifyOrderPaid, notifyRefundSucceeded } from '../notifications/notifications.service.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';
import type { PaymentGateways } from './payment-gateways.ts';
import { NotificationRejected, type IncomingNotification, type NotificationAck, type PaymentAction, type PaymentChannel, type VerifiedNotification } from './provider.ts';
import { postCapture, postRefundRecovered, postRefundRequested, postRefundSent, postTopUp, postUnmatchedCapture, type AttemptRef, type RecoveryPosting } from './payments.postings.ts';
import { profitShareOrderNo, recoverSettledRefund } from './settlement.service.ts';
import { getPaymentSettings, shopPayee } from './payments.settings.ts';
import type { PaymentAttemptTable, PaymentMethod, RefundCause } from './payments.tables.ts';

export interface PaymentDeps {
  db: Db;
  clock: Clock;
  timers: OrderTimers;
  gateways: PaymentGateways;
}

export type Attempt = Selectable<PaymentAttemptTable>;

export const JOBS = {
  query: 'payments.query-attempt',
  close: 'payments.close-attempt',
  sendRefund: 'payments.send-refund',
  queryRefund: 'payments.query-refund',
} as const;

function ref(a: Attempt): AttemptRef {
  return { id: a.id, userId: a.user_id, provider: a.provider, mode: a.mode, amountFen: Number(a.amount_fen) };
}

/** The ledger refuses to take a protected balance below zero; at the cashier that means "not enough balance". */
async function asBalanceError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'LEDGER_INSUFFICIENT_BALANCE') throw new AppError('BALANCE_INSUFFICIENT');
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// paying

export interface StartPaymentInput {
  method: PaymentMethod;
  channel: PaymentChannel;
}

export interface StartedPayment {
  attemptId: string;
  paymentOrderId: string | null;
  method: PaymentMethod;
  status: Attempt['status'];
  /** What the browser does next (online methods while unpaid). */
  action: PaymentAction | null;
  replayed: boolean;
}

/** Shop orders being paid by a payment order, with what each shop receives. */
async function payableOrders(q: Queryable, paymentOrderId: string) {
  return q
    .selectFrom('shop_order as o')
    .innerJoin('shop as s', 's.id', 'o.shop_id')
    .select(['o.id', 'o.shop_id as shopId', 's.name as shopName', 'o.payable_fen as payableFen', 'o.delivery_method as delivery', 'o.status'])
    .where('o.payment_order_id', '=', paymentOrderId)
    .where('o.status', '=', 'pending_payment')
    .orderBy('o.id')
    .execute();
}

async function createFunds(trx: Trx, clock: Clock, attempt: Attempt, orders: { id: string; shopId: string; payableFen: number }[]): Promise<void> {
  const now = clock.now();
  if (orders.length > 0) {
    await trx
      .insertInto('order_funds')
      .values(orders.map((o) => ({
        shop_order_id: o.id, shop_id: o.shopId, payment_attempt_id: attempt.id, provider: attempt.provider, mode: attempt.mode,
        captured_fen: Number(o.payableFen), status: 'held' as const, created_at: now,
      })))
      .execute();
  }
  await postCapture(trx, now, ref(attempt), orders.map((o) => ({ shopId: o.shopId, amountFen: Number(o.payableFen) })));
}

/**
 * 收银台: starts paying a payment order with one method. Balance pays at once (the ledger refuses an
 * overdraft); cash on delivery sends the orders to 待发货 with nothing captured; online methods create
 * an attempt (our out_trade_no) in the database first and only then call the provider, outside any
 * transaction. The order is paid only when a verified notification or an active query says so.
 */
export async function startPayment(deps: PaymentDeps, userId: string, paymentOrderId: string, input: StartPaymentInput, idempotencyKey: string, clientIp?: string): Promise<StartedPayment> {
  const { db, clock } = deps;
  if (input.method !== 'balance' && input.method !== 'cod' && !deps.gateways.has(input.method)) throw new AppError('PAYMENT_METHOD_UNAVAILABLE', { method: input.method });
  const started = await asBalanceError(() =>
    db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('payment_attempt').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
      if (existing) return { attempt: existing, replayed: true };
      const payment = await trx.selectFrom('payment_order').selectAll().where('id', '=', paymentOrderId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
      if (!payment) throw new AppError('ORDER_NOT_FOUND');
      const now = clock.now();
      if (payment.status !== 'pending' || payment.expires_at.getTime() <= now.getTime()) {
        throw new AppError('PAYMENT_NOT_PAYABLE', { status: payment.status === 'pending' ? 'expired' : payment.status });
      }
      const orders = await payableOrders(trx, paymentOrderId);
      const settings = await getPaymentSettings(trx);
      const offline = input.method === 'balance' || input.method === 'cod';
      if (input.method === 'cod' && orders.some((o) => o.delivery !== 'express')) throw new AppError('COD_NOT_AVAILABLE');
      // Alipay 直付通 settles one trade to one sub-merchant: no combined payment across shops.
      if (input.method === 'alipay' && settings.mode === 'marketplace' && orders.length > 1) throw new AppError('PAYMENT_METHOD_UNAVAILABLE', { method: '支付宝（多店铺订单）' });
      const attempt = await trx
        .insertInto('payment_attempt')
        .values({
          id: newId('pat'),
          purpose: 'order',
          payment_order_id: paymentOrderId,
          user_id: userId,
          provider: input.method,
          channel: offline ? input.method : input.channel,
          // Balance and COD money is the platform's to hold whatever the mode.
          mode: offline ? 'platform_collect' : settings.mode,
          amount_fen: Number(payment.amount_fen),
          status: offline ? 'succeeded' : 'created',
          idempotency_key: idempotencyKey,
          created_at: now,
          expires_at: payment.expires_at,
          succeeded_at: offline ? now : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (offline) {
        if (input.method === 'balance') await createFunds(trx, clock, attempt, orders);
        await markPaymentOrderPaid(trx, clock, deps.timers, paymentOrderId);
        if (input.method === 'balance') await notifyOrderPaid(trx, clock, userId, { paymentOrderId, amountFen: Number(payment.amount_fen), orders });
        await closeOtherAttempts(trx, clock, attempt);
      }
      return { attempt, replayed: false };
    }),
  );
  const { attempt } = started;
  const result: StartedPayment = { attemptId: attempt.id, paymentOrderId: attempt.payment_order_id, method: attempt.provider, status: attempt.status, action: null, replayed: started.replayed };
  if (attempt.status !== 'created') return result;
  faultPoint('payments.after-attempt');
  result.action = await createAtProvider(deps, attempt, clientIp);
  return result;
}

/** Calls the provider for an attempt (again, on a retry: the provider answers by our out_trade_no). */
async function createAtProvider(deps: PaymentDeps, attempt: Attempt, clientIp?: string): Promise<PaymentAction> {
  const provider = deps.gateways.get(attempt.provider);
  let subject = '集市 账户充值';
  let splits;
  if (attempt.purpose === 'order') {
    const orders = await deps.db
      .selectFrom('shop_order as o')
      .innerJoin('shop as s', 's.id', 'o.shop_id')
      .select(['o.id', 'o.shop_id as shopId', 's.name as shopName', 'o.payable_fen as payableFen'])
      .where('o.payment_order_id', '=', attempt.payment_order_id!)
      .where('o.status', 'in', ['pending_payment', 'paid'])
      .orderBy('o.id')
      .execute();
    subject = orders.length === 1 ? `${orders[0]!.shopName} 订单` : `集市 订单（${orders.length} 家店铺）`;
    if (attempt.mode === 'marketplace') {
      splits = [];
      for (const o of orders) {
        const payee = (await shopPayee(deps.db, o.shopId)) ?? (attempt.provider === 'sandbox' ? `sandbox-${o.shopId}` : null);
        if (!payee) throw new AppError('PAYMENT_METHOD_UNAVAILABLE', { method: attempt.provider });
        splits.push({ subMerchantId: payee, outSubTradeNo: o.id, amountFen: Number(o.payableFen), description: `${o.shopName} 订单 ${o.id}` });
      }
    }
  }
  const returnUrl = attempt.purpose === 'order' ? `${deps.gateways.publicUrl}/pay/${attempt.payment_order_id}/result?attempt=${attempt.id}` : `${deps.gateways.publicUrl}/me/wallet?topup=${attempt.id}`;
  try {
    return await provider.create({
      outTradeNo: attempt.id,
      amountFen: Number(attempt.amount_fen),
      subject,
      channel: attempt.channel as PaymentChannel,
      notifyUrl: deps.gateways.notifyUrl(provider.name),
      returnUrl,
      expiresAt: attempt.expires_at,
      ...(splits ? { splits } : {}),
      ...(clientIp ? { clientIp } : {}),
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('PAYMENT_PROVIDER_ERROR');
  }
}

/** Once one attempt paid, the others for the same payment order are closed at their providers. */
async function closeOtherAttempts(trx: Trx, clock: Clock, paid: Attempt): Promise<void> {
  if (!paid.payment_order_id) return;
  const open = await trx.selectFrom('payment_attempt').select('id').where('payment_order_id', '=', paid.payment_order_id).where('status', '=', 'created').where('id', '<>', paid.id).execute();
  for (const a of open) await enqueueJob(trx, clock, { kind: JOBS.close, payload: { attemptId: a.id }, dedupeKey: `${JOBS.close}:${a.id}` });
}

/** Closes every open attempt of a payment order (it was cancelled): each at its provider, by a job. */
export async function closeOpenAttempts(trx: Trx, clock: Clock, paymentOrderId: string): Promise<void> {
  const open = await trx.selectFrom('payment_attempt').select('id').where('payment_order_id', '=', paymentOrderId).where('status', '=', 'created').execute();
  for (const a of open) await enqueueJob(trx, clock, { kind: JOBS.close, payload: { attemptId: a.id }, dedupeKey: `${JOBS.close}:${a.id}` });
}

export type PaymentResultOutcome = 'paid' | 'topped_up' | 'already' | 'duplicate_refunded' | 'late_refunded' | 'closed' | 'ignored' | 'amount_mismatch' | 'unknown';

/**
 * What a provider said about an attempt (from a verified notification or an active query), applied
 * once: the attempt's row lock makes concurrent and repeated reports take turns, and status only
 * moves forward. A payment for an order that was cancelled meanwhile, paid twice, or whose amount
 * changed is captured and refunded in full at once.
 */
export async function applyPaymentResult(
  trx: Trx,
  clock: Clock,
  timers: OrderTimers,
  attemptId: string,
  result: { status: 'paid' | 'closed'; amountFen?: number | undefined; providerTradeNo?: string | undefined; paidAt?: Date | undefined },
): Promise<PaymentResultOutcome> {
  const attempt = await trx.selectFrom('payment_attempt').selectAll().where('id', '=', attemptId).forUpdate().executeTakeFirst();
  if (!attempt || attempt.provider === 'balance' || attempt.provider === 'cod') return 'unknown';
  if (result.status === 'closed') {
    if (attempt.status !== 'created') return 'ignored';
    await trx.updateTable('payment_attempt').set({ status: 'closed', closed_at: clock.now() }).where('id', '=', attemptId).execute();
    return 'closed';
  }
  if (result.amountFen !== Number(attempt.amount_fen)) return 'amount_mismatch';
  if (attempt.status === 'succeeded') return 'already';
  const now = clock.now();
  const succeeded = await trx
    .updateTable('payment_attempt')
    .set({ status: 'succeeded', provider_trade_no: result.providerTradeNo ?? null, succeeded_at: now })
    .where('id', '=', attemptId)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (succeeded.purpose === 'topup') {
    await postTopUp(trx, now, ref(succeeded));
    return 'topped_up';
  }
  const payment = await trx.selectFrom('payment_order').select(['amount_fen', 'status']).where('id', '=', succeeded.payment_order_id!).executeTakeFirstOrThrow();
  const amountChanged = payment.status === 'pending' && Number(payment.amount_fen) !== Number(succeeded.amount_fen);
  const orders = await payableOrders(trx, succeeded.payment_order_id!);
  const outcome = amountChanged ? 'amount_changed' : await markPaymentOrderPaid(trx, clock, timers, succeeded.payment_order_id!);
  if (outcome === 'paid') {
    await createFunds(trx, clock, succeeded, orders);
    await notifyOrderPaid(trx, clock, succeeded.user_id, { paymentOrderId: succeeded.payment_order_id!, amountFen: Number(succeeded.amount_fen), orders });
    await closeOtherAttempts(trx, clock, succeeded);
    return 'paid';
  }
  const cause: RefundCause = outcome === 'already_paid' ? 'duplicate_payment' : 'late_payment';
  const why = { already_paid: '重复支付，自动退款', late_after_cancel: '订单已取消，支付自动退回', amount_changed: '订单金额已变更，支付自动退回' }[outcome];
  await postUnmatchedCapture(trx, now, ref(succeeded), why);
  await createRefund(trx, clock, succeeded, { shopOrderId: null, shopId: null, orderLineId: null, amountFen: Number(succeeded.amount_fen), reason: why, cause, destination: 'original' });
  return cause === 'duplicate_payment' ? 'duplicate_refunded' : 'late_refunded';
}

// ---------------------------------------------------------------------------------------------
// refunds

interface NewRefund {
  shopOrderId: string | null;
  shopId: string | null;
  orderLineId: string | null;
  amountFen: number;
  reason: string;
  cause: RefundCause;
  destination: 'original' | 'balance';
  /** After settlement: where the money comes back from (otherwise the shop's held funds). */
  recovery?: RecoveryPosting;
}

/** Reserves the amount on the attempt (the database holds Σ refunds ≤ captured) and sends it: at once for balance, by a job for providers. */
async function createRefund(trx: Trx, clock: Clock, attempt: Attempt, input: NewRefund): Promise<string> {
  const now = clock.now();
  const reserved = await trx
    .updateTable('payment_attempt')
    .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', input.amountFen) }))
    .where('id', '=', attempt.id)
    .where((eb) => eb('refunded_fen', '<=', eb('amount_fen', '-', input.amountFen)))
    .executeTakeFirst();
  if (Number(reserved.numUpdatedRows) !== 1) throw new AppError('REFUND_EXCEEDS_PAID', { max: Number(attempt.amount_fen) - Number(attempt.refunded_fen) });
  const id = newId('rfd');
  // Paid by balance or on delivery: back to the balance; otherwise to where the money came from.
  const destination = attempt.provider === 'balance' || attempt.provider === 'cod' ? 'balance' : input.destination;
  await trx
    .insertInto('refund')
    .values({
      id, payment_attempt_id: attempt.id, shop_order_id: input.shopOrderId, order_line_id: input.orderLineId, user_id: attempt.user_id,
      amount_fen: input.amountFen, reason: input.reason, cause: input.cause, destination, status: 'processing', created_at: now,
      recovered_fen: input.recovery?.merchantFen ?? 0, commission_returned_fen: input.recovery?.commissionFen ?? 0,
    })
    .execute();
  if (input.recovery) await postRefundRecovered(trx, now, { id, amountFen: input.amountFen }, input.recovery);
  else if (input.shopId) await postRefundRequested(trx, now, { id, amountFen: input.amountFen }, input.shopId);
  if (destination === 'balance') {
    await postRefundSent(trx, now, { id, amountFen: input.amountFen, destination }, ref(attempt));
    await trx.updateTable('refund').set({ status: 'succeeded', finished_at: now }).where('id', '=', id).execute();
    await notifyRefundSucceeded(trx, clock, attempt.user_id, { refundId: id, amountFen: input.amountFen, orderId: input.shopOrderId, destination });
  } else {
    await enqueueJob(trx, clock, { kind: JOBS.sendRefund, payload: { refundId: id }, dedupeKey: `${JOBS.sendRefund}:${id}` });
  }
  return id;
}

export interface OrderRefundInput {
  shopOrderId: string;
  /** Default: everything not yet refunded. */
  amountFen?: number;
  orderLineId?: string | null;
  reason: string;
  cause: RefundCause;
  destination?: 'original' | 'balance';
}

/**
 * Refunds (part of) a paid shop order. Before settlement it comes out of the shop's held funds; after
 * it, back from where settlement sent the money (recoverSettledRefund: the merchant's share, and the
 * platform's commission on the refunded part).
 */
export async function refundShopOrder(trx: Trx, clock: Clock, input: OrderRefundInput): Promise<{ refundId: string; amountFen: number }> {
  const funds = await trx.selectFrom('order_funds').selectAll().where('shop_order_id', '=', input.shopOrderId).forUpdate().executeTakeFirst();
  if (!funds) throw new AppError('REFUND_NOT_ALLOWED', { reason: 'unpaid' });
  const left = Number(funds.captured_fen) - Number(funds.refunded_fen);
  const amount = input.amountFen ?? left;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new AppError('REFUND_EXCEEDS_PAID', { max: left });
  if (amount > left) throw new AppError('REFUND_EXCEEDS_PAID', { max: left });
  const orderLineId = input.orderLineId ?? null;
  let recovery: RecoveryPosting | undefined;
  if (funds.status === 'settled') {
    recovery = await recoverSettledRefund(trx, funds, { orderLineId, amountFen: amount });
  } else {
    await trx
      .updateTable('order_funds')
      .set({ refunded_fen: Number(funds.refunded_fen) + amount, ...(amount === left ? { status: 'refunded' as const } : {}) })
      .where('shop_order_id', '=', input.shopOrderId)
      .execute();
  }
  const attempt = await trx.selectFrom('payment_attempt').selectAll().where('id', '=', funds.payment_attempt_id).forUpdate().executeTakeFirstOrThrow();
  const refundId = await createRefund(trx, clock, attempt, {
    shopOrderId: input.shopOrderId, shopId: funds.shop_id, orderLineId, amountFen: amount,
    reason: input.reason, cause: input.cause, destination: input.destination ?? 'original', ...(recovery ? { recovery } : {}),
  });
  return { refundId, amountFen: amount };
}

export type RefundResultOutcome = 'succeeded' | 'failed' | 'processing' | 'already' | 'unknown';

/** What the provider said about a refund, applied once; a finished refund never changes again. */
export async function applyRefundResult(trx: Trx, clock: Clock, refundId: string, result: { status: 'succeeded' | 'failed' | 'processing'; providerRefundNo?: string | undefined; failureReason?: string | undefined }): Promise<RefundResultOutcome> {
  const refund = await trx.selectFrom('refund').selectAll().where('id', '=', refundId).forUpdate().executeTakeFirst();
  if (!refund) return 'unknown';
  if (refund.status !== 'processing') return 'already';
  if (result.status === 'processing') {
    if (result.providerRefundNo) await trx.updateTable('refund').set({ provider_refund_no: result.providerRefundNo }).where('id', '=', refundId).execute();
    return 'processing';
  }
  const now = clock.now();
  await trx
    .updateTable('refund')
    .set({ status: result.status, provider_refund_no: result.providerRefundNo ?? refund.provider_refund_no, failure_reason: result.failureReason ?? null, finished_at: now })
    .where('id', '=', refundId)
    .execute();
  if (result.status === 'succeeded') {
    const attempt = await trx.selectFrom('payment_attempt').selectAll().where('id', '=', refund.payment_attempt_id).executeTakeFirstOrThrow();
    await postRefundSent(trx, now, { id: refund.id, amountFen: Number(refund.amount_fen), destination: refund.destination }, ref(attempt));
    await notifyRefundSucceeded(trx, clock, refund.user_id, { refundId: refund.id, amountFen: Number(refund.amount_fen), orderId: refund.shop_order_id, destination: refund.destination });
  }
  // A failed refund stays owed (refunds_payable) and shows in the platform's finance queue to be retried.
  return result.status;
}

/** Sends a refund to its provider (a job: outside any transaction; the provider dedupes by our refund id). */
export async function sendRefund(deps: PaymentDeps, refundId: string): Promise<RefundResultOutcome> {
  const refund = await deps.db.selectFrom('refund').selectAll().where('id', '=', refundId).executeTakeFirst();
  if (!refund || refund.status !== 'processing') return 'already';
  const attempt = await deps.db.selectFrom('payment_attempt').selectAll().where('id', '=', refund.payment_attempt_id).executeTakeFirstOrThrow();
  const provider = deps.gateways.get(attempt.provider);
  const split = attempt.mode === 'marketplace' && refund.shop_order_id ? await deps.db.selectFrom('order_funds').select('shop_id').where('shop_order_id', '=', refund.shop_order_id).executeTakeFirst() : undefined;
  const payee = split ? (await shopPayee(deps.db, split.shop_id)) ?? (attempt.provider === 'sandbox' ? `sandbox-${split.shop_id}` : undefined) : undefined;
  const result = await provider.refund({
    outTradeNo: attempt.id,
    outRefundNo: refund.id,
    refundFen: Number(refund.amount_fen),
    totalFen: Number(attempt.amount_fen),
    reason: refund.reason,
    ...(payee && refund.shop_order_id ? { subMerchantId: payee, outSubTradeNo: refund.shop_order_id } : {}),
    ...(split && refund.shop_order_id && Number(refund.commission_returned_fen) > 0
      ? { returnFromReceiversFen: Number(refund.commission_returned_fen), profitShareOrderNo: profitShareOrderNo(refund.shop_order_id) }
      : {}),
  });
  const outcome = await deps.db.transaction().execute((trx) => applyRefundResult(trx, deps.clock, refund.id, result));
  if (outcome === 'processing') {
    await enqueueJob(deps.db, deps.clock, { kind: JOBS.queryRefund, payload: { refundId }, runAt: new Date(deps.clock.now().getTime() + 60_000), dedupeKey: `${JOBS.queryRefund}:${refundId}` });
  }
  return outcome;
}

/** Asks the provider how a refund stands (no notification came). */
export async function queryRefund(deps: PaymentDeps, refundId: string): Promise<RefundResultOutcome> {
  const refund = await deps.db.selectFrom('refund').selectAll().where('id', '=', refundId).executeTakeFirst();
  if (!refund || refund.status !== 'processing') return 'already';
  const attempt = await deps.db.selectFrom('payment_attempt').select(['id', 'provider']).where('id', '=', refund.payment_attempt_id).executeTakeFirstOrThrow();
  const result = await deps.gateways.get(attempt.provider).queryRefund(attempt.id, refund.id);
  const outcome = await deps.db.transaction().execute((trx) => applyRefundResult(trx, deps.clock, refund.id, result));
  if (outcome === 'processing') throw new Error(`refund ${refundId} still processing`); // retried by the job's schedule
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// notifications and active queries

async function audit(q: Queryable, clock: Clock, row: { provider: string; verified: boolean; outcome: string; rejectReason?: string; outTradeNo?: string; kind?: string; body: string; ip?: string | undefined }) {
  await q
    .insertInto('payment_notification')
    .values({
      id: newId('pnt'), provider: row.provider, received_at: clock.now(), verified: row.verified, outcome: row.outcome,
      reject_reason: row.rejectReason ?? null, out_trade_no: row.outTradeNo ?? null, kind: row.kind ?? null, body: row.body.slice(0, 8000), ip: row.ip ?? null,
    })
    .execute();
}

/**
 * A provider's asynchronous notification: verified (signature, key, timestamp, our app id), applied
 * in one transaction with its audit record, and answered the way the provider expects. Anything not
 * authentic, or not matching the payment (amount, trade), changes nothing and is recorded.
 */
export async function receiveNotification(deps: PaymentDeps, providerName: string, incoming: IncomingNotification & { ip?: string }): Promise<NotificationAck> {
  if (!deps.gateways.has(providerName)) throw new AppError('NOT_FOUND');
  const provider = deps.gateways.get(providerName);
  let verified: VerifiedNotification;
  try {
    verified = await provider.verifyNotification(incoming, deps.clock.now());
  } catch (error) {
    const reason = error instanceof NotificationRejected ? error.reason : 'malformed';
    await audit(deps.db, deps.clock, { provider: providerName, verified: false, outcome: 'rejected', rejectReason: reason, body: incoming.rawBody, ip: incoming.ip });
    return provider.notificationAck(false);
  }
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const result =
      verified.kind === 'payment'
        ? await applyPaymentResult(trx, deps.clock, deps.timers, verified.outTradeNo, { status: verified.status, amountFen: verified.amountFen, providerTradeNo: verified.providerTradeNo, paidAt: verified.paidAt })
        : await refundNotification(trx, deps.clock, verified);
    await audit(trx, deps.clock, { provider: providerName, verified: true, outcome: result, outTradeNo: verified.outTradeNo, kind: verified.kind, body: incoming.rawBody, ip: incoming.ip });
    faultPoint('payments.notify.before-commit');
    return result;
  });
  return provider.notificationAck(outcome !== 'amount_mismatch' && outcome !== 'unknown');
}

async function refundNotification(trx: Trx, clock: Clock, n: Extract<VerifiedNotification, { kind: 'refund' }>): Promise<RefundResultOutcome | 'unknown'> {
  // Matched by our refund id alone: in WeChat partner mode the notice names the shop's sub-order, not our payment.
  const refund = await trx.selectFrom('refund').select(['id', 'amount_fen']).where('id', '=', n.outRefundNo).executeTakeFirst();
  if (!refund || Number(refund.amount_fen) !== n.refundFen) return 'unknown';
  return applyRefundResult(trx, clock, refund.id, { status: n.status, providerRefundNo: n.providerRefundNo });
}

/**
 * 主动查单: asks the provider how an open attempt stands and applies the answer. An attempt past its
 * deadline that is still unpaid is closed at the provider first, so it cannot be paid afterwards.
 */
export async function queryAttempt(deps: PaymentDeps, attemptId: string): Promise<PaymentResultOutcome | 'pending'> {
  const attempt = await deps.db.selectFrom('payment_attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
  if (!attempt || attempt.status !== 'created') return 'ignored';
  const provider = deps.gateways.get(attempt.provider);
  const answer = await provider.query(attempt.id);
  if (answer.status === 'paid') {
    return deps.db.transaction().execute((trx) => applyPaymentResult(trx, deps.clock, deps.timers, attempt.id, { status: 'paid', amountFen: answer.amountFen, providerTradeNo: answer.providerTradeNo, paidAt: answer.paidAt }));
  }
  const expired = attempt.expires_at.getTime() <= deps.clock.now().getTime();
  if (answer.status === 'closed' || (answer.status === 'not_found' && expired)) {
    return deps.db.transaction().execute((trx) => applyPaymentResult(trx, deps.clock, deps.timers, attempt.id, { status: 'closed' }));
  }
  if (expired) return closeAttempt(deps, attempt.id);
  return 'pending';
}

/** Closes an attempt at its provider, then here — unless the provider says it was paid after all. */
export async function closeAttempt(deps: PaymentDeps, attemptId: string): Promise<PaymentResultOutcome | 'pending'> {
  const attempt = await deps.db.selectFrom('payment_attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
  if (!attempt || attempt.status !== 'created') return 'ignored';
  const provider = deps.gateways.get(attempt.provider);
  await provider.close(attempt.id);
  const answer = await provider.query(attempt.id);
  return deps.db.transaction().execute((trx) =>
    answer.status === 'paid'
      ? applyPaymentResult(trx, deps.clock, deps.timers, attempt.id, { status: 'paid', amountFen: answer.amountFen, providerTradeNo: answer.providerTradeNo, paidAt: answer.paidAt })
      : applyPaymentResult(trx, deps.clock, deps.timers, attempt.id, { status: 'closed' }),
  );
}

/** Open attempts older than a minute get an active query (the sweep, every minute); so do refunds in flight. */
export async function sweepOpenPayments(trx: Trx, clock: Clock): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - 60_000);
  const open = await trx.selectFrom('payment_attempt').select('id').where('status', '=', 'created').where('created_at', '<=', cutoff).orderBy('created_at').limit(500).execute();
  for (const a of open) await enqueueJob(trx, clock, { kind: JOBS.query, payload: { attemptId: a.id }, dedupeKey: `${JOBS.query}:${a.id}`, maxAttempts: 3 });
  const refunds = await trx.selectFrom('refund').select('id').where('status', '=', 'processing').where('created_at', '<=', cutoff).orderBy('created_at').limit(500).execute();
  for (const r of refunds) await enqueueJob(trx, clock, { kind: JOBS.queryRefund, payload: { refundId: r.id }, dedupeKey: `${JOBS.queryRefund}:${r.id}`, maxAttempts: 3 });
  return open.length + refunds.length;
}

// ---------------------------------------------------------------------------------------------
// wallet

/** 余额充值: an attempt with purpose top-up at an online provider. */
export async function startTopUp(deps: PaymentDeps, userId: string, amountFen: number, input: { method: Exclude<PaymentMethod, 'balance' | 'cod'>; channel: PaymentChannel }, idempotencyKey: string): Promise<StartedPayment> {
  deps.gateways.get(input.method);
  const now = deps.clock.now();
  const attempt = await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('payment_attempt').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    if (existing) return existing;
    return trx
      .insertInto('payment_attempt')
      .values({
        id: newId('pat'), purpose: 'topup', payment_order_id: null, user_id: userId, provider: input.method, channel: input.channel, mode: 'platform_collect',
        amount_fen: amountFen, status: 'created', idempotency_key: idempotencyKey, created_at: now, expires_at: new Date(now.getTime() + 30 * 60_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  const result: StartedPayment = { attemptId: attempt.id, paymentOrderId: null, method: attempt.provider, status: attempt.status, action: null, replayed: attempt.created_at.getTime() !== now.getTime() };
  if (attempt.status === 'created') result.action = await createAtProvider(deps, attempt);
  return result;
}

export async function getAttempt(q: Queryable, attemptId: string, userId: string) {
  const attempt = await q.selectFrom('payment_attempt').selectAll().where('id', '=', attemptId).where('user_id', '=', userId).executeTakeFirst();
  if (!attempt) throw new AppError('PAYMENT_NOT_FOUND');
  return attempt;
}
