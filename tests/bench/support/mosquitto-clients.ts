import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lane } from './telemetry-lanes.ts';

// Debian's mosquitto-clients (C). mosquitto_pub -l in 2.0 stops after the message whose id
// wraps to the id of its last message, so one process publishes at most 60,000 lines.
const MAX_PER_PROCESS = 60_000;
// In-flight window of each publisher: 100 beat the default 20 and 1,000 here (libmosquitto
// searches its in-flight list linearly, so very large windows slow it down).
const INFLIGHT = '100';

/** Host, port and the credentials the URL carries (the brokers refuse anonymous clients). */
function address(url: string): string[] {
  const { hostname, port, username, password } = new URL(url);
  const credentials = username
    ? ['-u', decodeURIComponent(username), '-P', decodeURIComponent(password)]
    : [];
  return ['-h', hostname, '-p', port || '1883', ...credentials];
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** Writes each lane's lines into chunk files (setup, outside any timing). */
export function writeLaneFiles(lanes: readonly Lane[], dir: string): string[][] {
  return lanes.map((lane, n) => {
    const files: string[] = [];
    for (let from = 0; from < lane.lines.length; from += MAX_PER_PROCESS) {
      const file = path.join(dir, `${lane.deviceId}-${n}-${from}.txt`);
      writeFileSync(file, `${lane.lines.slice(from, from + MAX_PER_PROCESS).join('\n')}\n`);
      files.push(file);
    }
    return files;
  });
}

/**
 * Publishes every lane at QoS 1 as fast as the broker takes it: per lane, one mosquitto_pub
 * after the other reading a chunk file on stdin; lanes in parallel. Resolves with how many
 * messages the broker acknowledged (a publisher exits 0 once its last PUBACK arrived).
 */
export async function publishLaneFiles(
  url: string,
  lanes: readonly Lane[],
  files: readonly string[][],
  qos: 0 | 1 = 1,
): Promise<{ published: number; failed: number }> {
  let published = 0;
  let failed = 0;
  await Promise.all(
    lanes.map(async (lane, n) => {
      for (const [chunk, file] of (files[n] ?? []).entries()) {
        const count = Math.min(MAX_PER_PROCESS, lane.lines.length - chunk * MAX_PER_PROCESS);
        const fd = openSync(file, 'r');
        const child = spawn(
          'mosquitto_pub',
          [...address(url), '-q', String(qos), '-M', INFLIGHT, '-t', lane.topic, '-l'],
          { stdio: [fd, 'ignore', 'inherit'] },
        );
        closeSync(fd);
        if ((await exitOf(child)) === 0) published += count;
        else failed += count;
      }
    }),
  );
  return { published, failed };
}

/**
 * Publishes the lanes together at `rate` messages/s in total (round robin over lanes), writing
 * lines to each lane's mosquitto_pub as they fall due, every few ms. `sentAt[lane][i]` gets
 * the `performance.now()` at which message i was handed to the publisher.
 */
export async function publishPaced(
  url: string,
  lanes: readonly Lane[],
  rate: number,
  sentAt: Float64Array[],
): Promise<{ published: number; failed: number; seconds: number; stalls: number }> {
  for (const lane of lanes) {
    if (lane.lines.length > MAX_PER_PROCESS)
      throw new Error(`a paced lane holds at most ${MAX_PER_PROCESS} messages`);
  }
  const children = lanes.map((lane) =>
    spawn('mosquitto_pub', [...address(url), '-q', '1', '-M', INFLIGHT, '-t', lane.topic, '-l'], {
      stdio: ['pipe', 'ignore', 'inherit'],
    }),
  );
  const exits = children.map(exitOf);
  const total = lanes.reduce((n, lane) => n + lane.lines.length, 0);
  let sent = 0;
  let stalls = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * rate));
      const chunks = lanes.map(() => [] as string[]);
      for (; sent < due; sent += 1) {
        const n = sent % lanes.length;
        const i = Math.floor(sent / lanes.length);
        chunks[n]!.push(lanes[n]!.lines[i]!);
        sentAt[n]![i] = now;
      }
      chunks.forEach((lines, n) => {
        if (lines.length === 0) return;
        // A full pipe means the publisher fell behind: the send times above become optimistic.
        if (!children[n]!.stdin!.write(`${lines.join('\n')}\n`)) stalls += 1;
      });
      if (sent === total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 2);
  });
  const seconds = (performance.now() - started) / 1000;
  for (const child of children) child.stdin?.end();
  const codes = await Promise.all(exits);
  const published = lanes.reduce((n, lane, k) => n + (codes[k] === 0 ? lane.lines.length : 0), 0);
  return { published, failed: total - published, seconds, stalls };
}

/**
 * A mosquitto_sub whose persistent session exists before publishing starts, so starting it
 * alongside the publishers loses nothing at QoS 1 (at QoS 0 the broker queues nothing for
 * it: let it connect first). `receive` resolves when `count` messages arrived.
 */
export async function createCSubscriber(
  url: string,
  filter: string,
  clientId: string,
  qos: 0 | 1 = 1,
) {
  const sub = (extra: string[]) =>
    spawn('mosquitto_sub', [...address(url), '-i', clientId, '-q', String(qos), ...extra], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  // Lets the broker see a connection close before the same client id connects again.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  if ((await exitOf(sub(['-c', '-t', filter, '-E']))) !== 0)
    throw new Error('mosquitto_sub could not subscribe');
  await settle();
  return {
    receive(count: number): { done: Promise<number>; kill(): void } {
      const child = sub(['-c', '-t', filter, '-C', String(count)]);
      return { done: exitOf(child), kill: () => child.kill('SIGTERM') };
    },
    /** Connects once with a clean session, which discards the persistent one. */
    async close(): Promise<void> {
      await settle();
      await exitOf(sub(['-t', 'bench/none', '-E']));
    },
  };
}
