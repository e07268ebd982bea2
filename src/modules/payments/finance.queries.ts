import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { accountCode } from '../ledger/ledger.accounts.ts';
import { accountBalance, accountStatement, balancesByPrefix } from '../ledger/ledger.service.ts';
import { listReconciliations } from './reconciliation.service.ts';
import { getPaymentSettings } from './payments.settings.ts';

/** 余额: the shopper's balance and its history, from the ledger. */
export async function walletView(q: Queryable, userId: string, page = 1, pageSize = 20) {
  const statement = await accountStatement(q, accountCode('buyer_wallet', userId), { page, pageSize });
  return {
    balanceFen: statement.account.balanceFen,
    total: statement.total,
    page,
    pageSize,
    lines: statement.lines.map((l) => ({ at: l.at, kind: l.kind, causeId: l.causeId, memo: l.memo, changeFen: l.changeFen, balanceAfterFen: l.balanceAfterFen })),
  };
}

/** A shop's money at a glance: held in escrow, falling due, available to withdraw, paid out, owed for COD. */
export async function shopFinanceSummary(q: Queryable, shopId: string) {
  const [held, available, paidOut, codOwed] = await Promise.all([
    accountBalance(q, accountCode('shop_escrow', shopId)),
    accountBalance(q, accountCode('merchant_available', shopId)),
    accountBalance(q, accountCode('merchant_paid_out', shopId)),
    accountBalance(q, accountCode('cod_receivable', shopId)),
  ]);
  const totals = await sql<{ due: string; settled: string; commission: string }>`
    select coalesce(sum(captured_fen - refunded_fen) filter (where status = 'due'), 0)::text as due,
           coalesce(sum(settled_fen) filter (where status = 'settled'), 0)::text as settled,
           coalesce(sum(commission_fen) filter (where status = 'settled'), 0)::text as commission
    from order_funds where shop_id = ${shopId}`.execute(q);
  const t = totals.rows[0]!;
  return { heldFen: held, dueFen: Number(t.due), availableFen: available, paidOutFen: paidOut, codOwedFen: codOwed, settledFen: Number(t.settled), commissionFen: Number(t.commission) };
}

/** 对账单: one row per paid shop order — captured, refunded, commission, settled, status and dates. */
export async function shopStatement(q: Queryable, shopId: string, filter: { status?: string | undefined; page: number; pageSize: number }) {
  let query = q
    .selectFrom('order_funds as f')
    .innerJoin('shop_order as o', 'o.id', 'f.shop_order_id')
    .innerJoin('payment_attempt as a', 'a.id', 'f.payment_attempt_id')
    .where('f.shop_id', '=', shopId);
  if (filter.status) query = query.where('f.status', '=', filter.status as never);
  const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'f.shop_order_id as orderId', 'f.status', 'f.provider', 'f.mode', 'f.captured_fen as capturedFen', 'f.refunded_fen as refundedFen',
      'f.commission_fen as commissionFen', 'f.settled_fen as settledFen', 'f.created_at as paidAt', 'f.due_at as dueAt', 'f.settled_at as settledAt',
      'o.status as orderStatus', 'a.channel',
    ])
    .orderBy('f.created_at', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(n), page: filter.page, pageSize: filter.pageSize, rows };
}

const STATUS_ZH: Record<string, string> = { held: '担保中', due: '待结算', settled: '已结算', refunded: '已退款' };
const PROVIDER_ZH: Record<string, string> = { sandbox: '沙箱支付', alipay: '支付宝', wechatpay: '微信支付', balance: '余额', cod: '货到付款' };

/** The statement as an Excel file (amounts in yuan with two decimals, as finance staff read them). */
export async function exportShopStatement(q: Queryable, shopId: string): Promise<Buffer> {
  const { rows } = await shopStatement(q, shopId, { page: 1, pageSize: 100_000 });
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('对账单');
  sheet.columns = [
    { header: '订单号', key: 'orderId', width: 32 },
    { header: '支付方式', key: 'provider', width: 12 },
    { header: '支付时间', key: 'paidAt', width: 20 },
    { header: '实收(元)', key: 'captured', width: 12 },
    { header: '退款(元)', key: 'refunded', width: 12 },
    { header: '佣金(元)', key: 'commission', width: 12 },
    { header: '结算(元)', key: 'settled', width: 12 },
    { header: '状态', key: 'status', width: 10 },
    { header: '预计结算', key: 'dueAt', width: 20 },
    { header: '结算时间', key: 'settledAt', width: 20 },
  ];
  const yuan = (fen: number) => Number(fen) / 100;
  for (const r of rows) {
    sheet.addRow({
      orderId: r.orderId, provider: PROVIDER_ZH[r.provider] ?? r.provider, paidAt: r.paidAt, captured: yuan(r.capturedFen), refunded: yuan(r.refundedFen),
      commission: yuan(r.commissionFen), settled: yuan(r.settledFen), status: STATUS_ZH[r.status] ?? r.status, dueAt: r.dueAt, settledAt: r.settledAt,
    });
  }
  for (const key of ['captured', 'refunded', 'commission', 'settled']) sheet.getColumn(key).numFmt = '0.00';
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function listWithdrawals(q: Queryable, filter: { shopId?: string | undefined; status?: string | undefined; page: number; pageSize: number }) {
  let query = q.selectFrom('withdrawal as w').innerJoin('shop as s', 's.id', 'w.shop_id');
  if (filter.shopId) query = query.where('w.shop_id', '=', filter.shopId);
  if (filter.status) query = query.where('w.status', '=', filter.status as never);
  const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['w.id', 'w.shop_id as shopId', 's.name as shopName', 'w.amount_fen as amountFen', 'w.status', 'w.account_note as accountNote', 'w.decision_note as decisionNote', 'w.created_at as createdAt', 'w.decided_at as decidedAt'])
    .orderBy('w.created_at', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(n), rows };
}

/** 平台财务: held funds per shop, commission earned, settlements due, refunds needing attention, withdrawals, reconciliation. */
export async function platformFinance(q: Queryable) {
  const escrow = await balancesByPrefix(q, 'shop_escrow:');
  const shops = escrow.length ? await q.selectFrom('shop').select(['id', 'name']).where('id', 'in', escrow.map((e) => e.ownerId!)).execute() : [];
  const due = await sql<{ n: number; total: string }>`select count(*)::int as n, coalesce(sum(captured_fen - refunded_fen), 0)::text as total from order_funds where status = 'due'`.execute(q);
  const failedRefunds = await q
    .selectFrom('refund')
    .select(['id', 'payment_attempt_id as attemptId', 'shop_order_id as orderId', 'amount_fen as amountFen', 'failure_reason as failureReason', 'created_at as createdAt'])
    .where('status', '=', 'failed')
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  const rejected = await sql<{ n: number }>`select count(*)::int as n from payment_notification where not verified`.execute(q);
  return {
    settings: await getPaymentSettings(q),
    heldByShop: escrow
      .filter((e) => e.balanceFen !== 0)
      .map((e) => ({ shopId: e.ownerId!, shopName: shops.find((s) => s.id === e.ownerId)?.name ?? e.ownerId!, heldFen: e.balanceFen })),
    heldTotalFen: escrow.reduce((n, e) => n + e.balanceFen, 0),
    commissionEarnedFen: await accountBalance(q, accountCode('platform_commission')),
    refundsPayableFen: await accountBalance(q, accountCode('refunds_payable')),
    due: { count: due.rows[0]!.n, totalFen: Number(due.rows[0]!.total) },
    failedRefunds,
    rejectedNotifications: rejected.rows[0]!.n,
    withdrawals: await listWithdrawals(q, { status: 'requested', page: 1, pageSize: 50 }),
    reconciliations: await listReconciliations(q, 30),
  };
}

/** The profit-sharing / settlement history across shops (platform view). */
export async function recentSettlements(q: Queryable, limit = 50) {
  return q
    .selectFrom('order_funds as f')
    .innerJoin('shop as s', 's.id', 'f.shop_id')
    .select(['f.shop_order_id as orderId', 's.name as shopName', 'f.provider', 'f.mode', 'f.captured_fen as capturedFen', 'f.refunded_fen as refundedFen', 'f.commission_fen as commissionFen', 'f.settled_fen as settledFen', 'f.settled_at as settledAt'])
    .where('f.status', '=', 'settled')
    .orderBy('f.settled_at', 'desc')
    .limit(limit)
    .execute();
}
