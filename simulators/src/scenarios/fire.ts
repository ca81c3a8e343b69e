import { MINUTE_MS } from '../shared/china-time.ts';
import { pick, uniform } from '../shared/random.ts';
import { BUCKET_MS, type CameraDetection } from '../video/camera-events.ts';
import type { Episode } from './episode.ts';
import {
  episodeId,
  episodeRng,
  spreadTimes,
  steadyCamera,
  streetSites,
  type ScenarioCity,
} from './scenario-city.ts';

/** How long the camera sees it, minutes, and how often it says so. */
const BURNING_MINUTES = 16;
const DETECTIONS = 12;

/**
 * 火情: a street camera sees fire or smoke about every 80 seconds for some sixteen minutes —
 * smoke first (confidence 0.62–0.72), then flames (0.80–0.95), then smoke again while it is put
 * out. camera.fire-smoke (≥ 0.6) opens at the first and is updated by the rest.
 */
export function buildFire(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'fire', start);
  const end = start + BURNING_MINUTES * MINUTE_MS;
  const candidates = city.cameras.filter(
    (camera) => streetSites.has(camera.site) && steadyCamera(camera, start, end, city.seed),
  );
  if (candidates.length === 0) return null;
  const camera = pick(rng, candidates);
  const detections: CameraDetection[] = spreadTimes(rng, start, end, DETECTIONS).map((at, i) => {
    const [lo, hi] = i < 3 ? [0.62, 0.72] : i < DETECTIONS - 3 ? [0.8, 0.95] : [0.64, 0.78];
    return {
      camera,
      bucketStart: Math.floor(at / BUCKET_MS) * BUCKET_MS,
      at,
      type: 'fire_smoke',
      confidence: Math.round(uniform(rng, lo, hi) * 100) / 100,
      severity: 5,
    };
  });
  return {
    id: episodeId('fire', start),
    kind: 'fire',
    start,
    end,
    district: camera.district,
    summary: `火情：${camera.name}连续约 ${BURNING_MINUTES} 分钟检测到烟火`,
    effects: { rain: [], readings: [], detections, outages: [], tickets: [] },
  };
}
