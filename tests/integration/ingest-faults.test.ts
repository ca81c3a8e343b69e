import { createDb, migrate, type Db } from '@city-twin/db';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '@city-twin/city';
import { createTestDatabase } from '../support/database.ts';
import { spawnIngest, type IngestProcess } from '../support/ingest-process.ts';
import { startMosquitto, type TestBroker } from '../support/mosquitto.ts';
import { startTestCluster, type TestCluster } from '../support/postgres-cluster.ts';
import { testDeviceMetas, testTelemetry, type Message } from '../support/publish.ts';

const CHUNK = 500;

async function publishInChunks(
  url: string,
  messages: readonly Message[],
  between: (published: number) => Promise<void>,
) {
  const publisher = await mqtt.connectAsync(url, { clientId: `faults-pub-${Date.now()}` });
  try {
    for (let i = 0; i < messages.length; i += CHUNK) {
      await Promise.all(
        messages
          .slice(i, i + CHUNK)
          .map((m) =>
            publisher.publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain ?? false }),
          ),
      );
      await between(Math.min(i + CHUNK, messages.length));
    }
  } finally {
    await publisher.endAsync();
  }
}

const counts = (db: Db) =>
  db
    .query<{ events: number; rows: number; duplicates: number }>(
      `SELECT (SELECT count(DISTINCT event_id) FROM iot_reading)::int AS events,
              (SELECT count(*) FROM iot_reading)::int AS rows,
              (SELECT value FROM ingest_counter WHERE name = 'duplicates')::int AS duplicates`,
    )
    .then((rows) => rows[0]!);

describe('ingest under faults (Mosquitto, separate worker processes)', () => {
  let broker: TestBroker;
  const workers: IngestProcess[] = [];

  // A broker per test: retained metas of one test must not reach the next one's workers.
  beforeEach(async () => {
    broker = await startMosquitto();
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.kill('SIGKILL');
    await broker?.stop();
  });

  async function withDatabase<T>(fn: (db: Db, url: string) => Promise<T>): Promise<T> {
    const database = await createTestDatabase();
    const db = createDb({ connectionString: database.url });
    await migrate(db);
    try {
      return await fn(db, database.url);
    } finally {
      await db.close();
      await database.drop();
    }
  }

  function start(env: Record<string, string> & { DATABASE_URL: string; INGEST_CLIENT_ID: string }) {
    const worker = spawnIngest({ MQTT_URL: broker.url, ...env });
    workers.push(worker);
    return worker;
  }

  it('loses nothing when killed three times mid-stream and restarted', async () => {
    await withDatabase(async (db, url) => {
      const env = { DATABASE_URL: url, INGEST_CLIENT_ID: 'kill-3' };
      let worker = start(env);
      await worker.ready;
      const messages = [...testDeviceMetas(20, 'k3'), ...testTelemetry(30_000, 20, 'k3')];
      const killAt = [0.25, 0.5, 0.75].map(
        (f) => Math.floor((messages.length * f) / CHUNK) * CHUNK,
      );
      const storedAtKill: number[] = [];
      await publishInChunks(broker.url, messages, async (published) => {
        if (!killAt.includes(published)) return;
        const before = storedAtKill.at(-1) ?? 0;
        await expect
          .poll(async () => (await counts(db)).events, { timeout: 30_000, interval: 20 })
          .toBeGreaterThan(before);
        await worker.kill('SIGKILL');
        storedAtKill.push((await counts(db)).events);
        worker = start(env);
        await worker.ready;
      });
      expect(storedAtKill).toHaveLength(3);
      await expect
        .poll(async () => (await counts(db)).events, { timeout: 60_000, interval: 250 })
        .toBe(30_000);
      expect((await counts(db)).rows).toBe(60_000);
    });
  });

  it('absorbs the redelivery when killed after a commit and before its acknowledgements', async () => {
    await withDatabase(async (db, url) => {
      const first = start({
        DATABASE_URL: url,
        INGEST_CLIENT_ID: 'kill-after-commit',
        INGEST_FAULT_KILL_AFTER_COMMIT: '1',
      });
      await first.ready;
      const messages = testTelemetry(2000, 10, 'kc');
      await publishInChunks(broker.url, messages, async () => undefined);
      await first.exited;
      expect(first.child.signalCode).toBe('SIGKILL');
      const committedBeforeKill = (await counts(db)).events;
      expect(committedBeforeKill).toBeGreaterThan(0);

      const second = start({ DATABASE_URL: url, INGEST_CLIENT_ID: 'kill-after-commit' });
      await second.ready;
      await expect
        .poll(async () => (await counts(db)).events, { timeout: 30_000, interval: 100 })
        .toBe(2000);
      const after = await counts(db);
      expect(after.rows).toBe(4000);
      // Every message of the committed-but-unacknowledged batch came back and was absorbed.
      expect(after.duplicates).toBe(committedBeforeKill);
    });
  });

  it('shares the load between two workers of a share group, storing each message once', async () => {
    await withDatabase(async (db, url) => {
      const ports = [await freePort(), await freePort()];
      const group = ports.map((port, i) =>
        start({
          DATABASE_URL: url,
          INGEST_CLIENT_ID: `shared-${i}`,
          INGEST_SHARE_GROUP: 'twin',
          METRICS_PORT: String(port),
        }),
      );
      await Promise.all(group.map((w) => w.ready));
      await publishInChunks(broker.url, testTelemetry(20_000, 20, 'sg'), async () => undefined);
      await expect
        .poll(async () => (await counts(db)).events, { timeout: 60_000, interval: 250 })
        .toBe(20_000);
      expect(await counts(db)).toEqual({ events: 20_000, rows: 40_000, duplicates: 0 });
      const received = await Promise.all(
        ports.map(async (port) => {
          const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          return Number(/^twin_ingest_received_total (\d+)/m.exec(text)?.[1] ?? NaN);
        }),
      );
      expect(received[0]! + received[1]!).toBe(20_000);
      expect(Math.min(...received)).toBeGreaterThan(2000);
    });
  });
});

describe('ingest across PostgreSQL restarts (private cluster)', () => {
  let broker: TestBroker;
  let cluster: TestCluster;
  let worker: IngestProcess | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    cluster = await startTestCluster();
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await cluster?.stop();
    await broker?.stop();
  });

  it('keeps running through a restart and a crash of PostgreSQL, and stores every message once', async () => {
    const db = createDb({ connectionString: cluster.url, onError: () => undefined });
    try {
      await migrate(db);
      worker = spawnIngest({
        DATABASE_URL: cluster.url,
        MQTT_URL: broker.url,
        INGEST_CLIENT_ID: 'pg-restart',
      });
      await worker.ready;
      const messages = testTelemetry(20_000, 20, 'pg');
      await publishInChunks(broker.url, messages, async (published) => {
        if (published === 6000) await cluster.restart();
        if (published === 14_000) await cluster.crashAndStart();
      });
      await expect
        .poll(async () => (await counts(db).catch(() => ({ events: -1 }))).events, {
          timeout: 90_000,
          interval: 250,
        })
        .toBe(20_000);
      expect((await counts(db)).rows).toBe(40_000);
      expect(worker.child.exitCode, worker.output()).toBeNull();
      expect(worker.output()).toMatch(/batch write failed/);
    } finally {
      await db.close();
    }
  });
});
