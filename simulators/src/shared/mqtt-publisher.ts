import mqtt, { type MqttClient } from 'mqtt';
import type { Emission, StreamName } from './emission.ts';
import { messageOf, redactUrl, settledWithin } from './mqtt-util.ts';

/** Counters of one stream since start; a publish counts once the broker acknowledged it. */
export interface StreamCounters {
  published: number;
  failed: number;
  /** Messages not sent because the broker was unreachable or too far behind. */
  skipped: number;
}

/** Options of {@link createMqttPublisher}. */
export interface MqttPublisherOptions {
  mqttUrl: string;
  clientId: string;
  username?: string;
  password?: string;
  log: (message: string) => void;
  /** Unacknowledged publishes beyond which live messages are skipped, not queued. */
  maxInFlight: number;
  /** Called on a reconnect after an outage (not on the first connect). */
  onReconnect: () => void;
  /** Called when the connection drops. */
  onOffline: () => void;
}

/** One MQTT connection shared by the streams: QoS 1, counted per stream. */
export interface MqttPublisher {
  connect(): Promise<void>;
  readonly connected: boolean;
  /** Publishes now, or counts the message skipped when disconnected or saturated: never queues. */
  tryPublish(stream: StreamName, emission: Emission): void;
  /**
   * Publishes every message with at most `maxInFlight` unacknowledged, waiting for room; the
   * rest count as skipped if the connection drops or `signal` aborts.
   */
  publishAll(
    stream: StreamName,
    emissions: readonly Emission[],
    signal: AbortSignal,
  ): Promise<void>;
  counters(stream: StreamName): StreamCounters;
  /** Waits up to `drainMs` for acknowledgements, then closes the connection. */
  end(drainMs: number): Promise<void>;
}

/** Creates the publisher; nothing connects until `connect()`. */
export function createMqttPublisher(options: MqttPublisherOptions): MqttPublisher {
  const { mqttUrl, log, maxInFlight } = options;
  const counters: Record<StreamName, StreamCounters> = {
    iot: { published: 0, failed: 0, skipped: 0 },
    video: { published: 0, failed: 0, skipped: 0 },
    hotline: { published: 0, failed: 0, skipped: 0 },
  };
  const inFlight = new Set<Promise<void>>();
  let client: MqttClient | undefined;
  let ending = false;
  let ended: Promise<void> | undefined;
  let lastError = '';

  // A down broker fails every reconnect attempt the same way: say it once until it recovers.
  function logError(context: string, error: unknown): void {
    const line = `${context}: ${messageOf(error)}`;
    if (line === lastError) return;
    lastError = line;
    log(line);
  }

  function send(
    target: MqttClient,
    stream: StreamName,
    { topic, payload, retain }: Emission,
  ): void {
    const sent = target.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain }).then(
      () => {
        counters[stream].published++;
      },
      (error: unknown) => {
        counters[stream].failed++;
        logError(`publish to ${topic} failed`, error);
      },
    );
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  return {
    async connect() {
      let connected: MqttClient;
      try {
        connected = await mqtt.connectAsync(mqttUrl, {
          clientId: options.clientId,
          username: options.username,
          password: options.password,
        });
      } catch (error) {
        throw new Error(`cannot connect to ${redactUrl(mqttUrl)}: ${messageOf(error)}`, {
          cause: error,
        });
      }
      // MQTT.js reconnects by itself; without an 'error' listener a broker error would crash.
      connected.on('error', (error) => logError('mqtt', error));
      connected.on('offline', () => {
        if (ending) return;
        log('broker unreachable; reconnecting');
        options.onOffline();
      });
      connected.on('connect', () => {
        if (ending) return;
        lastError = '';
        log('reconnected');
        options.onReconnect();
      });
      client = connected;
    },
    get connected() {
      return client?.connected ?? false;
    },
    tryPublish(stream, emission) {
      if (!client?.connected || ending || inFlight.size >= maxInFlight) counters[stream].skipped++;
      else send(client, stream, emission);
    },
    async publishAll(stream, emissions, signal) {
      for (let i = 0; i < emissions.length; i++) {
        // Wake up now and then: acknowledgements stall while the broker is away.
        while (inFlight.size >= maxInFlight && !signal.aborted && client?.connected)
          await settledWithin(Promise.race(inFlight), { signal, timeoutMs: 1000 });
        if (signal.aborted || !client?.connected || ending) {
          counters[stream].skipped += emissions.length - i;
          return;
        }
        send(client, stream, emissions[i]!);
      }
    },
    counters: (stream) => ({ ...counters[stream] }),
    end(drainMs) {
      ending = true;
      const target = client;
      ended ??= (async () => {
        if (!target) return;
        const drained =
          target.connected && (await settledWithin(Promise.all(inFlight), { timeoutMs: drainMs }));
        if (!drained && inFlight.size > 0)
          log(`stopping with ${inFlight.size} publishes unacknowledged`);
        // A graceful end waits for every acknowledgement, which never comes from a lost broker.
        // Listeners stay: a late socket error must still find its 'error' handler.
        await target.endAsync(!drained);
      })();
      return ended;
    },
  };
}
