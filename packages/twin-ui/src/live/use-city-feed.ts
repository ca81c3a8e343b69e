import { useEffect, useReducer } from 'react';
import { requestGraphQL } from '../graphql/client.ts';
import { citySnapshotOperation, districtsOperation } from '../graphql/city-operations.ts';
import { type CityFeed, type CityFeedEvent, initialCityFeed, reduceCityFeed } from './city-feed.ts';
import { createPoller } from './poller.ts';

/** How often the screen asks the gateway for fresh figures (and retries when it is down). */
export const pollIntervalMs = 5_000;

/** Loads the districts once (retrying until it works) and polls the city snapshot. */
export function useCityFeed(): CityFeed {
  const [feed, dispatch] = useReducer(reduceCityFeed, initialCityFeed);

  useEffect(() => {
    const report = (event: CityFeedEvent, signal: AbortSignal): void => {
      if (!signal.aborted) dispatch(event);
    };
    const districts = createPoller({
      intervalMs: pollIntervalMs,
      run: async (signal) => {
        try {
          const result = await requestGraphQL(districtsOperation, { signal });
          report({ type: 'districtsLoaded', districts: result, at: Date.now() }, signal);
          return 'done';
        } catch {
          report({ type: 'requestFailed' }, signal);
          return 'again';
        }
      },
    });
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
    districts.start();
    snapshot.start();
    return () => {
      districts.stop();
      snapshot.stop();
    };
  }, []);

  return feed;
}
