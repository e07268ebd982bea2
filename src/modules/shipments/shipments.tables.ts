import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;

/** Where a parcel is, as the shopper reads it: 已发货 → 已揽收 → 运输中 → 派送中 → 已签收 (or 异常 / 退回). */
export type ShipmentStatus = 'shipped' | 'collected' | 'in_transit' | 'delivering' | 'signed' | 'exception' | 'returned';
/** A tracking event's state: every status but `shipped` (the parcel record itself is the 已发货 step). */
export type TrackingStatus = Exclude<ShipmentStatus, 'shipped'>;
export type TrackingSource = 'manual' | 'kuaidi100';
/** The Kuaidi100 subscription of a parcel: none (manual tracking only), asked for, active, ended (signed or abandoned), refused. */
export type SubscriptionState = 'none' | 'pending' | 'active' | 'ended' | 'failed';
export type PickupCodeStatus = 'open' | 'used' | 'void';

/** One parcel (包裹) of a shop order: a carrier, a tracking number and what is in it. */
export interface ShipmentTable {
  id: string;
  order_id: string;
  shop_id: string;
  /** Our carrier code (shipments.carriers.ts): SF, ZTO, YTO … */
  carrier: string;
  tracking_no: string;
  status: ColumnType<ShipmentStatus, ShipmentStatus | undefined, ShipmentStatus>;
  note: string | null;
  /** The ship call's Idempotency-Key, so a retry after a crash finds this parcel again. */
  idempotency_key: string | null;
  created_by: string | null;
  created_at: Timestamp;
  /** The newest tracking event's time (or the shipping time): "no movement for N days" counts from here. */
  last_movement_at: Timestamp;
  signed_at: OptionalTime;
  /** 物流异常: no movement for SHIPMENT_STALE_DAYS (set by the recurring job, cleared by the next event). */
  stale: ColumnType<boolean, boolean | undefined, boolean>;
  stale_since: OptionalTime;
  subscription: ColumnType<SubscriptionState, SubscriptionState | undefined, SubscriptionState>;
  subscription_error: ColumnType<string | null, string | null | undefined, string | null>;
}

/** What a parcel holds: a quantity of one order line. */
export interface ShipmentLineTable {
  shipment_id: string;
  order_line_id: string;
  qty: number;
}

/**
 * How much of an order line has shipped: the counter the database keeps within what was ordered
 * (`check (shipped_qty <= ordered_qty)`, written by one conditional update per line).
 */
export interface FulfilmentLineTable {
  order_line_id: string;
  order_id: string;
  ordered_qty: number;
  shipped_qty: ColumnType<number, number | undefined, number>;
}

/** One step of a parcel's trail, from the merchant (manual) or a tracking provider; de-duplicated per parcel. */
export interface TrackingEventTable {
  id: string;
  shipment_id: string;
  occurred_at: Timestamp;
  status: TrackingStatus;
  description: string;
  location: string | null;
  source: TrackingSource;
  /** sha256 of time + description: a provider re-sends the whole trail on every push. */
  dedupe_key: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** A 自提 order's pickup code (提货码), made when the shop marks it 备货完成. */
export interface PickupCodeTable {
  id: string;
  order_id: string;
  shop_id: string;
  code: string;
  status: PickupCodeStatus;
  created_by: string | null;
  created_at: Timestamp;
  used_at: OptionalTime;
  used_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Failed pickup-code checks per shop and fixed window: the brake on guessing. */
export interface PickupAttemptTable {
  shop_id: string;
  window_start: Timestamp;
  failures: ColumnType<number, number | undefined, number>;
}

/** Tables owned by the shipments module (parcels, tracking events, pickup codes). */
export interface ShipmentsTables {
  shipment: ShipmentTable;
  shipment_line: ShipmentLineTable;
  fulfilment_line: FulfilmentLineTable;
  tracking_event: TrackingEventTable;
  pickup_code: PickupCodeTable;
  pickup_attempt: PickupAttemptTable;
}

export type ShipmentRow = Selectable<ShipmentTable>;
export type TrackingEventRow = Selectable<TrackingEventTable>;
export type PickupCodeRow = Selectable<PickupCodeTable>;
