import path from 'node:path';

/** Everything the process reads from its environment, read in one place. */
export interface Config {
  host: string;
  port: number;
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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '0.0.0.0',
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.JISHI_DATA_DIR ?? 'data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    behindTls: env.BEHIND_TLS === '1' || env.BEHIND_TLS === 'true',
    sessionTtlDays: Number(env.SESSION_TTL_DAYS ?? 30),
    runJobs: env.JISHI_JOBS !== 'off',
    production: env.NODE_ENV === 'production',
  };
}
