/**
 * What the payment and finance pages receive from their loaders: plain, already formatted values
 * (amounts are text made by formatFen on the server). Shared by the *.server.ts builders and the
 * page components, so nothing here may import server code.
 */
import type { OrderStatusName } from './buying-views.ts';

/** One way to pay at the 收银台, as a radio card. `value` is the method, with `.native` for a QR code. */
export interface CashierMethod {
  value: string;
  icon: 'sandbox' | 'alipay' | 'wechatpay' | 'balance' | 'cod' | 'qr';
  label: string;
  hint: string | null;
  disabled: boolean;
}

export type CashierStatus = 'pending' | 'paid' | 'cancelled' | 'expired';

export interface CashierView {
  id: string;
  status: CashierStatus;
  amount: string;
  /** Time left to pay by the server's clock (0 once past). */
  remainingMs: number;
  payBefore: string;
  orders: { id: string; href: string; shopName: string; status: OrderStatusName; payable: string }[];
  methods: CashierMethod[];
  defaultMethod: string | null;
  /** A fresh idempotency key per render: a double click or a resubmission pays once. */
  key: string;
  /** Paid: with what and when. */
  paidWith: string | null;
  paidAt: string | null;
  /** An online payment that was started and not yet confirmed: its result page. */
  openAttemptHref: string | null;
}

export interface QrView {
  /** A data: URL of the PNG, made on the server. */
  image: string;
  /** The text in the code (a URL), shown small for anyone who cannot scan. */
  content: string;
  amount: string;
  doneHref: string;
}

/** A provider's page to post to (Alipay's page pay in form mode): rendered and submitted. */
export interface ProviderFormView {
  html: string;
}

export type PayResultState = 'success' | 'confirming' | 'failed' | 'refunding';

export interface PayResultView {
  state: PayResultState;
  paymentOrderId: string;
  attemptId: string;
  amount: string;
  method: string;
  paidAt: string | null;
  cashierHref: string;
  orders: { id: string; href: string; shopName: string; payable: string }[];
}

export interface WalletLineView {
  at: string;
  kind: string;
  memo: string | null;
  change: string;
  positive: boolean;
  balanceAfter: string;
}

export interface TopUpView {
  attemptId: string;
  state: 'success' | 'confirming' | 'failed';
  amount: string;
}

export interface WalletView {
  balance: string;
  lines: WalletLineView[];
  page: number;
  pageCount: number;
  methods: CashierMethod[];
  key: string;
  topUp: TopUpView | null;
}

// --- consoles -------------------------------------------------------------------------------------

export type FundsStatusName = 'held' | 'due' | 'settled' | 'refunded';
export const FUNDS_STATUSES: readonly FundsStatusName[] = ['held', 'due', 'settled', 'refunded'];

export interface StatementRowView {
  orderId: string;
  orderHref: string;
  method: string;
  paidAt: string;
  captured: string;
  refunded: string;
  commission: string;
  settled: string;
  status: FundsStatusName;
  /** 预计结算 (due), 结算时间 (settled), or a note while held. */
  when: string;
  whenKind: 'expected' | 'settled' | 'after_receipt' | 'none';
}

export interface WithdrawalRowView {
  id: string;
  shopName: string;
  amount: string;
  status: 'requested' | 'approved' | 'rejected';
  accountNote: string;
  decisionNote: string | null;
  createdAt: string;
  decidedAt: string;
}

export interface SellerFinanceView {
  shopId: string;
  mode: 'marketplace' | 'platform_collect';
  settlementDays: number;
  cards: { key: string; label: string; value: string; hint: string | null }[];
  statement: { rows: StatementRowView[]; total: number; page: number; pageSize: number; status: FundsStatusName | 'all' };
  exportHref: string;
  withdrawals: WithdrawalRowView[];
  availableFen: number;
  available: string;
  key: string;
}

export interface ReconciliationRowView {
  id: string;
  provider: string;
  date: string;
  status: 'matched' | 'differences';
  billRows: number;
  ledgerRows: number;
  differences: { kind: string; type: string; ref: string; bill: string; ledger: string }[];
  createdAt: string;
}

export interface AdminFinanceView {
  cards: { key: string; label: string; value: string; hint: string | null }[];
  heldByShop: { shopId: string; shopName: string; held: string }[];
  settlements: { orderId: string; shopName: string; method: string; mode: string; captured: string; refunded: string; commission: string; settled: string; settledAt: string }[];
  failedRefunds: { id: string; orderId: string | null; attemptId: string; amount: string; reason: string; createdAt: string }[];
  withdrawals: WithdrawalRowView[];
  reconciliations: ReconciliationRowView[];
  settings: { mode: 'marketplace' | 'platform_collect'; settlementDays: number };
  /** Every leaf category with its own rate (category.commission_bp): what settlement charges. */
  commissionRates: { categoryId: string; categoryName: string; path: string; rate: string }[];
  categories: { value: string; label: string; children?: { value: string; label: string; children?: { value: string; label: string }[] }[] }[];
  providers: { value: string; label: string }[];
  /** Yesterday in China time, the default for 立即对账. */
  yesterday: string;
  rejectedNotifications: number;
}
