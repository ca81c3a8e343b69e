import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCluster, type TestCluster } from '../support/postgres-cluster.ts';
import { startFaultRun, type FaultRun } from '../faults/support/fault-run.ts';
import { profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

describe('fault: PostgreSQL restarted and killed (private cluster)', () => {
  let cluster: TestCluster;
  let run: FaultRun | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });

  afterAll(async () => {
    await run?.stop();
    await cluster?.stop();
  });

  it('keeps running through a restart and a SIGKILL of the postmaster, and stores every message once', async () => {
    run = await startFaultRun('pg', { databaseUrl: cluster.url });
    const worker = await run.startWorker({ INGEST_CLIENT_ID: 'pg' });
    const publisher = await run.openPublisher();
    const messages = readings(20_000 * profile.scale, run.devices, run.prefix);
    const faults: string[] = [];
    await publisher.publishChunks(messages, 500, async (published) => {
      const share = published / messages.length;
      if (faults.length === 0 && share >= 0.3) {
        await cluster.restart();
        faults.push(`restart at ${published}`);
      } else if (faults.length === 1 && share >= 0.7) {
        await cluster.crashAndStart();
        faults.push(`postmaster SIGKILL at ${published}`);
      }
    });
    console.log(`[faults pg] ${faults.join('; ')}`);
    const report = await run.check('PostgreSQL restart + SIGKILL');
    expect(faults).toHaveLength(2);
    expect(report.drained).toBe(true);
    expect(report).toMatchObject({ lost: 0, unexpected: 0, duplicateRows: 0 });
    expect(report.stored).toBe(messages.length);
    expect(worker.child.exitCode, worker.output()).toBeNull();
    expect(worker.output()).toMatch(/batch write failed/);
  });
});
