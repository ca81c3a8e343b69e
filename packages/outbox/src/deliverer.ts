import type { Db } from '@city-twin/db';
import { backoffDelay, type Backoff } from './backoff.ts';

/** Configuration of {@link createOutboxDeliverer}. */
export interface OutboxDelivererConfig {
  db: Db;
  /** The webhook every notice is POSTed to. */
  url: string;
  /** Extra request headers, e.g. the receiver's `Authorization`. */
  headers?: Readonly<Record<string, string>>;
  /** A try that has not got its response by then fails. */
  timeoutMs: number;
  backoff: Backoff;
  /** Notices per round, all POSTed at once: the most requests one worker has in flight. */
  batch: number;
  log: (line: string) => void;
  /** Only these kinds (one deliverer per receiver); every kind when absent. */
  kinds?: readonly string[];
  /** Pause between rounds that found less than a full batch due; default 1000 ms. */
  intervalMs?: number;
  /** Defaults to the global fetch (undici). */
  fetch?: typeof fetch;
}

/** What one round did. */
export interface DeliveryRound {
  delivered: number;
  failed: number;
}

/** A deliverer's loop: {@link OutboxDeliverer.start} runs rounds until {@link OutboxDeliverer.stop}. */
export interface OutboxDeliverer {
  /** Sends the notices due now (up to one batch) and records each outcome. */
  deliverOnce(): Promise<DeliveryRound>;
  start(): void;
  /** Ends the loop; resolves once the round in flight, if any, has recorded its outcomes. */
  stop(): Promise<void>;
}

interface DueRow {
  id: number;
  kind: string;
  dedupe_key: string;
  /** The stored JSON as text: posted as it is. */
  payload: string;
  attempts: number;
}

type Outcome = { id: number; ok: true } | { id: number; ok: false; error: string; delayMs: number };

type Lifecycle =
  | { phase: 'idle' }
  | { phase: 'running'; loop: Promise<void> }
  | { phase: 'stopping'; loop: Promise<void> }
  | { phase: 'stopped' };

const ERROR_CHARS = 500;

/** Header values must be visible ASCII; anything else is percent-encoded. */
const headerValue = (value: string): string =>
  /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);

/** A short, stable description of why a try failed. */
function describeError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `timeout: no response within ${timeoutMs} ms`;
  // undici reports "fetch failed" with the socket error (ECONNREFUSED, …) as its cause.
  const cause: unknown = error.cause;
  const detail =
    cause instanceof Error
      ? ((cause as Error & { code?: string }).code ?? cause.message)
      : cause !== undefined
        ? String(cause)
        : undefined;
  return detail ? `${error.message}: ${detail}` : error.message;
}

/**
 * Creates a deliverer of the notice outbox: each round locks the due notices
 * (`FOR UPDATE SKIP LOCKED`, so concurrent workers never send the same notice at once),
 * POSTs each to the webhook, and records a 2xx as delivered and anything else as a failed
 * try, due again after an exponential backoff. Delivery is at least once: see docs/notices.md.
 */
export function createOutboxDeliverer(config: OutboxDelivererConfig): OutboxDeliverer {
  const { db, url, timeoutMs, backoff, batch, log } = config;
  const send = config.fetch ?? fetch;
  const intervalMs = config.intervalMs ?? 1000;
  const kinds = config.kinds ? [...config.kinds] : null;
  new URL(url); // throws on a malformed webhook address, at start-up rather than per try
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  if (!(backoff.initialMs > 0 && backoff.maxMs >= backoff.initialMs))
    throw new RangeError('backoff needs 0 < initialMs <= maxMs');
  if (!(Number.isInteger(batch) && batch > 0))
    throw new RangeError('batch must be a positive integer');

  async function post(row: DueRow): Promise<Outcome> {
    const attempts = row.attempts + 1;
    const failed = (error: string): Outcome => ({
      id: row.id,
      ok: false,
      error: error.slice(0, ERROR_CHARS),
      delayMs: backoffDelay(attempts, backoff),
    });
    try {
      const response = await send(url, {
        method: 'POST',
        headers: {
          ...config.headers,
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': headerValue(`${row.kind}:${row.dedupe_key}`),
          'x-notice-kind': headerValue(row.kind),
          'x-notice-attempt': String(attempts),
        },
        body: row.payload,
        // A redirect is a misconfigured address, not an acknowledgement (fetch would turn a
        // 303 into a GET and report its 200).
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) {
        // Acknowledged by the status line; the body does not matter and must not hold us.
        await response.body?.cancel().catch(() => undefined);
        return { id: row.id, ok: true };
      }
      const body = await response.text().catch(() => '');
      return failed(
        `HTTP ${response.status}${body ? `: ${body.replace(/\s+/g, ' ').trim()}` : ''}`,
      );
    } catch (error) {
      return failed(describeError(error, timeoutMs));
    }
  }

  async function deliverOnce(): Promise<DeliveryRound> {
    // The row locks live as long as this transaction, which spans the POSTs: no other worker
    // picks these notices until their outcomes are committed. A crash rolls back, leaving
    // them due.
    return db.withTransaction(async (tx) => {
      const due = await tx.query<DueRow>(
        `SELECT id, kind, dedupe_key, payload::text AS payload, attempts
         FROM notice_outbox
         WHERE delivered_at IS NULL AND next_attempt_at <= now()
           AND ($2::text[] IS NULL OR kind = ANY ($2::text[]))
         ORDER BY next_attempt_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [batch, kinds],
      );
      if (due.length === 0) return { delivered: 0, failed: 0 };
      const outcomes = await Promise.all(due.map(post));
      const delivered = outcomes.filter((o) => o.ok);
      const failures = outcomes.filter((o) => !o.ok);
      // clock_timestamp(): the time of the outcome, not of the round's start.
      if (delivered.length > 0) {
        await tx.query(
          `UPDATE notice_outbox o
           SET delivered_at = clock_timestamp(), attempts = o.attempts + 1
           FROM unnest($1::bigint[]) AS d(id)
           WHERE o.id = d.id`,
          [delivered.map((o) => o.id)],
        );
      }
      if (failures.length > 0) {
        await tx.query(
          `UPDATE notice_outbox o
           SET attempts = o.attempts + 1, last_error = f.error,
             next_attempt_at = clock_timestamp() + f.delay_ms * interval '1 millisecond'
           FROM unnest($1::bigint[], $2::text[], $3::float8[]) AS f(id, error, delay_ms)
           WHERE o.id = f.id`,
          [failures.map((o) => o.id), failures.map((o) => o.error), failures.map((o) => o.delayMs)],
        );
        const first = failures[0]!;
        const firstRow = due.find((r) => r.id === first.id)!;
        log(
          `${failures.length} of ${due.length} notices not acknowledged; ` +
            `${firstRow.kind}:${firstRow.dedupe_key} (try ${firstRow.attempts + 1}): ${first.error}`,
        );
      }
      return { delivered: delivered.length, failed: failures.length };
    });
  }

  let state: Lifecycle = { phase: 'idle' };
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  async function loop(): Promise<void> {
    while (state.phase === 'running') {
      let full = false;
      try {
        const round = await deliverOnce();
        full = round.delivered + round.failed >= batch;
      } catch (error) {
        // The database is unreachable or refused the round: nothing was recorded, so the
        // notices are still due and the next round tries them again.
        log(`delivery round failed: ${(error as Error).message}`);
      }
      if (!full && state.phase === 'running') await pause(intervalMs);
    }
  }

  return {
    deliverOnce,
    start() {
      if (state.phase !== 'idle') throw new Error(`outbox deliverer cannot start: ${state.phase}`);
      const running: Lifecycle = { phase: 'running', loop: Promise.resolve() };
      state = running;
      running.loop = loop();
    },
    async stop() {
      switch (state.phase) {
        case 'idle':
          state = { phase: 'stopped' };
          return;
        case 'running': {
          const { loop: current } = state;
          state = { phase: 'stopping', loop: current };
          wake?.();
          await current;
          state = { phase: 'stopped' };
          return;
        }
        case 'stopping':
          await state.loop;
          return;
        case 'stopped':
          return;
        default: {
          const never: never = state;
          throw new Error(`unknown phase ${String(never)}`);
        }
      }
    },
  };
}
