import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { FakeClock } from '../shared/clock.ts';
import { JobRegistry } from '../shared/jobs.ts';
import { registerJobs } from '../jobs.ts';
import { DEFAULT_ORDER_TIMERS } from '../modules/orders/orders.rules.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalMediaStore } from '../shared/media-store.ts';
import { postgresSearch } from '../modules/catalog/search/postgres-search.ts';
import { paymentGatewaysFromEnv } from '../modules/payments/payment-gateways.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FakeClock;
}

export async function createTestApp(database: DatabaseHandle, options: BuildAppOptions = {}): Promise<TestApp> {
  const clock = new FakeClock(new Date());
  const jobs = new JobRegistry();
  let built: FastifyInstance | undefined;
  // The sandbox gateway is reached through app.inject: no port needed.
  const payments = paymentGatewaysFromEnv({ clock, env: { PUBLIC_BASE_URL: 'http://jishi.test' }, app: () => built! });
  registerJobs(jobs, DEFAULT_ORDER_TIMERS, payments);
  const config = { ...loadConfig({}), logLevel: 'silent', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-test-data-')) };
  const ctx: AppContext = {
    config,
    db: database.db,
    dbKind: database.kind,
    clock,
    jobs,
    media: new LocalMediaStore(path.join(config.dataDir, 'media')),
    search: postgresSearch(database.db),
    payments,
  };
  const app = await buildApp(ctx, { logLevel: 'silent', ...options });
  built = app;
  await app.ready();
  return { app, ctx, clock };
}

/** A signed-in API client: keeps the session cookie and sends the CSRF header on writes. */
export class ApiClient {
  cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance, readonly ip = '10.0.0.1') {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('jishi_csrf');
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
}

let counter = 0;
/** A fresh, valid mainland mobile number per call (unique within a test run). */
export function uniqueMobile(): string {
  counter += 1;
  const n = (Date.now() % 1_000_000) * 100 + counter;
  return `139${String(n).padStart(8, '0').slice(-8)}`;
}
