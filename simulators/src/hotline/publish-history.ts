import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createMqttPublisher } from '../shared/mqtt-publisher.ts';
import {
  historyWindow,
  hotlineHistory,
  unitMetaEmissions,
  type HotlineHistoryOptions,
} from './hotline-history.ts';

/** How far a history has got. */
export interface HistoryProgress {
  /** Local days done, of `totalDays`. */
  doneDays: number;
  totalDays: number;
  orders: number;
  /** Work-order events. */
  events: number;
}

/** Options of {@link publishHotlineHistory}. */
export interface PublishHistoryOptions extends HotlineHistoryOptions {
  mqttUrl: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** Unacknowledged publishes at most. Default 2000. */
  maxInFlight?: number;
  signal?: AbortSignal;
  onProgress?: (progress: HistoryProgress) => void;
  log?: (line: string) => void;
}

/**
 * Publishes the 12345 history of a window over MQTT at QoS 1 (units' metadata first, then every
 * order step in time order), for an ingest to store like live traffic. Resolves once the broker
 * acknowledged everything; rejects if anything was not (publishing again is harmless: eventIds
 * are the same).
 */
export async function publishHotlineHistory(
  options: PublishHistoryOptions,
): Promise<{ orders: number; events: number; units: number }> {
  const log = options.log ?? ((line: string) => console.error(`[backfill] ${line}`));
  const signal = options.signal ?? new AbortController().signal;
  const { until, localDays } = historyWindow(options.days, options.until);
  const publisher = createMqttPublisher({
    mqttUrl: options.mqttUrl,
    clientId: options.clientId ?? `twin-backfill-${randomUUID().slice(0, 8)}`,
    username: options.username,
    password: options.password,
    log,
    maxInFlight: options.maxInFlight ?? 2000,
    onOffline: () => undefined,
    onReconnect: () => undefined,
  });
  await publisher.connect();
  const metas = unitMetaEmissions(until, options.prefix);
  const progress: HistoryProgress = {
    doneDays: 0,
    totalDays: localDays,
    orders: 0,
    events: 0,
  };
  try {
    await publisher.publishAll('hotline', metas, signal);
    for (const { orders, emissions } of hotlineHistory(options)) {
      await publisher.publishAll('hotline', emissions, signal);
      const { skipped, failed } = publisher.counters('hotline');
      if (signal.aborted) throw new Error('backfill aborted');
      if (skipped + failed > 0)
        throw new Error(`the broker did not take ${skipped + failed} messages; run it again`);
      progress.doneDays += 1;
      progress.orders += orders;
      progress.events += emissions.length;
      options.onProgress?.({ ...progress });
      await nextTurn();
    }
  } finally {
    await publisher.end(60_000);
  }
  const { published, failed, skipped } = publisher.counters('hotline');
  const messages = metas.length + progress.events;
  if (published !== messages)
    throw new Error(
      `${messages - published} of ${messages} messages unacknowledged ` +
        `(${failed} failed, ${skipped} skipped); run it again`,
    );
  return { orders: progress.orders, events: progress.events, units: metas.length };
}
