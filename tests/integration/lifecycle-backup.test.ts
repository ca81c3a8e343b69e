import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backfillHotline } from '@city-twin/city';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/access.ts';
import { createTestDatabase, requireTimescale } from '../support/database.ts';
import { gql, useToken } from '../support/graphql.ts';

// scripts/backup.sh and scripts/restore.sh (docs/operations.md): a database with a few days of
// hotline work orders and sensor readings, dumped, restored into a fresh database; every
// table's count and the gateway's unit ranking are the same on both.

const scripts = fileURLToPath(new URL('../../scripts/', import.meta.url));

function run(script: string, args: string[]) {
  const child = spawn('bash', [path.join(scripts, script), ...args], {
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

/** Row count of every table of the public schema (hypertables through their parent). */
async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row?.n ?? -1;
  }
  return counts;
}

const rankingQuery = `query ($from: LocalDate!, $to: LocalDate!) {
  unitRanking(from: $from, to: $to) {
    rows { unit { id name } score rank previousScore previousRank flagged flagReasons
           components { kind count pointsEach } }
  }
}`;

async function ranking(db: Db, from: string, to: string) {
  const gateway: Gateway = createGateway({ db, port: 0, log: () => undefined });
  const url = await gateway.start();
  try {
    useToken(url, (await signIn(db, 'admin', { username: 'backup-check' })).token);
    return await gql<{ unitRanking: { rows: unknown[] } }>(url, rankingQuery, { from, to });
  } finally {
    await gateway.stop();
  }
}

describe('backup and restore scripts', () => {
  let source: Awaited<ReturnType<typeof createTestDatabase>>;
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let sourceDb: Db;
  let targetDb: Db;
  let dir: string;
  let storage: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'twin-backup-'));
    source = await createTestDatabase();
    target = await createTestDatabase();
    sourceDb = createDb({ connectionString: source.url });
    targetDb = createDb({ connectionString: target.url });
    ({ storage } = await migrate(sourceDb));
    if (requireTimescale) expect(storage).toBe('timescaledb');
    await backfillHotline(sourceDb, { days: 4, seed: 7, scale: 0.2, until: Date.now() });
    // Readings over three days: several chunks of iot_reading.
    await sourceDb.query(
      `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
       SELECT now() - make_interval(mins => m), 'aq-1', 'pm25', m % 97, 'r-' || m
       FROM generate_series(1, 4320, 3) m`,
    );
  });

  afterAll(async () => {
    await sourceDb?.close();
    await targetDb?.close();
    await source?.drop();
    await target?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('restores a fresh database with the same counts and the same unit ranking', async () => {
    const file = path.join(dir, 'city.dump');
    const backup = await run('backup.sh', [source.url, file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect((await stat(file)).size).toBeGreaterThan(0);

    const restore = await run('restore.sh', [file, target.url]);
    expect(restore.code, restore.stderr).toBe(0);
    if (storage === 'timescaledb') expect(restore.stdout).toContain('(TimescaleDB)');

    const before = await tableCounts(sourceDb);
    const after = await tableCounts(targetDb);
    expect(before.ticket).toBeGreaterThan(100);
    expect(before.iot_reading).toBe(1440);
    expect(after).toEqual(before);

    // The schema came across whole: nothing left for migrations to do.
    expect((await migrate(targetDb)).applied).toEqual([]);
    if (storage === 'timescaledb') {
      const hypertables = (db: Db) =>
        db.query<{ name: string; chunks: number }>(
          `SELECT hypertable_name AS name, num_chunks AS chunks
           FROM timescaledb_information.hypertables ORDER BY 1`,
        );
      const restored = await hypertables(targetDb);
      expect(restored).toEqual(await hypertables(sourceDb));
      expect(restored.find((h) => h.name === 'iot_reading')?.chunks).toBeGreaterThanOrEqual(3);
      // post_restore left the database out of restoring mode.
      const [mode] = await targetDb.query<{ restoring: string }>(
        `SELECT current_setting('timescaledb.restoring') AS restoring`,
      );
      expect(mode?.restoring).toBe('off');
    }

    // The ranking is computed the same way on both (signing in adds a user to each alike).
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const original = await ranking(sourceDb, from, to);
    expect(original.unitRanking.rows.length).toBe(58);
    // Work orders moved the scores: a ranking of 58 units all at the start value proves nothing.
    const scores = original.unitRanking.rows.map((row) => (row as { score: number }).score);
    expect(new Set(scores).size).toBeGreaterThan(5);
    expect(await ranking(targetDb, from, to)).toEqual(original);
  });

  it('refuses to restore into a database that is not empty', async () => {
    const file = path.join(dir, 'again.dump');
    expect((await run('backup.sh', [source.url, file])).code).toBe(0);
    const restore = await run('restore.sh', [file, target.url]);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('not empty');
  });

  it('answers a wrong command line with its usage and no file', async () => {
    const backup = await run('backup.sh', [source.url]);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toContain('usage');
  });
});
