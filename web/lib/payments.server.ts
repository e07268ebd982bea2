import { data, redirect, redirectDocument, type AppLoadContext } from 'react-router';
import QRCode from 'qrcode';
import { paymentOrderView } from '../../src/modules/payments/payments.queries.ts';
import { getAttempt, queryAttempt, startPayment, startTopUp, type StartedPayment } from '../../src/modules/payments/payments.service.ts';
import { walletView } from '../../src/modules/payments/finance.queries.ts';
import { paymentDeps } from '../../src/modules/payments/payments.routes.ts';
import type { PaymentChannel, ProviderName } from '../../src/modules/payments/provider.ts';
import type { PaymentMethod } from '../../src/modules/payments/payments.tables.ts';
import { AppError, formatFen } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { notFound, requireUser } from './guards.server.ts';
import { field } from './forms.ts';
import { yuanToFen } from './money.ts';
import { translate, type Locale, type MessageKey } from '../i18n/messages.ts';
import type { CashierMethod, CashierView, PayResultState, PayResultView, ProviderFormView, QrView, TopUpView, WalletView } from './payment-views.ts';

/** Visible ASCII, as the API's Idempotency-Key. */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** Phones get the providers' mobile pages (H5 / wap); desktops their PC pages, and WeChat Pay a QR code. */
function isMobile(userAgent: string | undefined): boolean {
  return !!userAgent && /Mobile|Android|iPhone|iPad|HarmonyOS/i.test(userAgent);
}

function channelFor(method: ProviderName, qr: boolean, mobile: boolean): PaymentChannel {
  if (qr) return 'native';
  if (method === 'wechatpay') return mobile ? 'wap' : 'native';
  return mobile ? 'wap' : 'page';
}

/** How a method is named to shoppers (收银台, result page, wallet). */
export function methodLabel(method: string, locale: Locale): string {
  const keys: Record<string, MessageKey> = {
    sandbox: 'pay.method.sandbox',
    alipay: 'pay.method.alipay',
    wechatpay: 'pay.method.wechatpay',
    balance: 'pay.method.balance',
    cod: 'pay.method.cod',
  };
  return keys[method] ? translate(locale, keys[method]!) : method;
}

/** The online providers as radio cards (the sandbox also as a QR code on a desktop). */
function onlineMethods(names: readonly ProviderName[], mobile: boolean, locale: Locale): CashierMethod[] {
  const methods: CashierMethod[] = [];
  for (const name of names) {
    const hint: MessageKey = name === 'sandbox' ? 'pay.hint.sandbox' : name === 'alipay' ? 'pay.hint.alipay' : mobile ? 'pay.hint.wechatpayMobile' : 'pay.hint.wechatpay';
    methods.push({ value: name, icon: name, label: methodLabel(name, locale), hint: translate(locale, hint), disabled: false });
    if (name === 'sandbox' && !mobile) {
      methods.push({ value: 'sandbox.native', icon: 'qr', label: translate(locale, 'pay.method.sandboxQr'), hint: translate(locale, 'pay.hint.sandboxQr'), disabled: false });
    }
  }
  return methods;
}

/** Reads a method radio value: an offered method, `.native` only for online providers. */
function readMethod(value: string, online: readonly string[]): { method: PaymentMethod; qr: boolean } | null {
  const [method, variant, ...rest] = value.split('.');
  if (rest.length > 0 || (variant !== undefined && variant !== 'native')) return null;
  if (method === 'balance' || method === 'cod') return variant ? null : { method, qr: false };
  if (method && online.includes(method)) return { method: method as ProviderName, qr: variant === 'native' };
  return null;
}

function errorMessage(error: unknown, locale: Locale): { message: string; status: number } {
  const { code, message, status } = formError(error, locale);
  if (code === 'PAYMENT_NOT_PAYABLE') {
    const state = (error as AppError).params?.status;
    const key: MessageKey = state === 'paid' ? 'pay.err.paid' : state === 'cancelled' ? 'pay.err.cancelled' : 'pay.err.expired';
    return { message: translate(locale, key), status };
  }
  return { message, status };
}

// ---------------------------------------------------------------------------------------------
// 收银台

type OrderView = Awaited<ReturnType<typeof paymentOrderView>>;

async function loadPaymentOrder(context: AppLoadContext, userId: string, paymentOrderId: string): Promise<OrderView> {
  const { app } = context;
  try {
    return await paymentOrderView(app.db, app.clock, app.payments, paymentOrderId, userId);
  } catch (error) {
    if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') throw notFound();
    throw error;
  }
}

const resultPath = (paymentOrderId: string, attemptId: string) => `/pay/${encodeURIComponent(paymentOrderId)}/result?attempt=${encodeURIComponent(attemptId)}`;

/** The 收银台 page: what is due, by when, the orders, and every way this payment order can be paid. */
export async function cashierLoader({ request, context, paymentOrderId }: { request: Request; context: AppLoadContext; paymentOrderId: string }): Promise<CashierView> {
  const auth = requireUser(context, request);
  const { locale } = context;
  const v = await loadPaymentOrder(context, auth.userId, paymentOrderId);
  const mobile = isMobile(context.userAgent);
  const balance = formatFen(v.balanceFen, locale);
  const methods: CashierMethod[] = [
    ...onlineMethods(v.methods.online, mobile, locale),
    {
      value: 'balance',
      icon: 'balance',
      label: methodLabel('balance', locale),
      hint: v.methods.balance ? translate(locale, 'pay.hint.balance', { balance }) : translate(locale, 'pay.hint.balanceShort', { balance }),
      disabled: !v.methods.balance,
    },
  ];
  if (v.methods.cod) methods.push({ value: 'cod', icon: 'cod', label: methodLabel('cod', locale), hint: translate(locale, 'pay.hint.cod'), disabled: false });
  const paid = v.attempts.find((a) => a.status === 'succeeded');
  const open = v.status === 'pending' ? v.attempts.find((a) => a.status === 'created') : undefined;
  return {
    id: v.id,
    status: v.status,
    amount: formatFen(v.amountFen, locale),
    remainingMs: v.status === 'pending' ? v.remainingMs : 0,
    payBefore: dateTimeText(v.expiresAt, locale),
    orders: v.orders.map((o) => ({
      id: o.id,
      href: `/me/orders/${encodeURIComponent(o.id)}`,
      shopName: o.shopName,
      status: o.status,
      payable: formatFen(Number(o.payableFen), locale),
    })),
    methods,
    defaultMethod: methods.find((m) => !m.disabled)?.value ?? null,
    key: crypto.randomUUID(),
    paidWith: paid ? methodLabel(paid.method, locale) : null,
    paidAt: paid?.succeededAt ? dateTimeText(paid.succeededAt, locale) : null,
    openAttemptHref: open ? resultPath(v.id, open.id) : null,
  };
}

export type CashierActionData = { error: string } | { qr: QrView } | { providerForm: ProviderFormView };

/**
 * Where the browser goes once a payment has started: the provider's page (a document redirect,
 * it is not one of our routes), a QR code to scan, the provider's form, or — paid at once by
 * balance or on delivery — the result page.
 */
async function nextStep(started: StartedPayment, doneHref: string, amount: string, locale: Locale) {
  const action = started.action;
  if (!action) return redirect(doneHref, { status: 303 });
  switch (action.type) {
    case 'redirect':
      return redirectDocument(action.url, { status: 303 });
    case 'qr': {
      const image = await QRCode.toDataURL(action.content, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
      return { qr: { image, content: action.content, amount, doneHref } } satisfies CashierActionData;
    }
    case 'form':
      return { providerForm: { html: action.html } } satisfies CashierActionData;
    default:
      // JSAPI needs the shopper's WeChat openid, which a browser checkout does not have.
      return data({ error: translate(locale, 'pay.err.channel') } satisfies CashierActionData, { status: 422 });
  }
}

/** Whether this shopper already started a payment with this key (a double click raced the first). */
async function attemptWithKey(context: AppLoadContext, userId: string, key: string): Promise<boolean> {
  const row = await context.app.db.selectFrom('payment_attempt').select('id').where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
  return !!row;
}

/** 去支付: the page's idempotency key goes with the payment, so a double click or a resubmission pays once. */
export async function cashierAction({ request, context, paymentOrderId }: { request: Request; context: AppLoadContext; paymentOrderId: string }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const key = field(form, 'key', 255);
  if (!KEY.test(key)) return data({ error: formError(new AppError('IDEMPOTENCY_KEY_INVALID'), locale).message } satisfies CashierActionData, { status: 400 });
  const chosen = readMethod(field(form, 'method', 40), app.payments.names);
  if (!chosen) return data({ error: translate(locale, 'pay.err.method') } satisfies CashierActionData, { status: 400 });
  const mobile = isMobile(context.userAgent);
  const input = {
    method: chosen.method,
    channel: chosen.method === 'balance' || chosen.method === 'cod' ? ('page' as const) : channelFor(chosen.method, chosen.qr, mobile),
  };
  const deps = paymentDeps(app);
  const pay = () => startPayment(deps, auth.userId, paymentOrderId, input, key, context.ip);
  let started: StartedPayment;
  try {
    try {
      started = await pay();
    } catch (error) {
      // The twin of this submission committed first (PostgreSQL, two clicks): it is the payment; replay it.
      if (await attemptWithKey(context, auth.userId, key)) started = await pay();
      else throw error;
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') throw notFound();
    return data({ error: errorMessage(error, locale).message } satisfies CashierActionData, { status: errorMessage(error, locale).status });
  }
  const amount = await app.db.selectFrom('payment_attempt').select('amount_fen').where('id', '=', started.attemptId).executeTakeFirstOrThrow();
  return nextStep(started, resultPath(paymentOrderId, started.attemptId), formatFen(Number(amount.amount_fen), locale), locale);
}

// ---------------------------------------------------------------------------------------------
// 支付结果

type AttemptRow = Awaited<ReturnType<typeof getAttempt>>;

/**
 * An attempt of the caller's, checked with its provider while it is still open (主动查单, once per
 * load): the browser coming back proves nothing, only the provider's answer (or its notification) does.
 */
async function freshAttempt(context: AppLoadContext, userId: string, attemptId: string): Promise<AttemptRow | null> {
  const { app } = context;
  let attempt: AttemptRow;
  try {
    attempt = await getAttempt(app.db, attemptId, userId);
  } catch (error) {
    if ((error as { code?: string }).code === 'PAYMENT_NOT_FOUND') return null;
    throw error;
  }
  if (attempt.status !== 'created') return attempt;
  // A provider that does not answer leaves the payment "being confirmed"; the page asks again.
  await queryAttempt(paymentDeps(app), attempt.id).catch(() => 'pending');
  return getAttempt(app.db, attempt.id, userId);
}

/** 支付成功 / 支付确认中 / 支付未完成 for one attempt of one payment order. */
export async function payResultLoader({ request, context, paymentOrderId }: { request: Request; context: AppLoadContext; paymentOrderId: string }): Promise<PayResultView> {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  let attemptId = new URL(request.url).searchParams.get('attempt')?.slice(0, 64) ?? '';
  if (!attemptId) {
    const latest = await app.db
      .selectFrom('payment_attempt')
      .select('id')
      .where('payment_order_id', '=', paymentOrderId)
      .where('user_id', '=', auth.userId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!latest) throw redirect(`/pay/${encodeURIComponent(paymentOrderId)}`);
    attemptId = latest.id;
  }
  const attempt = await freshAttempt(context, auth.userId, attemptId);
  if (!attempt || attempt.purpose !== 'order' || attempt.payment_order_id !== paymentOrderId) throw notFound();
  const order = await loadPaymentOrder(context, auth.userId, paymentOrderId);
  let state: PayResultState = attempt.status === 'succeeded' ? 'success' : attempt.status === 'created' ? 'confirming' : 'failed';
  if (state === 'success') {
    // Paid after the order was cancelled, or paid twice: the money goes back by itself.
    const unmatched = await app.db.selectFrom('refund').select('id').where('payment_attempt_id', '=', attempt.id).where('shop_order_id', 'is', null).executeTakeFirst();
    if (unmatched) state = 'refunding';
  }
  return {
    state,
    paymentOrderId,
    attemptId: attempt.id,
    amount: formatFen(Number(attempt.amount_fen), locale),
    method: methodLabel(attempt.provider, locale),
    paidAt: attempt.succeeded_at ? dateTimeText(attempt.succeeded_at, locale) : null,
    cashierHref: `/pay/${encodeURIComponent(paymentOrderId)}`,
    orders: order.orders.map((o) => ({ id: o.id, href: `/me/orders/${encodeURIComponent(o.id)}`, shopName: o.shopName, payable: formatFen(Number(o.payableFen), locale) })),
  };
}

// ---------------------------------------------------------------------------------------------
// 我的余额

const WALLET_KINDS: Record<string, MessageKey> = {
  wallet_topup: 'wallet.kind.topup',
  payment_captured: 'wallet.kind.payment',
  refund_sent: 'wallet.kind.refund',
};

const WALLET_PAGE_SIZE = 20;
/** The API's limits for a top-up: ¥1 to ¥50,000. */
const TOP_UP_MIN_FEN = 100;
const TOP_UP_MAX_FEN = 5_000_000;

/** 我的余额: balance, its history from the ledger, the top-up form, and a top-up's result (?topup=). */
export async function walletLoader({ request, context }: { request: Request; context: AppLoadContext }): Promise<WalletView> {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const url = new URL(request.url);
  const pageParam = Number(url.searchParams.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? Math.min(pageParam, 1000) : 1;
  let topUp: TopUpView | null = null;
  const topUpId = url.searchParams.get('topup')?.slice(0, 64);
  if (topUpId) {
    // Checked before the balance is read, so a top-up confirmed now shows in it.
    const attempt = await freshAttempt(context, auth.userId, topUpId);
    if (attempt && attempt.purpose === 'topup') {
      topUp = {
        attemptId: attempt.id,
        state: attempt.status === 'succeeded' ? 'success' : attempt.status === 'created' ? 'confirming' : 'failed',
        amount: formatFen(Number(attempt.amount_fen), locale),
      };
    }
  }
  const wallet = await walletView(app.db, auth.userId, page, WALLET_PAGE_SIZE);
  return {
    balance: formatFen(wallet.balanceFen, locale),
    lines: wallet.lines.map((l) => ({
      at: dateTimeText(l.at, locale),
      kind: translate(locale, WALLET_KINDS[l.kind] ?? 'wallet.kind.other'),
      memo: l.memo,
      change: `${l.changeFen > 0 ? '+' : '-'}${formatFen(Math.abs(l.changeFen), locale)}`,
      positive: l.changeFen > 0,
      balanceAfter: formatFen(l.balanceAfterFen, locale),
    })),
    page,
    pageCount: Math.max(1, Math.ceil(wallet.total / WALLET_PAGE_SIZE)),
    methods: onlineMethods(app.payments.names, isMobile(context.userAgent), locale),
    key: crypto.randomUUID(),
    topUp,
  };
}

/** 充值: an amount in yuan (exact to the fen) through an online provider, then its page or QR code. */
export async function walletAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireUser(context, request);
  const { app, locale } = context;
  const form = await request.formData();
  const key = field(form, 'key', 255);
  if (!KEY.test(key)) return data({ error: formError(new AppError('IDEMPOTENCY_KEY_INVALID'), locale).message } satisfies CashierActionData, { status: 400 });
  const amountFen = yuanToFen(field(form, 'amount', 20));
  if (amountFen === null || amountFen < TOP_UP_MIN_FEN || amountFen > TOP_UP_MAX_FEN) {
    return data({ error: translate(locale, 'wallet.err.amount', { min: formatFen(TOP_UP_MIN_FEN, locale), max: formatFen(TOP_UP_MAX_FEN, locale) }) } satisfies CashierActionData, { status: 400 });
  }
  const chosen = readMethod(field(form, 'method', 40), app.payments.names);
  if (!chosen || chosen.method === 'balance' || chosen.method === 'cod') return data({ error: translate(locale, 'pay.err.method') } satisfies CashierActionData, { status: 400 });
  const method = chosen.method;
  try {
    const started = await startTopUp(paymentDeps(app), auth.userId, amountFen, { method, channel: channelFor(method, chosen.qr, isMobile(context.userAgent)) }, key);
    return await nextStep(started, `/me/wallet?topup=${encodeURIComponent(started.attemptId)}`, formatFen(amountFen, locale), locale);
  } catch (error) {
    const { message, status } = errorMessage(error, locale);
    return data({ error: message } satisfies CashierActionData, { status });
  }
}
