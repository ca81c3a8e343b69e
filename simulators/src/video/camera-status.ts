import { chinaDay, chinaDayStart, DAY_MS, MINUTE_MS } from '../shared/china-time.ts';
import { createRng, hashSeed, logNormal } from '../shared/random.ts';
import type { Camera } from './cameras.ts';

/** A camera offline from `start` to `end` (both within one local day). */
export interface Outage {
  start: number;
  end: number;
}

/** A status change of a camera. */
export interface StatusChange {
  camera: Camera;
  online: boolean;
  at: number;
}

/** Share of cameras with a flaky link or power supply, which drop out far more often. */
const CHRONIC_SHARE = 0.03;
/** How far back {@link statusAt} looks for the last change. */
const LOOKBACK_DAYS = 14;

/** Whether `camera` is one of the flaky few. */
export function isChronic(camera: Camera, seed: number): boolean {
  return hashSeed(seed, 'camera-chronic', camera.id) / 2 ** 32 < CHRONIC_SHARE;
}

/**
 * The outage of `camera` on local day `day`, if any: about one camera-day in fifty (one in three
 * for a chronic camera), tens of minutes (hours) long, over by the end of the day.
 */
export function outageOf(camera: Camera, day: number, seed: number): Outage | null {
  const rng = createRng(hashSeed(seed, 'camera-outage', camera.id, day));
  const chronic = isChronic(camera, seed);
  if (rng() >= (chronic ? 0.35 : 0.02)) return null;
  const dayStart = chinaDayStart(day);
  const start = Math.floor(dayStart + rng() * (DAY_MS - 10 * MINUTE_MS));
  const minutes = Math.max(2, logNormal(rng, chronic ? 180 : 40, 1));
  const end = Math.min(Math.floor(start + minutes * MINUTE_MS), dayStart + DAY_MS - MINUTE_MS);
  return { start, end };
}

/** Whether `camera` is online at `ms`. */
export function isOnline(camera: Camera, ms: number, seed: number): boolean {
  const outage = outageOf(camera, chinaDay(ms), seed);
  return !outage || ms < outage.start || ms >= outage.end;
}

/**
 * The status of `camera` at `ms` and since when it has held: the last change within the
 * lookback, else the start of the lookback.
 */
export function statusAt(
  camera: Camera,
  ms: number,
  seed: number,
): { online: boolean; since: number } {
  const today = chinaDay(ms);
  for (let day = today; day > today - LOOKBACK_DAYS; day--) {
    const outage = outageOf(camera, day, seed);
    if (!outage || outage.start > ms) continue;
    return ms < outage.end
      ? { online: false, since: outage.start }
      : { online: true, since: outage.end };
  }
  return { online: true, since: chinaDayStart(today - LOOKBACK_DAYS + 1) };
}

/** Status changes of `cameras` in (from, to], oldest first. */
export function statusChangesBetween(
  cameras: readonly Camera[],
  from: number,
  to: number,
  seed: number,
): StatusChange[] {
  const changes: StatusChange[] = [];
  for (let day = chinaDay(from); day <= chinaDay(to); day++) {
    for (const camera of cameras) {
      const outage = outageOf(camera, day, seed);
      if (!outage) continue;
      if (outage.start > from && outage.start <= to)
        changes.push({ camera, online: false, at: outage.start });
      if (outage.end > from && outage.end <= to)
        changes.push({ camera, online: true, at: outage.end });
    }
  }
  return changes.sort((a, b) => a.at - b.at);
}
