import { createDb, migrate, type Db } from '@city-twin/db';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';
import { spawnIngest, type IngestProcess } from '../support/ingest-process.ts';
import { startMosquitto, type TestBroker } from '../support/mosquitto.ts';
import { testDeviceMetas, testTelemetry } from '../support/publish.ts';

const TOTAL = 20_000;
const CHUNK = 500;

describe('ingest worker killed mid-stream', () => {
  let broker: TestBroker;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const workers: IngestProcess[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);
  });

  afterAll(async () => {
    for (const w of workers) await w.kill('SIGKILL');
    await db?.close();
    await database?.drop();
    await broker?.stop();
  });

  const storedEvents = async () =>
    (
      await db.query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM iot_reading')
    )[0]!.n;

  it('loses nothing and stores nothing twice after SIGKILL and restart', async () => {
    const env = {
      DATABASE_URL: database.url,
      MQTT_URL: broker.url,
      INGEST_CLIENT_ID: 'restart-ingest',
    };
    const first = spawnIngest(env);
    workers.push(first);
    await first.ready;

    const messages = [...testDeviceMetas(20, 'rs'), ...testTelemetry(TOTAL, 20, 'rs')];
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'restart-publisher' });
    let killedAt = -1;
    for (let i = 0; i < messages.length; i += CHUNK) {
      await Promise.all(
        messages
          .slice(i, i + CHUNK)
          .map((m) =>
            publisher.publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain ?? false }),
          ),
      );
      if (killedAt < 0 && i >= messages.length / 3) {
        // Mid-stream: some events are stored, more are in flight.
        await expect.poll(storedEvents, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
        // Not graceful: whatever the worker held in memory or in an open transaction is gone.
        await first.kill('SIGKILL');
        killedAt = await storedEvents();
      }
    }
    await publisher.endAsync();
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(TOTAL);

    const second = spawnIngest(env);
    workers.push(second);
    await second.ready;
    await expect.poll(storedEvents, { timeout: 60_000, interval: 250 }).toBe(TOTAL);

    const [rows] = await db.query<{ rows: number; distinctRows: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT (event_id, metric, ts))::int AS "distinctRows" FROM iot_reading`,
    );
    expect(rows).toEqual({ rows: TOTAL * 2, distinctRows: TOTAL * 2 });
    const [{ dead }] = (await db.query<{ dead: number }>(
      'SELECT count(*)::int AS dead FROM dead_letter',
    )) as [{ dead: number }];
    expect(dead).toBe(0);
  });
});
