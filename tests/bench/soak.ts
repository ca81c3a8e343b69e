// Soak (issue 8, fault 8): readings at twice the demo rate through Mosquitto (persistence on)
// and one ingest worker into a private PostgreSQL cluster, with a gateway process answering
// health checks, while faults 1–4 strike at random intervals: ingest SIGKILL, PostgreSQL
// restart or postmaster SIGKILL, a cut of the ingest↔broker link longer than the keepalive,
// a graceful broker restart. At the end: the oracle, and the memory of ingest and gateway.
//   pnpm soak --minutes 60        (on demand, not in CI)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@city-twin/city';
import { startTestCluster } from '../support/postgres-cluster.ts';
import { startFaultRun, type FaultWorker } from '../faults/support/fault-run.ts';
import { startFaultProxy } from '../faults/support/tcp-proxy.ts';
import { DEMO_RATE, readings } from '../faults/support/workload.ts';
import { describeMachine } from './support/machine.ts';

const args = process.argv.slice(2);
const minutesArg = args.indexOf('--minutes');
const minutes = minutesArg >= 0 ? Number(args[minutesArg + 1]) : 60;
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('usage: pnpm soak [--minutes N]');
  process.exit(2);
}
const RATE = 2 * DEMO_RATE;
const KEEPALIVE_SECONDS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a process, MiB (Linux). */
function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function startGateway(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('../../packages/gateway/', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TWIN_ADMIN_PASSWORD: 'soak-admin-password',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[gateway] listening')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      onData(chunk);
      process.stderr.write(`[gateway] ${chunk.toString()}`);
    });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${output}`)));
  });
}

async function main(): Promise<void> {
  const cluster = await startTestCluster();
  const run = await startFaultRun('soak', {
    databaseUrl: cluster.url,
    devices: 200,
    broker: { persistence: true },
  });
  const proxy = await startFaultProxy({
    host: '127.0.0.1',
    port: Number(new URL(run.broker.address).port),
  });
  const mqttUrl = new URL(run.broker.url);
  mqttUrl.port = String(proxy.port);
  const env = {
    INGEST_CLIENT_ID: 'soak',
    MQTT_URL: mqttUrl.toString(),
    MQTT_KEEPALIVE_SECONDS: String(KEEPALIVE_SECONDS),
  };
  let worker: FaultWorker = await run.startWorker(env);
  const gatewayPort = await freePort();
  const gateway = await startGateway(cluster.url, gatewayPort);
  console.log(`[soak] ${(await describeMachine(run.db)).join('\n[soak] ')}`);
  console.log(
    `[soak] ${minutes} min at ${RATE} readings/s (2 × the demo rate), faults every 20–60 s`,
  );

  const durationMs = minutes * 60_000;
  const messages = readings(Math.ceil((RATE * durationMs) / 1000), run.devices, run.prefix);
  const publisher = await run.openPublisher();
  const samples: { at: number; ingest: number; gateway: number }[] = [];
  const faults: string[] = [];
  const gatewayErrors: string[] = [];
  let nextFaultAt = 20_000 + Math.random() * 40_000;
  let nextSampleAt = 0;
  let busy: Promise<void> | undefined;

  const kinds = [
    'ingest SIGKILL',
    'PostgreSQL restart',
    'postmaster SIGKILL',
    'ingest↔broker cut',
    'broker restart',
  ] as const;
  async function inject(kind: (typeof kinds)[number]): Promise<void> {
    switch (kind) {
      case 'ingest SIGKILL':
        await worker.kill('SIGKILL');
        worker = await run.startWorker(env);
        return;
      case 'PostgreSQL restart':
        return cluster.restart();
      case 'postmaster SIGKILL':
        return cluster.crashAndStart();
      case 'ingest↔broker cut':
        proxy.cut('blackhole');
        await sleep(3 * KEEPALIVE_SECONDS * 1000);
        proxy.restore();
        return;
      case 'broker restart':
        return run.broker.restart('SIGTERM');
      default: {
        const unreachable: never = kind;
        throw new Error(`unknown fault ${String(unreachable)}`);
      }
    }
  }

  await publisher.publishPaced(messages, RATE, async (_, elapsed) => {
    if (!busy && elapsed >= nextFaultAt && elapsed < durationMs - 30_000) {
      const kind = kinds[Math.floor(Math.random() * kinds.length)]!;
      faults.push(`${(elapsed / 1000).toFixed(0)} s ${kind}`);
      busy = inject(kind)
        .catch((error: unknown) => {
          faults.push(`  ${kind} failed: ${(error as Error).message}`);
        })
        .finally(() => {
          busy = undefined;
          nextFaultAt = elapsed + 20_000 + Math.random() * 40_000;
        });
    }
    if (elapsed >= nextSampleAt) {
      nextSampleAt = elapsed + 30_000;
      const health = await fetch(`http://127.0.0.1:${gatewayPort}/healthz`)
        .then((r) => r.status)
        .catch((error: unknown) => String(error));
      if (health !== 200) gatewayErrors.push(`${(elapsed / 1000).toFixed(0)} s: ${health}`);
      const sample = {
        at: elapsed,
        ingest: rssMiB(worker.child.pid),
        gateway: rssMiB(gateway.pid),
      };
      samples.push(sample);
      console.log(
        `[soak] ${(elapsed / 1000).toFixed(0)} s: ${run.ledger.acknowledged} acknowledged, ${await run.storedEvents()} stored; RSS ingest ${sample.ingest.toFixed(0)} MiB, gateway ${sample.gateway.toFixed(0)} MiB; faults so far ${faults.length}`,
      );
    }
  });
  await busy;
  const report = await run.check('soak', { timeoutMs: 300_000 });
  console.log(`[soak] faults: ${faults.join('; ')}`);
  // Memory after warm-up (the first fifth): the last sample against the first one after it.
  const warm = samples.filter((s) => s.at >= durationMs / 5);
  const drift = (key: 'ingest' | 'gateway') => {
    const first = warm[0]?.[key] ?? NaN;
    const last = warm.at(-1)?.[key] ?? NaN;
    const max = Math.max(...warm.map((s) => s[key]));
    return `${key} ${first.toFixed(0)} → ${last.toFixed(0)} MiB (${(((last - first) / first) * 100).toFixed(1)} %, peak ${max.toFixed(0)})`;
  };
  console.log(`[soak] memory after warm-up: ${drift('ingest')}; ${drift('gateway')}`);
  console.log(
    `[soak] gateway health failures: ${gatewayErrors.length}${gatewayErrors.length ? ` (${gatewayErrors.join(', ')})` : ''}`,
  );
  const fatal = /fatal|unhandled/i.test(worker.output());
  console.log(`[soak] ingest fatal or unhandled errors in its output: ${fatal ? 'yes' : 'none'}`);
  const ok =
    report.drained &&
    report.lost === 0 &&
    report.duplicateRows === 0 &&
    report.unexpected === 0 &&
    !fatal;
  console.log(
    `[soak] ${ok ? 'PASS' : 'FAIL'}: lost ${report.lost}, duplicates ${report.duplicateRows}`,
  );

  gateway.kill('SIGTERM');
  await run.stop();
  await proxy.stop();
  await cluster.stop();
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error('[soak] failed:', error);
  process.exit(1);
});
