import { useEffect, useReducer } from 'react';
import { requestGraphQL } from '../graphql/client.ts';
import { GraphQLRequestError } from '../graphql/graphql-error.ts';
import { createPoller } from '../live/poller.ts';
import {
  initialPolledQuery,
  type PolledQuery,
  type PolledQueryState,
  reducePolledQuery,
  toPolledQuery,
} from '../live/polled-query.ts';
import { ticketLocationsOperation } from './hotline-operations.ts';
import type { TicketLocation } from './hotline-types.ts';
import { type DateRange, toDayStart, toNextDay } from './period.ts';

/** The orders the map draws: the newest of the period, at most `maxTicketLocations`. */
export type TicketLocations = {
  tickets: TicketLocation[];
  /** True when the period has more orders than the map holds. */
  truncated: boolean;
};

/** The most orders the map holds: enough for a dense picture, light enough to page in. */
export const maxTicketLocations = 6_000;
const pageSize = 500;
const refreshIntervalMs = 30_000;
/** Every so many refreshes the whole period is read again (statuses change, orders do not move). */
const fullReloadEvery = 20;

type Page = Awaited<ReturnType<typeof ticketLocationsOperation.parse>>;

/**
 * Pages in the orders created in a period, newest first, then every 30 s reads only the newest
 * pages until it meets an order it already has.
 */
export function useTicketLocations(range: DateRange | null): PolledQuery<TicketLocations> {
  const [state, dispatch] = useReducer(
    reducePolledQuery<TicketLocations>,
    initialPolledQuery as PolledQueryState<TicketLocations>,
  );
  const key = range === null ? null : `${range.from}..${range.to}`;

  useEffect(() => {
    if (key === null) return;
    const [from = '', to = ''] = key.split('..');
    const created = { from: toDayStart(from), to: toDayStart(toNextDay(to)) };
    let tickets: TicketLocation[] = [];
    let truncated = false;
    let runs = 0;

    /** Reads pages until `stop` says so, the period ends or the map is full. */
    const readPages = async (
      signal: AbortSignal,
      stop: (page: Page) => boolean,
      onFirstPage?: (tickets: TicketLocation[]) => void,
    ): Promise<{ read: TicketLocation[]; more: boolean }> => {
      const read: TicketLocation[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page = await requestGraphQL(ticketLocationsOperation, {
          signal,
          variables: { ...created, first: pageSize, after },
        });
        read.push(...page.tickets);
        if (after === null && page.hasNextPage) onFirstPage?.(page.tickets);
        if (!page.hasNextPage || page.endCursor === null) return { read, more: false };
        if (stop(page) || read.length >= maxTicketLocations) return { read, more: true };
        after = page.endCursor;
      }
    };

    const poller = createPoller({
      intervalMs: refreshIntervalMs,
      run: async (signal) => {
        try {
          if (runs % fullReloadEvery === 0) {
            // The newest page shows at once on an empty map; the rest follows when all is read.
            const showFirst = (first: TicketLocation[]) => {
              if (runs === 0 && !signal.aborted) {
                dispatch({
                  type: 'loaded',
                  key,
                  data: { tickets: first, truncated: true },
                  at: Date.now(),
                });
              }
            };
            const { read, more } = await readPages(signal, () => false, showFirst);
            tickets = read.slice(0, maxTicketLocations);
            truncated = more || read.length > maxTicketLocations;
          } else {
            const known = new Set(tickets.map((ticket) => ticket.id));
            const { read } = await readPages(signal, (page) =>
              page.tickets.some((ticket) => known.has(ticket.id)),
            );
            const fresh = new Map(read.map((ticket) => [ticket.id, ticket]));
            const merged = [...read, ...tickets.filter((ticket) => !fresh.has(ticket.id))];
            truncated ||= merged.length > maxTicketLocations;
            tickets = merged.slice(0, maxTicketLocations);
          }
          runs += 1;
          if (!signal.aborted) {
            dispatch({ type: 'loaded', key, data: { tickets, truncated }, at: Date.now() });
          }
        } catch (error) {
          const code =
            error instanceof GraphQLRequestError ? error.code : 'TWIN_GRAPHQL_BAD_RESPONSE';
          if (!signal.aborted) dispatch({ type: 'failed', key, code });
        }
        return 'again';
      },
    });
    poller.start();
    return () => poller.stop();
  }, [key]);

  return key === null ? initialPolledQuery : toPolledQuery(state, key);
}
