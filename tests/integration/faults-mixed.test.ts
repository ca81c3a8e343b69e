import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LedgerMessage } from '../faults/support/ledger.ts';
import { startFaultRun, type FaultRun } from '../faults/support/fault-run.ts';
import { mixedStream, profile, readings } from '../faults/support/workload.ts';

// The long profile (FAULTS_PROFILE=long) runs for minutes.
vi.setConfig({ testTimeout: profile.timeoutMs });

const COUNT = 30_000 * profile.scale;
const DEVICES = 50;

/** Publishes everything as fast as the broker takes it and times it until the last event is in. */
async function timedRun(run: FaultRun, messages: readonly LedgerMessage[]) {
  await run.startWorker({ INGEST_CLIENT_ID: run.prefix });
  const publisher = await run.openPublisher();
  const keys = new Set(messages.map((m) => m.key));
  const rows = messages.filter((m) => m.expect.kind === 'stored');
  const storedKeys = new Set(rows.map((m) => m.key)).size;
  const letters = keys.size - storedKeys;
  const started = performance.now();
  await publisher.publishChunks(messages, 1000);
  for (;;) {
    const [counts] = await run.db.query<{ events: number; letters: number }>(
      `SELECT (SELECT count(DISTINCT event_id) FROM iot_reading)::int AS events,
              (SELECT count(*) FROM dead_letter)::int AS letters`,
    );
    if (counts!.events >= storedKeys && counts!.letters >= letters) break;
    if (performance.now() - started > 180_000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rate: messages.length / seconds };
}

describe('fault: duplicates, clock skew and poison messages mixed into a stream', () => {
  const runs: FaultRun[] = [];
  afterEach(async () => {
    for (const run of runs.splice(0)) await run.stop();
  });

  it('stores each event once, windows skewed times, dead-letters the rest by reason, and compares throughput with a clean run', async () => {
    const clean = await startFaultRun('clean', { devices: DEVICES });
    runs.push(clean);
    const cleanMessages = readings(COUNT, DEVICES, clean.prefix);
    const cleanTimed = await timedRun(clean, cleanMessages);
    const cleanReport = await clean.check('clean run');
    expect(cleanReport).toMatchObject({ lost: 0, unexpected: 0, duplicateRows: 0 });
    await clean.stop();
    runs.pop();

    const run = await startFaultRun('mixed', { devices: DEVICES });
    runs.push(run);
    const messages = mixedStream(COUNT, DEVICES, run.prefix);
    const timed = await timedRun(run, messages);
    const report = await run.check('duplicates + skew + poison');
    console.log(
      `[faults mixed] clean ${cleanMessages.length} msgs in ${cleanTimed.seconds.toFixed(1)} s = ${cleanTimed.rate.toFixed(0)} msg/s; mixed ${messages.length} msgs in ${timed.seconds.toFixed(1)} s = ${timed.rate.toFixed(0)} msg/s; ratio ${(timed.rate / cleanTimed.rate).toFixed(2)}`,
    );
    expect(report.drained).toBe(true);
    expect(report).toMatchObject({
      lost: 0,
      unexpected: 0,
      duplicateRows: 0,
      wronglyDeadLettered: 0,
      deadLettersMissing: 0,
      repeatedDeadLetters: 0,
    });
    const entries = run.ledger.entries();
    const expectedLetters = entries.filter((e) => e.expect.kind === 'dead_letter');
    expect(report.deadLettered).toBe(expectedLetters.length);
    expect(report.stored).toBe(entries.length - expectedLetters.length);
    // Each republished reading was absorbed by the idempotency key, and counted as such.
    const [counter] = await run.db.query<{ value: number }>(
      `SELECT value FROM ingest_counter WHERE name = 'duplicates'`,
    );
    expect(report.republished).toBe(COUNT / 10);
    expect(counter!.value).toBe(report.republished);
    // Dead letters by reason, exactly as the contract names them.
    const byReason = await run.db.query<{ reason: string; n: number }>(
      'SELECT reason, count(*)::int AS n FROM dead_letter GROUP BY reason ORDER BY reason',
    );
    const expectedByReason = new Map<string, number>();
    for (const e of expectedLetters)
      if (e.expect.kind === 'dead_letter')
        expectedByReason.set(e.expect.reason, (expectedByReason.get(e.expect.reason) ?? 0) + 1);
    expect(Object.fromEntries(byReason.map((r) => [r.reason, r.n]))).toEqual(
      Object.fromEntries(expectedByReason),
    );
    expect(expectedByReason.get('ts_in_future')).toBeGreaterThan(0);
    expect(expectedByReason.get('ts_too_old')).toBeGreaterThan(0);
    // Late readings are history, not the current value: each device's latest time is its newest reading.
    const behind = await run.db.query<{ id: string }>(
      `SELECT d.id FROM device d
       WHERE d.latest_ts IS DISTINCT FROM (SELECT max(ts) FROM iot_reading r WHERE r.device_id = d.id)`,
    );
    expect(behind).toEqual([]);
    const [late] = await run.db.query<{ n: number }>(
      `SELECT count(DISTINCT event_id)::int AS n FROM iot_reading WHERE event_id LIKE '%:late:%'`,
    );
    expect(late!.n).toBe(COUNT * 0.02);
  });
});
