import path from 'node:path';
import { DEFAULT_ORDER_TIMERS, type OrderTimers } from './modules/orders/orders.rules.ts';
import { TIMER_SETTINGS, UNIT_MS, type TimerSettingKey } from './modules/orders/timer-settings.rules.ts';

/** Everything the process reads from its environment, read in one place. */
export interface Config {
  host: string;
  port: number;
  /** How shoppers and payment providers reach this mall (notify and return URLs); PUBLIC_BASE_URL, default http://localhost:PORT. */
  publicUrl: string;
  /** PostgreSQL connection string; absent → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Set when a TLS-terminating proxy sits in front: cookies get `Secure`, client IPs come from X-Forwarded-For. */
  behindTls: boolean;
  sessionTtlDays: number;
  /** Runs the durable job worker in this process. */
  runJobs: boolean;
  production: boolean;
  /**
   * Unpaid auto-cancel, auto-confirm of receipt, after-sales window: the defaults, in force until the
   * platform saves its own in 系统设置 (read them with `getOrderTimers(q, config.orders)`).
   */
  orders: OrderTimers;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '0.0.0.0',
    port: Number(env.PORT ?? 3000),
    publicUrl: (env.PUBLIC_BASE_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.JISHI_DATA_DIR ?? 'data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    behindTls: env.BEHIND_TLS === '1' || env.BEHIND_TLS === 'true',
    sessionTtlDays: Number(env.SESSION_TTL_DAYS ?? 30),
    runJobs: env.JISHI_JOBS !== 'off',
    production: env.NODE_ENV === 'production',
    orders: {
      unpaidCancelMs: timerFromEnv(env, 'ORDER_UNPAID_MINUTES', 'unpaidCancelMinutes') ?? DEFAULT_ORDER_TIMERS.unpaidCancelMs,
      autoConfirmMs: timerFromEnv(env, 'ORDER_AUTO_CONFIRM_DAYS', 'autoConfirmDays') ?? DEFAULT_ORDER_TIMERS.autoConfirmMs,
      afterSalesWindowMs: timerFromEnv(env, 'ORDER_AFTER_SALES_DAYS', 'afterSalesWindowDays') ?? DEFAULT_ORDER_TIMERS.afterSalesWindowMs,
    },
  };
}

/** An ORDER_* timer in ms; a value 系统设置 would refuse (say an after-sales window under 7 days) stops start-up. */
function timerFromEnv(env: NodeJS.ProcessEnv, name: string, key: TimerSettingKey): number | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const { min, max, unit } = TIMER_SETTINGS[key];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number of ${unit}s from ${min} to ${max} (got "${raw}")`);
  return value * UNIT_MS[unit];
}
