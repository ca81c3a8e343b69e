import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock } from '../shared/china-time.ts';
import {
  allocate,
  distanceKm,
  districtByCode,
  districtShortNames,
  lerp,
  offsetKm,
  round6,
  type DistrictCode,
} from '../shared/geo.ts';
import { createIdMinter } from '../shared/ids.ts';
import { createRng, gaussian, hashSeed, pick, uniform } from '../shared/random.ts';
import { bump } from '../shared/seasons.ts';
import { intersection, seats } from '../shared/seats.ts';
import { unitIds } from '../hotline/units.ts';
import type { ReadDevice, TrafficDevice } from './device.ts';

/** Main roads between district seats (straight-line approximations). */
const corridors: ReadonlyArray<readonly [from: DistrictCode, to: DistrictCode, road: string]> = [
  ['411202', '411203', '陕州大道'],
  ['411202', '411221', 'G310国道'],
  ['411221', '411281', 'G310国道'],
  ['411202', '411282', 'G310国道'],
  ['411203', '411224', 'G209国道'],
  ['411282', '411224', '灵卢公路'],
];
/** Share of detectors on the corridors; the rest watch seat intersections. */
const CORRIDOR_SHARE = 0.5;
const approaches = ['东', '西', '南', '北'];

/** Places `count` traffic detectors: along the corridors between seats and at intersections. */
export function placeTrafficDetectors(seed: number, count: number): TrafficDevice[] {
  const rng = createRng(hashSeed(seed, 'traffic-detectors'));
  const mint = createIdMinter('tf', 4);
  const detectors: TrafficDevice[] = [];
  const used = new Set<string>();
  const centre = (code: DistrictCode) => {
    const [lon, lat] = districtByCode(code).center;
    return { lon, lat };
  };

  const onCorridors = Math.round(count * CORRIDOR_SHARE);
  const lengths = corridors.map(([a, b]) => distanceKm(centre(a), centre(b)));
  const perCorridor = allocate(onCorridors, lengths);
  corridors.forEach(([a, b, road], c) => {
    const n = perCorridor[c] ?? 0;
    const length = lengths[c] ?? 0;
    for (let i = 0; i < n; i++) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const t = (i + 0.25 + 0.5 * rng()) / n;
        const at = offsetKm(
          lerp(centre(a), centre(b), t),
          uniform(rng, -0.3, 0.3),
          uniform(rng, -0.3, 0.3),
        );
        const district = locateDistrict(at.lon, at.lat) as DistrictCode | null;
        // 桩号 chainage from the first seat, e.g. K23+400.
        const metres = Math.round(t * length * 10) * 100;
        const name = `${road}${districtShortNames[a]}至${districtShortNames[b]}段K${Math.floor(metres / 1000)}+${String(metres % 1000).padStart(3, '0')}检测器`;
        if (!district || used.has(name)) continue;
        used.add(name);
        detectors.push({
          id: mint(district),
          type: 'traffic',
          name,
          lon: round6(at.lon),
          lat: round6(at.lat),
          district,
          unitId: unitIds.trafficPolice,
          road: 'highway',
          lanes: 2,
          peakFlow: Math.round(uniform(rng, 500, 1400)),
          freeSpeed: Math.round(uniform(rng, 65, 85)),
        });
        break;
      }
    }
  });

  const perSeat = allocate(
    count - detectors.length,
    seats.map((s) => s.weight),
  );
  seats.forEach((seat, s) => {
    for (let n = 0; n < (perSeat[s] ?? 0); n++) {
      for (let attempt = 0; attempt < 500; attempt++) {
        const i = Math.floor(rng() * seat.eastWest.length);
        const j = Math.floor(rng() * seat.northSouth.length);
        const approach = pick(rng, approaches);
        const at = offsetKm(
          intersection(seat, i, j),
          uniform(rng, -0.03, 0.03),
          uniform(rng, -0.03, 0.03),
        );
        const name = `${seat.district}${seat.eastWest[i]}与${seat.northSouth[j]}交叉口${approach}进口检测器`;
        if (used.has(name) || locateDistrict(at.lon, at.lat) !== seat.code) continue;
        used.add(name);
        detectors.push({
          id: mint(seat.code),
          type: 'traffic',
          name,
          lon: round6(at.lon),
          lat: round6(at.lat),
          district: seat.code,
          unitId: unitIds.trafficPolice,
          road: 'urban',
          lanes: rng() < 0.5 ? 2 : 3,
          peakFlow: Math.round(uniform(rng, 700, 1800)),
          freeSpeed: Math.round(uniform(rng, 40, 55)),
        });
        break;
      }
    }
  });
  return detectors;
}

/** Relative flow by local hour: morning and evening peaks, a daytime plateau, quiet nights. */
export function trafficProfile(hour: number, weekend: boolean): number {
  const day = 1 / (1 + Math.exp(-(hour - 6.5) * 2)) / (1 + Math.exp((hour - 21.5) * 1.5));
  return (
    0.06 +
    0.5 * day +
    (weekend ? 0.2 : 0.45) * bump(hour, 8, 0.8, 24) +
    (weekend ? 0.3 : 0.5) * bump(hour, 18, 1.1, 24)
  );
}

const WEEKDAY_PEAK = trafficProfile(18, false);

/** A detector reading: flow by rush hours, speed falling with load and rain, occupancy. */
export const readTraffic: ReadDevice<TrafficDevice> = (detector, ms, rng, { weather }) => {
  const { hour, weekday } = chinaClock(ms);
  const { intensity } = weather.at(ms);
  const flow = Math.max(
    0,
    ((detector.peakFlow * trafficProfile(hour, weekday === 0 || weekday === 6)) / WEEKDAY_PEAK) *
      (1 - 0.1 * intensity) *
      (1 + 0.08 * gaussian(rng)),
  );
  const capacity = detector.lanes * (detector.road === 'urban' ? 900 : 1700);
  const load = Math.min(1.2, flow / capacity);
  const speed = Math.max(
    5,
    detector.freeSpeed *
      (1 - 0.55 * load ** 2) *
      (1 - 0.15 * intensity) *
      (1 + 0.05 * gaussian(rng)),
  );
  const occupancy = Math.min(0.95, (flow * 0.0065) / (detector.lanes * speed));
  return {
    metrics: {
      flow_vph: Math.round(Math.min(4000, flow)),
      speed_kmh: Math.round(Math.min(120, speed) * 10) / 10,
      occupancy: Math.round(occupancy * 1000) / 1000,
    },
  };
};
