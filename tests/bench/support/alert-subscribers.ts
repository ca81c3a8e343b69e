import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '@city-twin/db';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { CpuShare } from './cpu-sampler.ts';
import { percentile } from './report.ts';

const gatewayDir = fileURLToPath(new URL('../../../packages/gateway/', import.meta.url));

/** What a wall screen subscribes to: every alert change, with what the ticker shows. */
export const alertChangedSubscription = `subscription {
  alertChanged(minSeverity: 1) {
    action
    alert { id ruleId source severity status title titleEn district lon lat openedAt count }
  }
}`;

/** The part of an alertChanged result the benchmarks read. */
export interface AlertChangeData {
  alertChanged: { action: string; alert: { id: string; ruleId: string; title: string } };
}

/** The gateway (packages/gateway/src/main.ts) in its own process: node, no wrapper, so its CPU is its own. */
export function spawnGateway(databaseUrl: string) {
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: gatewayDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      UI_DIR: '/nonexistent',
      NODE_ENV: 'production',
      // Hundreds of subscribers on one wall-screen token: not a caller to rate-limit.
      TWIN_RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Per client: when (performance.now(), ms) it first received each key. */
export type Receipts = Map<string, number>[];

/**
 * Opens `count` graphql-ws clients, each on its own WebSocket, subscribed to `query`; `keyOf`
 * names what a result announces (undefined: not counted). `authorization` goes in the
 * connection_init payload, as a wall screen sends its token.
 */
export function openSubscribers<Data>(options: {
  url: string;
  count: number;
  query: string;
  keyOf: (data: Data) => string | undefined;
  authorization?: string;
}): { clients: Client[]; receipts: Receipts } {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/graphql`;
  const receipts: Receipts = [];
  const clients = Array.from({ length: options.count }, (_, i) => {
    const received = new Map<string, number>();
    receipts.push(received);
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      ...(options.authorization
        ? { connectionParams: { authorization: options.authorization } }
        : {}),
    });
    client.subscribe<Data>(
      { query: options.query },
      {
        next: (result) => {
          const at = performance.now();
          const key = result.data ? options.keyOf(result.data) : undefined;
          if (key !== undefined && !received.has(key)) received.set(key, at);
        },
        error: (error) => console.error(`client ${i}:`, error),
        complete: () => undefined,
      },
    );
    return client;
  });
  return { clients, receipts };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 20 ms; false when `timeoutMs` passed first. */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}

/** The figures of one phase: every (announcement, client) delivery, sorted, ms. */
export interface PhaseFigures {
  label: string;
  notifications: number;
  deliveries: Float64Array;
  /** Per announcement, its slowest client. */
  slowest: Float64Array;
  lost: number;
  seconds: number;
  cpu: CpuShare;
}

/** Latencies of a phase: each key's receipt at each client minus the key's send time. */
export function summarise(
  label: string,
  sent: Map<string, number>,
  receipts: Receipts,
  seconds: number,
  cpu: CpuShare,
): PhaseFigures {
  const deliveries: number[] = [];
  const slowest: number[] = [];
  let lost = 0;
  for (const [key, at] of sent) {
    let worst = 0;
    for (const received of receipts) {
      const got = received.get(key);
      if (got === undefined) {
        lost += 1;
        continue;
      }
      deliveries.push(got - at);
      worst = Math.max(worst, got - at);
    }
    slowest.push(worst);
  }
  const sorted = (values: number[]) => Float64Array.from(values).sort();
  return {
    label,
    notifications: sent.size,
    deliveries: sorted(deliveries),
    slowest: sorted(slowest),
    lost,
    seconds,
    cpu,
  };
}

/** Prints p50/p95/p99/max per delivery and per announcement's slowest client, and lost deliveries. */
export function printLatencies(
  phases: readonly PhaseFigures[],
  heading: string,
  targetP95Ms: number,
): void {
  const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—').padStart(7);
  const stats = (values: Float64Array) =>
    `${ms(percentile(values, 50))}${ms(percentile(values, 95))}${ms(percentile(values, 99))}${ms(values.at(-1) ?? NaN)}`;
  console.log(
    `\n${heading}\n` +
      `  ${'phase'.padEnd(40)}${'measured over'.padEnd(34)}${'n'.padStart(9)}` +
      `${'p50'.padStart(7)}${'p95'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(7)}   lost   p95 < ${targetP95Ms}`,
  );
  for (const p of phases) {
    const met = percentile(p.deliveries, 95) < targetP95Ms && p.lost === 0;
    console.log(
      `  ${p.label.padEnd(40)}${'every delivery'.padEnd(34)}${p.deliveries.length.toLocaleString('en-US').padStart(9)}` +
        `${stats(p.deliveries)}   ${String(p.lost).padStart(4)}   ${met ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  ${''.padEnd(40)}${"each notification's slowest client".padEnd(34)}${String(p.notifications).padStart(9)}` +
        `${stats(p.slowest)}`,
    );
  }
}

/** The postmaster's pid, for the CPU sampler's PostgreSQL groups. */
export async function postmasterOf(db: Db): Promise<number> {
  const [row] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const stat = await readFile(`/proc/${row!.pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
