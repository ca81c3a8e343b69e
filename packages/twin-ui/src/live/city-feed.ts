import type { CitySnapshot, District } from '../graphql/types.ts';

/** The link to the gateway, as the header and the banner show it. */
export type LinkState =
  | { phase: 'connecting' }
  | { phase: 'live'; updatedAt: number }
  | { phase: 'reconnecting'; updatedAt: number | null };

/** Everything the screen shows, as last received. */
export type CityFeed = {
  link: LinkState;
  districts: District[] | null;
  snapshot: CitySnapshot | null;
};

export type CityFeedEvent =
  | { type: 'districtsLoaded'; districts: District[]; at: number }
  | { type: 'snapshotLoaded'; snapshot: CitySnapshot; at: number }
  | { type: 'requestFailed' };

export const initialCityFeed: CityFeed = {
  link: { phase: 'connecting' },
  districts: null,
  snapshot: null,
};

/** Applies one feed event; arrays are replaced, never mutated. */
export function reduceCityFeed(feed: CityFeed, event: CityFeedEvent): CityFeed {
  switch (event.type) {
    case 'districtsLoaded':
      return { ...feed, districts: event.districts, link: { phase: 'live', updatedAt: event.at } };
    case 'snapshotLoaded':
      return { ...feed, snapshot: event.snapshot, link: { phase: 'live', updatedAt: event.at } };
    case 'requestFailed':
      return { ...feed, link: { phase: 'reconnecting', updatedAt: lastUpdate(feed.link) } };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

function lastUpdate(link: LinkState): number | null {
  switch (link.phase) {
    case 'connecting':
      return null;
    case 'live':
    case 'reconnecting':
      return link.updatedAt;
    default: {
      const unknownLink: never = link;
      return unknownLink;
    }
  }
}
