import { useCallback, useMemo, useSyncExternalStore } from 'react';
import {
  type DateRange,
  defaultPeriod,
  isLocalDate,
  isSamePeriod,
  parsePeriodParam,
  type Period,
  toPeriodParam,
} from '../hotline/period.ts';

/** What the chosen period is compared with: the previous one of the same length, or chosen days. */
export type Comparison = { kind: 'previous' } | ({ kind: 'custom' } & DateRange);

/** The window of a device's series. */
export const deviceWindows = ['24h', '7d'] as const;
export type DeviceWindow = (typeof deviceWindows)[number];

/**
 * Where the leader is in the cockpit: the drill path (city → district → unit → work order, or
 * district → device), the period and its comparison. Everything lives in the URL, so a link
 * opens the same view.
 */
export type CockpitLocation = {
  period: Period;
  compare: Comparison;
  /** District code (区县), or null for the whole city. */
  district: string | null;
  unitId: string | null;
  ticketId: string | null;
  deviceId: string | null;
  deviceWindow: DeviceWindow;
};

export const defaultCockpitLocation: CockpitLocation = {
  period: defaultPeriod,
  compare: { kind: 'previous' },
  district: null,
  unitId: null,
  ticketId: null,
  deviceId: null,
  deviceWindow: '24h',
};

const districtPattern = /^\d{6}$/;
const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;

function readId(params: URLSearchParams, name: string, pattern = idPattern): string | null {
  const value = params.get(name);
  return value !== null && pattern.test(value) ? value : null;
}

/** Reads `compare`: `previous` (the default) or `from..to`; anything unreadable is the default. */
export function parseComparison(value: string | null): Comparison {
  const [from = '', to = '', ...rest] = (value ?? '').split('..');
  if (rest.length === 0 && isLocalDate(from) && isLocalDate(to) && from <= to) {
    return { kind: 'custom', from, to };
  }
  return { kind: 'previous' };
}

/** How a comparison is written in the URL. */
export function toComparisonParam(compare: Comparison): string {
  return compare.kind === 'custom' ? `${compare.from}..${compare.to}` : 'previous';
}

/**
 * Reads the cockpit's part of a query string. Unreadable values fall back to the defaults; a
 * device replaces the unit and the work order (the two paths do not mix).
 */
export function parseCockpitLocation(search: string): CockpitLocation {
  const params = new URLSearchParams(search);
  const deviceId = readId(params, 'device');
  const window = params.get('window');
  return {
    period: parsePeriodParam(params.get('period')),
    compare: parseComparison(params.get('compare')),
    district: readId(params, 'district', districtPattern),
    unitId: deviceId === null ? readId(params, 'unit') : null,
    ticketId: deviceId === null ? readId(params, 'ticket') : null,
    deviceId,
    deviceWindow: (deviceWindows as readonly (string | null)[]).includes(window)
      ? (window as DeviceWindow)
      : '24h',
  };
}

/**
 * The query string for a cockpit location, keeping the parameters it does not own (the scene,
 * a screen token). Defaults are left out.
 */
export function toCockpitSearch(location: CockpitLocation, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  const set = (name: string, value: string | null) => {
    if (value === null) params.delete(name);
    else params.set(name, value);
  };
  set(
    'period',
    isSamePeriod(location.period, defaultPeriod) ? null : toPeriodParam(location.period),
  );
  set('compare', location.compare.kind === 'previous' ? null : toComparisonParam(location.compare));
  set('district', location.district);
  set('device', location.deviceId);
  set('unit', location.deviceId === null ? location.unitId : null);
  set('ticket', location.deviceId === null ? location.ticketId : null);
  set(
    'window',
    location.deviceId === null || location.deviceWindow === '24h' ? null : location.deviceWindow,
  );
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The drill path's depth: a deeper view is a new history entry, so Back climbs up. */
function toDrillKey(location: CockpitLocation): string {
  return [location.district, location.unitId, location.ticketId, location.deviceId].join('/');
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

const readSearch = (): string => window.location.search;

/**
 * The cockpit location from the URL, and a way to change it: a drill step pushes a history
 * entry, a new period, comparison or series window replaces the current one.
 */
export function useCockpitLocation(): [CockpitLocation, (next: CockpitLocation) => void] {
  const search = useSyncExternalStore(subscribe, readSearch);
  const location = useMemo(() => parseCockpitLocation(search), [search]);
  const navigate = useCallback((next: CockpitLocation) => {
    const current = parseCockpitLocation(window.location.search);
    const nextSearch = toCockpitSearch(next, window.location.search);
    if (nextSearch === window.location.search) return;
    const url = `${window.location.pathname}${nextSearch}${window.location.hash}`;
    if (toDrillKey(next) === toDrillKey(current)) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    // pushState and replaceState fire no popstate: tell the subscribers ourselves.
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [location, navigate];
}
