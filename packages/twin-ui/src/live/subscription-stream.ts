import { type Client, createClient } from 'graphql-ws';
import { parseGraphQLErrors } from '../graphql/client.ts';
import { isRecord } from '../graphql/parse.ts';
import {
  readToken,
  reportRejectedToken,
  toConnectionInitPayload,
} from '../session/session-token.ts';
import { toBackoffMs } from './backoff.ts';

/** Whether the subscription's socket is up: connected, or closed and retrying. */
export type SocketPhase = 'open' | 'down';

/** A GraphQL subscription that stays subscribed: `start()` once, `stop()` when done. */
export type SubscriptionStream = { start(): void; stop(): void };

type StreamState =
  | { phase: 'idle' }
  | {
      phase: 'running';
      client: Client;
      /** Aborts a reconnect wait and the resubscribe timer on stop. */
      abort: AbortController;
      unsubscribe: (() => void) | null;
      resubscribeTimer: ReturnType<typeof setTimeout> | null;
      /** Resubscriptions since the last message, for the backoff. */
      failures: number;
    }
  | { phase: 'stopped' };

/** The gateway's GraphQL over WebSocket endpoint, on the page's own host. */
export function toWebSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/** Resolves after `ms`, or at once when `signal` aborts; its timer never outlives either. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * Subscribes over graphql-ws and keeps the subscription alive for as long as it runs: the
 * client reconnects a dropped socket by itself (backoff from 1 s to 30 s, for ever), and a
 * subscription the server ends or refuses is made again after the same backoff. `onPhase`
 * says when the socket is up or down, so the caller can poll meanwhile.
 */
export function createSubscriptionStream(options: {
  url: string;
  query: string;
  /** The `data` of each result, as an operation parser takes it (errors alone are logged). */
  onData: (data: unknown) => void;
  onPhase: (phase: SocketPhase) => void;
}): SubscriptionStream {
  let state: StreamState = { phase: 'idle' };

  const subscribe = (): void => {
    if (state.phase !== 'running') return;
    const running = state;
    let finished = false;
    // Ends this subscription's life: a fresh one follows after the backoff.
    const retryLater = (reason: unknown): void => {
      if (finished) return;
      finished = true;
      if (state !== running) return;
      if (isRefusal(reason)) reportRejectedToken(readToken(), 'socket');
      console.warn(`subscription ended, subscribing again: ${describe(reason)}`);
      options.onPhase('down');
      running.unsubscribe = null;
      running.resubscribeTimer = setTimeout(() => {
        running.resubscribeTimer = null;
        subscribe();
      }, toBackoffMs(running.failures));
      running.failures += 1;
    };
    running.unsubscribe = running.client.subscribe(
      { query: options.query },
      {
        next: (result) => {
          if (state !== running) return;
          running.failures = 0;
          if (result.errors !== undefined && result.errors.length > 0) {
            console.warn(`subscription result with errors: ${describe(result.errors)}`);
          }
          if (result.data !== undefined && result.data !== null) {
            options.onData(result.data);
          }
        },
        error: (error) => retryLater(error),
        complete: () => retryLater('completed by the server'),
      },
    );
  };

  return {
    start() {
      if (state.phase !== 'idle') return;
      const abort = new AbortController();
      const client = createClient({
        url: options.url,
        // Never give up: a wall screen outlives any outage. Every failure is worth a retry.
        retryAttempts: Number.POSITIVE_INFINITY,
        shouldRetry: () => true,
        retryWait: (retries) => wait(toBackoffMs(retries), abort.signal),
        keepAlive: 20_000,
        // Read at every (re)connection, so a new sign-in or screen token is used.
        connectionParams: toConnectionInitPayload,
        on: {
          connected: () => {
            if (state.phase === 'running') options.onPhase('open');
          },
          closed: (event) => {
            if (state.phase !== 'running') return;
            if (isRefusal(event)) reportRejectedToken(readToken(), 'socket');
            options.onPhase('down');
          },
        },
      });
      state = {
        phase: 'running',
        client,
        abort,
        unsubscribe: null,
        resubscribeTimer: null,
        failures: 0,
      };
      subscribe();
    },
    stop() {
      if (state.phase === 'running') {
        const { client, abort, unsubscribe, resubscribeTimer } = state;
        state = { phase: 'stopped' };
        if (resubscribeTimer !== null) clearTimeout(resubscribeTimer);
        unsubscribe?.();
        abort.abort();
        // dispose() awaits the pending connection: stopped while waiting to reconnect, that
        // connection is refused ('All Subscriptions Gone') and there is no socket to close.
        Promise.resolve(client.dispose()).catch(() => undefined);
        return;
      }
      state = { phase: 'stopped' };
    },
  };
}

/**
 * Whether the gateway refused the token: the socket closed with 4401/4403 (graphql-ws'
 * Unauthorized/Forbidden) or the subscription ended with an UNAUTHENTICATED error.
 */
function isRefusal(reason: unknown): boolean {
  if (isRecord(reason) && (reason.code === 4401 || reason.code === 4403)) return true;
  if (!Array.isArray(reason)) return false;
  try {
    return parseGraphQLErrors(reason).some((error) => error.code === 'UNAUTHENTICATED');
  } catch {
    return false;
  }
}

/** A close event, an error or a list of GraphQL errors, in one line for the console. */
function describe(reason: unknown): string {
  if (Array.isArray(reason)) {
    try {
      return parseGraphQLErrors(reason)
        .map((error) => error.message)
        .join('; ');
    } catch {
      return 'GraphQL errors';
    }
  }
  if (isRecord(reason) && typeof reason.code === 'number') {
    return `socket closed (${reason.code}${typeof reason.reason === 'string' && reason.reason ? ` ${reason.reason}` : ''})`;
  }
  return String(reason);
}
