import { contractSubscriptions, DEFAULT_TOPIC_PREFIX } from '@city-twin/events';
import type { Db } from '@city-twin/db';
import { createHotlineClock, type HotlineClock } from '@city-twin/hotline';
import mqtt from 'mqtt';
import { loadAlertRules, type AlertRules } from '@city-twin/alerts';
import { createAlertRuleSource } from './alerts/rule-set.ts';
import { createAlertSweeper } from './alerts/sweep.ts';
import { createBatcher } from './batcher.ts';
import { createClockSweeper } from './hotline/clock-sweep.ts';
import { createIngestMetrics, type IngestMetrics } from './metrics.ts';
import { createDeferredAcker, type PendingMessage } from './mqtt/deferred-ack.ts';
import { isDataError, writeBatch, writeStorageRejected, type BatchCounts } from './write-batch.ts';

/** The URL with its password masked, for logs (MQTT.js reads credentials from the URL). */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Configuration of one ingest worker. */
export interface IngestConfig {
  db: Db;
  mqttUrl: string;
  /** Persistent-session client id: the broker queues for it while it is down. */
  clientId?: string;
  username?: string;
  password?: string;
  /** MQTT protocol version: 4 (3.1.1, what aedes speaks) or 5. */
  protocolVersion?: 4 | 5;
  prefix?: string;
  /** Shared-subscription group (`$share/<group>/…`) for several workers. */
  shareGroup?: string;
  batchSize?: number;
  flushMs?: number;
  /** Batches written at once: the next one's validation and inserts overlap the previous one's state work. */
  concurrency?: number;
  /** MQTT 5 receive maximum: how many unacknowledged messages the broker may send; bounds memory. */
  receiveMaximum?: number;
  /** MQTT keepalive, seconds: a silent broker connection is given up after about 1.5 × this. Default 60. */
  keepaliveSeconds?: number;
  metrics?: IngestMetrics;
  /** Work-order deadlines and score rules (HOTLINE_RULES_FILE / HOTLINE_CALENDAR_FILE in main). */
  hotlineClock?: HotlineClock;
  /** Pause between sweeps of work-order deadlines (overdue and chase facts); 0 disables. */
  clockSweepMs?: number;
  /**
   * Alert rules that seed the rule-set table when it is empty (ALERT_RULES_FILE, else the
   * shipped ones); batches and sweeps then use the newest version there (edited through the API).
   */
  alertRules?: AlertRules;
  /** Pause between sweeps of the time-based alert rules (silence, escalation); 0 disables. */
  alertSweepMs?: number;
  /** Fault injection for tests: SIGKILL this process right after the n-th commit, before its PUBACKs. */
  killAfterCommit?: number;
  log?: (line: string) => void;
}

type Lifecycle =
  { phase: 'idle' } | { phase: 'running'; client: mqtt.MqttClient } | { phase: 'stopped' };

/** Creates an ingest worker: MQTT in, validated events out to PostgreSQL, PUBACK after commit. */
export function createIngest(config: IngestConfig) {
  const log = config.log ?? ((line: string) => console.log(`[ingest] ${line}`));
  const prefix = config.prefix ?? DEFAULT_TOPIC_PREFIX;
  const clientId = config.clientId ?? `city-twin-ingest-${process.pid}`;
  const metrics = config.metrics ?? createIngestMetrics();
  // Committed batches, for the kill-after-commit fault hook; the metrics hold the rest.
  let batches = 0;
  let state: Lifecycle = { phase: 'idle' };
  let acker: ReturnType<typeof createDeferredAcker> | undefined;
  // Messages arriving after stop() began are left unacknowledged: the broker redelivers them.
  let accepting = true;

  async function flush(messages: PendingMessage[]): Promise<void> {
    const started = performance.now();
    let counts: BatchCounts;
    try {
      counts = await writeBatch(config.db, messages, {
        prefix,
        workerId: clientId,
        ...(config.hotlineClock ? { clock: config.hotlineClock } : {}),
        alertRules,
        log,
      });
    } catch (error) {
      if (!isDataError(error)) throw error; // the batch is retried as a whole
      // Storage refused something the contract let through: find it by halving, dead-letter
      // it, and store the rest, so one message can never stall the stream.
      if (messages.length === 1) {
        await writeStorageRejected(config.db, messages[0]!, error as Error);
        log(`storage refused a message on ${messages[0]!.topic}: ${(error as Error).message}`);
        metrics.rejected.inc({ reason: 'storage_rejected' });
        acker?.ack(messages);
        return;
      }
      const half = Math.ceil(messages.length / 2);
      await flush(messages.slice(0, half));
      await flush(messages.slice(half));
      return;
    }
    batches += 1;
    if (config.killAfterCommit !== undefined && batches >= config.killAfterCommit) {
      process.kill(process.pid, 'SIGKILL');
    }
    acker?.ack(messages);

    metrics.accepted.inc(counts.accepted);
    metrics.duplicates.inc(counts.duplicates);
    metrics.outsideDistrict.inc(counts.outsideDistrict);
    for (const [reason, n] of counts.rejected) metrics.rejected.inc({ reason }, n);
    metrics.batchSeconds.observe((performance.now() - started) / 1000);
  }

  const batcher = createBatcher<PendingMessage>({
    maxItems: config.batchSize ?? 5000,
    maxDelayMs: config.flushMs ?? 50,
    concurrency: config.concurrency ?? 2,
    flush,
    onError: (error, attempt) =>
      log(`batch write failed (attempt ${attempt}), will retry: ${(error as Error).message}`),
  });
  metrics.sources.backlog = () => batcher.backlog;
  metrics.sources.pool = () => config.db.poolUsage();
  metrics.sources.lagSeconds = () => {
    const oldest = batcher.oldest();
    return oldest ? (Date.now() - oldest.receivedAt) / 1000 : 0;
  };

  const rulesFile = process.env.ALERT_RULES_FILE || undefined;
  const fileRules = config.alertRules ?? loadAlertRules(rulesFile);
  const alertRules = createAlertRuleSource(
    fileRules,
    config.alertRules
      ? 'seeded by the ingest configuration'
      : `seeded from ${rulesFile ?? 'the shipped alert rules'}`,
    log,
  );
  const alertSweepMs = config.alertSweepMs ?? 30_000;
  const alertSweeper =
    alertSweepMs > 0
      ? createAlertSweeper({ db: config.db, rules: alertRules, intervalMs: alertSweepMs, log })
      : undefined;
  const sweepMs = config.clockSweepMs ?? 30_000;
  const sweeper =
    sweepMs > 0
      ? createClockSweeper({
          db: config.db,
          clock: config.hotlineClock ?? createHotlineClock(),
          intervalMs: sweepMs,
          log,
        })
      : undefined;

  return {
    metrics,
    async start(): Promise<void> {
      if (state.phase !== 'idle') throw new Error(`ingest cannot start in phase ${state.phase}`);
      await alertRules.seed(config.db);
      const v5 = config.protocolVersion === 5;
      const client = mqtt.connect(config.mqttUrl, {
        clientId,
        clean: false,
        protocolVersion: config.protocolVersion ?? 4,
        ...(v5
          ? {
              properties: {
                sessionExpiryInterval: 7 * 24 * 3600,
                receiveMaximum: config.receiveMaximum ?? 20_000,
              },
            }
          : {}),
        username: config.username,
        password: config.password,
        reconnectPeriod: 1000,
        connectTimeout: 10_000,
        keepalive: config.keepaliveSeconds ?? 60,
      });
      acker = createDeferredAcker(client, (message) => {
        if (!accepting) return;
        metrics.received.inc();
        batcher.add(message);
      });
      client.on('error', (error) => log(`mqtt error: ${error.message}`));
      client.on('offline', () => log('mqtt offline, reconnecting'));
      const filters = contractSubscriptions(prefix).map((f) =>
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
      log(
        `subscribed to ${filters.length} topic filters under ${prefix}/ at ${withoutPassword(config.mqttUrl)}`,
      );
      sweeper?.start();
      alertSweeper?.start();
    },
    /**
     * Writes and acknowledges what was received, then disconnects. When the database is
     * gone too (Ctrl-C reaches an embedded server as well), it gives up after
     * `drainTimeoutMs`: what was not committed was not acknowledged either.
     */
    async stop(drainTimeoutMs = 5000): Promise<void> {
      if (state.phase !== 'running') return;
      const { client } = state;
      accepting = false;
      await sweeper?.stop();
      await alertSweeper?.stop();
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
