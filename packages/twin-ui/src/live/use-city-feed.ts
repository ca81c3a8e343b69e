import { useEffect, useReducer } from 'react';
import { requestGraphQL } from '../graphql/client.ts';
import { citySnapshotOperation, districtsOperation } from '../graphql/city-operations.ts';
import { type CityFeed, type CityFeedEvent, initialCityFeed, reduceCityFeed } from './city-feed.ts';
import { useReportLink } from './app-link.ts';
import { createPoller } from './poller.ts';

/** How often the screen asks the gateway for fresh figures (and retries when it is down). */
export const pollIntervalMs = 5_000;

/**
 * Loads the districts once (retrying until it works) and, while `pollSnapshot` is true, polls
 * the city snapshot (air-quality stations, ingest counters).
 */
export function useCityFeed({ pollSnapshot = true }: { pollSnapshot?: boolean } = {}): CityFeed {
  const [feed, dispatch] = useReducer(reduceCityFeed, initialCityFeed);

  useEffect(() => {
    const districts = createPoller({
      intervalMs: pollIntervalMs,
      run: async (signal) => {
        try {
          const result = await requestGraphQL(districtsOperation, { signal });
          if (!signal.aborted)
            dispatch({ type: 'districtsLoaded', districts: result, at: Date.now() });
          return 'done';
        } catch {
          if (!signal.aborted) dispatch({ type: 'requestFailed' });
          return 'again';
        }
      },
    });
    districts.start();
    return () => districts.stop();
  }, []);

  useEffect(() => {
    if (!pollSnapshot) return;
    const report = (event: CityFeedEvent, signal: AbortSignal): void => {
      if (!signal.aborted) dispatch(event);
    };
    const snapshot = createPoller({
      intervalMs: pollIntervalMs,
      run: async (signal) => {
        try {
          const result = await requestGraphQL(citySnapshotOperation, { signal });
          report({ type: 'snapshotLoaded', snapshot: result, at: Date.now() }, signal);
        } catch {
          report({ type: 'requestFailed' }, signal);
        }
        return 'again';
      },
    });
    snapshot.start();
    return () => snapshot.stop();
  }, [pollSnapshot]);

  useReportLink(feed.link);
  return feed;
}
