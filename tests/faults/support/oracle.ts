import type { Db } from '@city-twin/db';
import type { LedgerEntry } from './ledger.ts';

/** What the database holds, keyed as the ledger keys events. */
export interface StoredState {
  /** Rows in `iot_reading` per eventId. */
  rows: ReadonlyMap<string, number>;
  /** Dead letters per key ({@link deadLetterKey}), with their reasons. */
  deadLetters: ReadonlyMap<string, readonly string[]>;
}

/** The oracle's verdict on a run: the first five counts must be 0. */
export interface OracleReport {
  /** Acknowledged by the broker, meant to be stored, and not stored. */
  lost: number;
  /** Stored (rows or dead letters) but never published. */
  unexpected: number;
  /** Rows beyond the one set each stored event should have. */
  duplicateRows: number;
  /** Acknowledged, meant to be stored, found only in the dead letters. */
  wronglyDeadLettered: number;
  /** Acknowledged, meant for the dead letters, and not there (stored, or missing). */
  deadLettersMissing: number;
  attempted: number;
  acknowledged: number;
  /** Published more than once (republished duplicates, resends). */
  republished: number;
  /** Valid events stored. */
  stored: number;
  /** Stored although no PUBACK was seen for them (the broker got them; the ack was lost). */
  storedWithoutAck: number;
  /** Neither acknowledged nor stored: the publisher knows these were not delivered. */
  unacknowledgedMissing: number;
  /** Dead letters found for messages meant for them. */
  deadLettered: number;
  /** Extra dead letters of the same message (a redelivered poison message, e.g. after a kill). */
  repeatedDeadLetters: number;
  /** Examples of lost keys, for the log. */
  lostKeys: string[];
}

/** Compares the ledger with what the database holds (pure arithmetic; unit-tested). */
export function checkLedger(entries: readonly LedgerEntry[], stored: StoredState): OracleReport {
  const report: OracleReport = {
    lost: 0,
    unexpected: 0,
    duplicateRows: 0,
    wronglyDeadLettered: 0,
    deadLettersMissing: 0,
    attempted: entries.length,
    acknowledged: 0,
    republished: 0,
    stored: 0,
    storedWithoutAck: 0,
    unacknowledgedMissing: 0,
    deadLettered: 0,
    repeatedDeadLetters: 0,
    lostKeys: [],
  };
  const known = new Map(entries.map((e) => [e.key, e]));
  for (const entry of entries) {
    const acked = entry.acks > 0;
    if (acked) report.acknowledged += 1;
    if (entry.attempts > 1) report.republished += 1;
    const rows = stored.rows.get(entry.key) ?? 0;
    const letters = stored.deadLetters.get(entry.key)?.length ?? 0;
    if (entry.expect.kind === 'stored') {
      if (rows > entry.expect.rows) report.duplicateRows += rows - entry.expect.rows;
      if (rows > 0) {
        report.stored += 1;
        if (!acked) report.storedWithoutAck += 1;
      } else if (acked && letters > 0) report.wronglyDeadLettered += 1;
      else if (acked) {
        report.lost += 1;
        if (report.lostKeys.length < 5) report.lostKeys.push(entry.key);
      } else report.unacknowledgedMissing += 1;
    } else {
      const reason = entry.expect.reason;
      const matching = stored.deadLetters.get(entry.key)?.filter((r) => r === reason).length ?? 0;
      if (matching > 0) {
        report.deadLettered += 1;
        report.repeatedDeadLetters += matching - 1;
        if (!acked) report.storedWithoutAck += 1;
      } else if (acked) report.deadLettersMissing += 1;
      else report.unacknowledgedMissing += 1;
      if (rows > 0) report.unexpected += 1;
    }
  }
  for (const key of stored.rows.keys()) if (!known.has(key)) report.unexpected += 1;
  for (const [key, reasons] of stored.deadLetters)
    if (!known.has(key)) report.unexpected += reasons.length;
  return report;
}

const EVENT_ID = '"eventId"\\s*:\\s*"([A-Za-z0-9._:-]{1,128})"';

/** How the oracle names a dead letter: the eventId its payload carries, else its topic. */
export function deadLetterKey(topic: string, payload: string): string {
  return new RegExp(EVENT_ID).exec(payload)?.[1] ?? topic;
}

/** Reads the stored state the oracle compares: telemetry rows per eventId, dead letters per key. */
export async function readStored(db: Db): Promise<StoredState> {
  const rows = await db.query<{ event_id: string; n: number }>(
    'SELECT event_id, count(*)::int AS n FROM iot_reading GROUP BY event_id',
  );
  const letters = await db.query<{ key: string; reasons: string[] }>(
    `SELECT coalesce(substring(payload from $1), topic) AS key, array_agg(reason) AS reasons
     FROM dead_letter GROUP BY 1`,
    [EVENT_ID],
  );
  return {
    rows: new Map(rows.map((r) => [r.event_id, r.n])),
    deadLetters: new Map(letters.map((r) => [r.key, r.reasons])),
  };
}

/** One line with the oracle's numbers, printed by every fault test. */
export function formatReport(name: string, report: OracleReport): string {
  const { lostKeys, ...counts } = report;
  const numbers = Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `[oracle ${name}] ${numbers}${lostKeys.length > 0 ? ` e.g. lost ${lostKeys.join(', ')}` : ''}`;
}

/** Reads the database, checks the ledger against it and prints the verdict. */
export async function runOracle(
  name: string,
  db: Db,
  entries: readonly LedgerEntry[],
): Promise<OracleReport> {
  const report = checkLedger(entries, await readStored(db));
  console.log(formatReport(name, report));
  return report;
}
