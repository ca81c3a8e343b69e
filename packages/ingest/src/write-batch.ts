import {
  parseMessage,
  type CameraEvent,
  type CameraMeta,
  type CameraStatus,
  type ContractEvent,
  type IotMeta,
  type IotTelemetry,
  type TicketEvent,
  type UnitMeta,
} from '@city-twin/events';
import type { Db, Queryable } from '@city-twin/db';
import { loadAlertRules, type AlertRules } from '@city-twin/alerts';
import { createHotlineClock, type DerivedTicket, type HotlineClock } from '@city-twin/hotline';
import { evaluateBatchAlerts } from './alerts/evaluate-batch.ts';
import { rulesNow, type AlertRulesInput } from './alerts/rule-set.ts';
import { addCounters } from './counters.ts';
import { writeDeadLetters, type DeadLetter } from './dead-letter.ts';
import { appendTicketEvents, updateTicketState, writeUnitMeta } from './hotline/write-hotline.ts';
import { registerEventKeys, type EventKey } from './keys.ts';
import type { PendingMessage } from './mqtt/deferred-ack.ts';
import { appendIotTelemetry, updateIotState, writeIotMeta } from './sensors/write-iot.ts';
import {
  appendCameraEvents,
  appendCameraStatus,
  rollupCameraEvents,
  updateCameraStatus,
  writeCameraMeta,
} from './video/write-video.ts';

/** What one committed batch did. */
export interface BatchCounts {
  accepted: number;
  duplicates: number;
  rejected: Map<string, number>;
  outsideDistrict: number;
}

type Subject<P> = { id: string; payload: P };

/** A batch split by kind; the order of the writes below is the order of these lists. */
interface Sorted {
  iotMeta: Subject<IotMeta>[];
  cameraMeta: Subject<CameraMeta>[];
  unitMeta: Subject<UnitMeta>[];
  telemetry: Subject<IotTelemetry>[];
  cameraStatus: Subject<CameraStatus>[];
  cameraEvents: Subject<CameraEvent>[];
  ticketEvents: Subject<TicketEvent>[];
}

const emptySorted = (): Sorted => ({
  iotMeta: [],
  cameraMeta: [],
  unitMeta: [],
  telemetry: [],
  cameraStatus: [],
  cameraEvents: [],
  ticketEvents: [],
});

/**
 * Serialises the part of a batch that reads and updates shared state (current values,
 * rollups, work-order derivation, counters) across concurrent batches and workers; held
 * to commit. Append-only inserts run before it, overlapping with another batch's state
 * work. One lock, always taken after the key registry, so batches cannot deadlock.
 */
export async function takeStateLock(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7204762)');
}

/** The idempotency source of an event: the subject its topic names. */
function sourceOf(event: ContractEvent): string | null {
  switch (event.kind) {
    case 'meta':
    case 'unit_meta':
      return null; // state, not history: deduplicated by its meta eventId on the row
    case 'telemetry':
      return `iot:${event.id}`;
    case 'status':
    case 'event':
      return `video:${event.id}`;
    case 'ticket_event':
      return `ticket:${event.id}`;
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

function place(sorted: Sorted, event: ContractEvent): void {
  const { id } = event;
  switch (event.stream) {
    case 'iot':
      if (event.kind === 'meta') sorted.iotMeta.push({ id, payload: event.payload });
      else sorted.telemetry.push({ id, payload: event.payload });
      return;
    case 'video':
      if (event.kind === 'meta') sorted.cameraMeta.push({ id, payload: event.payload });
      else if (event.kind === 'status') sorted.cameraStatus.push({ id, payload: event.payload });
      else sorted.cameraEvents.push({ id, payload: event.payload });
      return;
    case 'hotline':
      if (event.kind === 'unit_meta') sorted.unitMeta.push({ id, payload: event.payload });
      else sorted.ticketEvents.push({ id, payload: event.payload });
      return;
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled stream ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Validates a batch of messages and stores it in one transaction: dead letters for what
 * the contract rejects, the key registry's verdict for every event, then each stream's
 * rows, rollups and current state, and the counters. Resolves once committed.
 */
export async function writeBatch(
  db: Db,
  messages: readonly PendingMessage[],
  options: {
    prefix: string;
    workerId: string;
    now?: number;
    /** Deadlines and score rules for work orders; the shipped rules and calendar by default. */
    clock?: HotlineClock;
    /** Alert rules, or where to look up the version in force; the deployment's (ALERT_RULES_FILE) or the shipped ones by default. */
    alertRules?: AlertRulesInput;
    /** Where a failure of the alert rules is reported (the batch is stored regardless). */
    log?: (line: string) => void;
  },
): Promise<BatchCounts> {
  const now = options.now ?? Date.now();
  const clock = options.clock ?? defaultClock();
  const dead: DeadLetter[] = [];
  const events: { message: PendingMessage; event: ContractEvent }[] = [];
  for (const message of messages) {
    const result = parseMessage(message.topic, message.payload, { prefix: options.prefix, now });
    if (result.ok) events.push({ message, event: result.event });
    else
      dead.push({
        topic: message.topic,
        reason: result.reason,
        detail: result.detail,
        payload: message.payload,
      });
  }

  return db.withTransaction(async (tx) => {
    const keyed = events.flatMap((e) => {
      const source = sourceOf(e.event);
      return source
        ? [{ ...e, key: { source, eventId: e.event.payload.eventId, ts: e.event.payload.ts } }]
        : [];
    });
    const verdicts = await registerEventKeys(
      tx,
      keyed.map((k): EventKey => k.key),
    );
    const sorted = emptySorted();
    let duplicates = 0;
    keyed.forEach(({ message, event }, i) => {
      const verdict = verdicts[i];
      if (verdict === 'new') place(sorted, event);
      else if (verdict === 'duplicate') duplicates += 1;
      else {
        dead.push({
          topic: message.topic,
          reason: 'event_id_conflict',
          detail: `eventId ${event.payload.eventId} was stored with another ts`,
          payload: message.payload,
        });
      }
    });

    const metaEvents = events.filter(({ event }) => !sourceOf(event));
    // Metadata before the events, under the state lock: events of the same batch take
    // their subject's district from it (such batches, mostly at start-up, do not overlap).
    let changedMetas = 0;
    if (metaEvents.length > 0) {
      const metaSorted = emptySorted();
      for (const { event } of metaEvents) place(metaSorted, event);
      await takeStateLock(tx);
      changedMetas =
        (await writeIotMeta(tx, metaSorted.iotMeta)) +
        (await writeCameraMeta(tx, metaSorted.cameraMeta)) +
        (await writeUnitMeta(tx, metaSorted.unitMeta));
    }

    // Append-only writes: they run while the previous batch holds the state lock.
    const telemetry = await appendIotTelemetry(tx, sorted.telemetry);
    await appendCameraStatus(tx, sorted.cameraStatus);
    const video = await appendCameraEvents(tx, sorted.cameraEvents);
    await appendTicketEvents(tx, sorted.ticketEvents);
    await writeDeadLetters(tx, dead);

    // State: current values, rollups, derived work orders and counters, one batch at a time.
    await takeStateLock(tx);
    await updateIotState(tx, sorted.telemetry);
    await updateCameraStatus(tx, sorted.cameraStatus);
    await rollupCameraEvents(tx, sorted.cameraEvents);
    const hotline = await updateTicketState(tx, sorted.ticketEvents, clock, new Date(now));
    await runAlertRules(
      tx,
      sorted,
      hotline.derived,
      options.alertRules ?? defaultRules(),
      options.log,
    );
    await announceLive(tx, sorted);
    const metas = metaEvents.length;

    const newEvents = verdicts.filter((v) => v === 'new').length;
    const counts: BatchCounts = {
      accepted: changedMetas + newEvents,
      duplicates: duplicates + (metas - changedMetas),
      rejected: new Map(),
      outsideDistrict: telemetry.outside + video.outside + hotline.outside,
    };
    for (const d of dead) counts.rejected.set(d.reason, (counts.rejected.get(d.reason) ?? 0) + 1);
    await addCounters(
      tx,
      new Map([
        ['accepted', counts.accepted],
        ['duplicates', counts.duplicates],
        ['outside_district', counts.outsideDistrict],
        ...[...counts.rejected].map(([reason, n]): [string, number] => [`rejected:${reason}`, n]),
      ]),
    );
    const oldest = messages.reduce((min, m) => Math.min(min, m.receivedAt), Infinity);
    await tx.query(
      `INSERT INTO ingest_worker (id, last_commit_at, lag_seconds, batch_size)
       VALUES ($1, clock_timestamp(), extract(epoch FROM clock_timestamp()) - $2::float8 / 1000, $3)
       ON CONFLICT (id) DO UPDATE SET last_commit_at = excluded.last_commit_at,
         lag_seconds = excluded.lag_seconds, batch_size = excluded.batch_size`,
      [options.workerId, oldest, messages.length],
    );
    return counts;
  });
}

/**
 * Runs the alert rules over the batch inside a savepoint: a failing rule is logged and its
 * work undone, and the batch is stored all the same — an alert bug must never stall ingest.
 * Transient failures (deadlock, serialization, connection) fail the batch, which is retried.
 */
async function runAlertRules(
  tx: Queryable,
  sorted: Sorted,
  tickets: DerivedTicket[],
  rules: AlertRulesInput,
  log: ((line: string) => void) | undefined,
): Promise<void> {
  await tx.query('SAVEPOINT alert_rules');
  try {
    const inForce = await rulesNow(rules, tx);
    await evaluateBatchAlerts(
      tx,
      {
        telemetry: sorted.telemetry,
        cameraEvents: sorted.cameraEvents,
        cameraStatus: sorted.cameraStatus,
        tickets,
        created: sorted.ticketEvents.flatMap((e) =>
          e.payload.action === 'created'
            ? [{ id: e.id, ts: e.payload.ts, category: e.payload.category }]
            : [],
        ),
      },
      inForce,
      new Date(),
    );
    await tx.query('RELEASE SAVEPOINT alert_rules');
  } catch (error) {
    // A deadlock or lost connection is not a rule bug: the whole batch is tried again.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^(40|08|57)/.test(code)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT alert_rules');
    (log ?? console.error)(
      `alert rules failed, batch stored without them: ${(error as Error).message}`,
    );
  }
}

/** Announces on `twin_live` what the batch stored, per source, with a small located sample. */
async function announceLive(tx: Queryable, sorted: Sorted): Promise<void> {
  const at = new Date().toISOString();
  const sample = <T>(items: readonly T[], map: (item: T) => object) => items.slice(0, 20).map(map);
  const payloads = [
    sorted.telemetry.length > 0 && {
      source: 'iot',
      count: sorted.telemetry.length,
      at,
      sample: sample(sorted.telemetry, (t) => ({
        subject: t.id,
        type: Object.keys(t.payload.metrics)[0] ?? 'telemetry',
        lon: t.payload.lon ?? null,
        lat: t.payload.lat ?? null,
        district: null,
        ts: t.payload.ts,
      })),
    },
    sorted.cameraEvents.length + sorted.cameraStatus.length > 0 && {
      source: 'video',
      count: sorted.cameraEvents.length + sorted.cameraStatus.length,
      at,
      sample: sample(sorted.cameraEvents, (e) => ({
        subject: e.id,
        type: e.payload.type,
        lon: null,
        lat: null,
        district: null,
        ts: e.payload.ts,
      })),
    },
    sorted.ticketEvents.length > 0 && {
      source: 'hotline',
      count: sorted.ticketEvents.length,
      at,
      sample: sample(sorted.ticketEvents, (e) => ({
        subject: e.id,
        type: e.payload.action,
        lon: e.payload.action === 'created' ? e.payload.lon : null,
        lat: e.payload.action === 'created' ? e.payload.lat : null,
        district: null,
        ts: e.payload.ts,
      })),
    },
  ].filter((p) => p !== false);
  if (payloads.length === 0) return;
  await tx.query(`SELECT pg_notify('twin_live', p) FROM unnest($1::text[]) AS p`, [
    payloads.map((p) => JSON.stringify(p)),
  ]);
}

let shippedRules: AlertRules | undefined;
/** The deployment's alert rules (ALERT_RULES_FILE) or the shipped ones, read once. */
function defaultRules(): AlertRules {
  shippedRules ??= loadAlertRules(process.env.ALERT_RULES_FILE || undefined);
  return shippedRules;
}

let shippedClock: HotlineClock | undefined;
/** The shipped rules and calendar, built once. */
function defaultClock(): HotlineClock {
  shippedClock ??= createHotlineClock();
  return shippedClock;
}

/** Whether PostgreSQL refused the data itself (not the connection): retrying the same rows cannot help. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/** Dead-letters one message that storage refused, in its own transaction. */
export async function writeStorageRejected(
  db: Db,
  message: PendingMessage,
  error: Error,
): Promise<void> {
  await db.withTransaction(async (tx) => {
    await writeDeadLetters(tx, [
      {
        topic: message.topic,
        reason: 'storage_rejected',
        detail: error.message.slice(0, 500),
        payload: message.payload,
      },
    ]);
    await addCounters(tx, new Map([['rejected:storage_rejected', 1]]));
  });
}
