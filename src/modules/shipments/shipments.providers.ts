import { createKuaidi100Provider, kuaidi100ConfigFromEnv, type Kuaidi100Transport } from './shipments.kuaidi100.ts';
import { manualTracking, type TrackingProvider } from './shipments.tracking.ts';

/** Kuaidi100 when KUAIDI100_KEY / _CUSTOMER / _SALT are set; otherwise manual tracking only. */
export function trackingFromEnv(env: Record<string, string | undefined>, publicUrl: string, transport?: Kuaidi100Transport): TrackingProvider {
  const config = kuaidi100ConfigFromEnv(env, publicUrl);
  return config ? createKuaidi100Provider(config, transport) : manualTracking;
}

/** SHIPMENT_STALE_DAYS (default 3): a parcel with no movement this long is flagged 物流异常. */
export function staleDaysFromEnv(env: Record<string, string | undefined>): number {
  const n = Number(env.SHIPMENT_STALE_DAYS ?? 3);
  return Number.isFinite(n) && n > 0 ? n : 3;
}

const providers = new WeakMap<object, TrackingProvider>();

/**
 * The tracking provider of one app (keyed by its context object): from the environment on first
 * use; tests put a Kuaidi100 provider with a fake transport in with `useTrackingProvider`.
 */
export function trackingFor(ctx: { config: { publicUrl: string } }): TrackingProvider {
  let provider = providers.get(ctx);
  if (!provider) {
    provider = trackingFromEnv(process.env, ctx.config.publicUrl);
    providers.set(ctx, provider);
  }
  return provider;
}

export function useTrackingProvider(ctx: object, provider: TrackingProvider): void {
  providers.set(ctx, provider);
}
