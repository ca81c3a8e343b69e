import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFaultRun, type FaultRun } from '../faults/support/fault-run.ts';
import { profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Mosquitto with persistence on, as deployed (deploy/mosquitto/start-in-container.sh: saved
// every 60 s and at a graceful shutdown); the file is in the broker's temporary directory.
describe('fault: broker restarted and killed (persistence on)', () => {
  let run: FaultRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  async function streamWithBrokerFault(name: string, signal: 'SIGTERM' | 'SIGKILL') {
    run = await startFaultRun(name, {
      broker: { persistence: true, config: ['autosave_interval 60'] },
    });
    const worker = await run.startWorker({ INGEST_CLIENT_ID: name });
    const publisher = await run.openPublisher();
    const messages = readings(12_000 * profile.scale, run.devices, run.prefix);
    let restarted: Promise<string> | undefined;
    await publisher.publishPaced(messages, 1000, async (published) => {
      if (restarted || published < messages.length * 0.4) return;
      restarted = (async () => {
        const acknowledged = run!.ledger.acknowledged;
        const stored = await run!.storedEvents();
        await run!.broker.restart(signal);
        return `broker ${signal} at ${acknowledged} acknowledged, ${stored} stored`;
      })();
    });
    const what = await restarted!;
    // Give the publisher's resends a moment after the restart before waiting for the drain.
    await sleep(1000);
    console.log(`[faults broker] ${what}`);
    const report = await run.check(`broker ${signal}, persistence on`);
    expect(report.drained).toBe(true);
    expect(worker.child.exitCode, worker.output()).toBeNull();
    // The accounting holds whatever the broker did: every event is stored, lost or was never acknowledged.
    expect(report.stored + report.lost + report.unacknowledgedMissing).toBe(report.attempted);
    expect(report.unexpected).toBe(0);
    expect(report.duplicateRows).toBe(0);
    return report;
  }

  it('graceful restart during a stream: nothing acknowledged is lost', async () => {
    const report = await streamWithBrokerFault('broker-term', 'SIGTERM');
    expect(report.lost).toBe(0);
  });

  it('SIGKILL during a stream: what the broker acknowledged but had not saved is counted (its promise, not ours)', async () => {
    const report = await streamWithBrokerFault('broker-kill', 'SIGKILL');
    console.log(
      `[faults broker] SIGKILL lost ${report.lost} of ${report.acknowledged} acknowledged (${((100 * report.lost) / report.acknowledged).toFixed(2)} %)`,
    );
  });
});
