import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock, HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import { placeVillages } from '../shared/communities.ts';
import {
  allocate,
  distanceKm,
  lerp,
  offsetKm,
  round6,
  type DistrictCode,
  type LonLat,
} from '../shared/geo.ts';
import { createRng, gaussian, hashSeed, uniform } from '../shared/random.ts';
import { bump } from '../shared/seasons.ts';
import { seatOf, seatPoint, seats } from '../shared/seats.ts';
import { unitIds } from '../hotline/units.ts';
import type { AmbulanceDevice, ReadDevice } from './device.ts';

/** A 120 station (急救站): a hospital, or a township health centre's post. */
export interface AmbulanceStation extends LonLat {
  name: string;
  district: DistrictCode;
  hospital: boolean;
  /** Ambulances based here at scale 1. */
  fleet: number;
}

type HospitalSpec = readonly [
  name: string,
  district: DistrictCode,
  eastKm: number,
  northKm: number,
  fleet: number,
];

const hospitalSpecs: readonly HospitalSpec[] = [
  ['三门峡市中心医院', '411202', 0.6, 0.5, 4],
  ['黄河三门峡医院', '411202', -1.2, 0.8, 4],
  ['三门峡市中医院', '411202', 0.2, -0.8, 3],
  ['陕州区人民医院', '411203', 0.2, 0.3, 3],
  ['渑池县人民医院', '411221', 0.3, -0.2, 3],
  ['卢氏县人民医院', '411224', -0.2, 0.2, 3],
  ['义马市人民医院', '411281', 0.4, 0.1, 3],
  ['灵宝市第一人民医院', '411282', 0.3, 0.4, 3],
];

/** The hospitals ambulances take patients to. */
export const hospitals: readonly AmbulanceStation[] = hospitalSpecs.map(
  ([name, district, east, north, fleet]) => {
    const at = seatPoint(seatOf(district), east, north);
    return { name, district, hospital: true, fleet, lon: round6(at.lon), lat: round6(at.lat) };
  },
);

/** Hospitals plus one township post (乡镇急救站) per county, deterministic for `seed`. */
export function ambulanceStations(seed: number): AmbulanceStation[] {
  const villages = placeVillages(seed);
  const posts = seats
    .filter((seat) => seat.code !== '411202')
    .flatMap((seat) => {
      const village = villages.find((v) => v.district === seat.code);
      if (!village) return [];
      const town = village.name.replace(/村$/, '');
      return [
        {
          name: `${seat.district}${town}卫生院急救站`,
          district: seat.code,
          hospital: false,
          fleet: 1,
          lon: village.lon,
          lat: village.lat,
        },
      ];
    });
  return [...hospitals, ...posts];
}

/** Places about `count` ambulances (~31 at scale 1) at the stations, by each station's fleet. */
export function placeAmbulances(seed: number, count: number): AmbulanceDevice[] {
  const stations = ambulanceStations(seed);
  const perStation = allocate(
    count,
    stations.map((s) => s.fleet),
  );
  const numbers = new Map<string, number>();
  return stations.flatMap((station, s) =>
    Array.from({ length: perStation[s] ?? 0 }, (_, k) => {
      const n = (numbers.get(station.district) ?? 0) + 1;
      numbers.set(station.district, n);
      return {
        id: `amb-${station.district}-${String(n).padStart(2, '0')}`,
        type: 'ambulance' as const,
        name: `${station.name}${String(k + 1).padStart(2, '0')}号急救车`,
        lon: station.lon,
        lat: station.lat,
        district: station.district,
        unitId: unitIds.ambulanceCentre,
        station: station.name,
        urban: station.hospital,
      };
    }),
  );
}

/** Ambulance states of the contract: 0 idle, 1 dispatched, 2 on scene, 3 transporting. */
export type AmbulanceState = 0 | 1 | 2 | 3;

/** One stretch of a mission: driving (from ≠ to) or waiting (from = to). */
export interface Leg {
  from: LonLat;
  to: LonLat;
  start: number;
  end: number;
  state: AmbulanceState;
  speedKmh: number;
}

/** Missions are drawn per two-hour epoch: at most one each, finished within it. */
export const EPOCH_MS = 2 * HOUR_MS;
/** Straight-line legs; roads are longer, so the effective pace is slower than the speedometer. */
const ROAD_FACTOR = 1.3;

function drive(
  from: LonLat,
  to: LonLat,
  start: number,
  state: AmbulanceState,
  rng: () => number,
): Leg {
  const km = distanceKm(from, to);
  const speedKmh = km < 5 ? uniform(rng, 32, 45) : uniform(rng, 50, 70);
  const end = start + ((km * ROAD_FACTOR) / speedKmh) * HOUR_MS;
  return { from, to, start, end, state, speedKmh };
}

const wait = (at: LonLat, start: number, minutes: number, state: AmbulanceState): Leg => ({
  from: at,
  to: at,
  start,
  end: start + minutes * MINUTE_MS,
  state,
  speedKmh: 0,
});

/** The mission of `ambulance` in epoch `epoch` (ms / EPOCH_MS), if it has one. */
export function missionOf(ambulance: AmbulanceDevice, epoch: number, seed: number): Leg[] | null {
  const rng = createRng(hashSeed(seed, 'ambulance-mission', ambulance.id, epoch));
  const epochStart = epoch * EPOCH_MS;
  const { hour } = chinaClock(epochStart + EPOCH_MS / 2);
  // Calls peak in the late morning and evening; nights are quieter.
  const busy = 0.55 + 0.3 * bump(hour, 10, 3, 24) + 0.25 * bump(hour, 19, 2.5, 24);
  if (rng() >= 0.45 * busy) return null;
  const home: LonLat = ambulance;
  let scene: LonLat | undefined;
  for (let attempt = 0; attempt < 30 && !scene; attempt++) {
    const km = ambulance.urban ? uniform(rng, 0.8, 6) : uniform(rng, 2, 18);
    const bearing = rng() * 2 * Math.PI;
    const candidate = offsetKm(home, km * Math.sin(bearing), km * Math.cos(bearing));
    if (locateDistrict(candidate.lon, candidate.lat)) scene = candidate;
  }
  if (!scene) return null;
  const to: LonLat = scene;
  const hospital = hospitals.reduce((best, h) =>
    distanceKm(h, to) < distanceKm(best, to) ? h : best,
  );
  const legs: Leg[] = [];
  let t = 0;
  const push = (leg: Leg): void => {
    legs.push(leg);
    t = leg.end;
  };
  push(wait(home, 0, uniform(rng, 1, 2.5), 1)); // 出车: crew to the vehicle
  push(drive(home, scene, t, 1, rng));
  push(wait(scene, t, uniform(rng, 8, 20), 2));
  push(drive(scene, hospital, t, 3, rng));
  push(wait(hospital, t, uniform(rng, 10, 25), 0)); // handover at the emergency department
  push(drive(hospital, home, t, 0, rng));
  if (t > EPOCH_MS - MINUTE_MS) return null;
  const offset = epochStart + rng() * (EPOCH_MS - MINUTE_MS - t);
  return legs.map((leg) => ({ ...leg, start: leg.start + offset, end: leg.end + offset }));
}

/** Where `ambulance` is at `ms` and what it is doing: a pure function of the seed. */
export function ambulanceAt(
  ambulance: AmbulanceDevice,
  ms: number,
  seed: number,
): { at: LonLat; state: AmbulanceState; speedKmh: number } {
  const legs = missionOf(ambulance, Math.floor(ms / EPOCH_MS), seed) ?? [];
  const leg = legs.find((l) => ms >= l.start && ms < l.end);
  if (!leg) return { at: ambulance, state: 0, speedKmh: 0 };
  const at = lerp(leg.from, leg.to, (ms - leg.start) / Math.max(1, leg.end - leg.start));
  return { at, state: leg.state, speedKmh: leg.from === leg.to ? 0 : leg.speedKmh };
}

/** An ambulance reading: position (a few metres of GPS noise), speed and state. */
export const readAmbulance: ReadDevice<AmbulanceDevice> = (ambulance, ms, rng, { seed }) => {
  const { at, state, speedKmh } = ambulanceAt(ambulance, ms, seed);
  const noisy = offsetKm(at, 0.004 * gaussian(rng), 0.004 * gaussian(rng));
  const speed = speedKmh > 0 ? Math.max(5, speedKmh * (1 + 0.1 * gaussian(rng))) : 0;
  return {
    metrics: { speed_kmh: Math.round(Math.min(120, speed) * 10) / 10, state },
    lon: round6(noisy.lon),
    lat: round6(noisy.lat),
  };
};
