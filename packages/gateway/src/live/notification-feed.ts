import { randomUUID } from 'node:crypto';
import type { Db } from '@city-twin/db';
import { createBoundedQueue, type BoundedQueue } from './bounded-queue.ts';

/** Options of {@link createNotificationFeed}. */
export interface NotificationFeedOptions<E, F> {
  db: Db;
  /** The PostgreSQL NOTIFY channel. */
  channel: string;
  /** Turns payloads into events, in order; payloads it cannot use are left out. */
  toEvents(payloads: string[]): Promise<E[]>;
  /** Whether a subscriber with `filter` wants `event`. */
  matches(event: E, filter: F): boolean;
  log: (line: string) => void;
  /** Events held per subscriber before its oldest are dropped. */
  queueSize?: number;
  /** How often the LISTEN connection proves it still hears the channel, ms. */
  heartbeatMs?: number;
}

/** One gateway's feed of a channel. */
export interface NotificationFeed<E, F> {
  /** LISTENs; resolves once listening, or once the first attempt failed (retried behind). */
  start(): Promise<void>;
  /** Ends every subscriber and stops listening. */
  stop(): Promise<void>;
  /** The events a new subscriber wants, from now on. */
  subscribe(filter: F): AsyncIterableIterator<E>;
  readonly subscribers: number;
  /** Events dropped for subscribers too slow to take them, since start. */
  readonly dropped: number;
}

const DEFAULT_QUEUE = 1024;
const DEFAULT_HEARTBEAT_MS = 5_000;
const MAX_PENDING = 10_000;
const MAX_BATCH = 500;
const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
const UNLISTEN_WAIT_MS = 1_000;
// Every gateway hears every gateway's heartbeats; each knows its own by the nonce.
const HEARTBEAT_PREFIX = '{"heartbeat":';

type Phase = { phase: 'idle' } | { phase: 'running'; timer: NodeJS.Timeout } | { phase: 'stopped' };

interface Subscriber<E, F> {
  filter: F;
  queue: BoundedQueue<E>;
}

/**
 * One dedicated LISTEN connection per gateway and channel, fanned out to in-process
 * subscribers: notifications are turned into events in batches (one query for many), and
 * each event is pushed to every subscriber whose filter it meets, through a bounded queue.
 * A heartbeat NOTIFY sent through the pool must come back on the LISTEN connection; when it
 * does not (connection lost, half-open), the feed LISTENs on a new connection with backoff
 * and keeps its subscribers. Notifications sent while no connection listened are lost.
 */
export function createNotificationFeed<E, F>(
  options: NotificationFeedOptions<E, F>,
): NotificationFeed<E, F> {
  const { db, channel, log } = options;
  const queueSize = options.queueSize ?? DEFAULT_QUEUE;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const nonce = randomUUID();
  const subscribers = new Set<Subscriber<E, F>>();
  const pending: string[] = [];
  let state: Phase = { phase: 'idle' };
  let draining = false;
  let dropped = 0;
  let droppedPending = 0;
  // Only the newest connection's notifications count: an old one may overlap it briefly.
  let generation = 0;
  let unlisten: (() => Promise<void>) | null = null;
  let reconnecting = false;
  let heartbeatSeq = 0;
  let awaitedHeartbeat: string | null = null;
  let wake: (() => void) | null = null;

  const running = () => state.phase === 'running';
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

  function onNotify(connection: number, payload: string): void {
    // A new connection may hear something before connect() has switched to it.
    if (connection < generation) return;
    generation = connection;
    if (payload.startsWith(HEARTBEAT_PREFIX)) {
      if (payload === awaitedHeartbeat) awaitedHeartbeat = null;
      return;
    }
    if (pending.length >= MAX_PENDING) {
      pending.shift();
      droppedPending += 1;
      if (droppedPending === 1 || droppedPending % 1000 === 0) {
        log(
          `${channel}: ${droppedPending} notifications dropped (more than ${MAX_PENDING} waiting)`,
        );
      }
    }
    pending.push(payload);
    if (!draining) void drain();
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (pending.length > 0 && running()) {
        const batch = pending.splice(0, MAX_BATCH);
        let events: E[];
        try {
          events = await options.toEvents(batch);
        } catch (error) {
          log(`${channel}: ${batch.length} notifications lost: ${message(error)}`);
          continue;
        }
        for (const event of events) {
          for (const subscriber of subscribers) {
            if (!options.matches(event, subscriber.filter)) continue;
            const before = subscriber.queue.dropped;
            subscriber.queue.push(event);
            if (subscriber.queue.dropped > before) dropped += 1;
          }
        }
      }
    } finally {
      draining = false;
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  /** LISTENs on a new connection, retrying with backoff; then lets the old one go. */
  async function connect(firstAttemptOnly = false): Promise<boolean> {
    let delay = MIN_BACKOFF_MS;
    while (running()) {
      const connection = generation + 1;
      try {
        const stop = await db.listen(channel, (payload) => onNotify(connection, payload));
        if (!running()) {
          await stop().catch(() => undefined);
          return false;
        }
        const previous = unlisten;
        generation = connection;
        unlisten = stop;
        awaitedHeartbeat = null;
        // Not awaited: a dead connection may never answer its UNLISTEN.
        if (previous) void previous().catch(() => undefined);
        if (connection > 1) log(`${channel}: listening again`);
        return true;
      } catch (error) {
        log(`${channel}: LISTEN failed (${message(error)}); retrying in ${delay} ms`);
        if (firstAttemptOnly) return false;
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      }
    }
    return false;
  }

  async function reconnect(): Promise<void> {
    if (reconnecting) return;
    reconnecting = true;
    try {
      await connect();
    } finally {
      reconnecting = false;
    }
  }

  async function heartbeat(): Promise<void> {
    if (!running() || reconnecting) return;
    if (awaitedHeartbeat !== null || unlisten === null) {
      if (unlisten !== null) log(`${channel}: heartbeat not heard within ${heartbeatMs} ms`);
      awaitedHeartbeat = null;
      await reconnect();
      return;
    }
    heartbeatSeq += 1;
    const payload = `${HEARTBEAT_PREFIX}"${nonce}:${heartbeatSeq}"}`;
    awaitedHeartbeat = payload;
    // A failure leaves the heartbeat unheard: the next beat reconnects.
    await db.query('SELECT pg_notify($1, $2)', [channel, payload]).catch(() => undefined);
  }

  return {
    async start() {
      if (state.phase !== 'idle') throw new Error(`feed ${channel} cannot start twice`);
      const timer = setInterval(() => void heartbeat(), heartbeatMs);
      timer.unref();
      state = { phase: 'running', timer };
      if (!(await connect(true))) void reconnect();
    },

    async stop() {
      if (state.phase !== 'running') {
        state = { phase: 'stopped' };
        return;
      }
      clearInterval(state.timer);
      state = { phase: 'stopped' };
      wake?.();
      for (const subscriber of [...subscribers]) subscriber.queue.end();
      pending.length = 0;
      const stop = unlisten;
      unlisten = null;
      if (stop) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          stop().catch(() => undefined),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, UNLISTEN_WAIT_MS))),
        ]);
        clearTimeout(timer);
      }
    },

    subscribe(filter) {
      const subscriber: Subscriber<E, F> = {
        filter,
        queue: createBoundedQueue<E>(queueSize, () => subscribers.delete(subscriber)),
      };
      if (!running()) subscriber.queue.end();
      else subscribers.add(subscriber);
      return subscriber.queue.iterator;
    },

    get subscribers() {
      return subscribers.size;
    },

    get dropped() {
      return dropped;
    },
  };
}
