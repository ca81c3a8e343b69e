import { chinaClock, chinaDay, MINUTE_MS, toChinaIso } from '../shared/china-time.ts';
import { distanceKm, type LonLat } from '../shared/geo.ts';
import { createRng, hashSeed, type Rng } from '../shared/random.ts';
import type { HotlineCity } from '../hotline/tickets-of-day.ts';
import type { Device } from '../iot/device.ts';
import { isChronic, outageOf } from '../video/camera-status.ts';
import type { Camera, CameraSite } from '../video/cameras.ts';
import type { ScenarioKind } from './episode.ts';

/** The placed city episodes happen in: every device and camera, whichever streams run. */
export interface ScenarioCity {
  seed: number;
  devices: readonly Device[];
  cameras: readonly Camera[];
  hotline: HotlineCity;
}

/** The rng of the episode of `kind` starting at `start`. */
export const episodeRng = (seed: number, kind: ScenarioKind, start: number): Rng =>
  createRng(hashSeed(seed, 'scenario', kind, start));

/** `{kind}@{start}` in China time, to the minute. */
export const episodeId = (kind: ScenarioKind, start: number): string =>
  `${kind}@${toChinaIso(start).slice(0, 16)}`;

/** `HH:MM`, local time. */
export function clockText(ms: number): string {
  const { hour } = chinaClock(ms);
  const minutes = Math.floor(hour * 60 + 1e-6);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Whether `camera` is online through [from, to] by its own (seeded) status: not one of the flaky
 * few, and no outage of its own near the window.
 */
export function steadyCamera(camera: Camera, from: number, to: number, seed: number): boolean {
  if (isChronic(camera, seed)) return false;
  for (let day = chinaDay(from) - 1; day <= chinaDay(to); day++) {
    const outage = outageOf(camera, day, seed);
    if (outage && outage.start < to + 30 * MINUTE_MS && outage.end > from - 30 * MINUTE_MS)
      return false;
  }
  return true;
}

/** The camera nearest `point` among those `accept`s, if one is within `maxKm`. */
export function nearestCamera(
  point: LonLat,
  cameras: readonly Camera[],
  maxKm: number,
  accept: (camera: Camera) => boolean,
): { camera: Camera; km: number } | null {
  let best: { camera: Camera; km: number } | null = null;
  for (const camera of cameras) {
    const km = distanceKm(point, camera);
    if (km <= maxKm && (!best || km < best.km) && accept(camera)) best = { camera, km };
  }
  return best;
}

/** Camera sites that watch a street: where a crowd, a fire or standing water is seen. */
export const streetSites: ReadonlySet<CameraSite> = new Set(['intersection', 'street', 'square']);

/** `count` instants from `from` to `to`, ascending, evenly spread with a little jitter. */
export function spreadTimes(rng: Rng, from: number, to: number, count: number): number[] {
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => Math.floor(from + (i + 0.1 + 0.8 * rng()) * step));
}
