// npm run bench — each scenario against Jishi, and a raw-Fastify baseline measured the same way in the same run.
// Figures are ratios to the baseline; compare runs only on the same machine.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '50'));
const dataDir = path.resolve(arg('data', 'bench/.data'));

interface Row {
  scenario: string;
  reqPerSec: number;
  p50: number;
  p97_5: number;
  p99: number;
  non2xx: number;
  ofBaseline?: string;
}

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
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before ${pattern}`)));
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

async function measure(scenario: string, url: string, init: Partial<autocannon.Options> = {}): Promise<Row> {
  const result = await autocannon({ url, connections, duration, ...init });
  return {
    scenario,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));

const baseline = spawn(process.execPath, ['bench/baseline-server.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(baseline);
const basePort = (await waitForLine(baseline, /listening (\d+)/, 10_000))[1];

console.log(`Starting Jishi (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, data in ${dataDir}) …`);
const started = Date.now();
const jishi = spawn(process.execPath, ['bin/jishi.js', 'start'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', JISHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
});
children.push(jishi);
jishi.stdout!.pipe(process.stdout);
const jishiUrl = (await waitForLine(jishi, /is running on (http:\/\/\S+)/, 600_000))[1]!.replace('localhost', '127.0.0.1');
const coldStartMs = Date.now() - started;
await new Promise((r) => setTimeout(r, 2000));
const rssIdle = rssMb(jishi.pid!);

const rows: Row[] = [];
rows.push(await measure('baseline: raw Fastify, 1 KB JSON', `http://127.0.0.1:${basePort}/`));
rows.push(await measure('GET /healthz', `${jishiUrl}/healthz`));
rows.push(await measure('GET /readyz (one DB round trip)', `${jishiUrl}/readyz`));
rows.push(await measure('SSR storefront home /', `${jishiUrl}/`));
const rssLoaded = rssMb(jishi.pid!);

const base = rows[0]!.reqPerSec;
for (const row of rows) row.ofBaseline = `${Math.round((row.reqPerSec / base) * 100)}%`;
console.log(`\n${connections} connections, ${duration} s per scenario, ${os.cpus().length} cores, Node ${process.version}\n`);
console.table(rows);
console.log(`cold start to ready: ${(coldStartMs / 1000).toFixed(1)} s (includes the demo seed on a fresh data folder)`);
console.log(`RSS: ${rssIdle} MB idle, ${rssLoaded} MB after load`);

fs.mkdirSync('bench/results', { recursive: true });
const file = path.join('bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(
  file,
  JSON.stringify({ machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, database: process.env.DATABASE_URL ? 'postgres' : 'pglite' }, duration, connections, coldStartMs, rssIdle, rssLoaded, rows }, null, 2),
);
console.log(`results: ${file}`);
process.exit(0);
