import path from 'node:path';
import { DEFAULT_ORDER_TIMERS, type OrderTimers } from './modules/orders/orders.rules.ts';

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
  /** Unpaid auto-cancel, auto-confirm of receipt, after-sales window. */
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
      unpaidCancelMs: env.ORDER_UNPAID_MINUTES ? Number(env.ORDER_UNPAID_MINUTES) * 60_000 : DEFAULT_ORDER_TIMERS.unpaidCancelMs,
      autoConfirmMs: env.ORDER_AUTO_CONFIRM_DAYS ? Number(env.ORDER_AUTO_CONFIRM_DAYS) * 86_400_000 : DEFAULT_ORDER_TIMERS.autoConfirmMs,
      afterSalesWindowMs: env.ORDER_AFTER_SALES_DAYS ? Number(env.ORDER_AFTER_SALES_DAYS) * 86_400_000 : DEFAULT_ORDER_TIMERS.afterSalesWindowMs,
    },
  };
}
