import { spawn } from 'node:child_process';
import {
  applyRetentionOnce,
  createDb,
  migrate,
  RETENTION_LOCK,
  setRetention,
  type Db,
} from '@city-twin/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, requireTimescale, testServerUrl } from '../support/database.ts';

// Retention of raw readings (migration 015): old raw chunks go, rollups and recent rows stay.
// The same SQL runs from ingest's schedule and from `pnpm twin retention run`.

const cityDir = new URL('../../packages/city/', import.meta.url);
const DAY = 86_400_000;

function twin(databaseUrl: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/twin-main.ts', ...args], {
    cwd: cityDir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return row?.n ?? 0;
}

/** One reading per device and day, `days` days back from `now`, with its hourly rollup rows. */
async function seedDays(db: Db, now: number, days: number): Promise<void> {
  await db.query(
    `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
     SELECT to_timestamp(($1::bigint - d * $2::bigint) / 1000.0), 'aq-' || dev, 'pm25', d, 'e-' || d || '-' || dev
     FROM generate_series(0, $3 - 1) d, generate_series(1, 3) dev`,
    [now, DAY, days],
  );
  await db.query(
    `INSERT INTO iot_rollup_1h (bucket, device_id, metric, count, sum, min, max)
     SELECT date_trunc('hour', ts), device_id, metric, count(*), sum(value), min(value), max(value)
     FROM iot_reading GROUP BY 1, 2, 3`,
  );
  await db.query(
    `INSERT INTO hotline_event (ts, event_id, ticket_id, action, payload)
     SELECT to_timestamp(($1::bigint - d * $2::bigint) / 1000.0), 'h-' || d, 't-' || d, 'created', '{}'
     FROM generate_series(0, $3 - 1) d`,
    [now, DAY, days],
  );
}

describe('retention of raw readings', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let storage: string;
  const now = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    ({ storage } = await migrate(db));
    if (requireTimescale) expect(storage).toBe('timescaledb');
    await seedDays(db, now, 120);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('keeps everything under the defaults (400 days for raw readings)', async () => {
    const run = await applyRetentionOnce(db, new Date(now));
    expect(run.skipped).toBe(false);
    expect(await count(db, 'SELECT count(*)::int AS n FROM iot_reading')).toBe(360);
    if (!run.skipped) expect(run.results.every((result) => result.removed === 0)).toBe(true);
  });

  it('drops raw readings older than the setting, keeps recent ones and the rollups', async () => {
    const rollupsBefore = await count(db, 'SELECT count(*)::int AS n FROM iot_rollup_1h');
    const cli = await twin(database.url, ['retention', 'set', 'iot_reading', '30 days']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const listed = await twin(database.url, ['retention', 'list']);
    expect(listed.stdout).toMatch(/^iot_reading\t30 days$/m);
    expect(listed.stdout).toMatch(/^iot_rollup_1h\tforever$/m);

    const chunksBefore =
      storage === 'timescaledb'
        ? await count(
            db,
            `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'iot_reading'`,
          )
        : 0;
    const run = await twin(database.url, ['retention', 'run', '--at', new Date(now).toISOString()]);
    expect(run.code).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('iot_reading\t'));
    const [, method, cutoff, removed] = line?.split('\t') ?? [];
    expect(method).toBe(storage === 'timescaledb' ? 'drop_chunks' : 'delete');
    expect(cutoff).toBe(new Date(now - 30 * DAY).toISOString());

    const cutoffDate = new Date(now - 30 * DAY);
    // Nothing older than the cutoff is left. TimescaleDB drops whole one-day chunks, so at most
    // the day the cutoff falls in survives past it; every reading of the last 30 days stays.
    const recent = await count(db, 'SELECT count(*)::int AS n FROM iot_reading WHERE ts >= $1', [
      cutoffDate,
    ]);
    // Days 0 to 30 back, both ends included.
    expect(recent).toBe(31 * 3);
    const older = await count(db, 'SELECT count(*)::int AS n FROM iot_reading WHERE ts < $1', [
      cutoffDate,
    ]);
    expect(older).toBeLessThanOrEqual(storage === 'timescaledb' ? 3 : 0);
    expect(
      await count(db, 'SELECT count(*)::int AS n FROM iot_reading WHERE ts < $1', [
        new Date(now - 32 * DAY),
      ]),
    ).toBe(0);
    if (storage === 'timescaledb') {
      const chunksAfter = await count(
        db,
        `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'iot_reading'`,
      );
      expect(Number(removed)).toBeGreaterThanOrEqual(88);
      expect(chunksAfter).toBe(chunksBefore - Number(removed));
    } else {
      expect(Number(removed)).toBe(360 - recent - older);
    }

    // The rollups and the hotline trail are kept for ever by default.
    expect(await count(db, 'SELECT count(*)::int AS n FROM iot_rollup_1h')).toBe(rollupsBefore);
    expect(await count(db, 'SELECT count(*)::int AS n FROM hotline_event')).toBe(120);
  });

  it('skips a run while another process holds the retention lock', async () => {
    const other = createDb({ connectionString: database.url, max: 1 });
    try {
      let inner: Awaited<ReturnType<typeof applyRetentionOnce>> | undefined;
      await other.withTransaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK]);
        inner = await applyRetentionOnce(db, new Date(now));
      });
      expect(inner).toEqual({ skipped: true });
    } finally {
      await other.close();
    }
  });

  it('refuses an unknown table and a bad interval with coded errors', async () => {
    await expect(setRetention(db, 'app_user', '30 days')).rejects.toMatchObject({
      code: 'TWIN_RETENTION_UNKNOWN_TABLE',
    });
    await expect(setRetention(db, 'iot_reading', 'soon')).rejects.toMatchObject({
      code: 'TWIN_RETENTION_BAD_INTERVAL',
    });
    await expect(setRetention(db, 'iot_reading', '1 hour')).rejects.toMatchObject({
      code: 'TWIN_RETENTION_BAD_INTERVAL',
    });
    const cli = await twin(database.url, ['retention', 'set', 'nope', '3 days']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('TWIN_RETENTION_UNKNOWN_TABLE');
  });
});

describe('retention on plain PostgreSQL', () => {
  // A role that may not create the TimescaleDB extension: migration 001 falls back to plain
  // tables, as on a server without TimescaleDB, and the retention deletes rows.
  const role = `twin_plain_${process.pid}`;
  const name = `twin_test_plain_${process.pid}`;
  let admin: Db;
  let db: Db;
  const now = Date.now();

  beforeAll(async () => {
    admin = createDb({ connectionString: testServerUrl, max: 1 });
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testServerUrl);
    url.pathname = `/${name}`;
    // TimescaleDB is a trusted extension: creating it takes CREATE on the database, which the
    // role lacks; tables in the public schema it may create.
    const owner = createDb({ connectionString: url.toString(), max: 1 });
    await owner.query(`GRANT CREATE ON SCHEMA public TO ${role}`);
    await owner.close();
    url.username = role;
    db = createDb({ connectionString: url.toString() });
    const { storage } = await migrate(db);
    expect(storage).toBe('postgres');
    await seedDays(db, now, 60);
  });

  afterAll(async () => {
    await db?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.query(`DROP ROLE IF EXISTS ${role}`);
    await admin?.close();
  });

  it('deletes the rows older than the setting and nothing newer', async () => {
    await setRetention(db, 'iot_reading', '30 days');
    const run = await applyRetentionOnce(db, new Date(now));
    expect(run.skipped).toBe(false);
    const reading = run.skipped ? undefined : run.results.find((r) => r.table === 'iot_reading');
    expect(reading?.method).toBe('delete');
    // Days 31 to 59 back, three devices each.
    expect(reading?.removed).toBe(29 * 3);
    expect(await count(db, 'SELECT count(*)::int AS n FROM iot_reading')).toBe(31 * 3);
    expect(await count(db, 'SELECT count(*)::int AS n FROM iot_rollup_1h')).toBe(60 * 3);
    expect(await count(db, 'SELECT count(*)::int AS n FROM hotline_event')).toBe(60);
  });
});
