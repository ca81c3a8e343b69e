import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFaultRun, type FaultRun, type FaultWorker } from '../faults/support/fault-run.ts';
import { DEMO_RATE, profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

const WARM_S = 5;
// "Minutes" in the long profile; half a minute in CI.
const OUTAGE_S = profile.name === 'long' ? 180 : 30;

describe('fault: ingest stopped while the city keeps publishing at the demo rate', () => {
  let run: FaultRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  it('drains the backlog at least twice as fast as it arrived, losing nothing', async () => {
    run = await startFaultRun('backlog');
    const env = { INGEST_CLIENT_ID: 'backlog' };
    let worker: FaultWorker = await run.startWorker(env);
    const publisher = await run.openPublisher();
    const messages = readings(DEMO_RATE * (WARM_S + OUTAGE_S + 120), run.devices, run.prefix);
    const marks: {
      stoppedAt?: number;
      ackedAtStop?: number;
      restartAt?: number;
      ready?: number;
      ackedAtReady?: number;
      storedAtReady?: number;
      caughtUp?: number;
      storedAtCaughtUp?: number;
    } = {};
    let phase: Promise<void> | undefined;
    await publisher.publishPaced(messages, DEMO_RATE, async (_, elapsed) => {
      if (!phase && elapsed >= WARM_S * 1000) {
        phase = (async () => {
          await worker.kill('SIGTERM');
          marks.stoppedAt = performance.now();
          marks.ackedAtStop = run!.ledger.acknowledged;
        })();
      } else if (marks.stoppedAt && !marks.restartAt && elapsed >= (WARM_S + OUTAGE_S) * 1000) {
        marks.restartAt = performance.now();
        phase = (async () => {
          worker = await run!.startWorker(env);
          marks.ready = performance.now();
          marks.ackedAtReady = run!.ledger.acknowledged;
          marks.storedAtReady = await run!.storedEvents();
          for (;;) {
            const stored = await run!.storedEvents();
            if (stored >= marks.ackedAtReady) {
              marks.caughtUp = performance.now();
              marks.storedAtCaughtUp = stored;
              return;
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })();
      }
      // Keep publishing a few seconds past the catch-up: the live stream goes on.
      return !(marks.caughtUp && performance.now() - marks.caughtUp > 3000);
    });
    await phase;
    const outageS = (marks.restartAt! - marks.stoppedAt!) / 1000;
    const arrivalRate =
      (marks.ackedAtReady! - marks.ackedAtStop!) / ((marks.ready! - marks.stoppedAt!) / 1000);
    const drainS = (marks.caughtUp! - marks.ready!) / 1000;
    const drainRate = (marks.storedAtCaughtUp! - marks.storedAtReady!) / drainS;
    console.log(
      `[faults backlog] outage ${outageS.toFixed(1)} s (+ ${((marks.ready! - marks.restartAt!) / 1000).toFixed(1)} s start-up); backlog ${marks.ackedAtReady! - marks.storedAtReady!} messages arrived at ${arrivalRate.toFixed(0)} msg/s; drained in ${drainS.toFixed(2)} s at ${drainRate.toFixed(0)} msg/s (ratio ${(drainRate / arrivalRate).toFixed(1)})`,
    );
    expect(drainRate / arrivalRate).toBeGreaterThanOrEqual(2);
    const report = await run.check('ingest stopped at the demo rate');
    expect(report.drained).toBe(true);
    expect(report).toMatchObject({ lost: 0, unexpected: 0, duplicateRows: 0 });
    expect(report.stored).toBe(report.acknowledged);
  });
});
