import type { ColumnType, JSONColumnType, Selectable } from 'kysely';
import type { AddressSnapshot } from '../addresses/addresses.service.ts';
import type { PickupPointSnapshot } from '../shipping/shipping.service.ts';

export type { AddressSnapshot, PickupPointSnapshot };

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTime = ColumnType<Date | null, Date | null | undefined, Date | null>;

export type PaymentOrderStatus = 'pending' | 'paid' | 'cancelled';
export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type DeliveryMethod = 'express' | 'pickup';

/** One line of an order's price breakdown. Promotions add their own kinds later without reshaping orders. */
export interface PriceAdjustment {
  kind: 'shipping' | 'shop_discount' | 'platform_discount' | 'coupon' | 'member_price' | 'flash_sale' | 'points';
  label: string;
  /** Positive adds to what the buyer pays (shipping), negative takes off (discounts). */
  amountFen: number;
  orderLineId?: string;
}

export interface InvoiceRequest {
  kind: 'personal' | 'company';
  title: string;
  taxNumber?: string | undefined;
  email?: string | undefined;
}

export interface PaymentOrderTable {
  id: string;
  user_id: string;
  amount_fen: number;
  status: PaymentOrderStatus;
  idempotency_key: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  paid_at: OptionalTime;
  cancelled_at: OptionalTime;
}

export interface ShopOrderTable {
  id: string;
  payment_order_id: string;
  user_id: string;
  shop_id: string;
  status: OrderStatus;
  items_total_fen: number;
  shipping_fee_fen: number;
  discount_fen: ColumnType<number, number | undefined>;
  payable_fen: number;
  adjustments: JSONColumnType<PriceAdjustment[]>;
  delivery_method: DeliveryMethod;
  address: JSONColumnType<AddressSnapshot | null, string | null, string | null>;
  pickup_point: JSONColumnType<PickupPointSnapshot | null, string | null, string | null>;
  buyer_note: ColumnType<string, string | undefined>;
  invoice: JSONColumnType<InvoiceRequest | null, string | null, string | null>;
  created_at: Timestamp;
  paid_at: OptionalTime;
  shipped_at: OptionalTime;
  received_at: OptionalTime;
  completed_at: OptionalTime;
  cancelled_at: OptionalTime;
  cancel_reason: ColumnType<string | null, string | null | undefined>;
  auto_confirm_at: OptionalTime;
  /** Set at receipt: the end of this order's after-sales window (the 系统设置 window in force then). */
  after_sales_until: OptionalTime;
}

export interface OrderLineTable {
  id: string;
  order_id: string;
  product_id: string;
  sku_id: string;
  title: string;
  spec: JSONColumnType<Record<string, string>>;
  image_url: string | null;
  /** SHA-256 (hex) of the stored picture image_url showed at checkout (media_image.sha256); null for pictures not uploaded here. */
  image_sha256: ColumnType<string | null, string | null | undefined, never>;
  unit_price_fen: number;
  qty: number;
  line_total_fen: number;
  discount_fen: ColumnType<number, number | undefined>;
  weight_g: ColumnType<number, number | undefined>;
}

export interface OrderEventTable {
  id: string;
  order_id: string;
  action: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  actor_id: string | null;
  actor_role: 'buyer' | 'merchant' | 'platform' | 'system';
  note: string | null;
  created_at: ColumnType<Date, Date, never>;
}

export interface OrdersTables {
  payment_order: PaymentOrderTable;
  shop_order: ShopOrderTable;
  order_line: OrderLineTable;
  order_event: OrderEventTable;
  shop_order_buyer: ShopOrderBuyerView;
}

/**
 * A view (migration 0021): what a merchant may know of the buyer of an order of the shop named by
 * app.shop_id — read by the tenant-guarded seller order list (src/db/shop-scope.ts).
 */
export interface ShopOrderBuyerView {
  order_id: ColumnType<string, never, never>;
  shop_id: ColumnType<string, never, never>;
  pay_before: ColumnType<Date, never, never>;
  /** 138****1234, *** for a number of another shape; without a mobile the account's display name (已注销用户 once closed). */
  buyer_masked: ColumnType<string | null, never, never>;
  mobile_suffix: ColumnType<string | null, never, never>;
}

export type ShopOrder = Selectable<ShopOrderTable>;
