import type { CameraEventType } from '@city-twin/events';
import { chinaClock, MINUTE_MS } from '../shared/china-time.ts';
import { createRng, hashSeed, logNormal, poisson, uniform, type Rng } from '../shared/random.ts';
import { bump, summerness } from '../shared/seasons.ts';
import type { Weather } from '../shared/weather.ts';
import { isOnline } from './camera-status.ts';
import type { Camera, CameraSite } from './cameras.ts';

/** One AI detection of one camera. */
export interface CameraDetection {
  camera: Camera;
  /** Start of the bucket it was drawn in. */
  bucketStart: number;
  at: number;
  type: CameraEventType;
  confidence: number;
  severity: number;
  count?: number;
}

/** Detections are drawn per camera per ten simulated minutes. */
export const BUCKET_MS = 10 * MINUTE_MS;

const eventOrder: readonly CameraEventType[] = [
  'illegal_parking',
  'garbage_overflow',
  'road_occupation',
  'traffic_accident',
  'crowd_gathering',
  'fire_smoke',
  'waterlogging',
  'intrusion',
];

interface Conditions {
  hour: number;
  weekend: boolean;
  summer: number;
  /** Rain intensity now, 0–1. */
  rain: number;
}

/** Daytime, 07:00–20:00 with soft edges. */
const daytime = (hour: number): number =>
  1 / (1 + Math.exp(-(hour - 7) * 2)) / (1 + Math.exp((hour - 20.5) * 2));

/** Expected detections per hour of one camera at `site` for event `type`. */
export function hourlyRate(type: CameraEventType, site: CameraSite, c: Conditions): number {
  const { hour, weekend, summer, rain } = c;
  switch (type) {
    case 'illegal_parking': // 违停: the commonest, by day, around school gates at drop-off and pick-up
      if (site === 'riverside' || site === 'square') return 0.02 + 0.08 * daytime(hour);
      return (
        0.03 +
        0.3 * daytime(hour) +
        (site === 'school' && !weekend
          ? 0.6 * (bump(hour, 7.6, 0.4, 24) + bump(hour, 17, 0.5, 24))
          : 0)
      );
    case 'garbage_overflow': // 垃圾满溢: before the morning and evening collection rounds, worse in summer
      if (site === 'riverside' || site === 'school') return 0.01 * daytime(hour);
      return (
        (0.04 + 0.12 * bump(hour, 9, 1.5, 24) + 0.15 * bump(hour, 20.5, 1.5, 24)) *
        (0.8 + 0.5 * summer)
      );
    case 'road_occupation': // 占道经营: street vendors, evening markets
      if (site === 'street' || site === 'square')
        return 0.04 * daytime(hour) + 0.3 * bump(hour, 19.5, 1.5, 24);
      return site === 'intersection' ? 0.02 * daytime(hour) : 0.005;
    case 'traffic_accident': // 交通事故: rush hours and wet roads
      if (site === 'intersection')
        return (0.002 + 0.006 * (bump(hour, 8, 1, 24) + bump(hour, 18, 1.2, 24))) * (1 + 2 * rain);
      return site === 'street' ? 0.0015 * (1 + 2 * rain) : 0;
    case 'crowd_gathering': // 人群聚集: squares in the evening (广场舞), school gates at dismissal
      if (site === 'square') return (0.02 + 0.9 * bump(hour, 20.2, 1, 24)) * (1 - 0.8 * rain);
      if (site === 'school' && !weekend) return 0.3 * bump(hour, 17, 0.4, 24);
      return 0.003 * daytime(hour);
    case 'fire_smoke': // 烟火: very rare, a little likelier in the dry winter
      return 0.00012 * (1.6 - summer);
    case 'waterlogging': // 积水: only in rain, and only real rain
      if (site === 'school' || site === 'square') return 0.1 * Math.max(0, rain - 0.3);
      return 0.6 * Math.max(0, rain - 0.3);
    case 'intrusion': // 区域入侵: people at the water's edge (防溺水) on summer afternoons, schools at night
      if (site === 'riverside') return 0.01 + 0.12 * summer * bump(hour, 16, 2.5, 24) * (1 - rain);
      return site === 'school' ? 0.008 * (1 - daytime(hour)) : 0;
    default: {
      const unreachable: never = type;
      throw new Error(`unknown event type ${String(unreachable)}`);
    }
  }
}

function detailsOf(
  type: CameraEventType,
  camera: Camera,
  rain: number,
  rng: Rng,
): Pick<CameraDetection, 'confidence' | 'severity' | 'count'> {
  // Detectors are sure of parked cars and less sure of smoke (steam, barbecue, dust …).
  const confidence = (lo: number, hi: number): number =>
    Math.round(uniform(rng, lo, hi) ** 0.8 * 100) / 100;
  switch (type) {
    case 'fire_smoke':
      return { confidence: Math.max(0.5, confidence(0.5, 0.95)), severity: 5 };
    case 'traffic_accident':
      return {
        confidence: Math.max(0.5, confidence(0.55, 0.97)),
        severity: 4,
        count: rng() < 0.8 ? 2 : 3,
      };
    case 'crowd_gathering': {
      const median = camera.site === 'square' ? 120 : camera.site === 'school' ? 70 : 30;
      const count = Math.max(20, Math.round(logNormal(rng, median, 0.5)));
      return {
        confidence: Math.max(0.5, confidence(0.6, 0.99)),
        severity: count > 300 ? 4 : 3,
        count,
      };
    }
    case 'waterlogging':
      return { confidence: Math.max(0.5, confidence(0.55, 0.95)), severity: rain > 0.7 ? 4 : 3 };
    case 'intrusion':
      return {
        confidence: Math.max(0.5, confidence(0.6, 0.98)),
        severity: 3,
        count: 1 + Math.floor(rng() * 3),
      };
    case 'road_occupation':
      return {
        confidence: Math.max(0.5, confidence(0.6, 0.97)),
        severity: 2,
        count: 1 + Math.floor(rng() * 6),
      };
    case 'illegal_parking':
      return {
        confidence: Math.max(0.5, confidence(0.7, 0.99)),
        severity: 2,
        count: 1 + Math.floor(rng() * rng() * 4),
      };
    case 'garbage_overflow':
      return { confidence: Math.max(0.5, confidence(0.6, 0.98)), severity: 1 };
    default: {
      const unreachable: never = type;
      throw new Error(`unknown event type ${String(unreachable)}`);
    }
  }
}

/**
 * Every detection of `cameras` in the bucket starting at `bucketStart` (a multiple of
 * {@link BUCKET_MS}), oldest first; offline cameras see nothing. Pure in its arguments.
 */
export function detectionsInBucket(
  cameras: readonly Camera[],
  bucketStart: number,
  seed: number,
  weather: Weather,
): CameraDetection[] {
  const rng = createRng(hashSeed(seed, 'camera-events', bucketStart));
  const middle = bucketStart + BUCKET_MS / 2;
  const { hour, weekday, dayOfYear } = chinaClock(middle);
  const rain = weather.at(middle).intensity;
  const conditions: Conditions = {
    hour,
    weekend: weekday === 0 || weekday === 6,
    summer: summerness(dayOfYear),
    rain,
  };
  const hours = BUCKET_MS / 3_600_000;
  // Rates depend on the site, not the camera: work them out once per bucket.
  const expected = new Map<CameraSite, number[]>();
  const detections: CameraDetection[] = [];
  for (const camera of cameras) {
    let means = expected.get(camera.site);
    if (!means) {
      means = eventOrder.map((type) => hourlyRate(type, camera.site, conditions) * hours);
      expected.set(camera.site, means);
    }
    eventOrder.forEach((type, t) => {
      const n = poisson(rng, means[t] ?? 0);
      for (let k = 0; k < n; k++) {
        const at = bucketStart + Math.floor(rng() * BUCKET_MS);
        const details = detailsOf(type, camera, rain, rng);
        if (!isOnline(camera, at, seed)) continue;
        detections.push({ camera, bucketStart, at, type, ...details });
      }
    });
  }
  return detections.sort((a, b) => a.at - b.at);
}
