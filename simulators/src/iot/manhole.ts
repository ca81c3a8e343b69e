import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock, chinaDay, chinaDayStart, DAY_MS, HOUR_MS } from '../shared/china-time.ts';
import { allocate, round6 } from '../shared/geo.ts';
import { createIdMinter } from '../shared/ids.ts';
import {
  createRng,
  gaussian,
  hashSeed,
  logNormal,
  pickWeighted,
  uniform,
} from '../shared/random.ts';
import { bump } from '../shared/seasons.ts';
import { seats, spotOnStreets } from '../shared/seats.ts';
import { countyGovernment, unitIds } from '../hotline/units.ts';
import type { ManholeDevice, ManholeKind, ReadDevice } from './device.ts';

const kinds: ReadonlyArray<readonly [ManholeKind, number]> = [
  ['storm', 0.35],
  ['sewage', 0.3],
  ['water', 0.12],
  ['power', 0.13],
  ['telecom', 0.1],
];
const kindNames: Readonly<Record<ManholeKind, string>> = {
  storm: '雨水井',
  sewage: '污水井',
  water: '给水阀门井',
  power: '电力井',
  telecom: '通信井',
};

function ownerOf(kind: ManholeKind, district: string): string | undefined {
  switch (kind) {
    case 'storm':
    case 'sewage':
      return district === '411202' ? unitIds.urbanManagement : countyGovernment(district).id;
    case 'water':
      return district === '411202' || district === '411203'
        ? unitIds.waterCompany
        : countyGovernment(district).id;
    case 'power':
      return unitIds.powerCompany;
    case 'telecom':
      return undefined;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown manhole kind ${String(unreachable)}`);
    }
  }
}

/** Places `count` smart manhole covers along the seats' streets, densest in 湖滨区. */
export function placeManholes(seed: number, count: number): ManholeDevice[] {
  const mint = createIdMinter('mh', 4);
  const perSeat = allocate(
    count,
    seats.map((s) => s.weight),
  );
  return seats.flatMap((seat, s) => {
    const rng = createRng(hashSeed(seed, 'manholes', seat.code));
    const numbers = new Map<string, number>();
    const covers: ManholeDevice[] = [];
    for (let attempt = 0; covers.length < (perSeat[s] ?? 0) && attempt < 100_000; attempt++) {
      const { street, point } = spotOnStreets(seat, rng);
      if (locateDistrict(point.lon, point.lat) !== seat.code) continue;
      const kind = pickWeighted(rng, kinds);
      const key = `${seat.district}${street.name}${kindNames[kind]}`;
      const n = (numbers.get(key) ?? 0) + 1;
      numbers.set(key, n);
      const owner = ownerOf(kind, seat.code);
      covers.push({
        id: mint(seat.code),
        type: 'manhole',
        name: `${key}${String(n).padStart(3, '0')}`,
        lon: round6(point.lon),
        lat: round6(point.lat),
        district: seat.code,
        ...(owner ? { unitId: owner } : {}),
        kind,
      });
    }
    return covers;
  });
}

/** A displaced cover: tilted (and maybe open) from `start` to `end`. */
interface CoverIncident {
  start: number;
  end: number;
  tiltDeg: number;
  open: boolean;
}

/** Share of covers knocked out of place on a given day (a heavy truck, a storm surge, theft). */
const INCIDENTS_PER_COVER_DAY = 0.0012;

/** The incident of `cover` starting on local day `day`, if any: a pure function of the seed. */
export function coverIncident(
  cover: ManholeDevice,
  day: number,
  seed: number,
): CoverIncident | null {
  const rng = createRng(hashSeed(seed, 'manhole-incident', cover.id, day));
  if (rng() >= INCIDENTS_PER_COVER_DAY) return null;
  const start = chinaDayStart(day) + rng() * DAY_MS;
  const hours = Math.min(36, logNormal(rng, 3, 1));
  const tiltDeg = uniform(rng, 8, 40);
  return { start, end: start + hours * HOUR_MS, tiltDeg, open: tiltDeg > 25 || rng() < 0.25 };
}

/**
 * A cover reading: a cover almost always lies flat and closed; storm drains fill in rain, sewers
 * with the morning and evening water use.
 */
export const readManhole: ReadDevice<ManholeDevice> = (cover, ms, rng, { seed, weather }) => {
  const day = chinaDay(ms);
  let incident: CoverIncident | null = null;
  for (const d of [day - 1, day]) {
    const candidate = coverIncident(cover, d, seed);
    if (candidate && ms >= candidate.start && ms < candidate.end) incident = candidate;
  }
  const rain = weather.recentRain(ms, 1.5);
  const { hour } = chinaClock(ms);
  let water: number;
  switch (cover.kind) {
    case 'storm':
      water = 12 + 110 * Math.min(2.5, rain);
      break;
    case 'sewage':
      water =
        40 + 18 * bump(hour, 7.5, 1.5, 24) + 22 * bump(hour, 19.5, 2, 24) + 35 * Math.min(2, rain);
      break;
    default:
      water = 3 + 15 * Math.min(2, rain);
  }
  const tilt = incident ? incident.tiltDeg + gaussian(rng) : 0.3 + 0.4 * Math.abs(gaussian(rng));
  return {
    metrics: {
      tilt_deg: Math.round(Math.min(90, Math.max(0, tilt)) * 10) / 10,
      water_cm:
        Math.round(Math.min(300, Math.max(0, water * (1 + 0.05 * gaussian(rng)))) * 10) / 10,
      open: incident?.open ? 1 : 0,
    },
  };
};
