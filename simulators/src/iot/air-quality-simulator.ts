import { DEFAULT_TOPIC_PREFIX, iotMetaTopic, iotTelemetryTopic } from '@city-twin/events';
import mqtt, { type MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import {
  airQualityReading,
  placeAirQualityStations,
  type AirQualityMetrics,
  type AirQualityStation,
} from './air-quality.ts';
import { toChinaIso } from '../shared/china-time.ts';
import { messageOf, redactUrl, settledWithin } from '../shared/mqtt-util.ts';
import { createRng, hashSeed } from '../shared/random.ts';

/** Configuration of {@link createAirQualitySimulator}. */
export interface AirQualitySimulatorOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  mqttUrl: string;
  /** Seed of station placement and readings; the same seed gives the same city. */
  seed?: number;
  /** How many stations to place (about; see {@link placeAirQualityStations}). */
  stations?: number;
  /** Time between two readings of one station, ms. */
  intervalMs?: number;
  /** Topic prefix (wire contract default `twin`). */
  prefix?: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** Where progress and broker errors go; default stderr. */
  log?: (message: string) => void;
}

/** Counters since start; publishes are counted when the broker acknowledges them. */
export interface AirQualitySimulatorStats {
  published: number;
  failed: number;
  /** Readings not sent because the broker was unreachable or too far behind. */
  skipped: number;
  connected: boolean;
}

/** A running (or startable) air quality simulator. */
export interface AirQualitySimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly stations: readonly AirQualityStation[];
  stats(): AirQualitySimulatorStats;
}

/** `twin/iot/{id}/meta` payload of a station. */
export interface AirQualityMetaPayload {
  eventId: string;
  ts: string;
  type: 'air_quality';
  name: string;
  lon: number;
  lat: number;
}

/** `twin/iot/{id}/telemetry` payload of a station. */
export interface AirQualityTelemetryPayload {
  eventId: string;
  ts: string;
  metrics: AirQualityMetrics;
}

/** How long stop() waits for unacknowledged publishes before dropping the connection. */
const DRAIN_TIMEOUT_MS = 3_000;

export { toChinaIso };

/**
 * The station's metadata. The eventId hashes the content, so a restart's re-publish is the
 * same event, while a station that moved (another seed) is a new one.
 */
export function toMetaPayload(station: AirQualityStation, now: number): AirQualityMetaPayload {
  const version = hashSeed('air_quality', station.name, station.lon, station.lat).toString(36);
  return {
    eventId: `${station.id}:meta:${version}`,
    ts: toChinaIso(now),
    type: 'air_quality',
    name: station.name,
    lon: station.lon,
    lat: station.lat,
  };
}

/** Where in each interval a station reports, ms: spreads the stations' messages over the interval. */
export function reportOffset(station: AirQualityStation, seed: number, intervalMs: number): number {
  return Math.floor((hashSeed(seed, 'air-quality-offset', station.id) / 2 ** 32) * intervalMs);
}

/**
 * The station's reading for the time slot starting at `slotMs`: the same slot always gives the
 * same eventId and payload, so a repeated publish is a true duplicate.
 */
export function toTelemetryPayload(
  station: AirQualityStation,
  slotMs: number,
  seed: number,
  intervalMs: number,
): AirQualityTelemetryPayload {
  const ts = slotMs + reportOffset(station, seed, intervalMs);
  const rng = createRng(hashSeed(seed, 'air-quality-reading', station.id, slotMs));
  return {
    eventId: `${station.id}:${slotMs}`,
    ts: toChinaIso(ts),
    metrics: airQualityReading(station, ts, rng),
  };
}

type State =
  | { phase: 'idle' }
  | { phase: 'starting'; ready: Promise<void> }
  | { phase: 'running'; client: MqttClient }
  | { phase: 'stopping'; done: Promise<void> }
  | { phase: 'stopped' };

/**
 * Publishes the demo city's air quality stations over MQTT (wire contract v1): retained meta
 * on every (re)connect, then one QoS 1 reading per station per interval.
 */
export function createAirQualitySimulator(
  options: AirQualitySimulatorOptions,
): AirQualitySimulator {
  const { mqttUrl, seed = 1, intervalMs = 5000, prefix = DEFAULT_TOPIC_PREFIX } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < 10)
    throw new RangeError(`intervalMs must be ≥ 10, got ${intervalMs}`);
  const log = options.log ?? ((message: string) => console.error(`[air-quality] ${message}`));
  const stations = placeAirQualityStations(options.stations ?? 120, seed);
  const offsets = stations.map((station) => reportOffset(station, seed, intervalMs));
  // Beyond this many unacknowledged publishes the broker is not keeping up: skip, don't hoard memory.
  const maxInFlight = Math.max(1000, stations.length * 4);

  const counters = { published: 0, failed: 0, skipped: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const stopSignal = new AbortController();
  let state: State = { phase: 'idle' };
  const phase = (): State['phase'] => state.phase;
  let lastError = '';

  // A down broker fails every reconnect attempt the same way: say it once until it recovers.
  function logError(context: string, error: unknown): void {
    const line = `${context}: ${messageOf(error)}`;
    if (line === lastError) return;
    lastError = line;
    log(line);
  }

  function publish(
    client: MqttClient,
    topic: string,
    payload: object,
    retain: boolean,
  ): Promise<void> {
    const sent = client.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain }).then(
      () => {
        counters.published++;
      },
      (error: unknown) => {
        counters.failed++;
        logError(`publish to ${topic} failed`, error);
      },
    );
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return tracked;
  }

  function publishMeta(client: MqttClient): Promise<void>[] {
    const now = Date.now();
    return stations.map((station) =>
      publish(client, iotMetaTopic(station.id, prefix), toMetaPayload(station, now), true),
    );
  }

  function schedule(client: MqttClient, index: number, previousSlot: number): void {
    const station = stations[index];
    const offset = offsets[index];
    if (!station || offset === undefined) return;
    const now = Date.now();
    // The first slot whose report time (slot + offset) is still ahead.
    const slot = Math.max(
      Math.floor((now - offset) / intervalMs) * intervalMs + intervalMs,
      previousSlot + intervalMs,
    );
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (phase() !== 'running') return;
        if (!client.connected || inFlight.size >= maxInFlight) counters.skipped++;
        else
          void publish(
            client,
            iotTelemetryTopic(station.id, prefix),
            toTelemetryPayload(station, slot, seed, intervalMs),
            false,
          );
        schedule(client, index, slot);
      },
      slot + offset - now,
    );
    timers.add(timer);
  }

  async function connectAndRun(): Promise<void> {
    let client: MqttClient;
    try {
      client = await mqtt.connectAsync(mqttUrl, {
        clientId: options.clientId ?? `twin-sim-air-quality-${randomUUID().slice(0, 8)}`,
        username: options.username,
        password: options.password,
      });
    } catch (error) {
      throw new Error(`cannot connect to ${redactUrl(mqttUrl)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    // MQTT.js reconnects by itself; without an 'error' listener a broker error would crash the process.
    client.on('error', (error) => logError('mqtt', error));
    client.on('offline', () => {
      if (phase() === 'running') log('broker unreachable; reconnecting');
    });
    client.on('connect', () => {
      if (phase() !== 'running') return;
      lastError = '';
      log('reconnected; re-publishing station metadata');
      // A broker restarted without persistence has lost the retained meta.
      publishMeta(client);
    });

    if (phase() !== 'starting') {
      // stop() was called while connecting.
      await client.endAsync(true);
      return;
    }
    state = { phase: 'running', client };
    log(
      `connected to ${redactUrl(mqttUrl)}: ${stations.length} stations, a reading each every ${intervalMs} ms`,
    );
    await settledWithin(Promise.all(publishMeta(client)), { signal: stopSignal.signal });
    if (phase() !== 'running') return;
    stations.forEach((_, index) => schedule(client, index, -Infinity));
  }

  function start(): Promise<void> {
    if (state.phase !== 'idle')
      return Promise.reject(
        new Error(`cannot start the air quality simulator: it is ${state.phase}`),
      );
    const ready = connectAndRun().catch((error: unknown) => {
      state = { phase: 'stopped' };
      throw error;
    });
    state = { phase: 'starting', ready };
    return ready;
  }

  async function shutdown(client: MqttClient | undefined): Promise<void> {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    if (!client) return;
    const drained =
      client.connected &&
      (await settledWithin(Promise.all(inFlight), { timeoutMs: DRAIN_TIMEOUT_MS }));
    if (!drained && inFlight.size > 0)
      log(`stopping with ${inFlight.size} publishes unacknowledged`);
    // A graceful end waits for every in-flight acknowledgement, which never comes from a lost broker.
    // Listeners stay: a late socket error must still find its 'error' handler.
    await client.endAsync(!drained);
  }

  async function stop(): Promise<void> {
    switch (state.phase) {
      case 'idle':
        state = { phase: 'stopped' };
        return;
      case 'starting': {
        // start() sees the phase change once connected, and ends the client itself.
        const done = state.ready
          .catch(() => undefined)
          .finally(() => {
            state = { phase: 'stopped' };
          });
        state = { phase: 'stopping', done };
        stopSignal.abort();
        return done;
      }
      case 'running': {
        const done = shutdown(state.client).finally(() => {
          state = { phase: 'stopped' };
        });
        state = { phase: 'stopping', done };
        stopSignal.abort();
        return done;
      }
      case 'stopping':
        return state.done;
      case 'stopped':
        return;
      default: {
        const unreachable: never = state;
        throw new Error(`unknown phase ${String(unreachable)}`);
      }
    }
  }

  return {
    start,
    stop,
    stations,
    stats: () => ({
      ...counters,
      connected: state.phase === 'running' && state.client.connected,
    }),
  };
}
