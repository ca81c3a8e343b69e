import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in the test harness that can cut the link it carries:
 * - `blackhole`: like a pulled cable — nothing passes either way (both sides stop being read,
 *   new connections are accepted but not forwarded) until `restore()`; connections that an
 *   endpoint gave up meanwhile are closed on restore, the others carry on;
 * - `reset`: every connection is torn down and new ones are refused until `restore()`.
 */
export async function startFaultProxy(target: { host: string; port: number }) {
  interface Link {
    client: Socket;
    upstream?: Socket;
  }
  const links = new Set<Link>();
  let mode: 'open' | 'blackhole' | 'reset' = 'open';
  const waiting: Link[] = [];

  function forward(link: Link): void {
    const upstream = connect(target.port, target.host);
    link.upstream = upstream;
    const close = () => {
      link.client.destroy();
      upstream.destroy();
      links.delete(link);
    };
    link.client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => link.client.write(chunk));
    for (const socket of [link.client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  }

  const server = createServer((client) => {
    client.on('error', () => client.destroy());
    if (mode === 'reset') {
      client.destroy();
      return;
    }
    const link: Link = { client };
    links.add(link);
    if (mode === 'blackhole') {
      client.pause();
      waiting.push(link);
    } else forward(link);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');

  return {
    port: address.port,
    /** How many connections pass through now. */
    get connections(): number {
      return links.size;
    },
    cut(how: 'blackhole' | 'reset'): void {
      mode = how;
      for (const link of links) {
        if (how === 'reset') {
          link.client.destroy();
          link.upstream?.destroy();
        } else {
          link.client.pause();
          link.upstream?.pause();
        }
      }
      if (how === 'reset') links.clear();
    },
    restore(): void {
      const was = mode;
      mode = 'open';
      if (was !== 'blackhole') return;
      for (const link of links) {
        // A side that gave up during the cut learns it now, as after a real partition.
        if (link.client.destroyed || link.upstream?.destroyed) {
          link.client.destroy();
          link.upstream?.destroy();
          links.delete(link);
        } else {
          link.client.resume();
          link.upstream?.resume();
        }
      }
      for (const link of waiting.splice(0)) {
        if (link.client.destroyed) continue;
        forward(link);
        link.client.resume();
      }
    },
    async stop(): Promise<void> {
      for (const link of links) {
        link.client.destroy();
        link.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;
