import {
  iotSubscriptions,
  parseMessage,
  DEFAULT_TOPIC_PREFIX,
  type IotMeta,
  type IotTelemetry,
} from '@city-twin/events';
import type { Db } from '@city-twin/db';
import mqtt from 'mqtt';
import { createBatcher } from './batcher.ts';
import { addCounters } from './counters.ts';
import { writeDeadLetters, type DeadLetter } from './dead-letter.ts';
import { createDeferredAcker, type PendingMessage } from './mqtt/deferred-ack.ts';
import { writeIotMeta, writeIotTelemetry } from './sensors/write-iot.ts';

/** Configuration of one ingest worker. */
export interface IngestConfig {
  db: Db;
  mqttUrl: string;
  /** Persistent-session client id: the broker queues for it while it is down. */
  clientId?: string;
  username?: string;
  password?: string;
  /** MQTT protocol version: 4 (3.1.1) or 5. */
  protocolVersion?: 4 | 5;
  prefix?: string;
  /** Shared-subscription group (`$share/<group>/…`) for several workers. */
  shareGroup?: string;
  batchSize?: number;
  flushMs?: number;
  log?: (line: string) => void;
}

/** Running totals of this worker since start (the database holds the lasting ones). */
export interface IngestTotals {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  batches: number;
}

type Lifecycle =
  { phase: 'idle' } | { phase: 'running'; client: mqtt.MqttClient } | { phase: 'stopped' };

/** Creates an ingest worker: MQTT in, validated events out to PostgreSQL, PUBACK after commit. */
export function createIngest(config: IngestConfig) {
  const log = config.log ?? ((line: string) => console.log(`[ingest] ${line}`));
  const prefix = config.prefix ?? DEFAULT_TOPIC_PREFIX;
  const totals: IngestTotals = { received: 0, accepted: 0, duplicates: 0, rejected: 0, batches: 0 };
  let state: Lifecycle = { phase: 'idle' };
  let acker: ReturnType<typeof createDeferredAcker> | undefined;
  // Messages arriving after stop() began are left unacknowledged: the broker redelivers them.
  let accepting = true;

  async function writeBatch(messages: PendingMessage[]): Promise<void> {
    const now = Date.now();
    const metas: { deviceId: string; payload: IotMeta }[] = [];
    const readings: { deviceId: string; payload: IotTelemetry }[] = [];
    const dead: DeadLetter[] = [];
    for (const m of messages) {
      const result = parseMessage(m.topic, m.payload, { prefix, now });
      if (!result.ok) {
        dead.push({
          topic: m.topic,
          reason: result.reason,
          detail: result.detail,
          payload: m.payload,
        });
        continue;
      }
      const { event } = result;
      switch (event.kind) {
        case 'meta':
          metas.push({ deviceId: event.deviceId, payload: event.payload });
          break;
        case 'telemetry':
          readings.push({ deviceId: event.deviceId, payload: event.payload });
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
        }
      }
    }

    const counts = await config.db.withTransaction(async (tx) => {
      const meta = await writeIotMeta(tx, metas);
      const telemetry = await writeIotTelemetry(tx, readings);
      await writeDeadLetters(tx, dead);
      const deltas = new Map<string, number>([
        ['accepted', meta.accepted + telemetry.accepted],
        ['duplicates', meta.duplicates + telemetry.duplicates],
      ]);
      for (const d of dead)
        deltas.set(`rejected:${d.reason}`, (deltas.get(`rejected:${d.reason}`) ?? 0) + 1);
      await addCounters(tx, deltas);
      return {
        accepted: meta.accepted + telemetry.accepted,
        duplicates: meta.duplicates + telemetry.duplicates,
      };
    });

    totals.accepted += counts.accepted;
    totals.duplicates += counts.duplicates;
    totals.rejected += dead.length;
    totals.batches += 1;
    acker?.ack(messages);
  }

  const batcher = createBatcher<PendingMessage>({
    maxItems: config.batchSize ?? 5000,
    maxDelayMs: config.flushMs ?? 50,
    flush: writeBatch,
    onError: (error, attempt) =>
      log(`batch write failed (attempt ${attempt}), will retry: ${(error as Error).message}`),
  });

  return {
    totals,
    async start(): Promise<void> {
      if (state.phase !== 'idle') throw new Error(`ingest cannot start in phase ${state.phase}`);
      const client = mqtt.connect(config.mqttUrl, {
        clientId: config.clientId ?? `city-twin-ingest-${process.pid}`,
        clean: false,
        protocolVersion: config.protocolVersion ?? 4,
        ...(config.protocolVersion === 5
          ? { properties: { sessionExpiryInterval: 7 * 24 * 3600, receiveMaximum: 20000 } }
          : {}),
        username: config.username,
        password: config.password,
        reconnectPeriod: 1000,
        connectTimeout: 10_000,
      });
      acker = createDeferredAcker(client, (message) => {
        if (!accepting) return;
        totals.received += 1;
        batcher.add(message);
      });
      client.on('error', (error) => log(`mqtt error: ${error.message}`));
      client.on('offline', () => log('mqtt offline, reconnecting'));
      const filters = iotSubscriptions(prefix).map((f) =>
        config.shareGroup ? `$share/${config.shareGroup}/${f}` : f,
      );
      client.on('connect', (connack) => {
        // A resumed session keeps its subscriptions; subscribing again is harmless.
        if (!connack.sessionPresent) log('new session');
        client.subscribe(filters, { qos: 1 }, (error) => {
          if (error) log(`subscribe failed: ${error.message}`);
        });
      });
      state = { phase: 'running', client };
      try {
        await new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('error', reject);
        });
      } catch (error) {
        state = { phase: 'stopped' };
        await client.endAsync(true);
        throw error;
      }
      log(`subscribed to ${filters.join(', ')} at ${config.mqttUrl}`);
    },
    /** Writes what was received (and acknowledges it), then disconnects. */
    /**
     * Writes and acknowledges what was received, then disconnects. When the database is
     * gone too (Ctrl-C reaches an embedded server as well), it gives up after
     * `drainTimeoutMs`: what was not committed was not acknowledged either.
     */
    async stop(drainTimeoutMs = 5000): Promise<void> {
      if (state.phase !== 'running') return;
      const { client } = state;
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        batcher.drain().then(() => true),
        new Promise<boolean>(
          (resolve) => (timer = setTimeout(() => resolve(false), drainTimeoutMs)),
        ),
      ]);
      clearTimeout(timer);
      if (!drained)
        log('gave up waiting for the database; what was not written stays unacknowledged');
      state = { phase: 'stopped' };
      batcher.stop();
      await client.endAsync(!drained);
    },
  };
}

/** An ingest worker. */
export type Ingest = ReturnType<typeof createIngest>;
