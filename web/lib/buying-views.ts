/**
 * Display-ready shapes for the buying pages (cart, checkout, orders, addresses) and the consoles'
 * order and logistics pages. Amounts arrive formatted for the page's language; no server types here.
 */

export type OrderStatusName = 'pending_payment' | 'paid' | 'shipped' | 'received' | 'completed' | 'cancelled' | 'closed';
export const ORDER_STATUSES: readonly OrderStatusName[] = ['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed'];

/** The shopper's order tabs (orders.rules.ts ORDER_TABS), in order. */
export type BuyerOrderTab = 'all' | 'pending_payment' | 'to_ship' | 'to_receive' | 'to_review' | 'after_sales';
export const BUYER_ORDER_TABS: readonly BuyerOrderTab[] = ['all', 'pending_payment', 'to_ship', 'to_receive', 'to_review', 'after_sales'];

export interface CartItemView {
  skuId: string;
  href: string;
  title: string;
  spec: string;
  image: string | null;
  qty: number;
  /** min(stock, purchase limit): the stepper's upper bound. */
  maxQty: number;
  stock: number;
  selected: boolean;
  price: string;
  lineTotal: string;
  /** The price when it was added, when it has changed since (价格变动). */
  priceWas: string | null;
  /** By how much it went down (降价), when it did. */
  dropped: string | null;
  /** 库存紧张 */
  lowStock: boolean;
  /** More in the cart than in stock. */
  overStock: boolean;
}

export interface CartShopView {
  shopId: string;
  shopName: string;
  shopKind: 'self_operated' | 'flagship' | 'specialty' | 'franchise' | 'individual';
  href: string;
  allSelected: boolean;
  items: CartItemView[];
}

export interface CartInvalidView {
  skuId: string;
  href: string;
  title: string;
  spec: string;
  image: string | null;
  reason: 'soldOut' | 'unavailable';
}

export interface CartView {
  shops: CartShopView[];
  /** 失效宝贝 */
  invalid: CartInvalidView[];
  total: string;
  totalFen: number;
  /** Pieces selected for checkout (结算(N)). */
  selectedCount: number;
  allSelected: boolean;
  itemCount: number;
}

export interface LineView {
  id: string;
  title: string;
  spec: string;
  image: string | null;
  price: string;
  qty: number;
  lineTotal: string;
  href: string;
  /** At confirmation: false for goods excluded from 七天无理由退货. */
  noReasonReturn?: boolean;
}

export interface PickupPointOption {
  id: string;
  name: string;
  address: string;
  hours: string;
  phone: string;
}

export interface CheckoutShopValues {
  note: string;
  invoiceKind: 'none' | 'personal' | 'company';
  invoiceTitle: string;
  taxNumber: string;
  invoiceEmail: string;
}

export interface CheckoutShopView {
  shopId: string;
  shopName: string;
  lines: LineView[];
  pieces: number;
  itemsTotal: string;
  /** null: free (包邮), or not known yet (no address). */
  shippingFee: string | null;
  /** The shop's free-shipping rule that applied, e.g. 满 ¥99.00 包邮. */
  freeShipping: string | null;
  payable: string;
  delivery: 'express' | 'pickup';
  deliverable: boolean;
  pickupPoints: PickupPointOption[];
  pickupPointId: string;
  values: CheckoutShopValues;
}

export interface AddressCardView {
  id: string;
  recipient: string;
  /** 138****8000 */
  mobile: string;
  fullAddress: string;
  tag: string | null;
  isDefault: boolean;
}

export interface CheckoutView {
  /** The idempotency key of this confirmation page: a double submit places one set of orders. */
  key: string;
  buyNow: { skuId: string; qty: number } | null;
  address: AddressCardView | null;
  hasAddresses: boolean;
  shops: CheckoutShopView[];
  totals: { items: string; shipping: string; discount: string; payable: string; pieces: number };
  /** Some shop ships by express but no address is chosen. */
  needsAddress: boolean;
  /** Why there is nothing to confirm (empty selection, sold out…), in the page's language. */
  problem: string | null;
}

export interface TimelineEntry {
  label: string;
  at: string;
  actor: string;
  note: string | null;
}

export interface BuyerOrderCard {
  id: string;
  href: string;
  payHref: string;
  status: OrderStatusName;
  shopName: string;
  shopHref: string;
  lines: LineView[];
  pieces: number;
  payable: string;
  shippingFee: string | null;
  createdAt: string;
  /** Time left to pay (server time), for 待付款. */
  payRemainingMs: number | null;
  canCancel: boolean;
  canConfirm: boolean;
  delivery: 'express' | 'pickup';
}

export interface OrderAmounts {
  itemsTotal: string;
  /** The price breakdown (运费, discounts…), signed. */
  adjustments: { label: string; amount: string }[];
  payable: string;
}

export interface OrderDeliveryView {
  method: 'express' | 'pickup';
  address: { recipient: string; mobile: string; full: string } | null;
  pickup: { name: string; address: string; hours: string; phone: string | null } | null;
}

export interface BuyerOrderDetail extends BuyerOrderCard, OrderAmounts {
  delivery: 'express' | 'pickup';
  deliveryInfo: OrderDeliveryView;
  buyerNote: string;
  invoice: string | null;
  times: { label: string; at: string }[];
  cancelReason: string | null;
  autoConfirmAt: string | null;
  timeline: TimelineEntry[];
}

export interface ConsoleOrderRow {
  id: string;
  href: string;
  status: OrderStatusName;
  shopId: string;
  shopName: string;
  buyer: string | null;
  lines: LineView[];
  pieces: number;
  payable: string;
  shippingFee: string | null;
  delivery: 'express' | 'pickup';
  createdAt: string;
}

export interface ConsoleOrderDetail extends ConsoleOrderRow, OrderAmounts {
  paymentOrderId: string;
  deliveryInfo: OrderDeliveryView;
  buyerNote: string;
  invoice: string | null;
  times: { label: string; at: string }[];
  cancelReason: string | null;
  timeline: TimelineEntry[];
}

export interface RegionOption {
  code: string;
  name: string;
}
