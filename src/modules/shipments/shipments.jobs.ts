import { DAY, HOUR, MINUTE } from '../../shared/clock.ts';
import type { JobRegistry } from '../../shared/jobs.ts';
import { purgePickupAttempts } from './shipments.pickup.ts';
import { staleDaysFromEnv, trackingFromEnv } from './shipments.providers.ts';
import type { TrackingProvider } from './shipments.tracking.ts';
import { flagStaleShipments, subscribeShipment, SUBSCRIBE_JOB } from './shipments.service.ts';

export interface ShipmentJobOptions {
  /** The mall's public base URL (the Kuaidi100 callback is built on it). */
  publicUrl: string;
  env?: Record<string, string | undefined>;
  /** Tests: a provider with a fake transport; default from the environment. */
  provider?: TrackingProvider;
}

/**
 * - `shipments.subscribe` (external): asks Kuaidi100 to push a new parcel's trail; retried on their errors.
 * - `shipments.flag-stale` (hourly): 物流异常 for parcels with no movement for SHIPMENT_STALE_DAYS.
 * - `shipments.purge-pickup-attempts` (daily): old failed-code counters.
 */
export function registerShipmentJobs(registry: JobRegistry, options: ShipmentJobOptions): void {
  const env = options.env ?? process.env;
  let provider = options.provider;
  const tracking = () => (provider ??= trackingFromEnv(env, options.publicUrl));
  const staleDays = staleDaysFromEnv(env);
  registry.defineExternal<{ shipmentId: string }>(SUBSCRIBE_JOB, async (db, { shipmentId }) => {
    await subscribeShipment(db, tracking(), shipmentId);
  }, { retryDelaysMs: [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR] });
  registry.defineRecurring('shipments.flag-stale', HOUR, async (trx, _p, { clock }) => {
    await flagStaleShipments(trx, clock, staleDays);
  });
  registry.defineRecurring('shipments.purge-pickup-attempts', DAY, async (trx, _p, { clock }) => {
    await purgePickupAttempts(trx, clock.now());
  });
}
