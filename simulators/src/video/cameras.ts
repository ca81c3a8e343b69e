import { locateDistrict } from '@city-twin/events/districts';
import {
  allocate,
  alongPolyline,
  districtShortNames,
  offsetKm,
  round6,
  type DistrictCode,
  type LonLat,
} from '../shared/geo.ts';
import { createRng, hashSeed, pick, pickWeighted, uniform, type Rng } from '../shared/random.ts';
import { intersection, seatPoint, seats, spotOnStreets, type Seat } from '../shared/seats.ts';
import { tributaries, yellowRiver } from '../iot/yellow-river.ts';

/** Where a camera looks: its site decides which AI events it sees. */
export type CameraSite = 'intersection' | 'square' | 'street' | 'school' | 'riverside';

/** A camera of the video network (视联网). */
export interface Camera {
  /** `cam-{district}-{NNNN}`. */
  id: string;
  /** Display name in Chinese, as installed. */
  name: string;
  lon: number;
  lat: number;
  district: DistrictCode;
  site: CameraSite;
  /** RTSP address on the government video private network (synthetic, private IPs). */
  streamUrl: string;
}

/** Cameras at scale 1. */
export const BASE_CAMERA_COUNT = 300;
/** Share of cameras on the riverside (防溺水 drowning prevention, 天鹅湖 wetland). */
const RIVERSIDE_SHARE = 0.1;
const seatSites: ReadonlyArray<readonly [Exclude<CameraSite, 'riverside'>, number]> = [
  ['intersection', 0.55],
  ['square', 0.15],
  ['street', 0.2],
  ['school', 0.1],
];
const corners = ['东北角', '西北角', '东南角', '西南角'];
const schoolKinds = [
  '小学',
  '中学',
  '实验小学',
  '实验中学',
  '第一小学',
  '第二小学',
  '第三中学',
  '外国语学校',
];
/** The Yellow River shore of the city proper and 陕州区 (with 天鹅湖 at 111.16–111.24°E). */
const CITY_SHORE = { west: 111.02, east: 111.46 };

function seatSpot(
  site: Exclude<CameraSite, 'riverside'>,
  seat: Seat,
  rng: Rng,
  serial: (key: string) => number,
): { name: string; at: LonLat } {
  switch (site) {
    case 'intersection': {
      const i = Math.floor(rng() * seat.eastWest.length);
      const j = Math.floor(rng() * seat.northSouth.length);
      const corner = pick(rng, corners);
      const at = offsetKm(
        intersection(seat, i, j),
        uniform(rng, -0.02, 0.02),
        uniform(rng, -0.02, 0.02),
      );
      return { name: `${seat.eastWest[i]}与${seat.northSouth[j]}交叉口${corner}`, at };
    }
    case 'square': {
      const square = pick(rng, seat.squares);
      const at = offsetKm(
        seatPoint(seat, square.eastKm, square.northKm),
        uniform(rng, -0.08, 0.08),
        uniform(rng, -0.08, 0.08),
      );
      return { name: `${square.name}${serial(square.name)}号点位`, at };
    }
    case 'street': {
      const { street, point } = spotOnStreets(seat, rng);
      return { name: `${street.name}${serial(street.name)}号路段`, at: point };
    }
    case 'school': {
      const school = `${seat.district}${pick(rng, seat.estateWords)}${pick(rng, schoolKinds)}`;
      const at = seatPoint(seat, uniform(rng, -1.5, 1.5), uniform(rng, -1.2, 1.2));
      return { name: `${school}校门口`, at };
    }
    default: {
      const unreachable: never = site;
      throw new Error(`unknown site ${String(unreachable)}`);
    }
  }
}

function riversideSpot(rng: Rng, serial: (key: string) => number): { name: string; at: LonLat } {
  if (rng() < 0.3) {
    const river = tributaries.find((t) => t.name === '青龙涧河');
    const point = alongPolyline(river?.course ?? yellowRiver, uniform(rng, 0.4, 1));
    const at = offsetKm(point, uniform(rng, -0.05, 0.05), uniform(rng, -0.05, 0.05));
    return { name: `青龙涧河${serial('青龙涧河')}号点位`, at };
  }
  const shore = yellowRiver.filter((p) => p.lon >= CITY_SHORE.west && p.lon <= CITY_SHORE.east);
  const at = offsetKm(
    alongPolyline(shore, rng()),
    uniform(rng, -0.1, 0.1),
    -uniform(rng, 0.2, 0.6),
  );
  const district = locateDistrict(at.lon, at.lat) as DistrictCode | null;
  const place =
    at.lon >= 111.16 && at.lon <= 111.24
      ? '天鹅湖国家城市湿地公园'
      : `黄河${district ? districtShortNames[district] : ''}段沿岸`;
  return { name: `${place}${serial(place)}号点位`, at };
}

function streamUrlOf(id: string, seed: number): string {
  const h = hashSeed(seed, 'camera-ip', id);
  return `rtsp://10.${40 + (h % 8)}.${(h >>> 8) % 250}.${2 + ((h >>> 16) % 250)}:554/Streaming/Channels/101`;
}

/** Places `count` cameras, deterministic for `seed`: mostly 湖滨区 and the county seats. */
export function placeCameras(seed: number, count: number): Camera[] {
  const rng = createRng(hashSeed(seed, 'cameras'));
  const serials = new Map<string, number>();
  const serial = (key: string): number => {
    const n = (serials.get(key) ?? 0) + 1;
    serials.set(key, n);
    return n;
  };
  const numbers = new Map<string, number>();
  const used = new Set<string>();
  const cameras: Camera[] = [];
  const add = (spot: { name: string; at: LonLat }, site: CameraSite, prefix: string): boolean => {
    const district = locateDistrict(spot.at.lon, spot.at.lat) as DistrictCode | null;
    const name = `${prefix}${spot.name}`;
    if (!district || used.has(name)) return false;
    used.add(name);
    const n = (numbers.get(district) ?? 0) + 1;
    numbers.set(district, n);
    const id = `cam-${district}-${String(n).padStart(4, '0')}`;
    cameras.push({
      id,
      name,
      lon: round6(spot.at.lon),
      lat: round6(spot.at.lat),
      district,
      site,
      streamUrl: streamUrlOf(id, seed),
    });
    return true;
  };

  const riverside = Math.round(count * RIVERSIDE_SHARE);
  for (let attempt = 0; cameras.length < riverside && attempt < 10_000; attempt++)
    add(riversideSpot(rng, serial), 'riverside', '');
  const perSeat = allocate(
    count - cameras.length,
    seats.map((s) => s.weight),
  );
  seats.forEach((seat, s) => {
    const target = cameras.length + (perSeat[s] ?? 0);
    for (let attempt = 0; cameras.length < target && attempt < 10_000; attempt++) {
      const site = pickWeighted(rng, seatSites);
      const spot = seatSpot(site, seat, rng, serial);
      // Keep seat cameras in their own district (the grid edge may cross a boundary).
      if (locateDistrict(spot.at.lon, spot.at.lat) !== seat.code) continue;
      add(spot, site, site === 'school' ? '' : seat.district);
    }
  });
  return cameras;
}
