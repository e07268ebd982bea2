import type { ColumnType, JSONColumnType } from 'kysely';

/**
 * Tables owned by the built-in sandbox gateway (a stand-in third party: it shares nothing with our own
 * tables and never reads them; the mall talks to it only through signed HTTP-shaped messages).
 */

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type SandboxTradeStatus = 'WAIT_PAY' | 'SUCCESS' | 'CLOSED';
export type SandboxChannel = 'page' | 'wap' | 'native' | 'jsapi';
export type SandboxRefundStatus = 'SUCCESS' | 'PROCESSING' | 'FAILED';
export type SandboxNotificationKind = 'payment' | 'refund';
/**
 * held: waiting for a later notification to overtake it (fault `reorder`); pending: being delivered;
 * acked: the merchant answered {"code":"SUCCESS"}; failed: retries exhausted; suppressed: fault `never`.
 */
export type SandboxNotificationStatus = 'held' | 'pending' | 'acked' | 'failed' | 'suppressed';

/** Merchant apps besides the one configured from the environment (SANDBOX_APP_ID …). */
export interface SandboxAppTable {
  app_id: string;
  mch_id: string;
  key: string;
  merchant_name: string;
  created_at: Timestamp;
}

export interface SandboxTradeTable {
  /** The gateway's trade number, `sbt_…`. */
  id: string;
  app_id: string;
  mch_id: string;
  out_trade_no: string;
  amount_fen: number;
  subject: string;
  channel: SandboxChannel;
  status: Defaulted<SandboxTradeStatus>;
  notify_url: string;
  return_url: string;
  client_ip: string | null;
  /** Paid with sub-orders (合单/分账): each share is frozen at the gateway until profit sharing. */
  marketplace: boolean;
  refunded_fen: Defaulted<number>;
  /** sha256 of the create request's business fields: a repeat must match. */
  request_hash: string;
  expires_at: Timestamp;
  created_at: Timestamp;
  paid_at: OptionalTime;
  closed_at: OptionalTime;
}

export interface SandboxSubOrderTable {
  trade_id: string;
  out_sub_trade_no: string;
  sub_mch_id: string;
  description: string;
  position: number;
  amount_fen: number;
  /** Held at the gateway (paid, not yet shared, released or refunded). */
  frozen_fen: Defaulted<number>;
  /** Paid out to profit-sharing receivers (normally the platform's commission). */
  shared_fen: Defaulted<number>;
  /** Unfrozen to the sub-merchant by a `finish` profit-sharing request. */
  released_fen: Defaulted<number>;
  refunded_fen: Defaulted<number>;
  finished: Defaulted<boolean>;
}

export interface SandboxRefundTable {
  /** `sbr_…` */
  id: string;
  trade_id: string;
  mch_id: string;
  out_refund_no: string;
  out_sub_trade_no: string | null;
  amount_fen: number;
  reason: string;
  status: SandboxRefundStatus;
  /** Where the money came from: still-frozen funds, the sub-merchant's released funds, the receivers' shares. */
  from_frozen_fen: Defaulted<number>;
  from_merchant_fen: Defaulted<number>;
  from_receivers_fen: Defaulted<number>;
  created_at: Timestamp;
  succeeded_at: OptionalTime;
}

export interface SandboxProfitShareReceiver {
  account: string;
  amount_fen: number;
  description: string;
}

export interface SandboxProfitShareTable {
  /** `sbp_…` */
  id: string;
  mch_id: string;
  out_order_no: string;
  trade_id: string;
  out_sub_trade_no: string;
  receivers: JSONColumnType<SandboxProfitShareReceiver[]>;
  shared_fen: number;
  finish: boolean;
  /** What a `finish` request unfroze to the sub-merchant. */
  released_fen: number;
  status: 'FINISHED';
  created_at: Timestamp;
}

export interface SandboxNotificationTable {
  /** `sbn_…` */
  id: string;
  trade_id: string;
  refund_id: string | null;
  kind: SandboxNotificationKind;
  notify_url: string;
  /** The JSON body, fixed when queued; each delivery signs it with a fresh timestamp and nonce. */
  body: string;
  status: SandboxNotificationStatus;
  /** Copies sent per attempt (fault `duplicate`). */
  copies: number;
  /** Delivery attempts started. */
  attempts: Defaulted<number>;
  /** The job that delivers it: the first to run claims it, any other job for it does nothing. */
  job_id: string | null;
  /** HTTP requests made, duplicates included. */
  deliveries: Defaulted<number>;
  last_http_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  last_attempt_at: OptionalTime;
  acked_at: OptionalTime;
}

/** Per-trade fault settings, keyed by the merchant's out_trade_no (`*` = every trade of the merchant). */
export interface SandboxFaultTable {
  mch_id: string;
  out_trade_no: string;
  duplicate: number;
  reorder: boolean;
  delay_ms: number;
  never: boolean;
  updated_at: Timestamp;
}

export interface SandboxGatewayTables {
  sandbox_app: SandboxAppTable;
  sandbox_trade: SandboxTradeTable;
  sandbox_sub_order: SandboxSubOrderTable;
  sandbox_refund: SandboxRefundTable;
  sandbox_profit_share: SandboxProfitShareTable;
  sandbox_notification: SandboxNotificationTable;
  sandbox_fault: SandboxFaultTable;
}
