import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFaultRun, type FaultRun } from '../faults/support/fault-run.ts';
import { profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

// The oracle must be able to see loss: Mosquitto's default queue limit (1,000 messages per
// offline session) and an ingest outage that outgrows it drop acknowledged messages.
describe('fault oracle negative control', () => {
  let run: FaultRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  it('reports loss when the broker drops what it acknowledged (max_queued_messages 1000, ingest down)', async () => {
    run = await startFaultRun('negative', { broker: { config: ['max_queued_messages 1000'] } });
    const env = { INGEST_CLIENT_ID: 'negative' };
    const first = await run.startWorker(env);
    const publisher = await run.openPublisher();
    // The session exists; now the worker is away while 5,000 acknowledged messages arrive.
    await first.kill('SIGTERM');
    await publisher.publishChunks(readings(5000 * profile.scale, run.devices, run.prefix), 500);
    expect(run.ledger.acknowledged).toBe(5000 * profile.scale);
    await run.startWorker(env);
    const report = await run.check('negative control');
    expect(report.drained).toBe(true);
    expect(report.lost).toBeGreaterThan(0);
    // The queue kept (about) its limit; the rest is counted as lost, nothing twice.
    expect(report.stored + report.lost).toBe(report.acknowledged);
    expect(report.stored).toBeLessThanOrEqual(1000 + 20);
    expect(report.unexpected).toBe(0);
    expect(report.duplicateRows).toBe(0);
  });
});
