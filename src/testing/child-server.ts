import { spawn } from 'node:child_process';
import net from 'node:net';

export interface ChildServer {
  url: string;
  exited: Promise<NodeJS.Signals | number | null>;
  stop(): Promise<unknown>;
}

/** A free TCP port on loopback (for a child server whose public URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running = new Set<import('node:child_process').ChildProcess>();

/** Kills every child server still running (an `after` hook: a failed assertion must not leave one behind). */
export function killChildServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts `jishi start` as a child process (crash tests); resolves with its URL once it listens. */
export function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, ['bin/jishi.js', 'start', '--no-seed', '--no-build'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', JISHI_JOBS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(signal ?? code);
    }),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/is running on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!.replace('localhost', '127.0.0.1'), exited, stop: () => (child.kill('SIGTERM'), exited) });
      }
    });
  });
}
