import { createDb } from '@city-twin/db';
import { parseMessage } from '@city-twin/events';
import mqtt from 'mqtt';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A plain MQTT.js QoS 1 subscriber in this process (PUBACK on receipt, no database): what one
 * Node MQTT client takes from this broker. `done` resolves after `count` messages.
 */
export async function createMqttJsSubscriber(url: string, filter: string, count: number) {
  const client = await mqtt.connectAsync(url, { clientId: 'bench-mqttjs', protocolVersion: 5 });
  let received = 0;
  const done = new Promise<void>((resolve) =>
    client.on('message', () => {
      if ((received += 1) === count) resolve();
    }),
  );
  await client.subscribeAsync(filter, { qos: 1 });
  return { done, close: () => client.endAsync(true) };
}

/**
 * The consumer ingest is not: it validates a message, stores its rows in a transaction of
 * their own and only then lets `handleMessage` call back — which is when MQTT.js sends the
 * PUBACK and reads the next message. So one message per commit, whatever the backlog.
 */
export async function createNaiveConsumer(url: string, filter: string, databaseUrl: string) {
  const db = createDb({ connectionString: databaseUrl, max: 1, applicationName: 'bench-naive' });
  const client = await mqtt.connectAsync(url, { clientId: 'bench-naive', protocolVersion: 5 });
  let committed = 0;
  client.handleMessage = (packet, done) => {
    const parsed = parseMessage(packet.topic, Buffer.from(packet.payload));
    if (!parsed.ok || parsed.event.kind !== 'telemetry') {
      done();
      return;
    }
    const { id, payload } = parsed.event;
    const metrics = Object.entries(payload.metrics);
    db.withTransaction((tx) =>
      tx.query(
        `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::float8[], $5::text[])`,
        [
          metrics.map(() => payload.ts),
          metrics.map(() => id),
          metrics.map(([metric]) => metric),
          metrics.map(([, value]) => value),
          metrics.map(() => payload.eventId),
        ],
      ),
    ).then(
      () => {
        committed += 1;
        done();
      },
      (error: Error) => done(error),
    );
  };
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    /** Messages committed per second over `seconds`, counted from the first commit. */
    async measure(seconds: number): Promise<number> {
      for (let waited = 0; committed === 0; waited += 5) {
        if (waited > 30_000) return 0;
        await sleep(5);
      }
      const from = committed;
      const started = performance.now();
      await sleep(seconds * 1000);
      return ((committed - from) / (performance.now() - started)) * 1000;
    },
    async close(): Promise<void> {
      await client.endAsync(true);
      await db.close();
    },
  };
}
