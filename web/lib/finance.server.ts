import { data, type AppLoadContext } from 'react-router';
import { listWithdrawals, platformFinance, recentSettlements, shopFinanceSummary, shopStatement } from '../../src/modules/payments/finance.queries.ts';
import { getPaymentSettings, updatePaymentSettings } from '../../src/modules/payments/payments.settings.ts';
import { setCategoryCommission } from '../../src/modules/catalog/taxonomy.service.ts';
import { decideWithdrawal, requestWithdrawal, settleDue } from '../../src/modules/payments/settlement.service.ts';
import { previousChinaDate, reconcileDay } from '../../src/modules/payments/reconciliation.service.ts';
import { paymentDeps } from '../../src/modules/payments/payments.routes.ts';
import { claimKey, completeKey, releaseKey, requestFingerprint } from '../../src/shared/idempotency.ts';
import { AppError, formatFen, listAllCategories } from './services.server.ts';
import { dateTimeText } from './console-format.server.ts';
import { formError } from './app-errors.server.ts';
import { notFound, policy, requireShopRole, requireArea } from './guards.server.ts';
import { findShop } from './consoles.server.ts';
import { field } from './forms.ts';
import { bpToPercent, percentToBp, yuanToFen } from './money.ts';
import { translate, type Locale, type MessageKey } from '../i18n/messages.ts';
import { FUNDS_STATUSES, type AdminFinanceView, type FundsStatusName, type ReconciliationRowView, type SellerFinanceView, type StatementRowView, type WithdrawalRowView } from './payment-views.ts';

/** 财务 in the merchant console: owners and finance staff (the API's policy.shop(['finance'])). */
export const FINANCE = policy.shop(['finance']);

/** How the consoles name a payment method (the statement's 支付方式 column). */
export function providerLabel(provider: string, locale: Locale): string {
  const keys: Record<string, MessageKey> = {
    sandbox: 'finance.provider.sandbox',
    alipay: 'finance.provider.alipay',
    wechatpay: 'finance.provider.wechatpay',
    balance: 'finance.provider.balance',
    cod: 'finance.provider.cod',
  };
  return keys[provider] ? translate(locale, keys[provider]!) : provider;
}

type Ok = { ok: true; message: string };
type Failed = { ok: false; message: string };

function failed(error: unknown, locale: Locale) {
  const { message, status } = formError(error, locale);
  return data({ ok: false as const, message } satisfies Failed, { status });
}

function withdrawalRow(w: Awaited<ReturnType<typeof listWithdrawals>>['rows'][number], locale: Locale): WithdrawalRowView {
  return {
    id: w.id,
    shopName: w.shopName,
    amount: formatFen(Number(w.amountFen), locale),
    status: w.status,
    accountNote: w.accountNote,
    decisionNote: w.decisionNote,
    createdAt: dateTimeText(w.createdAt, locale),
    decidedAt: dateTimeText(w.decidedAt, locale),
  };
}

// ---------------------------------------------------------------------------------------------
// 商家后台 · 财务

const STATEMENT_PAGE_SIZE = 20;

export function readStatementFilter(url: URL): { status: FundsStatusName | 'all'; page: number } {
  const status = url.searchParams.get('status') ?? 'all';
  const page = Number(url.searchParams.get('page') ?? '1');
  return {
    status: (FUNDS_STATUSES as readonly string[]).includes(status) ? (status as FundsStatusName) : 'all',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, 10_000) : 1,
  };
}

type StatementRow = Awaited<ReturnType<typeof shopStatement>>['rows'][number];

function statementRow(r: StatementRow, shopId: string, locale: Locale): StatementRowView {
  const when =
    r.status === 'settled' && r.settledAt
      ? { when: dateTimeText(r.settledAt, locale), whenKind: 'settled' as const }
      : r.status === 'due' && r.dueAt
        ? { when: dateTimeText(r.dueAt, locale), whenKind: 'expected' as const }
        : r.status === 'held'
          ? { when: '', whenKind: 'after_receipt' as const }
          : { when: '', whenKind: 'none' as const };
  return {
    orderId: r.orderId,
    orderHref: `/seller/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(r.orderId)}`,
    method: providerLabel(r.provider, locale),
    paidAt: dateTimeText(r.paidAt, locale),
    captured: formatFen(Number(r.capturedFen), locale),
    refunded: formatFen(Number(r.refundedFen), locale),
    commission: formatFen(Number(r.commissionFen), locale),
    settled: formatFen(Number(r.settledFen), locale),
    status: r.status,
    ...when,
  };
}

/** The shop's money: the summary cards, the statement (对账单) page, and its withdrawals. */
export async function sellerFinanceLoader({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string | undefined }): Promise<SellerFinanceView> {
  requireShopRole(context, request, shopId, FINANCE);
  const { app, locale } = context;
  const shop = await findShop(app.db, shopId ?? '');
  if (!shop) throw notFound();
  const filter = readStatementFilter(new URL(request.url));
  const [summary, settings, statement, withdrawals] = await Promise.all([
    shopFinanceSummary(app.db, shop.id),
    getPaymentSettings(app.db),
    shopStatement(app.db, shop.id, { status: filter.status === 'all' ? undefined : filter.status, page: filter.page, pageSize: STATEMENT_PAGE_SIZE }),
    listWithdrawals(app.db, { shopId: shop.id, page: 1, pageSize: 50 }),
  ]);
  const fen = (n: number) => formatFen(n, locale);
  const card = (key: string, label: MessageKey, value: number, hint: MessageKey | null = null, params = {}) => ({ key, label: translate(locale, label), value: fen(value), hint: hint ? translate(locale, hint, params) : null });
  return {
    shopId: shop.id,
    mode: settings.mode,
    settlementDays: settings.settlementDays,
    cards: [
      card('held', 'finance.card.held', summary.heldFen, 'finance.card.heldHint'),
      card('due', 'finance.card.due', summary.dueFen, 'finance.card.dueHint', { days: settings.settlementDays }),
      card('available', 'finance.card.available', summary.availableFen, settings.mode === 'marketplace' ? 'finance.card.availableMarketplace' : 'finance.card.availableHint'),
      card('paidOut', 'finance.card.paidOut', summary.paidOutFen),
      card('settled', 'finance.card.settled', summary.settledFen, 'finance.card.settledHint'),
      card('commission', 'finance.card.commission', summary.commissionFen),
      card('codOwed', 'finance.card.codOwed', summary.codOwedFen, 'finance.card.codOwedHint'),
    ],
    statement: { rows: statement.rows.map((r) => statementRow(r, shop.id, locale)), total: statement.total, page: filter.page, pageSize: STATEMENT_PAGE_SIZE, status: filter.status },
    exportHref: `/api/seller/shops/${encodeURIComponent(shop.id)}/finance/statement.xlsx`,
    withdrawals: withdrawals.rows.map((w) => withdrawalRow(w, locale)),
    availableFen: summary.availableFen,
    available: fen(summary.availableFen),
    key: crypto.randomUUID(),
  };
}

/**
 * 申请提现 (form: amount in yuan, accountNote, key). The page's key is claimed in the idempotency
 * store like the API's Idempotency-Key, so a double click or a resubmission asks once.
 */
export async function sellerFinanceAction({ request, context, shopId }: { request: Request; context: AppLoadContext; shopId: string | undefined }) {
  const auth = requireShopRole(context, request, shopId, FINANCE);
  const { app, locale } = context;
  const form = await request.formData();
  if (field(form, 'intent', 20) !== 'withdraw' || !shopId) throw data(null, { status: 400 });
  const amountFen = yuanToFen(field(form, 'amount', 20));
  const accountNote = field(form, 'accountNote', 400).trim();
  const key = field(form, 'key', 255);
  try {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
    if (amountFen === null || amountFen < 1) throw new AppError('VALIDATION_FAILED', { detail: translate(locale, 'finance.err.amount') });
    if (accountNote.length < 2 || accountNote.length > 200) throw new AppError('VALIDATION_FAILED', { detail: translate(locale, 'finance.err.account') });
  } catch (error) {
    return failed(error, locale);
  }
  const scope = `user:${auth.userId}:web:withdraw:${shopId}`;
  const claim = await claimKey(app.db, scope, key, requestFingerprint({ amountFen, accountNote }), app.clock.now());
  if (claim.outcome === 'replay') return JSON.parse(claim.response.body) as Ok;
  if (claim.outcome !== 'claimed') return failed(new AppError(claim.outcome === 'in_flight' ? 'IDEMPOTENCY_IN_FLIGHT' : 'IDEMPOTENCY_KEY_REUSED'), locale);
  try {
    await app.db.transaction().execute((trx) => requestWithdrawal(trx, app.clock, shopId, auth.userId, amountFen!, accountNote));
  } catch (error) {
    await releaseKey(app.db, scope, key);
    return failed(error, locale);
  }
  const result: Ok = { ok: true, message: translate(locale, 'finance.withdraw.requested', { amount: formatFen(amountFen!, locale) }) };
  await completeKey(app.db, scope, key, { status: 200, headers: {}, body: JSON.stringify(result) });
  return result;
}

// ---------------------------------------------------------------------------------------------
// 平台后台 · 财务

type Category = Awaited<ReturnType<typeof listAllCategories>>[number];

/** The category tree as Cascader options (three levels), and each category's path for the rates table. */
function categoryOptions(categories: Category[]) {
  interface Option {
    value: string;
    label: string;
    children?: Option[];
  }
  const byId = new Map<string, Option>();
  const roots: Option[] = [];
  for (const c of categories) {
    const option: Option = { value: c.id, label: c.name };
    byId.set(c.id, option);
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    if (parent) (parent.children ??= []).push(option);
    else if (!c.parentId) roots.push(option);
  }
  const parents = new Map(categories.map((c) => [c.id, c]));
  const path = (id: string) => {
    const names: string[] = [];
    for (let c = parents.get(id); c; c = c.parentId ? parents.get(c.parentId) : undefined) names.unshift(c.name);
    return names.join(' / ');
  };
  return { options: roots, path };
}

const DIFF_KINDS: Record<string, MessageKey> = {
  missing_in_ledger: 'finance.diff.missing_in_ledger',
  missing_in_bill: 'finance.diff.missing_in_bill',
  amount_mismatch: 'finance.diff.amount_mismatch',
};

/** Held funds, commission, settlements, refunds needing attention, withdrawals, settings, rates, reconciliation. */
export async function adminFinanceLoader({ request, context }: { request: Request; context: AppLoadContext }): Promise<AdminFinanceView> {
  requireArea(context, request, 'finance');
  const { app, locale } = context;
  const [pf, settlements, categories] = await Promise.all([platformFinance(app.db), recentSettlements(app.db), listAllCategories(app.db)]);
  const fen = (n: number | null) => (n === null ? '—' : formatFen(Number(n), locale));
  const { options, path } = categoryOptions(categories);
  const reconciliations: ReconciliationRowView[] = pf.reconciliations.map((r) => ({
    id: r.id,
    provider: providerLabel(r.provider, locale),
    date: r.bill_date,
    status: r.status,
    billRows: r.bill_rows,
    ledgerRows: r.ledger_rows,
    differences: r.differences.map((d) => ({
      kind: translate(locale, DIFF_KINDS[d.kind] ?? 'finance.diff.amount_mismatch'),
      type: translate(locale, d.type === 'refund' ? 'finance.diff.refund' : 'finance.diff.payment'),
      ref: d.ref,
      bill: fen(d.billFen),
      ledger: fen(d.ledgerFen),
    })),
    createdAt: dateTimeText(r.created_at, locale),
  }));
  return {
    cards: [
      { key: 'held', label: translate(locale, 'finance.admin.held'), value: fen(pf.heldTotalFen), hint: translate(locale, 'finance.admin.heldHint', { count: pf.heldByShop.length }) },
      { key: 'commission', label: translate(locale, 'finance.admin.commission'), value: fen(pf.commissionEarnedFen), hint: null },
      { key: 'due', label: translate(locale, 'finance.admin.due'), value: fen(pf.due.totalFen), hint: translate(locale, 'finance.admin.dueHint', { count: pf.due.count }) },
      { key: 'refunds', label: translate(locale, 'finance.admin.refunds'), value: fen(pf.refundsPayableFen), hint: translate(locale, 'finance.admin.refundsHint', { count: pf.failedRefunds.length }) },
    ],
    heldByShop: pf.heldByShop.map((s) => ({ shopId: s.shopId, shopName: s.shopName, held: fen(s.heldFen) })),
    settlements: settlements.map((s) => ({
      orderId: s.orderId,
      shopName: s.shopName,
      method: providerLabel(s.provider, locale),
      mode: translate(locale, s.mode === 'marketplace' ? 'finance.mode.marketplaceShort' : 'finance.mode.platform_collectShort'),
      captured: fen(s.capturedFen),
      refunded: fen(s.refundedFen),
      commission: fen(s.commissionFen),
      settled: fen(s.settledFen),
      settledAt: dateTimeText(s.settledAt, locale),
    })),
    failedRefunds: pf.failedRefunds.map((r) => ({
      id: r.id,
      orderId: r.orderId,
      attemptId: r.attemptId,
      amount: fen(r.amountFen),
      reason: r.failureReason ?? '—',
      createdAt: dateTimeText(r.createdAt, locale),
    })),
    withdrawals: pf.withdrawals.rows.map((w) => withdrawalRow(w, locale)),
    reconciliations,
    settings: { mode: pf.settings.mode, settlementDays: pf.settings.settlementDays },
    commissionRates: categories
      .filter((c) => c.level === 3)
      .map((c) => ({ categoryId: c.id, categoryName: c.name, path: path(c.id) || c.name, rate: bpToPercent(c.commissionBp) })),
    categories: options,
    providers: app.payments.names.map((name) => ({ value: name, label: providerLabel(name, locale) })),
    yesterday: previousChinaDate(app.clock.now()),
    rejectedNotifications: pf.rejectedNotifications,
  };
}

const invalid = (detail: string) => new AppError('VALIDATION_FAILED', { detail });

/** The platform's finance writes (form posts with an intent), each the same call as the API's route. */
export async function adminFinanceAction({ request, context }: { request: Request; context: AppLoadContext }) {
  const auth = requireArea(context, request, 'finance');
  const { app, locale } = context;
  const form = await request.formData();
  const intent = field(form, 'intent', 30);
  const ok = (key: MessageKey, params = {}) => ({ ok: true as const, message: translate(locale, key, params) });
  try {
    switch (intent) {
      case 'settings': {
        const mode = field(form, 'mode', 30);
        const days = field(form, 'settlementDays', 4).trim();
        if (mode !== 'marketplace' && mode !== 'platform_collect') throw invalid(translate(locale, 'finance.err.mode'));
        if (!/^\d{1,2}$/.test(days) || Number(days) > 90) throw invalid(translate(locale, 'finance.err.days'));
        await updatePaymentSettings(app.db, app.clock, { mode, settlementDays: Number(days) });
        return ok('finance.settings.saved');
      }
      case 'rate': {
        const bp = percentToBp(field(form, 'rate', 10).trim());
        if (bp === null) throw invalid(translate(locale, 'finance.err.commission'));
        const category = await setCategoryCommission(app.db, field(form, 'categoryId', 64), bp);
        return ok('finance.rates.saved', { name: category.name, rate: bpToPercent(bp) });
      }
      case 'withdrawal': {
        const id = field(form, 'id', 64);
        const approve = form.get('approve') === 'true';
        const note = field(form, 'note', 400).trim();
        if (note.length > 200) throw invalid(translate(locale, 'finance.err.note'));
        if (!approve && !note) throw invalid(translate(locale, 'finance.err.rejectNote'));
        await app.db.transaction().execute((trx) => decideWithdrawal(trx, app.clock, id, approve, auth.userId, note, app.payments.names[0] ?? 'sandbox'));
        return ok(approve ? 'finance.admin.approvedMsg' : 'finance.admin.rejectedMsg');
      }
      case 'reconcile': {
        const provider = field(form, 'provider', 20);
        const date = field(form, 'date', 10);
        if (!app.payments.has(provider)) throw new AppError('PAYMENT_METHOD_UNAVAILABLE', { method: provider || '—' });
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00+08:00`))) throw invalid(translate(locale, 'finance.err.date'));
        const report = await reconcileDay(paymentDeps(app), provider, date);
        return report.status === 'matched'
          ? ok('finance.recon.matched', { date, provider: providerLabel(provider, locale), rows: report.billRows })
          : ok('finance.recon.differences', { date, provider: providerLabel(provider, locale), count: report.differences.length });
      }
      case 'settle': {
        const result = await app.db.transaction().execute((trx) => settleDue(trx, app.clock));
        return ok('finance.settled', { settled: result.settled, sharing: result.sharing });
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return failed(error, locale);
  }
}
