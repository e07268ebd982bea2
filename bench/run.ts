// npm run bench — Jishi's scenarios, and a raw-Fastify baseline measured the same way in the same run.
// Figures are read as ratios to that baseline; compare runs only on the same machine.
//
//   npm run bench                                  10,000 products, PostgreSQL if DATABASE_URL is set, else PGlite
//   npm run bench -- --products 100000 --only search
//   npm run bench -- --db both --duration 10 --connections 50
//   npm run bench -- --only "SSR product page" --profile   run the server under --cpu-prof and print where its busy time went
//   npm run bench -- --compare A.json B.json           ratios between two result files
//   npm run bench -- --only notify-ack --db pglite --products 200 --buyers 400   B2: payment notification ACK latency at 50/s
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/server.ts';
import { isEmptyMall, seedDemo } from '../src/demo/seed.ts';
import { progressReporter } from '../src/cli/progress.ts';
import { makeBenchSku, makeBuyers, type BenchBuyer } from '../src/testing/buyers.ts';
import { freePort } from '../src/testing/child-server.ts';
import { ensureWebBuild } from '../src/cli/build-web.ts';
import { compareResults, shareChartSvg, summarizeProfile, type ResultFile, type Row } from './report.ts';
import { checkoutAndPayFlows } from './flows.ts';
import { notifyAckFlow } from './notify-ack.ts';

const compareAt = process.argv.indexOf('--compare');
if (compareAt >= 0) {
  compareResults(process.argv[compareAt + 1]!, process.argv[compareAt + 2]!);
  process.exit(0);
}

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '50'));
const products = Number(arg('products', '10000'));
const only = arg('only', '');
const stampedeBuyers = Number(arg('buyers', '2000'));
/** `--only search` runs the scenarios whose names contain "search". */
const wants = (name: string) => !only || name.includes(only);
const stampedeStock = Number(arg('stock', '100'));
const serverUrl = process.env.DATABASE_URL;
// Both databases by default when a PostgreSQL server is given; PGlite alone otherwise.
const dbChoice = arg('db', serverUrl ? 'both' : 'pglite');
/** `--profile`: the server runs under --cpu-prof (use with --only to profile one scenario); its hottest functions are printed. */
const profiling = process.argv.includes('--profile');
const kinds = (dbChoice === 'both' ? ['postgres', 'pglite'] : [dbChoice]) as ('postgres' | 'pglite')[];


function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before ${pattern}: ${buffer.slice(-500)}`)));
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

async function measure(database: string, scenario: string, url: string): Promise<Row> {
  // autocannon reports these percentiles (ms); it has no p95.
  const result = await autocannon({ url, connections, duration });
  const l = result.latency;
  return { database, scenario, 'req/s': Math.round(result.requests.average), p50: l.p50, p90: l.p90, 'p97.5': l.p97_5, p99: l.p99, non2xx: result.non2xx };
}

/** A database holding the deterministic demo mall with `products` products (no pictures), made once and reused. */
interface Fixtures {
  env: Record<string, string>;
  buyers: BenchBuyer[];
  /** Plenty of stock, no purchase limit: for cart and checkout throughput. */
  bulkSku: string;
  /** `stampedeStock` units, one per buyer: the flash-sale stampede. */
  stampedeSku: string;
}

async function prepare(kind: 'postgres' | 'pglite'): Promise<Fixtures> {
  let env: Record<string, string>;
  if (kind === 'postgres') {
    if (!serverUrl) throw new Error('set DATABASE_URL (a PostgreSQL server) for the PostgreSQL rows');
    const name = `jishi_bench_p${products}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
  } else {
    env = { DATABASE_URL: '', JISHI_DATA_DIR: path.resolve(`bench/.data/pglite-${products}`) };
  }
  const runtime = await openRuntime(loadConfig({ ...process.env, ...env }));
  if (await isEmptyMall(runtime.ctx.db)) {
    console.log(`Generating ${products} products on ${kind} (once; reused by later runs) …`);
    await seedDemo(runtime.ctx, { productCount: products, pictures: false, onProgress: progressReporter() });
  }
  const runId = Date.now().toString(36);
  const buyers = await makeBuyers(runtime.ctx.db, stampedeBuyers, `b${runId}`);
  const bulkSku = await makeBenchSku(runtime.ctx.db, 10_000_000, null);
  const stampedeSku = await makeBenchSku(runtime.ctx.db, stampedeStock, 1);
  await runtime.close();
  return { env, buyers, bulkSku, stampedeSku };
}

/** Writes as many different signed-in buyers (round robin), each request with its own Idempotency-Key. */
async function measureWrites(database: string, scenario: string, base: string, buyers: BenchBuyer[], path: string, body: (b: BenchBuyer) => unknown): Promise<Row> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (request) => {
          const buyer = buyers[next++ % buyers.length]!;
          return {
            ...request,
            headers: { ...request.headers, 'content-type': 'application/json', cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify(body(buyer)),
          };
        },
      },
    ],
  });
  const l = result.latency;
  return { database, scenario, 'req/s': Math.round(result.requests.average), p50: l.p50, p90: l.p90, 'p97.5': l.p97_5, p99: l.p99, non2xx: result.non2xx };
}

/** N buyers at once for S units: how many orders, how many too many, how fast it sells out. */
async function stampede(base: string, buyers: BenchBuyer[], skuId: string) {
  const started = performance.now();
  let soldOutAt = 0;
  let created = 0;
  const statuses: Record<string, number> = {};
  await Promise.all(
    buyers.map(async (buyer) => {
      const res = await fetch(`${base}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ source: { kind: 'buy_now', skuId, qty: 1 }, addressId: buyer.addressId }),
      }).catch(() => null);
      const status = res ? String(res.status) : 'network error';
      statuses[status] = (statuses[status] ?? 0) + 1;
      await res?.arrayBuffer();
      if (status === '201' && ++created === stampedeStock) soldOutAt = performance.now();
    }),
  );
  const elapsed = performance.now() - started;
  return {
    buyers: buyers.length,
    stock: stampedeStock,
    orders: created,
    oversold: Math.max(0, created - stampedeStock),
    undersold: Math.max(0, stampedeStock - created),
    '5xx': Object.entries(statuses).filter(([s]) => s.startsWith('5')).reduce((n, [, c]) => n + c, 0),
    statuses,
    sellOutMs: soldOutAt ? Math.round(soldOutAt - started) : null,
    totalMs: Math.round(elapsed),
    'orders/s': soldOutAt ? Math.round((created / (soldOutAt - started)) * 1000) : null,
  };
}

// The bench measures the production build of the web app.
await ensureWebBuild();

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));

const baseline = spawn(process.execPath, ['bench/baseline-server.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(baseline);
const basePort = (await waitForLine(baseline, /listening (\d+)/, 10_000))[1];

const rows: Row[] = [];
const extras: Record<string, unknown> = {};
rows.push(await measure('-', 'baseline: raw Fastify, 1 KB JSON', `http://127.0.0.1:${basePort}/`));

for (const kind of kinds) {
  const fixtures = await prepare(kind);
  const env = fixtures.env;
  const started = Date.now();
  // A known port: the sandbox gateway's pay page and notify URLs are built on the public URL.
  const port = await freePort();
  const profileDir = path.resolve('bench/results/profiles');
  const server = spawn(process.execPath, [...(profiling ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), 'bin/jishi.js', 'start', '--no-seed', '--no-build'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', JISHI_JOBS: 'off' },
  });
  children.push(server);
  const base = (await waitForLine(server, /is running on (http:\/\/\S+)/, 600_000))[1]!.replace('localhost', '127.0.0.1');
  const coldStartMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 1000));
  const rssIdle = rssMb(server.pid!);
  const q = encodeURIComponent;
  const scenarios: [string, string][] = [
    ['product detail API', '/api/products/prd_demo_00001'],
    ['category listing API, page 1', '/api/search?categoryId=cat_demo_01&sort=sales'],
    ['category listing API, page 50', '/api/search?categoryId=cat_demo_01&sort=sales&page=50'],
    ['search API: 蓝牙耳机', `/api/search?q=${q('蓝牙耳机')}`],
    ['search API: pinyin "lanya"', '/api/search?q=lanya'],
    ['search API: 手机 + price + in stock, price↑', `/api/search?q=${q('手机')}&priceMin=100000&priceMax=500000&inStock=true&sort=price_asc`],
    ['SSR home /', '/'],
    ['SSR product page', '/products/prd_demo_00001'],
  ];
  for (const [name, pathname] of scenarios) {
    if (!wants(name)) continue;
    const probe = await fetch(base + pathname);
    if (probe.status === 404) {
      console.log(`skipping "${name}": ${pathname} answers 404`);
      continue;
    }
    rows.push(await measure(kind, name, base + pathname));
  }
  if (wants('add to cart')) {
    rows.push(await measureWrites(kind, 'add to cart (POST /api/cart/items)', base, fixtures.buyers, '/api/cart/items', () => ({ skuId: fixtures.bulkSku, qty: 1 })));
  }
  if (wants('checkout submit')) {
    rows.push(await measureWrites(kind, 'checkout submit (buy now → orders)', base, fixtures.buyers, '/api/checkout', (b) => ({ source: { kind: 'buy_now', skuId: fixtures.bulkSku, qty: 1 }, addressId: b.addressId })));
  }
  let flows: unknown = null;
  if (wants('checkout + payment flow')) {
    const result = await checkoutAndPayFlows(base, fixtures.buyers, fixtures.bulkSku, connections, duration);
    flows = result;
    console.log(`${kind} checkout + payment flows:`, result);
    rows.push({ database: kind, scenario: 'checkout + payment flow (5 requests; flows/s)', 'req/s': Math.round(result['flows/s']), p50: result.p50, p90: result.p90, 'p97.5': result.p99, p99: result.p99, non2xx: result.errors });
  }
  let notifyAck: unknown = null;
  if (wants('notify-ack')) {
    // B2: signed payment notifications at a steady 50/s (fresh payments and duplicates); the ACK latency of each.
    const result = await notifyAckFlow(base, fixtures.buyers, fixtures.bulkSku, { rate: Number(arg('notify-rate', '50')), seconds: duration });
    notifyAck = result;
    console.log(`${kind} notify-ack:`, result);
    rows.push({ database: kind, scenario: `notify-ack: payment notifications at ${result.rate}/s (ACK latency)`, 'req/s': Math.round(result['acks/s']), p50: result.p50, p90: result.p90, 'p97.5': result['p97.5'], p99: result.p99, non2xx: result.failed });
  }
  const rssLoaded = rssMb(server.pid!);
  let stampedeResult: unknown = null;
  if (wants('stampede')) {
    stampedeResult = await stampede(base, fixtures.buyers, fixtures.stampedeSku);
    console.log(`${kind} stampede:`, stampedeResult);
  }
  extras[kind] = { coldStartMs, rssIdleMb: rssIdle, rssLoadedMb: rssLoaded, stampede: stampedeResult, checkoutAndPay: flows, notifyAck };
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (profiling) {
    const newest = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profileDir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    if (newest) {
      console.log(`\nCPU profile of the ${kind} server (${newest}), top functions by self time:`);
      console.table(summarizeProfile(newest));
    }
  }
}

const baseRate = rows[0]!['req/s'];
for (const row of rows) row['of baseline'] = `${Math.round((row['req/s'] / baseRate) * 100)}%`;
console.log(`\n${products} products · ${connections} connections · ${duration} s per scenario · ${os.cpus().length} cores · Node ${process.version}\n`);
console.table(rows);
for (const [kind, e] of Object.entries(extras)) console.log(`${kind}: ${JSON.stringify(e)}`);

fs.mkdirSync('bench/results', { recursive: true });
const file = path.join('bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const result: ResultFile = { machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, products, duration, connections, extras, rows };
fs.writeFileSync(file, JSON.stringify(result, null, 2));
const chart = file.replace(/\.json$/, '.svg');
fs.writeFileSync(chart, shareChartSvg(result));
console.log(`results: ${file}\nchart:   ${chart}  (copy to docs/performance.svg for the docs)`);
process.exit(0);
