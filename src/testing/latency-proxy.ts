import net from 'node:net';

export interface LatencyProxy {
  /** The port to connect to instead of the target's. */
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy that delays every chunk, each way, by `oneWayMs` plus up to `jitterMs` — a slow network
 * between the app and its database, so races have wide windows. Chunks of one connection stay in order.
 */
export async function startLatencyProxy(target: { host: string; port: number }, oneWayMs: number, jitterMs: number, random: () => number = Math.random): Promise<LatencyProxy> {
  const sockets = new Set<net.Socket>();
  const pipe = (from: net.Socket, to: net.Socket) => {
    let last = 0;
    from.on('data', (chunk) => {
      // Never before the previous chunk of this direction: TCP order is kept.
      const at = Math.max(last, Date.now() + oneWayMs + random() * jitterMs);
      last = at;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, at - Date.now());
    });
    from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now()) + 1));
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
