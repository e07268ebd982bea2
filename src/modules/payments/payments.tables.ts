import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
type Fen = ColumnType<number, number, number>;
type DefaultFen = ColumnType<number, number | undefined, number>;

/** marketplace: each shop is a sub-merchant and the provider holds its share (电商收付通 / 直付通); platform_collect: funds land with the platform (自营, licensed operators). */
export type SettlementMode = 'marketplace' | 'platform_collect';
export type PaymentMethod = 'sandbox' | 'alipay' | 'wechatpay' | 'balance' | 'cod';
export type AttemptStatus = 'created' | 'succeeded' | 'failed' | 'closed';
export type RefundCause = 'buyer_cancel' | 'late_payment' | 'duplicate_payment' | 'after_sales' | 'platform';
export type RefundStatus = 'processing' | 'succeeded' | 'failed';
export type FundsStatus = 'held' | 'due' | 'settled' | 'refunded';

export interface PaymentSettingTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  mode: SettlementMode;
  settlement_days: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ShopPayeeTable {
  shop_id: string;
  sub_merchant_id: string;
  updated_at: Timestamp;
}

export interface PaymentAttemptTable {
  id: string;
  purpose: 'order' | 'topup';
  payment_order_id: string | null;
  user_id: string;
  provider: PaymentMethod;
  channel: string;
  mode: SettlementMode;
  amount_fen: Fen;
  status: AttemptStatus;
  provider_trade_no: string | null;
  refunded_fen: DefaultFen;
  idempotency_key: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  succeeded_at: OptionalTime;
  closed_at: OptionalTime;
}

export interface OrderFundsTable {
  shop_order_id: string;
  shop_id: string;
  payment_attempt_id: string;
  provider: PaymentMethod;
  mode: SettlementMode;
  captured_fen: Fen;
  refunded_fen: DefaultFen;
  commission_fen: DefaultFen;
  settled_fen: DefaultFen;
  status: FundsStatus;
  due_at: OptionalTime;
  settled_at: OptionalTime;
  created_at: Timestamp;
}

export interface RefundTable {
  id: string;
  payment_attempt_id: string;
  shop_order_id: string | null;
  order_line_id: string | null;
  user_id: string;
  amount_fen: Fen;
  reason: string;
  cause: RefundCause;
  destination: 'original' | 'balance';
  status: RefundStatus;
  provider_refund_no: string | null;
  failure_reason: string | null;
  /** After settlement: the part taken back from the merchant's settled share. */
  recovered_fen: DefaultFen;
  /** After settlement: the part of the platform's commission returned (the commission on the refunded part). */
  commission_returned_fen: DefaultFen;
  created_at: Timestamp;
  finished_at: OptionalTime;
}

export interface PaymentNotificationTable {
  id: string;
  provider: string;
  received_at: Timestamp;
  verified: boolean;
  outcome: string;
  reject_reason: string | null;
  out_trade_no: string | null;
  kind: string | null;
  body: string;
  ip: string | null;
}

export interface WithdrawalTable {
  id: string;
  shop_id: string;
  amount_fen: Fen;
  status: 'requested' | 'approved' | 'rejected';
  account_note: string;
  requested_by: string;
  decided_by: string | null;
  decision_note: string | null;
  created_at: Timestamp;
  decided_at: OptionalTime;
}

export interface ReconciliationDifference {
  kind: 'missing_in_ledger' | 'missing_in_bill' | 'amount_mismatch';
  type: 'payment' | 'refund';
  ref: string;
  billFen: number | null;
  ledgerFen: number | null;
}

export interface ReconciliationTable {
  id: string;
  provider: string;
  /** China date, YYYY-MM-DD. */
  bill_date: string;
  status: 'matched' | 'differences';
  bill_rows: number;
  ledger_rows: number;
  differences: JSONColumnType<ReconciliationDifference[]>;
  created_at: Timestamp;
}

/** Tables owned by the payments module. */
export interface PaymentsTables {
  payment_setting: PaymentSettingTable;
  shop_payee: ShopPayeeTable;
  payment_attempt: PaymentAttemptTable;
  order_funds: OrderFundsTable;
  refund: RefundTable;
  payment_notification: PaymentNotificationTable;
  withdrawal: WithdrawalTable;
  reconciliation: ReconciliationTable;
}
