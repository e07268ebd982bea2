import crypto from 'node:crypto';
import type { Queryable, Trx } from '../../db/database.ts';
import type { ErrorCode } from '../../http/error-catalogue.ts';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { formatFen } from '../../shared/money.ts';
import { OPEN_STATUSES as OPEN_AFTER_SALES } from '../after-sales/after-sales.rules.ts';
import { cartOwner } from '../cart/cart.service.ts';
import { CONSENT_PURPOSES } from '../content/content.rules.ts';
import { getConsents } from '../content/agreements.service.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance } from '../ledger/ledger.service.ts';
import { verifyPassword } from './passwords.ts';
import { useCode } from './two-factor.service.ts';

/**
 * 注销账号 (PIPL Art. 47): an account closes itself once nothing is left in progress. The account row stays
 * — orders, payments and the ledger refer to it and are kept (电子商务法 Art. 31: transaction records at
 * least three years) — but everything personal on it goes: login (mobile, email, password), name,
 * address book, 2FA, sessions, cart, messages, roles; optional consents are withdrawn. Orders then show
 * the buyer as 已注销用户. The mobile number and email are free to register again.
 */

/** What a closed account is called wherever its name used to be shown. */
export const CLOSED_ACCOUNT_NAME = '已注销用户';
/** The typed confirmation: 注销 (or CLOSE, for those without a Chinese keyboard). */
export const CLOSURE_CONFIRMATIONS = ['注销', 'CLOSE'] as const;

/** Order statuses that still need the buyer: 待付款, 待发货, 已发货 (in transit). */
const OPEN_ORDER_STATUSES = ['pending_payment', 'paid', 'shipped'] as const;
/** Complaints the platform is still working on (a resolved one waits only for a rating, and closes by itself). */
const OPEN_COMPLAINT_STATUSES = ['submitted', 'accepted', 'investigating'] as const;

export interface ClosureBlocker {
  code: ErrorCode;
  params: Record<string, string | number>;
}

/** Everything that keeps the account from closing now, in the order the page lists them (empty: it may close). */
export async function closureBlockers(q: Queryable, clock: Clock, userId: string): Promise<ClosureBlocker[]> {
  const blockers: ClosureBlocker[] = [];
  const count = (n: unknown) => Number(n ?? 0);
  const shops = await q
    .selectFrom('shop_member as m')
    .innerJoin('shop as s', 's.id', 'm.shop_id')
    .select(['s.name'])
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'owner')
    .where('s.status', '<>', 'closed')
    .orderBy('s.created_at')
    .execute();
  for (const shop of shops) blockers.push({ code: 'ACCOUNT_CLOSURE_SHOP_OPERATING', params: { shop: shop.name } });
  const [orders, afterSales, complaints, refunds, topups] = await Promise.all([
    q.selectFrom('shop_order').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('status', 'in', OPEN_ORDER_STATUSES).executeTakeFirstOrThrow(),
    q.selectFrom('after_sales_request').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('status', 'in', OPEN_AFTER_SALES).executeTakeFirstOrThrow(),
    q.selectFrom('complaint').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('status', 'in', OPEN_COMPLAINT_STATUSES).executeTakeFirstOrThrow(),
    q.selectFrom('refund').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('status', '=', 'processing').executeTakeFirstOrThrow(),
    // A top-up still open at the provider could land after the account is gone.
    q
      .selectFrom('payment_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('purpose', '=', 'topup')
      .where('status', '=', 'created')
      .where('expires_at', '>', clock.now())
      .executeTakeFirstOrThrow(),
  ]);
  if (count(orders.n) > 0) blockers.push({ code: 'ACCOUNT_CLOSURE_ORDERS_OPEN', params: { count: count(orders.n) } });
  if (count(afterSales.n) > 0) blockers.push({ code: 'ACCOUNT_CLOSURE_AFTER_SALES_OPEN', params: { count: count(afterSales.n) } });
  if (count(complaints.n) > 0) blockers.push({ code: 'ACCOUNT_CLOSURE_COMPLAINTS_OPEN', params: { count: count(complaints.n) } });
  const pending = count(refunds.n) + count(topups.n);
  if (pending > 0) blockers.push({ code: 'ACCOUNT_CLOSURE_PAYMENTS_PENDING', params: { count: pending } });
  const balance = await accountBalance(q, accountCode('buyer_wallet', userId));
  if (balance > 0) blockers.push({ code: 'ACCOUNT_CLOSURE_WALLET_NOT_EMPTY', params: { amount: formatFen(balance) } });
  return blockers;
}

export interface CloseAccountInput {
  password: string;
  /** The authenticator's current code, for accounts with 两步验证 on. */
  code?: string | undefined;
  /** What the account holder typed to confirm: 注销 (or CLOSE). */
  confirmation: string;
  reason?: string | undefined;
}

export interface ClosureMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
  idempotencyKey?: string | undefined;
}

const clip = (value: string | undefined, max: number) => (value ? value.slice(0, max) : null);

/**
 * Closes the account, all in the caller's transaction: checks the confirmation, the password (and the
 * 2FA code), then that nothing is in progress (the first blocker is the error; `details.blockers` lists
 * them all), then anonymises and records the closure. The account row is locked first, so two closures
 * at once make one; the second finds the account gone (UNAUTHENTICATED).
 */
export async function closeAccount(trx: Trx, clock: Clock, userId: string, input: CloseAccountInput, meta: ClosureMeta): Promise<{ closureId: string; closedAt: Date }> {
  if (!(CLOSURE_CONFIRMATIONS as readonly string[]).includes(input.confirmation.trim())) throw new AppError('ACCOUNT_CLOSURE_CONFIRM_MISMATCH');
  const user = await trx.selectFrom('app_user').select(['id', 'mobile', 'email', 'password_hash', 'status']).where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user || user.status === 'closed') throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(user.password_hash, input.password))) throw new AppError('PASSWORD_WRONG');
  const totp = await trx.selectFrom('user_totp').select(['secret', 'last_step', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
  if (totp?.enabled_at) {
    if (!input.code) throw new AppError('TWO_FACTOR_REQUIRED');
    if (!(await useCode(trx, clock, userId, totp.secret, Number(totp.last_step), input.code))) throw new AppError('TWO_FACTOR_INVALID');
  }
  const blockers = await closureBlockers(trx, clock, userId);
  if (blockers.length > 0) throw new AppError(blockers[0]!.code, blockers[0]!.params, { blockers: blockers.map((b) => b.code) });

  const now = clock.now();
  // Consents are withdrawn by a record of their own (user_consent is append-only: the history stays).
  const consents = await getConsents(trx, userId);
  const withdraw = CONSENT_PURPOSES.filter((p) => consents[p]?.granted !== false);
  if (withdraw.length > 0) {
    await trx
      .insertInto('user_consent')
      .values(withdraw.map((purpose) => ({ id: newId('acc'), user_id: userId, purpose, granted: false, at: now, ip: null, user_agent: null, via: 'account_closure' as const })))
      .execute();
  }
  await trx.deleteFrom('address').where('user_id', '=', userId).execute();
  await trx.deleteFrom('cart_item').where('owner', '=', cartOwner({ userId })).execute();
  await trx.deleteFrom('notification').where('user_id', '=', userId).execute();
  await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
  await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
  // Staff memberships end; the owner row of a shop that has closed stays with the shop's records.
  await trx.deleteFrom('shop_member').where('user_id', '=', userId).where('role', '<>', 'owner').execute();
  // Every session ends (this one too), with the addresses and browsers they recorded.
  await trx.deleteFrom('session').where('user_id', '=', userId).execute();
  const throttleKeys = [user.mobile, user.email].filter((v): v is string => Boolean(v)).map((v) => `login:account:${v}`);
  if (throttleKeys.length > 0) await trx.deleteFrom('auth_throttle').where('key', 'in', throttleKeys).execute();
  await trx
    .updateTable('app_user')
    .set({
      mobile: null,
      email: null,
      display_name: CLOSED_ACCOUNT_NAME,
      // Not a hash of anything: no password can ever match it.
      password_hash: `closed:${crypto.randomBytes(24).toString('base64url')}`,
      status: 'closed',
      closed_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
  const closureId = newId('acl');
  await trx
    .insertInto('account_closure')
    .values({
      id: closureId,
      user_id: userId,
      closed_at: now,
      reason: (input.reason ?? '').trim().slice(0, 200),
      ip: clip(meta.ip, 64),
      user_agent: clip(meta.userAgent, 300),
      idempotency_key: clip(meta.idempotencyKey, 255),
    })
    .execute();
  return { closureId, closedAt: now };
}

// ----- 导出我的数据 (PIPL Art. 45: a copy of one's personal information) -----------------------------

/** Everything the platform holds about the account that is the account holder's to have, as one JSON document. */
export async function exportAccountData(q: Queryable, clock: Clock, userId: string) {
  const user = await q.selectFrom('app_user').select(['id', 'display_name', 'mobile', 'email', 'locale', 'created_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  const [addresses, orders, lines, afterSales, complaints, acceptances, consentHistory, suggestions, roles, shops] = await Promise.all([
    q
      .selectFrom('address')
      .select(['id', 'recipient', 'mobile', 'province_name', 'city_name', 'district_name', 'street', 'detail', 'tag', 'is_default', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
    q
      .selectFrom('shop_order as o')
      .innerJoin('shop as s', 's.id', 'o.shop_id')
      .select([
        'o.id', 's.name as shop', 'o.status', 'o.items_total_fen', 'o.shipping_fee_fen', 'o.discount_fen', 'o.payable_fen', 'o.delivery_method',
        'o.address', 'o.pickup_point', 'o.buyer_note', 'o.invoice', 'o.created_at', 'o.paid_at', 'o.shipped_at', 'o.received_at', 'o.completed_at', 'o.cancelled_at',
      ])
      .where('o.user_id', '=', userId)
      .orderBy('o.created_at')
      .orderBy('o.id')
      .execute(),
    q
      .selectFrom('order_line as l')
      .innerJoin('shop_order as o', 'o.id', 'l.order_id')
      .select(['l.order_id', 'l.title', 'l.spec', 'l.unit_price_fen', 'l.qty', 'l.line_total_fen', 'l.discount_fen'])
      .where('o.user_id', '=', userId)
      .orderBy('l.id')
      .execute(),
    q
      .selectFrom('after_sales_request')
      .select(['id', 'order_id', 'kind', 'status', 'reason', 'description', 'qty', 'amount_fen', 'refunded_fen', 'created_at', 'closed_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
    q
      .selectFrom('complaint as c')
      .innerJoin('shop as s', 's.id', 'c.shop_id')
      .select(['c.id', 's.name as shop', 'c.order_id', 'c.category', 'c.title', 'c.description', 'c.status', 'c.resolution', 'c.outcome', 'c.rating', 'c.feedback', 'c.created_at'])
      .where('c.user_id', '=', userId)
      .orderBy('c.created_at')
      .execute(),
    q
      .selectFrom('agreement_acceptance as x')
      .innerJoin('agreement as a', 'a.id', 'x.agreement_id')
      .innerJoin('agreement_version as v', 'v.id', 'x.version_id')
      .select(['a.kind', 'v.version', 'x.accepted_at', 'x.ip', 'x.via'])
      .where('x.user_id', '=', userId)
      .orderBy('x.accepted_at')
      .execute(),
    q.selectFrom('user_consent').select(['purpose', 'granted', 'at', 'via']).where('user_id', '=', userId).orderBy('at').orderBy('id').execute(),
    q.selectFrom('suggestion').select(['id', 'category', 'body', 'status', 'reply', 'created_at']).where('user_id', '=', userId).where('role', '=', 'shopper').orderBy('created_at').execute(),
    q.selectFrom('user_role').select('role').where('user_id', '=', userId).execute(),
    q.selectFrom('shop_member as m').innerJoin('shop as s', 's.id', 'm.shop_id').select(['s.id', 's.name', 'm.role']).where('m.user_id', '=', userId).execute(),
  ]);
  const consents = await getConsents(q, userId);
  const walletFen = await accountBalance(q, accountCode('buyer_wallet', userId));
  const money = (n: unknown) => Number(n);
  return {
    exportedAt: clock.now(),
    account: { id: user.id, displayName: user.display_name, mobile: user.mobile, email: user.email, locale: user.locale, registeredAt: user.created_at, platformRoles: roles.map((r) => r.role), shops },
    addresses: addresses.map((a) => ({
      id: a.id,
      recipient: a.recipient,
      mobile: a.mobile,
      region: [a.province_name, a.city_name, a.district_name, a.street].filter(Boolean).join(' '),
      detail: a.detail,
      tag: a.tag,
      isDefault: a.is_default,
      createdAt: a.created_at,
    })),
    orders: orders.map((o) => ({
      id: o.id,
      shop: o.shop,
      status: o.status,
      itemsTotalFen: money(o.items_total_fen),
      shippingFeeFen: money(o.shipping_fee_fen),
      discountFen: money(o.discount_fen),
      payableFen: money(o.payable_fen),
      delivery: o.delivery_method,
      address: o.address,
      pickupPoint: o.pickup_point,
      note: o.buyer_note,
      invoice: o.invoice,
      createdAt: o.created_at,
      paidAt: o.paid_at,
      shippedAt: o.shipped_at,
      receivedAt: o.received_at,
      completedAt: o.completed_at,
      cancelledAt: o.cancelled_at,
      lines: lines
        .filter((l) => l.order_id === o.id)
        .map((l) => ({ title: l.title, spec: l.spec, unitPriceFen: money(l.unit_price_fen), qty: l.qty, lineTotalFen: money(l.line_total_fen), discountFen: money(l.discount_fen) })),
    })),
    afterSales: afterSales.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      kind: r.kind,
      status: r.status,
      reason: r.reason,
      description: r.description,
      qty: r.qty,
      amountFen: money(r.amount_fen),
      refundedFen: money(r.refunded_fen),
      createdAt: r.created_at,
      closedAt: r.closed_at,
    })),
    complaints: complaints.map((c) => ({
      id: c.id,
      shop: c.shop,
      orderId: c.order_id,
      category: c.category,
      title: c.title,
      description: c.description,
      status: c.status,
      resolution: c.resolution,
      outcome: c.outcome,
      rating: c.rating,
      feedback: c.feedback,
      createdAt: c.created_at,
    })),
    // No product reviews exist in this mall yet; when they do, they belong here.
    reviews: [] as never[],
    suggestions: suggestions.map((s) => ({ id: s.id, category: s.category, body: s.body, status: s.status, reply: s.reply, createdAt: s.created_at })),
    agreements: acceptances.map((a) => ({ kind: a.kind, version: a.version, acceptedAt: a.accepted_at, ip: a.ip, via: a.via })),
    consents: { current: consents, history: consentHistory },
    wallet: { balanceFen: walletFen },
  };
}

