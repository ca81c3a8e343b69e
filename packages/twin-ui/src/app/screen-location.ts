import { useCallback, useMemo, useSyncExternalStore } from 'react';
import {
  defaultPeriod,
  isSamePeriod,
  parsePeriodParam,
  type Period,
  toPeriodParam,
} from '../hotline/period.ts';

/**
 * The screens the header switches between; the overview is the default. The cockpit is for
 * people (leaders on a laptop or tablet), not for wall screens.
 */
export const scenes = [
  'overview',
  'hotline',
  'alerts',
  'iot',
  'video',
  'city3d',
  'cockpit',
] as const;
export type Scene = (typeof scenes)[number];

/** What the URL says the screen shows: `?scene=hotline&period=month`, so links are shareable. */
export type ScreenLocation = { scene: Scene; period: Period };

/** Reads a query string; unknown or missing values fall back to the defaults. */
export function parseScreenLocation(search: string): ScreenLocation {
  const params = new URLSearchParams(search);
  const scene = params.get('scene');
  return {
    scene: (scenes as readonly (string | null)[]).includes(scene) ? (scene as Scene) : 'overview',
    period: parsePeriodParam(params.get('period')),
  };
}

/**
 * The query string for a location, keeping parameters this screen does not own. Defaults are
 * left out, so the plain URL stays the overview.
 */
export function toScreenSearch(location: ScreenLocation, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  if (location.scene === 'overview') params.delete('scene');
  else params.set('scene', location.scene);
  if (location.scene !== 'hotline' || isSamePeriod(location.period, defaultPeriod)) {
    params.delete('period');
  } else {
    params.set('period', toPeriodParam(location.period));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

const readSearch = (): string => window.location.search;

/**
 * The screen location from the URL, and a way to change it. A new scene is a history entry
 * (Back returns to the previous scene); a new period replaces the current entry.
 */
export function useScreenLocation(): [ScreenLocation, (next: ScreenLocation) => void] {
  const search = useSyncExternalStore(subscribe, readSearch);
  const location = useMemo(() => parseScreenLocation(search), [search]);
  const navigate = useCallback((next: ScreenLocation) => {
    const current = parseScreenLocation(window.location.search);
    const nextSearch = toScreenSearch(next, window.location.search);
    if (nextSearch === window.location.search) return;
    const url = `${window.location.pathname}${nextSearch}${window.location.hash}`;
    if (next.scene === current.scene) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    // pushState and replaceState fire no popstate: tell the subscribers ourselves.
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [location, navigate];
}
