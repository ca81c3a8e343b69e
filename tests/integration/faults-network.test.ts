import { afterEach, describe, expect, it, vi } from 'vitest';
import { testServerUrl } from '../support/database.ts';
import { startFaultRun, type FaultRun } from '../faults/support/fault-run.ts';
import { startFaultProxy, type FaultProxy } from '../faults/support/tcp-proxy.ts';
import { profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

const KEEPALIVE_SECONDS = 2;
// Longer than the keepalive: both MQTT ends give the connection up while the link is cut.
const CUT_MS = 4 * KEEPALIVE_SECONDS * 1000 * profile.repeats;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same URL with its host and port replaced by the proxy's. */
function through(url: string, proxy: FaultProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
}

describe('fault: network cut through a fault-injecting TCP proxy', () => {
  let run: FaultRun | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await run?.stop();
    await proxy?.stop();
    run = proxy = undefined;
  });

  /** Streams readings paced, runs `fault` once 30 % of them are out, and checks the oracle. */
  async function streamAround(fault: () => Promise<string>) {
    const publisher = await run!.openPublisher();
    const messages = readings(12_000 * profile.scale, run!.devices, run!.prefix);
    let faulted: Promise<string> | undefined;
    await publisher.publishPaced(messages, 1000, async (published) => {
      if (!faulted && published >= messages.length * 0.3) faulted = fault();
    });
    const what = await faulted!;
    console.log(`[faults network] ${what}`);
    return { messages, report: await run!.check(what) };
  }

  it('ingest ↔ broker: cut for longer than the keepalive, restored, nothing lost or stored twice', async () => {
    run = await startFaultRun('net-mqtt');
    const { address } = run.broker;
    proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(new URL(address).port) });
    const worker = await run.startWorker({
      INGEST_CLIENT_ID: 'net-mqtt',
      MQTT_URL: through(run.broker.urlFor('ingest'), proxy),
      MQTT_KEEPALIVE_SECONDS: String(KEEPALIVE_SECONDS),
    });
    const { messages, report } = await streamAround(async () => {
      const before = await run!.storedEvents();
      proxy!.cut('blackhole');
      await sleep(CUT_MS);
      const during = await run!.storedEvents();
      proxy!.restore();
      return `ingest↔broker blackholed ${CUT_MS / 1000} s (keepalive ${KEEPALIVE_SECONDS} s): ${before} stored before, ${during} at the end of the cut`;
    });
    expect(report.drained).toBe(true);
    expect(report).toMatchObject({ lost: 0, unexpected: 0, duplicateRows: 0 });
    expect(report.stored).toBe(messages.length);
    // The worker noticed the dead link and reconnected; it did not crash.
    expect(worker.output()).toMatch(/mqtt offline, reconnecting/);
    expect(worker.child.exitCode).toBeNull();
  });

  it('ingest ↔ database: blackholed, then reset, restored each time, nothing lost or stored twice', async () => {
    run = await startFaultRun('net-db');
    const server = new URL(testServerUrl);
    proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const worker = await run.startWorker({
      INGEST_CLIENT_ID: 'net-db',
      DATABASE_URL: through(run.databaseUrl, proxy),
    });
    const { messages, report } = await streamAround(async () => {
      proxy!.cut('blackhole');
      await sleep(CUT_MS);
      proxy!.restore();
      await sleep(1000);
      proxy!.cut('reset');
      await sleep(CUT_MS / 2);
      proxy!.restore();
      return `ingest↔database blackholed ${CUT_MS / 1000} s, then reset for ${CUT_MS / 2000} s`;
    });
    expect(report.drained).toBe(true);
    expect(report).toMatchObject({ lost: 0, unexpected: 0, duplicateRows: 0 });
    expect(report.stored).toBe(messages.length);
    expect(worker.child.exitCode, worker.output()).toBeNull();
  });
});
