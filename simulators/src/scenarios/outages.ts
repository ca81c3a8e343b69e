import type { DeviceType } from '@city-twin/events';
import { HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import { pick, uniform } from '../shared/random.ts';
import type { Episode } from './episode.ts';
import {
  episodeId,
  episodeRng,
  steadyCamera,
  streetSites,
  type ScenarioCity,
} from './scenario-city.ts';

/**
 * Device types whose silence a rule watches and that stay put (ambulances move); not heating
 * stations or manholes, which the utility failures script.
 */
const silentTypes: readonly DeviceType[] = [
  'air_quality',
  'water_level',
  'noise',
  'traffic',
  'streetlight',
];

/**
 * A device stops reporting (a lost link, a dead battery) for 40–50 minutes — longer than any
 * silence rule's limit (5–15 minutes) — and then reports again.
 */
export function buildDeviceSilence(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'device_silence', start);
  const type = pick(rng, silentTypes);
  const candidates = city.devices.filter((d) => d.type === type);
  if (candidates.length === 0) return null;
  const device = pick(rng, candidates);
  const minutes = Math.round(uniform(rng, 40, 50));
  const end = start + minutes * MINUTE_MS;
  return {
    id: episodeId('device_silence', start),
    kind: 'device_silence',
    start,
    end,
    district: device.district,
    summary: `停报：${device.name}通信中断约 ${minutes} 分钟`,
    effects: {
      rain: [],
      readings: [{ deviceId: device.id, from: start, to: end, apply: () => null }],
      detections: [],
      outages: [],
      tickets: [],
    },
  };
}

/**
 * A camera goes offline (status `online: false`) for 24–34 minutes and comes back: one on the
 * riverside or at a school gate, never one of the street cameras the other episodes need.
 */
export function buildCameraOutage(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'camera_outage', start);
  const candidates = city.cameras.filter(
    (camera) =>
      !streetSites.has(camera.site) &&
      steadyCamera(camera, start - HOUR_MS, start + HOUR_MS, city.seed),
  );
  if (candidates.length === 0) return null;
  const camera = pick(rng, candidates);
  const minutes = Math.round(uniform(rng, 24, 34));
  const end = start + minutes * MINUTE_MS;
  return {
    id: episodeId('camera_outage', start),
    kind: 'camera_outage',
    start,
    end,
    district: camera.district,
    summary: `离线：${camera.name}离线约 ${minutes} 分钟后恢复`,
    effects: {
      rain: [],
      readings: [],
      detections: [],
      outages: [{ camera, start, end }],
      tickets: [],
    },
  };
}
