// `pnpm backfill [--days N] [--mqtt URL]`: a year (or N days) of 12345 history for the demo city.
// Direct (default): through ingest's batch writer into DATABASE_URL, or, without it, the embedded
// database of `bash scripts/city.sh` (CITY_DATA_DIR, default .data) while the city is stopped.
// --mqtt URL: published over MQTT at QoS 1 for a running ingest to store. SEED and SCALE must
// match the city's (default 1, as the city's).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createDb, migrate, startEmbeddedPostgres } from '@city-twin/db';
import {
  MAX_HISTORY_DAYS,
  publishHotlineHistory,
  type HistoryProgress,
} from '@city-twin/simulators';
import { backfillHotline } from './backfill.ts';
import { freePort } from './free-port.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

/** Whether a PostgreSQL server is running on the embedded data folder (the city is up). */
function embeddedServerRunning(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return true;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '365' },
      mqtt: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      `usage: pnpm backfill [--days N] [--mqtt URL]\n` +
        `  --days N    orders of the last N days (1–${MAX_HISTORY_DAYS}, default 365)\n` +
        `  --mqtt URL  publish over MQTT (QoS 1) instead of writing to the database\n` +
        `env: DATABASE_URL (else the embedded database in CITY_DATA_DIR, default .data), SEED, SCALE`,
    );
    return;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS)
    throw new Error(`--days must be a whole number from 1 to ${MAX_HISTORY_DAYS}`);
  const seed = numberFromEnv('SEED', 1);
  const scale = numberFromEnv('SCALE', 1);
  const until = Date.now();

  const started = performance.now();
  let lastReport = 0;
  const onProgress = (p: HistoryProgress): void => {
    const now = performance.now();
    if (now - lastReport < 5000 && p.doneDays < p.totalDays) return;
    lastReport = now;
    const rate = p.events / ((now - started) / 1000);
    console.log(
      `[backfill] day ${p.doneDays}/${p.totalDays}: ${p.orders} orders, ${p.events} events ` +
        `(${Math.round(rate)} events/s)`,
    );
  };

  if (values.mqtt) {
    console.log(`[backfill] publishing ${days} days of 12345 history to ${values.mqtt}`);
    const result = await publishHotlineHistory({
      mqttUrl: values.mqtt,
      days,
      until,
      seed,
      scale,
      onProgress,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[backfill] published ${result.orders} orders, ${result.events} events and ${result.units} ` +
        `units in ${seconds.toFixed(1)} s (${Math.round(result.events / seconds)} events/s); ` +
        `the ingest stores what it has not yet`,
    );
    return;
  }

  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const dataDir = path.resolve(repoRoot, process.env.CITY_DATA_DIR || '.data');
      if (embeddedServerRunning(dataDir))
        throw new Error(
          `the city's embedded database in ${dataDir} is in use: a running city backfills on its ` +
            `own start (BACKFILL_DAYS), or use --mqtt with its broker URL`,
        );
      const pg = await startEmbeddedPostgres(dataDir, await freePort());
      stops.push(pg.stop);
      databaseUrl = pg.connectionString;
      console.log(`[backfill] embedded PostgreSQL, data in ${dataDir}`);
    }
    const db = createDb({ connectionString: databaseUrl, applicationName: 'city-twin-backfill' });
    stops.push(() => db.close());
    await migrate(db);
    console.log(`[backfill] writing ${days} days of 12345 history`);
    const result = await backfillHotline(db, { days, until, seed, scale, onProgress });
    console.log(
      `[backfill] ${result.orders} orders, ${result.events} events and ${result.units} units in ` +
        `${result.seconds.toFixed(1)} s (${Math.round(result.events / result.seconds)} events/s): ` +
        `${result.accepted} stored, ${result.duplicates} already there, ${result.rejected} rejected`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

main().catch((error: unknown) => {
  console.error('[backfill] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
