// Ingest throughput, publish → committed, against Mosquitto (project config) and the
// test PostgreSQL, with two ceilings measured in the same run for comparison:
//   1. a bare MQTT.js QoS 1 subscriber (no database),
//   2. the same set-based insert straight into iot_reading (no broker).
// Usage: pnpm --filter @city-twin/tests bench:ingest [messages]   (prints figures; asserts nothing)
import { cpus } from 'node:os';
import { createDb, migrate } from '@city-twin/db';
import { iotTelemetryTopic } from '@city-twin/events';
import mqtt from 'mqtt';
import { createTestDatabase } from '../support/database.ts';
import { spawnIngest } from '../support/ingest-process.ts';
import { startMosquitto } from '../support/mosquitto.ts';

const TOTAL = Number(process.argv[2] ?? 100_000);
const DEVICES = 1000;
const WINDOW = 2000;

function payloads(tag: string): { topic: string; payload: string }[] {
  const start = Date.now() - 24 * 3600_000;
  return Array.from({ length: TOTAL }, (_, i) => {
    const ts = start + i;
    return {
      topic: iotTelemetryTopic(`bench-${i % DEVICES}`),
      payload: JSON.stringify({
        eventId: `${tag}-${i}`,
        ts,
        metrics: { pm25: i % 300, aqi: i % 500 },
      }),
    };
  });
}

/** Publishes at QoS 1 with at most WINDOW unacknowledged messages. */
async function publish(url: string, messages: { topic: string; payload: string }[]): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: `bench-pub-${Date.now()}` });
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const m = messages[next++]!;
      await client.publishAsync(m.topic, m.payload, { qos: 1 });
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
  await client.endAsync();
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function main(): Promise<void> {
  const broker = await startMosquitto();
  const database = await createTestDatabase();
  const db = createDb({ connectionString: database.url });
  const { storage } = await migrate(db);
  try {
    // Ceiling 1: a bare QoS 1 subscriber.
    const sub = await mqtt.connectAsync(broker.url, { clientId: 'bench-sub', protocolVersion: 5 });
    await sub.subscribeAsync('twin/iot/+/telemetry', { qos: 1 });
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      sub.on('message', () => {
        if (++received === TOTAL) resolve();
      }),
    );
    let t0 = performance.now();
    await Promise.all([publish(broker.url, payloads('sub')), allReceived]);
    const subscriberMs = performance.now() - t0;
    await sub.endAsync();

    // Ceiling 2: the same unnest insert, 5,000 messages (10,000 rows) per statement.
    const rows = payloads('sql').map(
      (m) =>
        JSON.parse(m.payload) as { eventId: string; ts: number; metrics: Record<string, number> },
    );
    t0 = performance.now();
    for (let i = 0; i < rows.length; i += 5000) {
      const batch = rows
        .slice(i, i + 5000)
        .flatMap((r, j) =>
          Object.entries(r.metrics).map(
            ([metric, value]) =>
              [new Date(r.ts), `bench-${(i + j) % DEVICES}`, metric, value, r.eventId] as const,
          ),
        );
      await db.query(
        `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::float8[], $5::text[]) ON CONFLICT DO NOTHING`,
        [
          batch.map((b) => b[0]),
          batch.map((b) => b[1]),
          batch.map((b) => b[2]),
          batch.map((b) => b[3]),
          batch.map((b) => b[4]),
        ],
      );
    }
    const insertMs = performance.now() - t0;

    // The pipeline: ingest in its own process.
    const ingest = spawnIngest({
      DATABASE_URL: database.url,
      MQTT_URL: broker.url,
      INGEST_CLIENT_ID: 'bench-ingest',
    });
    await ingest.ready;
    const stored = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM iot_reading WHERE event_id LIKE 'pipe-%'`,
        )
      )[0]!.n / 2;
    t0 = performance.now();
    await publish(broker.url, payloads('pipe'));
    const publishedMs = performance.now() - t0;
    while ((await stored()) < TOTAL) await new Promise((r) => setTimeout(r, 20));
    const pipelineMs = performance.now() - t0;
    await ingest.kill('SIGTERM');

    const ceiling = Math.min(rate(TOTAL, subscriberMs), rate(TOTAL, insertMs));
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, storage: ${storage}, messages: ${TOTAL}`,
    );
    console.log(`ceiling, MQTT.js QoS 1 subscriber:  ${rate(TOTAL, subscriberMs)} msg/s`);
    console.log(`ceiling, unnest insert (2 rows/msg): ${rate(TOTAL, insertMs)} msg/s`);
    console.log(
      `pipeline publish → committed:       ${rate(TOTAL, pipelineMs)} msg/s (publishing alone took ${Math.round(publishedMs)} ms)`,
    );
    console.log(
      `pipeline / lower ceiling:           ${(rate(TOTAL, pipelineMs) / ceiling).toFixed(2)}`,
    );
  } finally {
    await db.close();
    await database.drop();
    await broker.stop();
  }
}

await main();
