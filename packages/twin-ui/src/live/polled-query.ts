import type { GraphQLErrorCode } from '../graphql/graphql-error.ts';
import type { LinkState } from './city-feed.ts';

/** One polled query as a panel shows it: the last data for the current variables and the link. */
export type PolledQuery<T> = {
  link: LinkState;
  /** Last result for the current variables; kept while reconnecting. */
  data: T | null;
  /** Why the last request failed, while it is failing. */
  failure: GraphQLErrorCode | null;
};

/** What the poller tells the state: a result or a failure, for the variables it ran with. */
export type PolledQueryEvent<T> =
  | { type: 'loaded'; key: string; data: T; at: number }
  | { type: 'failed'; key: string; code: GraphQLErrorCode };

/** The state of a polled query, keyed by the variables it was loaded with. */
export type PolledQueryState<T> = PolledQuery<T> & { key: string | null };

export const initialPolledQuery: PolledQueryState<never> = {
  key: null,
  link: { phase: 'connecting' },
  data: null,
  failure: null,
};

/** Applies a poll result; a result for other variables than the last starts afresh. */
export function reducePolledQuery<T>(
  state: PolledQueryState<T>,
  event: PolledQueryEvent<T>,
): PolledQueryState<T> {
  const current = state.key === event.key ? state : { ...initialPolledQuery, key: event.key };
  switch (event.type) {
    case 'loaded':
      return {
        key: event.key,
        data: event.data,
        link: { phase: 'live', updatedAt: event.at },
        failure: null,
      };
    case 'failed':
      return {
        ...current,
        link: {
          phase: 'reconnecting',
          updatedAt: current.link.phase === 'connecting' ? null : current.link.updatedAt,
        },
        failure: event.code,
      };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

/** The state as seen for the given variables: nothing yet when it belongs to others. */
export function toPolledQuery<T>(state: PolledQueryState<T>, key: string): PolledQuery<T> {
  return state.key === key ? state : initialPolledQuery;
}

/**
 * The link of a screen made of several queries: reconnecting when any is, connecting while any
 * has not answered yet, else live as of the oldest last update.
 */
export function combineLinks(links: readonly LinkState[]): LinkState {
  let connecting = false;
  let reconnecting = false;
  let oldestUpdate: number | null = null;
  for (const link of links) {
    if (link.phase === 'connecting') connecting = true;
    if (link.phase === 'reconnecting') reconnecting = true;
    if (link.phase !== 'connecting' && link.updatedAt !== null) {
      oldestUpdate =
        oldestUpdate === null ? link.updatedAt : Math.min(oldestUpdate, link.updatedAt);
    }
  }
  if (reconnecting) return { phase: 'reconnecting', updatedAt: oldestUpdate };
  if (connecting || oldestUpdate === null) return { phase: 'connecting' };
  return { phase: 'live', updatedAt: oldestUpdate };
}
