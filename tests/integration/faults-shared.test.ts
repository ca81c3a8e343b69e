import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFaultRun, readMetric, type FaultRun } from '../faults/support/fault-run.ts';
import { profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

describe('fault: one of three workers on a shared subscription killed', () => {
  let run: FaultRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  it('parks the killed member’s messages in its session until a worker with its client id returns; then nothing is lost', async () => {
    run = await startFaultRun('share');
    const member = (i: number) => ({
      INGEST_CLIENT_ID: `share-${i}`,
      INGEST_SHARE_GROUP: 'twin',
    });
    const workers = await Promise.all([0, 1, 2].map((i) => run!.startWorker(member(i))));
    const publisher = await run.openPublisher();
    const messages = readings(20_000 * profile.scale, run.devices, run.prefix);
    const half = Math.floor(messages.length / 2);
    await publisher.publishChunks(messages.slice(0, half), 500);
    await workers[1]!.kill('SIGKILL');
    await publisher.publishChunks(messages.slice(half), 500);
    // With the member gone for good, what the broker had given it is not stored.
    const parked = await run.check('shared subscription, member killed, not restarted', {
      quietMs: 5000,
    });
    expect(parked.unexpected).toBe(0);
    expect(parked.duplicateRows).toBe(0);
    // A worker with the killed member's client id resumes its session and takes them over.
    await run.startWorker(member(1));
    const report = await run.check('shared subscription, member back under its client id');
    expect(report.drained).toBe(true);
    expect(report).toMatchObject({ lost: 0, unexpected: 0, duplicateRows: 0 });
    expect(report.stored).toBe(messages.length);
    const received = await Promise.all(
      [workers[0]!, workers[2]!].map((w) =>
        readMetric(w.metricsPort, 'twin_ingest_received_total'),
      ),
    );
    console.log(
      `[faults share] parked while the member was away: ${parked.lost}; received by the survivors: ${received.join(', ')}`,
    );
    expect(Math.min(...(received as number[]))).toBeGreaterThan(messages.length / 10);
  });
});
