import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { backfillHotline, createCity } from '@city-twin/city';
import { createDb, migrate, type Db } from '@city-twin/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';
import { startIngestStack } from '../support/ingest-stack.ts';
import { startMosquitto, type TestBroker } from '../support/mosquitto.ts';

const cityDir = fileURLToPath(new URL('../../packages/city/', import.meta.url));

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return row?.n ?? 0;
}

describe('hotline backfill through the batch writer', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('stores every order the simulator created in the window, and a re-run adds nothing', async () => {
    const options = { days: 3, seed: 1, scale: 0.2, until: Date.now() };
    const first = await backfillHotline(db, options);
    // About 593 orders a day at scale 1.
    expect(first.orders).toBeGreaterThan(200);
    expect(first.orders).toBeLessThan(700);
    expect(first.units).toBe(58);
    expect(first.accepted).toBe(first.events + first.units);
    expect(first.rejected).toBe(0);

    const tickets = 'SELECT count(*)::int AS n FROM ticket';
    const events = 'SELECT count(*)::int AS n FROM hotline_event';
    expect(await count(db, tickets)).toBe(first.orders);
    expect(
      await count(
        db,
        'SELECT count(*)::int AS n FROM ticket WHERE created_at > $1 AND created_at <= $2',
        [new Date(first.from), new Date(first.until)],
      ),
    ).toBe(first.orders);
    expect(await count(db, events)).toBe(first.events);
    expect(
      await count(db, 'SELECT count(*)::int AS n FROM hotline_event WHERE ts > $1', [
        new Date(first.until),
      ]),
    ).toBe(0);
    expect(await count(db, 'SELECT count(*)::int AS n FROM unit')).toBe(58);
    // Orders move on through their steps: most older ones are completed.
    expect(
      await count(db, 'SELECT count(*)::int AS n FROM ticket WHERE completed_at IS NOT NULL'),
    ).toBeGreaterThan(0);

    const again = await backfillHotline(db, options);
    expect(again.orders).toBe(first.orders);
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(first.events + first.units);
    expect(await count(db, tickets)).toBe(first.orders);
    expect(await count(db, events)).toBe(first.events);
    expect(await count(db, 'SELECT count(*)::int AS n FROM dead_letter')).toBe(0);
  });
});

describe('pnpm backfill --mqtt', () => {
  let stack: Awaited<ReturnType<typeof startIngestStack>>;

  beforeAll(async () => {
    stack = await startIngestStack('backfill-ingest');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('publishes the history for a running ingest to store', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/backfill-main.ts', '--days', '1', '--mqtt', stack.broker.url],
      { cwd: cityDir, env: { ...process.env, SCALE: '0.1' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    const match = /published (\d+) orders, (\d+) events and 58 units/.exec(output);
    expect(match, output).not.toBeNull();
    const [orders, events] = [Number(match![1]), Number(match![2])];
    expect(orders).toBeGreaterThan(20);
    await expect
      .poll(() => count(stack.db, 'SELECT count(*)::int AS n FROM hotline_event'), {
        timeout: 30_000,
      })
      .toBe(events);
    expect(await count(stack.db, 'SELECT count(*)::int AS n FROM ticket')).toBe(orders);
    expect(await count(stack.db, 'SELECT count(*)::int AS n FROM unit')).toBe(58);
  });
});

describe('a city asked to backfill', () => {
  let broker: TestBroker;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    broker = await startMosquitto();
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
    await broker?.stop();
  });

  it('writes the history in the background, agreeing with what the live simulator publishes', async () => {
    const city = createCity({
      databaseUrl: database.url,
      mqttUrl: broker.url,
      port: 0,
      scale: 0.1,
      simulator: { streams: ['hotline'], log: () => undefined },
      backfillDays: 2,
      log: () => undefined,
    });
    try {
      const running = await city.start();
      expect(running.backfill).toBeDefined();
      const result = await running.backfill;
      expect(result).toBeDefined();
      const { from, until, orders } = result!;
      expect(
        await count(
          running.db,
          'SELECT count(*)::int AS n FROM ticket WHERE created_at > $1 AND created_at <= $2',
          [new Date(from), new Date(until)],
        ),
      ).toBe(orders);
      // The simulator's opening (open orders) and the backfill carry the same events, same
      // times: absorbed as duplicates, never an eventId conflict.
      await expect
        .poll(() =>
          count(running.db, "SELECT value::int AS n FROM ingest_counter WHERE name = 'duplicates'"),
        )
        .toBeGreaterThan(0);
      expect(await count(running.db, 'SELECT count(*)::int AS n FROM dead_letter')).toBe(0);
    } finally {
      await city.stop();
    }
  });
});
