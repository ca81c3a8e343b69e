import { locateDistrict } from '@city-twin/events/districts';
import { distanceKm, districtByCode, round6, type DistrictCode } from './geo.ts';
import { createRng, hashSeed, pick, uniform } from './random.ts';
import { seatPoint, seats, type Seat } from './seats.ts';

/** A housing estate (小区) of a district seat: heating, hotline requests and lights gather here. */
export interface Community {
  /** `c-{district}-{NNN}`. */
  id: string;
  /** e.g. 上阳花园. */
  name: string;
  district: DistrictCode;
  lon: number;
  lat: number;
  /** Its heating exchange station underperforms (暖气不热): low supply temperature, complaints. */
  heatingWeak: boolean;
}

/** A village (村) outside the seats, where rural requests come from. */
export interface Village {
  name: string;
  district: DistrictCode;
  lon: number;
  lat: number;
}

const genericWords = [
  '阳光',
  '建业',
  '和平',
  '文明',
  '馨苑',
  '锦绣',
  '世纪',
  '康馨',
  '凤凰',
  '丽景',
  '紫金',
  '滨河',
  '书香',
  '绿城',
  '东方',
  '新华',
  '金色',
  '怡景',
  '福泰',
  '瑞祥',
];
const estateSuffixes = [
  '花园',
  '小区',
  '家园',
  '苑',
  '新村',
  '佳苑',
  '名城',
  '华庭',
  '雅居',
  '嘉园',
  '世家',
  '公寓',
];
const communityBase: Readonly<Record<DistrictCode, number>> = {
  '411202': 160,
  '411203': 35,
  '411221': 35,
  '411224': 25,
  '411281': 40,
  '411282': 65,
};

/** Share of estates whose exchange station cannot keep the flats warm. */
export const WEAK_HEATING_SHARE = 0.05;

function placeSeatCommunities(
  seat: Seat,
  count: number,
  seed: number,
  used: Set<string>,
): Community[] {
  const rng = createRng(hashSeed(seed, 'communities', seat.code));
  const halfX = (seat.northSouth.length * seat.spacingKm) / 2;
  const halfY = (seat.eastWest.length * seat.spacingKm) / 2;
  const words = [...seat.estateWords, ...genericWords];
  const result: Community[] = [];
  for (let n = 1; n <= count; n++) {
    let name = `${pick(rng, words)}${pick(rng, estateSuffixes)}`;
    for (let phase = 2; used.has(name); phase++) name = `${name.replace(/\d+期$/, '')}${phase}期`;
    used.add(name);
    for (let attempt = 0; ; attempt++) {
      // Beyond the grid the town thins out: widen the box a little on retries.
      const widen = 1 + Math.min(attempt, 50) / 25;
      const point = seatPoint(
        seat,
        uniform(rng, -halfX, halfX) * widen,
        uniform(rng, -halfY, halfY) * widen,
      );
      if (locateDistrict(point.lon, point.lat) !== seat.code) {
        if (attempt > 500) throw new Error(`cannot place estate ${n} of ${seat.district}`);
        continue;
      }
      result.push({
        id: `c-${seat.code}-${String(n).padStart(3, '0')}`,
        name,
        district: seat.code,
        lon: round6(point.lon),
        lat: round6(point.lat),
        heatingWeak: rng() < WEAK_HEATING_SHARE,
      });
      break;
    }
  }
  return result;
}

/**
 * The estates of all six seats, deterministic for `seed`, their names unique in the city; their
 * number grows with `scale`.
 */
export function placeCommunities(seed: number, scale = 1): Community[] {
  const used = new Set<string>();
  return seats.flatMap((seat) =>
    placeSeatCommunities(
      seat,
      Math.max(3, Math.round(communityBase[seat.code] * scale)),
      seed,
      used,
    ),
  );
}

const villageFirst = [
  '王',
  '李',
  '张',
  '刘',
  '杨',
  '赵',
  '郭',
  '马',
  '程',
  '贾',
  '南',
  '北',
  '东',
  '西',
  '上',
  '下',
  '后',
  '前',
  '高',
  '柳',
  '杜',
  '石',
  '桃',
  '槐',
  '枣',
  '河',
  '坡',
  '岭',
  '常',
  '焦',
];
const villageSecond = ['家庄', '营', '寨', '坡', '沟', '湾', '店', '坪', '峪', '庄', '洼', '原'];
const VILLAGES_PER_DISTRICT = 40;

/** Villages spread over each district outside its seat, deterministic for `seed`. */
export function placeVillages(seed: number): Village[] {
  return seats.flatMap((seat) => {
    const rng = createRng(hashSeed(seed, 'villages', seat.code));
    const [minLon, minLat, maxLon, maxLat] = districtByCode(seat.code).bbox;
    const used = new Set<string>();
    const result: Village[] = [];
    for (let attempt = 0; result.length < VILLAGES_PER_DISTRICT; attempt++) {
      if (attempt > 50_000) throw new Error(`cannot place villages in ${seat.district}`);
      const lon = round6(uniform(rng, minLon, maxLon));
      const lat = round6(uniform(rng, minLat, maxLat));
      const name = `${pick(rng, villageFirst)}${pick(rng, villageSecond)}村`;
      if (used.has(name) || locateDistrict(lon, lat) !== seat.code) continue;
      if (distanceKm({ lon, lat }, seat.center) < 3) continue;
      used.add(name);
      result.push({ name, district: seat.code, lon, lat });
    }
    return result;
  });
}
