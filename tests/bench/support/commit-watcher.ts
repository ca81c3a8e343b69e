import type { Db } from '@city-twin/db';
import type { Lane } from './telemetry-lanes.ts';

/**
 * Watches how far each lane is committed in `iot_reading` by polling its device's newest
 * reading (an index lookup). A lane's messages reach ingest in publish order through one
 * broker session and ingest commits its batches in arrival order, so "newest ts = base + k"
 * means messages 0..k of that lane are committed and queryable. `visibleAt[lane][i]` is the
 * `performance.now()` when the first poll that saw message i returned: an upper bound, at
 * most one poll interval plus one query late.
 */
export function createCommitWatcher(db: Db, lanes: readonly Lane[], intervalMs: number) {
  const committed = lanes.map(() => 0);
  const visibleAt = lanes.map((lane) => new Float64Array(lane.lines.length).fill(Number.NaN));
  const series: { at: number; committed: number }[] = [];
  const total = lanes.reduce((n, lane) => n + lane.lines.length, 0);
  const sum = () => committed.reduce((a, b) => a + b, 0);
  let running = true;
  let polls = 0;
  let pollMs = 0;

  async function poll(): Promise<void> {
    const asked = performance.now();
    const rows = await db.query<{ device_id: string; ts: Date | null }>(
      `SELECT d.id AS device_id,
              (SELECT r.ts FROM iot_reading r WHERE r.device_id = d.id AND r.metric = 'pm25'
               ORDER BY r.ts DESC LIMIT 1) AS ts
       FROM unnest($1::text[]) AS d(id)`,
      [lanes.map((lane) => lane.deviceId)],
    );
    const now = performance.now();
    polls += 1;
    pollMs += now - asked;
    for (const row of rows) {
      const n = lanes.findIndex((lane) => lane.deviceId === row.device_id);
      const lane = lanes[n];
      if (!lane || !row.ts) continue;
      const upTo = Math.min(lane.lines.length, row.ts.getTime() - lane.base + 1);
      visibleAt[n]!.fill(now, committed[n]!, Math.max(committed[n]!, upTo));
      committed[n] = Math.max(committed[n]!, upTo);
    }
    series.push({ at: now, committed: sum() });
  }

  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await poll();
      if (series.at(-1)!.committed >= total) break;
      const wait = intervalMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();

  return {
    visibleAt,
    series,
    committed: sum,
    /** Mean time of one poll query, ms. */
    meanPollMs: () => (polls === 0 ? 0 : pollMs / polls),
    /** Resolves true once every lane is committed, false after `timeoutMs`. */
    async whenAll(timeoutMs: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const result = await Promise.race([loop.then(() => sum() >= total), timedOut]);
      clearTimeout(timer);
      running = false;
      await loop;
      return result;
    },
  };
}
