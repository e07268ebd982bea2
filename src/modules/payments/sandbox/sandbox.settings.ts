import type { Selectable } from 'kysely';
import type { Queryable } from '../../../db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { SandboxConfig } from './sandbox.protocol.ts';
import type { SandboxFaultTable } from './sandbox.tables.ts';

/** The sandbox gateway's merchant apps and per-trade fault settings, and its error type. */

/** A business error of the gateway, answered as `{ code, message }` with this HTTP status. */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface GatewayApp {
  appId: string;
  mchId: string;
  key: string;
  merchantName: string;
}

/** The app configured from the environment, or one registered in `sandbox_app`. */
export async function resolveApp(q: Queryable, defaults: SandboxConfig, appId: string): Promise<GatewayApp | null> {
  if (appId === defaults.appId) return { appId, mchId: defaults.merchantId, key: defaults.key, merchantName: defaults.merchantName };
  const row = await q.selectFrom('sandbox_app').selectAll().where('app_id', '=', appId).executeTakeFirst();
  return row ? { appId: row.app_id, mchId: row.mch_id, key: row.key, merchantName: row.merchant_name } : null;
}

/** Another merchant app at the gateway (tests; a second mall on one gateway). */
export async function registerSandboxApp(q: Queryable, clock: Clock, app: GatewayApp): Promise<void> {
  await q
    .insertInto('sandbox_app')
    .values({ app_id: app.appId, mch_id: app.mchId, key: app.key, merchant_name: app.merchantName, created_at: clock.now() })
    .onConflict((oc) => oc.column('app_id').doUpdateSet({ mch_id: app.mchId, key: app.key, merchant_name: app.merchantName }))
    .execute();
}

// --- fault settings ------------------------------------------------------------------------------

export interface SandboxFaults {
  /** Send every notification this many times (1–10), some copies concurrently. */
  duplicate?: number;
  /** Hold the payment notification until a refund notification of the trade has gone out first. */
  reorder?: boolean;
  /** Wait this long before the first delivery. */
  delayMs?: number;
  /** Never call back (query still works). */
  never?: boolean;
}

export type FaultSettings = Required<SandboxFaults>;
export const NO_FAULTS: FaultSettings = { duplicate: 1, reorder: false, delayMs: 0, never: false };

/**
 * Sets the fault modes for one trade of a merchant (`outTradeNo: '*'` for all of its trades without
 * their own setting). May be set before the trade exists; unnamed modes go back to normal.
 */
export async function setSandboxFaults(q: Queryable, clock: Clock, ref: { mchId: string; outTradeNo: string }, faults: SandboxFaults): Promise<FaultSettings> {
  const f: FaultSettings = { ...NO_FAULTS, ...Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)) };
  if (!Number.isInteger(f.duplicate) || f.duplicate < 1 || f.duplicate > 10) throw new GatewayError('INVALID_REQUEST', 'duplicate must be 1–10');
  if (!Number.isInteger(f.delayMs) || f.delayMs < 0 || f.delayMs > 86_400_000) throw new GatewayError('INVALID_REQUEST', 'delay_ms must be 0–86400000');
  const values = { duplicate: f.duplicate, reorder: f.reorder, delay_ms: f.delayMs, never: f.never, updated_at: clock.now() };
  await q
    .insertInto('sandbox_fault')
    .values({ mch_id: ref.mchId, out_trade_no: ref.outTradeNo, ...values })
    .onConflict((oc) => oc.columns(['mch_id', 'out_trade_no']).doUpdateSet(values))
    .execute();
  return f;
}

export async function faultsFor(q: Queryable, mchId: string, outTradeNo: string): Promise<FaultSettings> {
  const rows: Selectable<SandboxFaultTable>[] = await q.selectFrom('sandbox_fault').selectAll().where('mch_id', '=', mchId).where('out_trade_no', 'in', [outTradeNo, '*']).execute();
  const row = rows.find((r) => r.out_trade_no === outTradeNo) ?? rows.find((r) => r.out_trade_no === '*');
  return row ? { duplicate: row.duplicate, reorder: row.reorder, delayMs: row.delay_ms, never: row.never } : NO_FAULTS;
}
