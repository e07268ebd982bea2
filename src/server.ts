import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppContext } from './app-context.ts';
import type { Config } from './config.ts';
import { connectDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadWebBuild, WEB_BUILD_DIR } from './http/web.ts';
import { registerJobs } from './jobs.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { JobRegistry, JobWorker } from './shared/jobs.ts';
import { mediaStoreFromEnv } from './shared/media-store.ts';
import { postgresSearch } from './modules/catalog/search/postgres-search.ts';
import { paymentGatewaysFromEnv } from './modules/payments/payment-gateways.ts';

export interface Runtime {
  ctx: AppContext;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Connects to the configured database (PGlite in data/ or DATABASE_URL) and migrates it. */
export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const database = await connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
  });
  await migrateToLatest(database.db);
  const jobs = new JobRegistry();
  const payments = paymentGatewaysFromEnv({ clock, publicUrl: config.publicUrl });
  registerJobs(jobs, config.orders, payments);
  const ctx: AppContext = {
    config,
    db: database.db,
    dbKind: database.kind,
    clock,
    jobs,
    media: mediaStoreFromEnv(process.env, config.dataDir),
    search: postgresSearch(database.db),
    payments,
  };
  return { ctx, database, close: () => database.close() };
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Serves API + web on one port, runs the job worker, and shuts down gracefully on SIGTERM/SIGINT. */
export async function startServer(runtime: Runtime): Promise<RunningServer> {
  const { ctx } = runtime;
  const hasWeb = fs.existsSync(path.join(WEB_BUILD_DIR, 'server', 'index.js'));
  const web = hasWeb ? await loadWebBuild() : undefined;
  const app = await buildApp(ctx, { web });
  if (!web) app.log.warn('no web build found: serving the API only (run `npm run build`)');

  const worker = new JobWorker({
    db: ctx.db,
    registry: ctx.jobs,
    clock: ctx.clock,
    onError: (error, job) => app.log.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed'),
  });
  if (ctx.config.runJobs) {
    await worker.scheduleRecurring();
    worker.start();
  }

  await app.listen({ host: ctx.config.host, port: ctx.config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : ctx.config.port;
  const url = `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close(); // stops accepting, lets requests in flight finish
      await worker.stop();
      await runtime.close();
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      stop().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
  return { app, url, stop };
}
