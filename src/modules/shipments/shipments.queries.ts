import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { findCarrier } from './shipments.carriers.ts';
import type { PickupCodeStatus, ShipmentStatus, SubscriptionState, TrackingSource, TrackingStatus } from './shipments.tables.ts';

export type FulfilmentState = 'none' | 'partial' | 'all';

export interface ShipmentView {
  id: string;
  carrier: string;
  carrierName: string;
  trackingNo: string;
  status: ShipmentStatus;
  note: string | null;
  createdAt: Date;
  signedAt: Date | null;
  lastMovementAt: Date;
  stale: boolean;
  staleSince: Date | null;
  subscription: SubscriptionState;
  lines: { orderLineId: string; title: string; qty: number }[];
  /** Newest first. */
  events: { id: string; occurredAt: Date; status: TrackingStatus; description: string; location: string | null; source: TrackingSource }[];
}

export interface OrderFulfilment {
  state: FulfilmentState;
  shippedPieces: number;
  totalPieces: number;
  /** Per order line: ordered and shipped so far. */
  lines: { orderLineId: string; ordered: number; shipped: number }[];
  shipments: ShipmentView[];
  /** 自提: whether the shop has the order ready, and the code — for its buyer only. */
  pickup: { status: PickupCodeStatus; readyAt: Date; usedAt: Date | null; code: string | null } | null;
}

function stateOf(shipped: number, total: number): FulfilmentState {
  return shipped === 0 ? 'none' : shipped >= total ? 'all' : 'partial';
}

/**
 * An order's parcels with what each holds and its trail (newest first), the per-line shipped counts
 * and the pickup state. `revealCode`: the pickup code itself is shown to the buyer only.
 */
export async function orderFulfilment(q: Queryable, orderId: string, options: { revealCode: boolean }): Promise<OrderFulfilment> {
  const lines = await q
    .selectFrom('order_line as l')
    .leftJoin('fulfilment_line as f', 'f.order_line_id', 'l.id')
    .select(['l.id', 'l.title', 'l.qty', (eb) => eb.fn.coalesce('f.shipped_qty', sql<number>`0`).as('shipped')])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const shipments = await q.selectFrom('shipment').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
  const ids = shipments.map((s) => s.id);
  const contents = ids.length
    ? await q.selectFrom('shipment_line').select(['shipment_id', 'order_line_id', 'qty']).where('shipment_id', 'in', ids).orderBy('order_line_id').execute()
    : [];
  const events = ids.length
    ? await q
        .selectFrom('tracking_event')
        .select(['id', 'shipment_id', 'occurred_at', 'status', 'description', 'location', 'source'])
        .where('shipment_id', 'in', ids)
        .orderBy('occurred_at', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const titles = new Map(lines.map((l) => [l.id, l.title]));
  const pickup = await q.selectFrom('pickup_code').select(['status', 'code', 'created_at', 'used_at']).where('order_id', '=', orderId).executeTakeFirst();
  const shipped = lines.reduce((s, l) => s + Number(l.shipped), 0);
  const total = lines.reduce((s, l) => s + l.qty, 0);
  return {
    state: stateOf(shipped, total),
    shippedPieces: shipped,
    totalPieces: total,
    lines: lines.map((l) => ({ orderLineId: l.id, ordered: l.qty, shipped: Number(l.shipped) })),
    shipments: shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      carrierName: findCarrier(s.carrier)?.name ?? s.carrier,
      trackingNo: s.tracking_no,
      status: s.status,
      note: s.note,
      createdAt: s.created_at,
      signedAt: s.signed_at,
      lastMovementAt: s.last_movement_at,
      stale: s.stale,
      staleSince: s.stale_since,
      subscription: s.subscription,
      lines: contents.filter((c) => c.shipment_id === s.id).map((c) => ({ orderLineId: c.order_line_id, title: titles.get(c.order_line_id) ?? '', qty: c.qty })),
      events: events
        .filter((e) => e.shipment_id === s.id)
        .map((e) => ({ id: e.id, occurredAt: e.occurred_at, status: e.status, description: e.description, location: e.location, source: e.source })),
    })),
    pickup: pickup
      ? { status: pickup.status, readyAt: pickup.created_at, usedAt: pickup.used_at, code: options.revealCode && pickup.status === 'open' ? pickup.code : null }
      : null,
  };
}

export interface FulfilmentSummary {
  state: FulfilmentState;
  shippedPieces: number;
  parcels: number;
  /** Some parcel of the order is flagged 物流异常. */
  stale: boolean;
  /** 自提: ready (code made), used, or not yet. */
  pickup: PickupCodeStatus | null;
  /** Shipped so far per order line (lines with nothing shipped are 0 or absent). */
  shippedByLine: Record<string, number>;
}

/** For order lists: per order, how much has shipped, in how many parcels, whether one is stale, the pickup state. */
export async function fulfilmentSummaries(q: Queryable, orderIds: string[]): Promise<Map<string, FulfilmentSummary>> {
  const out = new Map<string, FulfilmentSummary>();
  if (orderIds.length === 0) return out;
  const lines = await q
    .selectFrom('order_line as l')
    .leftJoin('fulfilment_line as f', 'f.order_line_id', 'l.id')
    .select(['l.order_id', (eb) => eb.fn.sum<number>('l.qty').as('total'), (eb) => eb.fn.sum<number>(eb.fn.coalesce('f.shipped_qty', sql<number>`0`)).as('shipped')])
    .where('l.order_id', 'in', orderIds)
    .groupBy('l.order_id')
    .execute();
  const parcels = await q
    .selectFrom('shipment')
    .select(['order_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max(sql<number>`stale::int`).as('stale')])
    .where('order_id', 'in', orderIds)
    .groupBy('order_id')
    .execute();
  const perLine = await q.selectFrom('fulfilment_line').select(['order_id', 'order_line_id', 'shipped_qty']).where('order_id', 'in', orderIds).execute();
  const codes = await q.selectFrom('pickup_code').select(['order_id', 'status']).where('order_id', 'in', orderIds).execute();
  for (const l of lines) {
    const p = parcels.find((x) => x.order_id === l.order_id);
    out.set(l.order_id, {
      state: stateOf(Number(l.shipped), Number(l.total)),
      shippedPieces: Number(l.shipped),
      parcels: Number(p?.n ?? 0),
      stale: Number(p?.stale ?? 0) === 1,
      pickup: codes.find((c) => c.order_id === l.order_id)?.status ?? null,
      shippedByLine: Object.fromEntries(perLine.filter((f) => f.order_id === l.order_id).map((f) => [f.order_line_id, f.shipped_qty])),
    });
  }
  return out;
}

/** A shop's parcels, newest first; `stale` → only those flagged 物流异常 (longest-waiting first). */
export async function listShipments(q: Queryable, shopId: string, filter: { stale?: boolean | undefined; page: number; pageSize: number }) {
  let query = q.selectFrom('shipment as s').where('s.shop_id', '=', shopId);
  if (filter.stale) query = query.where('s.stale', '=', true);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['s.id', 's.order_id as orderId', 's.carrier', 's.tracking_no as trackingNo', 's.status', 's.created_at as createdAt', 's.last_movement_at as lastMovementAt', 's.stale', 's.stale_since as staleSince', 's.subscription'])
    .orderBy(filter.stale ? 's.last_movement_at' : 's.created_at', filter.stale ? 'asc' : 'desc')
    .orderBy('s.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(total), items: rows.map((r) => ({ ...r, carrierName: findCarrier(r.carrier)?.name ?? r.carrier })) };
}
