// Replay query benchmark: the IoT and camera figures at an instant (deviceSummary(at:),
// cameraSummary(at:)) against their live counterparts, over the demo city's 3,671 devices and
// 1,000 cameras with a day of readings every 5 minutes (two metrics a device) and a status
// an hour. Starts the real gateway on port 0 and asks over HTTP, one query at a time, at
// random instants of the day. Prints p50/p95/max per query and the replay/live ratio measured
// in the same run, and the plan of one device's last-reading probe; asserts nothing.
// Usage: pnpm --filter @city-twin/tests bench:replay [runs=60]
import { cpus } from 'node:os';
import { createDb, migrate } from '@city-twin/db';
import { createGateway } from '@city-twin/gateway';
import { screenToken } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';

const args = process.argv.slice(2).filter((a) => a !== '--');
const RUNS = Number(args[0] ?? 60);
const WARMUP = 5;
const DEVICES = 3_671;
const CAMERAS = 1_000;
const HOUR_MS = 3_600_000;
const types = [
  'air_quality',
  'water_level',
  'heating',
  'traffic',
  'manhole',
  'streetlight',
  'noise',
];

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;

async function main() {
  const database = await createTestDatabase();
  const db = createDb({ connectionString: database.url, onError: () => undefined });
  const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS;
  const start = end - 24 * HOUR_MS;
  try {
    await migrate(db);
    const filled = Date.now();
    await db.query(
      `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id, latest, latest_ts)
       SELECT 'd-' || n, ($1::text[])[n % 7 + 1], 'd-' || n, 111 + random(), 34.5 + random() / 2,
         '411202', now(), 'm', '{"a": 1, "b": 1}', $3
       FROM generate_series(1, $2::int) AS n`,
      [types, DEVICES, new Date(end)],
    );
    // Every device every 5 minutes, but one in ten stops half way (silent in the second half).
    await db.query(
      `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
       SELECT ts, 'd-' || n, m, random() * 100, n || ':' || extract(epoch FROM ts)
       FROM generate_series(1, $1::int) AS n,
            generate_series($2::timestamptz, $3::timestamptz, interval '5 minutes') AS ts,
            unnest(ARRAY['a', 'b']) AS m
       WHERE n % 10 <> 0 OR ts < $2::timestamptz + interval '12 hours'`,
      [DEVICES, new Date(start), new Date(end)],
    );
    await db.query(
      `INSERT INTO iot_rollup_1h (bucket, device_id, metric, count, sum, min, max)
       SELECT twin_bucket('1 hour', ts), device_id, metric, count(*), sum(value), min(value), max(value)
       FROM iot_reading GROUP BY 1, 2, 3`,
    );
    await db.query(
      `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
       SELECT 'c-' || n, 'c-' || n, 111 + random(), 34.5 + random() / 2, '411202', now(), 'm', true, $2
       FROM generate_series(1, $1::int) AS n`,
      [CAMERAS, new Date(end)],
    );
    await db.query(
      `INSERT INTO camera_status (ts, camera_id, online, event_id)
       SELECT ts, 'c-' || n, random() > 0.05, n || ':' || extract(epoch FROM ts)
       FROM generate_series(1, $1::int) AS n,
            generate_series($2::timestamptz, $3::timestamptz, interval '1 hour') AS ts`,
      [CAMERAS, new Date(start), new Date(end)],
    );
    await db.query('ANALYZE');
    const [{ rows } = { rows: 0 }] = await db.query<{ rows: number }>(
      'SELECT count(*)::int AS rows FROM iot_reading',
    );
    console.log(
      `filled ${DEVICES} devices, ${rows.toLocaleString('en')} readings, ${CAMERAS} cameras in ${((Date.now() - filled) / 1000).toFixed(0)} s; ${cpus().length} cores`,
    );

    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
       SELECT ts FROM iot_reading WHERE device_id = 'd-7' AND metric = 'a'
         AND ts >= $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1`,
      [new Date(end - 3 * HOUR_MS), new Date(end - 2.5 * HOUR_MS)],
    );
    console.log(`one last-reading probe:\n  ${plan.map((r) => r['QUERY PLAN']).join('\n  ')}`);

    const token = (await screenToken(db)).token;
    const gateway = createGateway({ db, port: 0, log: () => undefined });
    const url = await gateway.start();
    const ask = async (query: string, variables: Record<string, unknown>) => {
      const began = performance.now();
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors[0]!.message);
      return performance.now() - began;
    };
    const queries = {
      deviceSummary: `query ($at: DateTime) { deviceSummary(at: $at, attentionFirst: 8) { total byState { key count } attention { id } } }`,
      cameraSummary: `query ($at: DateTime) { cameraSummary(at: $at) { total online lastHourTotal } }`,
    };
    const results: Record<string, number> = {};
    for (const [name, query] of Object.entries(queries)) {
      for (const mode of ['live', 'replay'] as const) {
        const times: number[] = [];
        for (let i = 0; i < WARMUP + RUNS; i += 1) {
          const at = mode === 'live' ? null : new Date(start + Math.random() * (end - start));
          const ms = await ask(query, { at: at?.toISOString() ?? null });
          if (i >= WARMUP) times.push(ms);
        }
        times.sort((a, b) => a - b);
        results[`${name} ${mode}`] = percentile(times, 0.95);
        console.log(
          `${name} ${mode.padEnd(6)} p50 ${percentile(times, 0.5).toFixed(1)} ms  p95 ${percentile(times, 0.95).toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms`,
        );
      }
      console.log(
        `${name} replay/live p95 ratio ${(results[`${name} replay`]! / results[`${name} live`]!).toFixed(2)}`,
      );
    }
    await gateway.stop();
  } finally {
    await db.close();
    await database.drop();
  }
}

await main();
