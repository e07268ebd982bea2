/**
 * Display-ready shapes for parcels, tracking and 自提 on the order pages (storefront, seller, admin).
 * Times arrive formatted for the page's language; no server types here.
 */

export type ParcelStatusName = 'shipped' | 'collected' | 'in_transit' | 'delivering' | 'signed' | 'exception' | 'returned';
export const TRACKING_STATUSES = ['collected', 'in_transit', 'delivering', 'signed', 'exception', 'returned'] as const;
export type TrackingStatusName = (typeof TRACKING_STATUSES)[number];

export interface TrackingEventView {
  id: string;
  at: string;
  status: TrackingStatusName;
  description: string;
  location: string | null;
  source: 'manual' | 'kuaidi100';
}

export interface ParcelView {
  id: string;
  carrier: string;
  carrierName: string;
  trackingNo: string;
  status: ParcelStatusName;
  shippedAt: string;
  signedAt: string | null;
  /** 物流异常: no movement for days. */
  stale: boolean;
  staleSince: string | null;
  /** Kuaidi100 subscription state; `none` = tracked by hand. */
  subscription: 'none' | 'pending' | 'active' | 'ended' | 'failed';
  lines: { title: string; qty: number }[];
  /** Newest first. */
  events: TrackingEventView[];
}

export interface PickupView {
  status: 'open' | 'used' | 'void';
  readyAt: string;
  usedAt: string | null;
  /** The buyer's own view only: the code, grouped for reading out ("1234 5678"), and its QR code (an SVG data URL). */
  code: string | null;
  qr: string | null;
}

export interface FulfilmentView {
  state: 'none' | 'partial' | 'all';
  shippedPieces: number;
  totalPieces: number;
  parcels: ParcelView[];
  /** Per order line id: pieces not shipped yet. */
  remaining: Record<string, number>;
  pickup: PickupView | null;
  /** The shop can 刷新物流 (a tracking service is configured). */
  canRefresh: boolean;
}

/** A row of the console order list: how far shipping got. */
export interface FulfilmentBadge {
  state: 'none' | 'partial' | 'all';
  shippedPieces: number;
  parcels: number;
  stale: boolean;
  pickup: 'open' | 'used' | 'void' | null;
  remaining: Record<string, number>;
}

export interface CarrierOption {
  value: string;
  label: string;
  /** What a number looks like (placeholder). */
  example: string | null;
}

/** 批量发货's result per row. */
export interface ShipImportRowView {
  row: number;
  orderId: string;
  carrier: string;
  trackingNo: string;
  ok: boolean;
  orderStatus: string | null;
  message: string | null;
}

/** One handover on the 核销 page. */
export interface HandoverView {
  orderId: string;
  href: string;
  buyer: string | null;
  at: string;
  lines: { title: string; spec: string; qty: number; image: string | null }[];
}
