import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFaultRun, type FaultRun, type FaultWorker } from '../faults/support/fault-run.ts';
import { profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

const expectClean = (report: {
  drained: boolean;
  lost: number;
  unexpected: number;
  duplicateRows: number;
  acknowledged: number;
  stored: number;
}) => {
  expect(report.drained).toBe(true);
  expect(report.lost).toBe(0);
  expect(report.unexpected).toBe(0);
  expect(report.duplicateRows).toBe(0);
  expect(report.stored).toBeGreaterThanOrEqual(report.acknowledged);
};

describe('fault: ingest SIGKILL', () => {
  let run: FaultRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  it('loses nothing when killed at random moments, repeatedly, some of them between a commit and its PUBACKs', async () => {
    run = await startFaultRun('kill');
    const kills = 4 * profile.repeats;
    const env = { INGEST_CLIENT_ID: 'kill' };
    let worker: FaultWorker = await run.startWorker(env);
    const publisher = await run.openPublisher();
    const messages = readings(30_000 * profile.scale, run.devices, run.prefix);
    let publishing = true;
    // Paced so that the stream outlasts the kills and restarts (each restart takes seconds).
    const streaming = publisher.publishPaced(messages, 1500).finally(() => (publishing = false));
    const seed = Date.now() % 100_000;
    let random = seed;
    const next = () => ((random = (random * 16807) % 2147483647) % 1000) / 1000;
    const log: string[] = [];
    for (let k = 0; k < kills && publishing; k += 1) {
      // Every other restart kills itself right after its n-th commit, before the PUBACKs.
      const afterCommit = k % 2 === 1 ? String(1 + Math.floor(next() * 5)) : undefined;
      if (afterCommit) {
        await worker.kill('SIGKILL');
        worker = await run.startWorker({ ...env, INGEST_FAULT_KILL_AFTER_COMMIT: afterCommit });
        await worker.exited;
        log.push(`killed itself after commit ${afterCommit} (${worker.child.signalCode})`);
      } else {
        const waitMs = 300 + Math.floor(next() * 2500);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        await worker.kill('SIGKILL');
        log.push(`SIGKILL after ${waitMs} ms`);
      }
      log[log.length - 1] += `, ${await run.storedEvents()} stored`;
      worker = await run.startWorker(env);
    }
    await streaming;
    console.log(`[faults kill] seed ${seed}: ${log.join('; ')}`);
    expect(log.length).toBeGreaterThanOrEqual(2);
    const report = await run.check('ingest SIGKILL ×' + log.length);
    expectClean(report);
    expect(report.acknowledged).toBe(messages.length);
  });

  it('absorbs the redelivery of a batch committed before its PUBACKs', async () => {
    run = await startFaultRun('kill-commit');
    const env = { INGEST_CLIENT_ID: 'kill-commit' };
    // No retained metas: on every subscribe they would come first, as a batch of their own.
    const publisher = await run.openPublisher({ metas: false });
    // One batch at a time: no second transaction may commit behind the killed one's back.
    const first = await run.startWorker({
      ...env,
      INGEST_FAULT_KILL_AFTER_COMMIT: '1',
      INGEST_CONCURRENCY: '1',
    });
    await publisher.publishChunks(readings(2000, run.devices, run.prefix), 500);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    const committedBeforeKill = await run.storedEvents();
    expect(committedBeforeKill).toBeGreaterThan(0);
    await run.startWorker(env);
    const report = await run.check('kill between commit and PUBACK');
    expectClean(report);
    const [duplicates] = await run.db.query<{ value: number }>(
      `SELECT value FROM ingest_counter WHERE name = 'duplicates'`,
    );
    // Every message of the committed-but-unacknowledged batch came back and was absorbed.
    expect(duplicates!.value).toBe(committedBeforeKill);
  });
});
