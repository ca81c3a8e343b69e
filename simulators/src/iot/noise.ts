import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock } from '../shared/china-time.ts';
import type { Community } from '../shared/communities.ts';
import { allocate, offsetKm, round6, type LonLat } from '../shared/geo.ts';
import { createIdMinter } from '../shared/ids.ts';
import { createRng, gaussian, hashSeed, pick, pickWeighted, uniform } from '../shared/random.ts';
import { bump } from '../shared/seasons.ts';
import { intersection, seatPoint, seats, type Seat } from '../shared/seats.ts';
import { unitIds } from '../hotline/units.ts';
import type { NoiseDevice, NoiseZone, ReadDevice } from './device.ts';

const zones: ReadonlyArray<readonly [NoiseZone, number]> = [
  ['traffic', 0.4],
  ['residential', 0.3],
  ['commercial', 0.18],
  ['square', 0.12],
];
const zoneNames: Readonly<Record<NoiseZone, string>> = {
  traffic: '交通噪声监测点',
  residential: '区域环境噪声监测点',
  commercial: '商业区噪声监测点',
  square: '广场噪声监测点',
};

function siteOf(
  zone: NoiseZone,
  seat: Seat,
  estates: readonly Community[],
  rng: () => number,
): { where: string; at: LonLat } {
  switch (zone) {
    case 'traffic': {
      const i = Math.floor(rng() * seat.eastWest.length);
      const j = Math.floor(rng() * seat.northSouth.length);
      return { where: `${seat.eastWest[i]}${seat.northSouth[j]}口`, at: intersection(seat, i, j) };
    }
    case 'residential': {
      const estate = estates.length > 0 ? pick(rng, estates) : undefined;
      return estate
        ? { where: estate.name, at: estate }
        : { where: seat.town, at: seatPoint(seat, uniform(rng, -1, 1), uniform(rng, -1, 1)) };
    }
    case 'commercial': {
      const street = pick(rng, seat.eastWest);
      return {
        where: street,
        at: seatPoint(seat, uniform(rng, -0.8, 0.8), uniform(rng, -0.6, 0.6)),
      };
    }
    case 'square': {
      const square = pick(rng, seat.squares);
      return { where: square.name, at: seatPoint(seat, square.eastKm, square.northKm) };
    }
    default: {
      const unreachable: never = zone;
      throw new Error(`unknown zone ${String(unreachable)}`);
    }
  }
}

/** Places `count` noise meters in the urban areas: road crossings, estates, shopping streets, squares. */
export function placeNoiseMeters(
  seed: number,
  count: number,
  communities: readonly Community[],
): NoiseDevice[] {
  const mint = createIdMinter('ns', 3);
  const perSeat = allocate(
    count,
    seats.map((s) => s.weight),
  );
  return seats.flatMap((seat, s) => {
    const rng = createRng(hashSeed(seed, 'noise-meters', seat.code));
    const estates = communities.filter((c) => c.district === seat.code);
    const used = new Set<string>();
    const meters: NoiseDevice[] = [];
    for (let attempt = 0; meters.length < (perSeat[s] ?? 0) && attempt < 10_000; attempt++) {
      const zone = pickWeighted(rng, zones);
      const { where, at } = siteOf(zone, seat, estates, rng);
      const point = offsetKm(at, uniform(rng, -0.05, 0.05), uniform(rng, -0.05, 0.05));
      let name = `${where}${zoneNames[zone]}`;
      if (used.has(name)) name = `${where}${meters.length + 1}号${zoneNames[zone]}`;
      if (used.has(name) || locateDistrict(point.lon, point.lat) !== seat.code) continue;
      used.add(name);
      meters.push({
        id: mint(seat.code),
        type: 'noise',
        name: `${seat.district}${name}`,
        lon: round6(point.lon),
        lat: round6(point.lat),
        district: seat.code,
        unitId: unitIds.ecology,
        zone,
      });
    }
    return meters;
  });
}

const dayLevel: Readonly<Record<NoiseZone, number>> = {
  traffic: 67,
  residential: 53,
  commercial: 61,
  square: 56,
};

/**
 * A noise reading, dB(A): daytime levels by zone, 8–10 dB quieter at night (22:00–06:00),
 * rush hours on roads, 广场舞 square dancing in the evening, rain drumming on top.
 */
export const readNoise: ReadDevice<NoiseDevice> = (meter, ms, rng, { weather }) => {
  const { hour } = chinaClock(ms);
  const daytime = 1 / (1 + Math.exp(-(hour - 6) * 2)) / (1 + Math.exp((hour - 22) * 2));
  const nightDrop = meter.zone === 'traffic' ? 8 : 10;
  let level = dayLevel[meter.zone] - nightDrop * (1 - daytime);
  if (meter.zone === 'traffic') level += 2 * bump(hour, 8, 1, 24) + 2 * bump(hour, 18, 1.2, 24);
  if (meter.zone === 'square') level += 11 * bump(hour, 20.3, 0.9, 24) + 4 * bump(hour, 7, 0.8, 24);
  level += 3 * weather.at(ms).intensity + 1.8 * gaussian(rng);
  return { metrics: { db: Math.round(Math.min(130, Math.max(20, level)) * 10) / 10 } };
};
