import type { ColumnType, JSONColumnType, Selectable } from 'kysely';
import type { AfterSalesAction, AfterSalesKind, AfterSalesReason, AfterSalesStatus, DeadlineParty } from './after-sales.rules.ts';

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;
type DefaultFen = ColumnType<number, number | undefined, number>;

export type AfterSalesRole = 'buyer' | 'merchant' | 'platform' | 'system';

/** A picture attached to a request or a message (an uploaded `media_image`, by id and detail URL). */
export interface EvidencePhoto {
  id: string;
  url: string;
}

/** One after-sales request (售后申请) for one order line. */
export interface AfterSalesRequestTable {
  id: string;
  order_id: string;
  order_line_id: string;
  shop_id: string;
  user_id: string;
  kind: AfterSalesKind;
  status: AfterSalesStatus;
  reason: AfterSalesReason;
  description: ColumnType<string, string | undefined, string>;
  photos: JSONColumnType<EvidencePhoto[], string, string>;
  /** Pieces of the line concerned. */
  qty: number;
  /** The refund asked for (refund kinds; 0 for exchange and repair). */
  amount_fen: number;
  /** What was refunded for the line by this request, and the shipping fee refunded with it. */
  refunded_fen: DefaultFen;
  shipping_refund_fen: DefaultFen;
  refund_id: OptionalText;
  shipping_refund_id: OptionalText;
  /** The order's status when the request was made (paid / shipped / received / completed). */
  order_status_at_apply: string;
  return_address: OptionalText;
  return_carrier: OptionalText;
  return_tracking_no: OptionalText;
  returned_at: OptionalTime;
  replacement_carrier: OptionalText;
  replacement_tracking_no: OptionalText;
  replacement_shipped_at: OptionalTime;
  merchant_note: OptionalText;
  reject_reason: OptionalText;
  escalation_reason: OptionalText;
  escalated_at: OptionalTime;
  decision: ColumnType<'refund' | 'close' | null, 'refund' | 'close' | null | undefined, 'refund' | 'close' | null>;
  decision_note: OptionalText;
  decided_by: OptionalText;
  decided_at: OptionalTime;
  /** The running deadline: by when `deadline_party` must act, and what the system does if they do not. */
  deadline_at: OptionalTime;
  deadline_action: ColumnType<AfterSalesAction | null, AfterSalesAction | null | undefined, AfterSalesAction | null>;
  deadline_party: ColumnType<DeadlineParty | null, DeadlineParty | null | undefined, DeadlineParty | null>;
  /** Bumped by every transition; a deadline job carries the version it was set for. */
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: OptionalTime;
}

/** The timeline: one row per transition. */
export interface AfterSalesEventTable {
  id: string;
  request_id: string;
  action: string;
  from_status: AfterSalesStatus | null;
  to_status: AfterSalesStatus;
  actor_id: string | null;
  actor_role: AfterSalesRole;
  note: string | null;
  amount_fen: number | null;
  created_at: ColumnType<Date, Date, never>;
}

/** The negotiation record (协商记录): messages with photos from buyer, merchant and platform. */
export interface AfterSalesMessageTable {
  id: string;
  request_id: string;
  author_id: string | null;
  author_role: AfterSalesRole;
  body: string;
  photos: JSONColumnType<EvidencePhoto[], string, string>;
  /** A platform note only platform staff see. */
  internal: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date, never>;
}

/** Tables owned by the after-sales module (requests, their timeline and negotiation record). */
export interface AfterSalesTables {
  after_sales_request: AfterSalesRequestTable;
  after_sales_event: AfterSalesEventTable;
  after_sales_message: AfterSalesMessageTable;
}

export type AfterSalesRequest = Selectable<AfterSalesRequestTable>;
