import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_TOPIC_PREFIX } from '@city-twin/events';
import type { Db } from '@city-twin/db';
import { writeBatch, type BatchCounts } from '@city-twin/ingest';
import {
  historyWindow,
  hotlineHistory,
  unitMetaEmissions,
  type Emission,
  type HistoryProgress,
} from '@city-twin/simulators';

/** Options of {@link backfillHotline}. */
export interface BackfillOptions {
  /** Orders created in the `days` × 24 hours before `until` (1–395). */
  days: number;
  /** End of the history, epoch ms; default now. Later steps are the live simulator's. */
  until?: number;
  /** The demo city's seed and scale: the same as the simulator's, or the eventIds differ. */
  seed?: number;
  scale?: number;
  ticketsPerDay?: number;
  prefix?: string;
  /** Messages per batch, as ingest batches them. Default 5000. */
  batchSize?: number;
  /** Batches written at once, as ingest does. Default 2. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: HistoryProgress) => void;
  /** A batch failed and is written again. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/** What a backfill stored. */
export interface BackfillResult {
  /** The window, epoch ms: orders created after `from`, steps up to `until`. */
  from: number;
  until: number;
  orders: number;
  /** Work-order events generated (stored or already there). */
  events: number;
  /** Unit metadata messages. */
  units: number;
  /** Events and metadata stored now; on a re-run, 0. */
  accepted: number;
  /** Already stored before. */
  duplicates: number;
  rejected: number;
  seconds: number;
}

/** Shared with ingest_worker (lag, last commit): the backfill shows there as a writer of its own. */
const WORKER_ID = 'city-twin-backfill';
/** Tries of a batch before the backfill gives up (a re-run continues where it stopped). */
const MAX_ATTEMPTS = 8;

/**
 * Writes a window of 12345 history (the units' metadata, then every step up to `until` of every
 * order created in the window, day by day and grouped by order) through ingest's batch writer:
 * the same parsing, key-registry dedupe and derivation as live traffic. Derivation sorts each
 * order's actions itself, so grouping by order stores the same result as time order while
 * deriving each order about once. Idempotent: eventIds come from the seed,
 * so a re-run stores nothing twice.
 */
export async function backfillHotline(db: Db, options: BackfillOptions): Promise<BackfillResult> {
  const started = performance.now();
  const until = options.until ?? Date.now();
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  const batchSize = options.batchSize ?? 5000;
  const concurrency = options.concurrency ?? 2;
  const { from, localDays } = historyWindow(options.days, until);
  const result: BackfillResult = {
    from,
    until,
    orders: 0,
    events: 0,
    units: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    seconds: 0,
  };
  const writing = new Set<Promise<void>>();
  let failure: unknown;

  async function write(emissions: readonly Emission[]): Promise<void> {
    const receivedAt = Date.now();
    const messages = emissions.map(({ topic, payload }) => ({
      topic,
      payload: Buffer.from(JSON.stringify(payload)),
      messageId: undefined,
      generation: 0,
      receivedAt,
    }));
    let counts: BatchCounts;
    for (let attempt = 1; ; attempt++) {
      try {
        counts = await writeBatch(db, messages, { prefix, workerId: WORKER_ID });
        break;
      } catch (error) {
        // As ingest's batcher does: a failed transaction left nothing behind, so try again.
        // Two batches creating TimescaleDB chunks can deadlock; PostgreSQL may restart.
        if (attempt >= MAX_ATTEMPTS || options.signal?.aborted) throw error;
        options.onRetry?.(error, attempt);
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    result.accepted += counts.accepted;
    result.duplicates += counts.duplicates;
    for (const n of counts.rejected.values()) result.rejected += n;
  }

  /** Starts writing a batch, waiting first while `concurrency` batches are being written. */
  async function submit(emissions: Emission[]): Promise<void> {
    while (writing.size >= concurrency) await Promise.race(writing);
    if (failure) throw failure;
    const done = write(emissions).then(
      () => void writing.delete(done),
      (error: unknown) => {
        writing.delete(done);
        failure ??= error;
      },
    );
    writing.add(done);
  }

  // Metadata alone first: a batch with metadata takes the state lock before its inserts, and
  // overlapping it with another batch's inserts is what deadlocks most.
  const metas = unitMetaEmissions(until, prefix);
  await write(metas);
  result.units = metas.length;
  let batch: Emission[] = [];
  let doneDays = 0;
  try {
    const days = hotlineHistory({
      ...options,
      seed: options.seed ?? 1,
      scale: options.scale ?? 1,
      until,
      prefix,
      byOrder: true,
    });
    for (const day of days) {
      for (const emission of day.emissions) {
        batch.push(emission);
        if (batch.length >= batchSize) {
          await submit(batch);
          batch = [];
        }
      }
      if (options.signal?.aborted) throw new Error('backfill aborted');
      doneDays += 1;
      result.orders += day.orders;
      result.events += day.emissions.length;
      options.onProgress?.({
        doneDays,
        totalDays: localDays,
        orders: result.orders,
        events: result.events,
      });
      // Generating a day takes a few tens of milliseconds: let the city's other work through.
      await nextTurn();
    }
    if (batch.length > 0) await submit(batch);
  } finally {
    await Promise.all(writing);
  }
  if (failure) throw failure;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
