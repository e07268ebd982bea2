import { sql } from 'kysely';
import type { Db, Queryable, Trx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { DAY, type Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJob } from '../../shared/jobs.ts';
import { lockOrder, recordOrderEvent, transitionOrder, type OrderActor } from '../orders/orders.service.ts';
import { notifyOrderShipped } from '../notifications/notifications.service.ts';
import type { OrderTimers } from '../orders/orders.rules.ts';
import { carrierByKuaidi100, findCarrier, normaliseTrackingNo, trackingNoFits, type Carrier } from './shipments.carriers.ts';
import type { ShipmentRow, TrackingSource, TrackingStatus } from './shipments.tables.ts';
import { eventKey, STATUS_ORDER, type ParcelRef, type PushOutcome, type TrackingEventInput, type TrackingProvider, type TrackingSnapshot } from './shipments.tracking.ts';

export const SUBSCRIBE_JOB = 'shipments.subscribe';

/** A carrier code and a number as typed → the carrier and the normalised number, or a catalogued 400. */
export function checkCarrierNumber(carrierCode: string, trackingNoText: string): { carrier: Carrier; trackingNo: string } {
  const carrier = findCarrier(carrierCode.trim().toUpperCase());
  if (!carrier) throw new AppError('CARRIER_UNKNOWN', { carrier: carrierCode });
  const trackingNo = normaliseTrackingNo(trackingNoText);
  if (!trackingNoFits(carrier, trackingNo)) {
    throw new AppError('TRACKING_NO_INVALID', { carrier: carrier.name, trackingNo: trackingNoText.trim().slice(0, 40), example: carrier.example ?? 'AB1234567890' });
  }
  return { carrier, trackingNo };
}

export interface ShipInput {
  shopId: string;
  orderId: string;
  carrier: string;
  trackingNo: string;
  /** Which lines and how many; absent → everything not shipped yet. */
  lines?: { orderLineId: string; qty: number }[] | undefined;
  note?: string | undefined;
  /** The caller's Idempotency-Key: a retry after a crash finds the parcel made the first time. */
  idempotencyKey?: string | null | undefined;
  actor: OrderActor;
}

export interface ShipResult {
  shipmentId: string;
  orderId: string;
  carrier: string;
  trackingNo: string;
  /** The order's status afterwards: `shipped` once every line has gone, else still `paid` (部分发货). */
  orderStatus: 'paid' | 'shipped';
  /** Pieces shipped so far of the pieces ordered. */
  shippedPieces: number;
  totalPieces: number;
  lines: { orderLineId: string; qty: number }[];
  replayed: boolean;
}

/** Makes sure every line of the order has its shipped counter (0 of what was ordered). */
async function ensureFulfilmentLines(trx: Trx, orderId: string): Promise<void> {
  await sql`insert into fulfilment_line (order_line_id, order_id, ordered_qty)
    select id, order_id, qty from order_line where order_id = ${orderId}
    on conflict (order_line_id) do nothing`.execute(trx);
}

/** Each line's pieces to ship (what was ordered, less pieces refunded before they shipped) and shipped so far. */
async function fulfilmentOf(q: Queryable, orderId: string) {
  return q
    .selectFrom('order_line as l')
    .leftJoin('fulfilment_line as f', 'f.order_line_id', 'l.id')
    .select(['l.id', 'l.title', (eb) => eb.fn.coalesce('f.ordered_qty', 'l.qty').as('qty'), (eb) => eb.fn.coalesce('f.shipped_qty', sql<number>`0`).as('shipped')])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
}

/**
 * Refund only of pieces that have not shipped: they leave the order's pieces to ship (so they can no
 * longer be shipped) and the caller puts them back in stock. Returns how many were withdrawn (at most
 * `pieces`, never any already shipped) and whether everything left to ship has now shipped.
 */
export async function withdrawUnshippedPieces(trx: Trx, orderId: string, orderLineId: string, pieces: number): Promise<{ withdrawn: number; allShipped: boolean }> {
  await ensureFulfilmentLines(trx, orderId);
  const line = await trx.selectFrom('fulfilment_line').select(['ordered_qty', 'shipped_qty']).where('order_line_id', '=', orderLineId).forUpdate().executeTakeFirstOrThrow();
  const withdrawn = Math.max(0, Math.min(pieces, line.ordered_qty - line.shipped_qty));
  if (withdrawn > 0) {
    await trx.updateTable('fulfilment_line').set({ ordered_qty: line.ordered_qty - withdrawn }).where('order_line_id', '=', orderLineId).execute();
  }
  const after = await fulfilmentOf(trx, orderId);
  const shipped = after.reduce((n, l) => n + Number(l.shipped), 0);
  return { withdrawn, allShipped: shipped > 0 && after.every((l) => Number(l.shipped) >= Number(l.qty)) };
}

async function replay(trx: Trx, shipment: ShipmentRow, orderStatus: string): Promise<ShipResult> {
  const lines = await trx.selectFrom('shipment_line').select(['order_line_id as orderLineId', 'qty']).where('shipment_id', '=', shipment.id).orderBy('order_line_id').execute();
  const all = await fulfilmentOf(trx, shipment.order_id);
  return {
    shipmentId: shipment.id,
    orderId: shipment.order_id,
    carrier: shipment.carrier,
    trackingNo: shipment.tracking_no,
    orderStatus: orderStatus === 'paid' ? 'paid' : 'shipped',
    shippedPieces: all.reduce((s, l) => s + Number(l.shipped), 0),
    totalPieces: all.reduce((s, l) => s + l.qty, 0),
    lines,
    replayed: true,
  };
}

/**
 * 发货: one parcel with a carrier and a tracking number, holding some or all of what is left to ship.
 * Under the order's row lock, each line's counter moves by one conditional update that the database
 * keeps within what was ordered, so concurrent ship calls can never send more than was bought. When
 * nothing is left the order moves to `shipped` (transitionOrder 'ship', which starts the auto-confirm
 * timer); before that it stays `paid` and its timeline says 部分发货.
 */
export async function shipOrder(trx: Trx, clock: Clock, timers: OrderTimers, input: ShipInput, options: { subscribe?: boolean } = {}): Promise<ShipResult> {
  const { carrier, trackingNo } = checkCarrierNumber(input.carrier, input.trackingNo);
  const order = await lockOrder(trx, input.orderId, { shopId: input.shopId });
  if (input.idempotencyKey) {
    const earlier = await trx.selectFrom('shipment').selectAll().where('order_id', '=', order.id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (earlier) return replay(trx, earlier, order.status);
  }
  if (order.delivery_method !== 'express') throw new AppError('SHIPMENT_NOT_EXPRESS');
  if (order.status !== 'paid') throw new AppError('ORDER_STATUS_CONFLICT', { from: order.status, action: 'ship' });

  await ensureFulfilmentLines(trx, order.id);
  const current = await fulfilmentOf(trx, order.id);
  let wanted: { orderLineId: string; qty: number }[];
  if (input.lines === undefined) {
    wanted = current.filter((l) => l.qty - Number(l.shipped) > 0).map((l) => ({ orderLineId: l.id, qty: l.qty - Number(l.shipped) }));
    if (wanted.length === 0) throw new AppError('SHIPMENT_NOTHING_TO_SHIP');
  } else {
    const known = new Set(current.map((l) => l.id));
    const seen = new Set<string>();
    for (const line of input.lines) {
      if (!known.has(line.orderLineId)) throw new AppError('SHIPMENT_LINES_INVALID', { detail: `${line.orderLineId} is not a line of this order` });
      if (seen.has(line.orderLineId)) throw new AppError('SHIPMENT_LINES_INVALID', { detail: `${line.orderLineId} is listed twice` });
      if (!Number.isInteger(line.qty) || line.qty < 1) throw new AppError('SHIPMENT_LINES_INVALID', { detail: 'quantities are whole numbers from 1' });
      seen.add(line.orderLineId);
    }
    wanted = input.lines.length === 0 ? [] : [...input.lines].sort((a, b) => a.orderLineId.localeCompare(b.orderLineId));
    if (wanted.length === 0) throw new AppError('SHIPMENT_LINES_INVALID', { detail: 'choose at least one item' });
    if (current.every((l) => l.qty - Number(l.shipped) <= 0)) throw new AppError('SHIPMENT_NOTHING_TO_SHIP');
  }

  const now = clock.now();
  const shipmentId = newId('shm');
  const inserted = await trx
    .insertInto('shipment')
    .values({
      id: shipmentId,
      order_id: order.id,
      shop_id: order.shop_id,
      carrier: carrier.code,
      tracking_no: trackingNo,
      note: input.note?.trim() || null,
      idempotency_key: input.idempotencyKey ?? null,
      created_by: input.actor.id,
      created_at: now,
      last_movement_at: now,
      subscription: options.subscribe && carrier.kuaidi100 ? 'pending' : 'none',
    })
    .onConflict((oc) => oc.columns(['order_id', 'carrier', 'tracking_no']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new AppError('SHIPMENT_DUPLICATE', { trackingNo });

  const titles = new Map(current.map((l) => [l.id, l.title]));
  for (const line of wanted) {
    const moved = await sql<{ shipped_qty: number }>`update fulfilment_line set shipped_qty = shipped_qty + ${line.qty}
      where order_line_id = ${line.orderLineId} and shipped_qty + ${line.qty} <= ordered_qty returning shipped_qty`.execute(trx);
    if (moved.rows.length === 0) {
      const row = current.find((l) => l.id === line.orderLineId)!;
      throw new AppError('SHIPMENT_QTY_EXCEEDED', { title: row.title, remaining: row.qty - Number(row.shipped) });
    }
    await trx.insertInto('shipment_line').values({ shipment_id: shipmentId, order_line_id: line.orderLineId, qty: line.qty }).execute();
  }

  const after = await fulfilmentOf(trx, order.id);
  const shippedPieces = after.reduce((s, l) => s + Number(l.shipped), 0);
  const totalPieces = after.reduce((s, l) => s + l.qty, 0);
  const label = `${carrier.name} ${trackingNo}`;
  let orderStatus: 'paid' | 'shipped' = 'paid';
  if (shippedPieces === totalPieces) {
    orderStatus = (await transitionOrder(trx, clock, timers, order.id, 'ship', input.actor, { scope: { shopId: input.shopId }, note: label })) as 'shipped';
  } else {
    const what = wanted.map((l) => `${titles.get(l.orderLineId) ?? ''}×${l.qty}`).join('，');
    await recordOrderEvent(trx, clock, { orderId: order.id, action: 'ship_partial', from: 'paid', to: 'paid', actor: input.actor, note: `${label}（${what}）` });
  }
  await notifyOrderShipped(trx, clock, order.user_id, { orderId: order.id, shipmentId, carrier: carrier.code, carrierName: carrier.name, carrierNameEn: carrier.nameEn, trackingNo, partial: orderStatus !== 'shipped' });
  if (options.subscribe && carrier.kuaidi100) {
    await enqueueJob(trx, clock, { kind: SUBSCRIBE_JOB, payload: { shipmentId }, dedupeKey: `${SUBSCRIBE_JOB}:${shipmentId}` });
  }
  return { shipmentId, orderId: order.id, carrier: carrier.code, trackingNo, orderStatus, shippedPieces, totalPieces, lines: wanted, replayed: false };
}

/**
 * Stores events of one parcel (already there → skipped: pushes repeat the whole trail) and brings
 * the parcel's status, 签收 time and last movement up to date. A newer movement clears 物流异常.
 * Returns how many events were new.
 */
export async function recordTrackingEvents(
  trx: Trx,
  clock: Clock,
  shipmentId: string,
  events: TrackingEventInput[],
  source: TrackingSource,
  options: { actorId?: string | null; state?: TrackingStatus | null } = {},
): Promise<number> {
  const shipment = await trx.selectFrom('shipment').selectAll().where('id', '=', shipmentId).forUpdate().executeTakeFirst();
  if (!shipment) throw new AppError('SHIPMENT_NOT_FOUND');
  const now = clock.now();
  let added = 0;
  for (const e of events) {
    const row = await trx
      .insertInto('tracking_event')
      .values({
        id: newId('tev'),
        shipment_id: shipmentId,
        occurred_at: e.occurredAt,
        status: e.status,
        description: e.description,
        location: e.location,
        source,
        dedupe_key: eventKey(e),
        created_by: options.actorId ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['shipment_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) added++;
  }
  const newest = await trx
    .selectFrom('tracking_event')
    .select(['status', 'occurred_at'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('occurred_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!newest) return added;
  // The newest event says where the parcel is; a provider's overall 签收 / 退回 wins over a vaguer last line.
  let status: TrackingStatus = newest.status;
  const state = options.state;
  if (state && (state === 'signed' || state === 'returned') && STATUS_ORDER[state] > STATUS_ORDER[status]) status = state;
  const signed = status === 'signed'
    ? await trx.selectFrom('tracking_event').select('occurred_at').where('shipment_id', '=', shipmentId).where('status', '=', 'signed').orderBy('occurred_at', 'desc').executeTakeFirst()
    : undefined;
  const lastMovement = new Date(Math.max(shipment.created_at.getTime(), newest.occurred_at.getTime()));
  const moved = lastMovement.getTime() > shipment.last_movement_at.getTime();
  const ended = status === 'signed' || status === 'returned';
  await trx
    .updateTable('shipment')
    .set({
      status,
      signed_at: status === 'signed' ? (signed?.occurred_at ?? newest.occurred_at) : null,
      last_movement_at: lastMovement,
      ...((moved || ended) && shipment.stale ? { stale: false, stale_since: null } : {}),
    })
    .where('id', '=', shipmentId)
    .execute();
  return added;
}

const MANUAL_STATUSES: readonly TrackingStatus[] = ['collected', 'in_transit', 'delivering', 'signed', 'exception', 'returned'];

/** 添加物流节点 by the merchant: 揽收 / 运输中 / 派送中 / 已签收 (and 异常, 退回) with a time and a place. */
export async function addManualEvent(
  trx: Trx,
  clock: Clock,
  input: { shopId: string; shipmentId: string; status: TrackingStatus; occurredAt: Date; location?: string | null | undefined; description?: string | null | undefined; actorId: string },
): Promise<{ added: boolean }> {
  const shipment = await trx.selectFrom('shipment').select(['id', 'created_at']).where('id', '=', input.shipmentId).where('shop_id', '=', input.shopId).executeTakeFirst();
  if (!shipment) throw new AppError('SHIPMENT_NOT_FOUND');
  if (!MANUAL_STATUSES.includes(input.status)) throw new AppError('TRACKING_EVENT_INVALID', { detail: `unknown status ${input.status}` });
  const now = clock.now();
  if (input.occurredAt.getTime() > now.getTime() + 5 * 60_000) throw new AppError('TRACKING_EVENT_INVALID', { detail: '时间不能晚于现在' });
  if (input.occurredAt.getTime() < shipment.created_at.getTime() - DAY) throw new AppError('TRACKING_EVENT_INVALID', { detail: '时间不能早于发货时间' });
  const description = (input.description ?? '').trim() || DEFAULT_DESCRIPTION[input.status];
  const location = (input.location ?? '').trim() || null;
  const added = await recordTrackingEvents(trx, clock, shipment.id, [{ occurredAt: input.occurredAt, status: input.status, description, location }], 'manual', { actorId: input.actorId });
  return { added: added > 0 };
}

const DEFAULT_DESCRIPTION: Record<TrackingStatus, string> = {
  collected: '快递员已揽收',
  in_transit: '运输中',
  delivering: '快递员正在派送',
  signed: '已签收',
  exception: '物流异常',
  returned: '包裹已退回',
};

/** Our parcels that a provider's report is about (several orders may share one parcel). */
async function shipmentsForReport(q: Queryable, providerCarriers: string[], trackingNo: string) {
  const codes = [...new Set(providerCarriers.map((c) => carrierByKuaidi100(c)?.code).filter((c): c is string => Boolean(c)))];
  if (codes.length === 0) return [];
  return q.selectFrom('shipment').select(['id', 'subscription']).where('tracking_no', '=', trackingNo).where('carrier', 'in', codes).orderBy('id').execute();
}

/** A verified push: its events go to every parcel with that carrier and number; returns how many parcels took them. */
export async function ingestPush(db: Db, clock: Clock, push: PushOutcome): Promise<{ shipments: number; added: number }> {
  return db.transaction().execute(async (trx) => {
    const targets = await shipmentsForReport(trx, [push.snapshot.providerCarrier, ...push.alsoCarriers], push.snapshot.trackingNo);
    let added = 0;
    for (const s of targets) {
      added += await recordTrackingEvents(trx, clock, s.id, push.snapshot.events, 'kuaidi100', { state: push.snapshot.state });
      // shutdown: the trail is complete (signed); abort: Kuaidi100 gave up (no records for days, or 60 days without change).
      const subscription = push.monitor === 'shutdown' || push.monitor === 'abort' ? 'ended' : 'active';
      await trx
        .updateTable('shipment')
        .set({ subscription, subscription_error: push.monitor === 'abort' ? push.message.slice(0, 200) || 'abort' : null })
        .where('id', '=', s.id)
        .execute();
    }
    return { shipments: targets.length, added };
  });
}

/** The parcel as the provider needs it: its carrier code there, the number, the recipient's phone and city. */
export async function parcelRef(q: Queryable, shipmentId: string, shopId?: string): Promise<{ shipment: ShipmentRow; parcel: ParcelRef | null }> {
  let query = q.selectFrom('shipment as s').innerJoin('shop_order as o', 'o.id', 's.order_id').selectAll('s').select('o.address').where('s.id', '=', shipmentId);
  if (shopId) query = query.where('s.shop_id', '=', shopId);
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('SHIPMENT_NOT_FOUND');
  const { address, ...shipment } = row;
  const carrier = findCarrier(shipment.carrier);
  if (!carrier?.kuaidi100) return { shipment, parcel: null };
  return {
    shipment,
    parcel: {
      providerCarrier: carrier.kuaidi100,
      trackingNo: shipment.tracking_no,
      phone: address?.mobile ? address.mobile.replace(/^\+86/, '') : null,
      to: address ? `${address.province}${address.city === address.province ? '' : address.city}${address.district}` : null,
    },
  };
}

/** 刷新物流: asks the provider for the whole trail now (a merchant's click, never a loop). */
export async function refreshFromProvider(db: Db, clock: Clock, provider: TrackingProvider, shopId: string, shipmentId: string): Promise<{ added: number }> {
  const { parcel } = await parcelRef(db, shipmentId, shopId);
  if (provider.name === 'manual' || !parcel) throw new AppError('TRACKING_UNAVAILABLE');
  const snapshot: TrackingSnapshot = await provider.query(parcel);
  const added = await db.transaction().execute((trx) => recordTrackingEvents(trx, clock, shipmentId, snapshot.events, 'kuaidi100', { state: snapshot.state }));
  return { added };
}

/**
 * The subscription job (external: it calls Kuaidi100 with no transaction open). A refusal is kept on
 * the parcel (tracked by hand then); a failure on their side throws and the job retries.
 */
export async function subscribeShipment(db: Db, provider: TrackingProvider, shipmentId: string): Promise<void> {
  const { shipment, parcel } = await parcelRef(db, shipmentId);
  if (shipment.subscription !== 'pending') return;
  if (!parcel || provider.name === 'manual') {
    await db.updateTable('shipment').set({ subscription: 'none' }).where('id', '=', shipmentId).where('subscription', '=', 'pending').execute();
    return;
  }
  const result = await provider.subscribe(parcel);
  await db
    .updateTable('shipment')
    .set(result.outcome === 'subscribed' ? { subscription: 'active', subscription_error: null } : { subscription: 'failed', subscription_error: result.message.slice(0, 200) })
    .where('id', '=', shipmentId)
    .where('subscription', '=', 'pending')
    .execute();
}

/**
 * 物流异常: parcels on their way (not signed or returned, order not yet received) with no movement
 * for `staleDays` are flagged for their merchant. Idempotent: a flagged parcel is left as it is.
 */
export async function flagStaleShipments(trx: Trx, clock: Clock, staleDays: number): Promise<string[]> {
  const now = clock.now();
  const before = new Date(now.getTime() - staleDays * DAY);
  const rows = await sql<{ id: string }>`update shipment s set stale = true, stale_since = ${now}
    from shop_order o
    where o.id = s.order_id and o.status in ('paid', 'shipped')
      and not s.stale and s.status not in ('signed', 'returned') and s.last_movement_at <= ${before}
    returning s.id`.execute(trx);
  return rows.rows.map((r) => r.id).sort();
}
