import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock, DAY_MS } from '../shared/china-time.ts';
import {
  alongPolyline,
  allocate,
  districtShortNames,
  offsetKm,
  round6,
  type DistrictCode,
  type LonLat,
} from '../shared/geo.ts';
import { createIdMinter } from '../shared/ids.ts';
import { createRng, gaussian, hashSeed, uniform } from '../shared/random.ts';
import { bump } from '../shared/seasons.ts';
import { unitIds } from '../hotline/units.ts';
import type { ReadDevice, WaterLevelDevice } from './device.ts';
import { SANMENXIA_DAM_LON, tributaries, yellowRiver } from './yellow-river.ts';

/** Share of the gauges on the Yellow River itself; the rest watch its tributaries. */
const MAINSTEM_SHARE = 0.6;

/** Moves a river point inland (south) until it lies inside a district. */
function onBank(point: LonLat, rng: () => number): { at: LonLat; district: DistrictCode } | null {
  for (const southKm of [0.4, 0.8, 1.5, 2.5, 4]) {
    const at = offsetKm(point, uniform(rng, -0.2, 0.2), -southKm);
    const district = locateDistrict(at.lon, at.lat);
    if (district) return { at, district: district as DistrictCode };
  }
  return null;
}

/** Places `count` water level gauges: along the Yellow River and on its tributaries. */
export function placeWaterGauges(seed: number, count: number): WaterLevelDevice[] {
  const rng = createRng(hashSeed(seed, 'water-gauges'));
  const mint = createIdMinter('wl', 3);
  const mainstem = Math.round(count * MAINSTEM_SHARE);
  const perTributary = allocate(
    count - mainstem,
    tributaries.map((t) => Math.sqrt(t.meanFlow) + 1),
  );
  const gauges: WaterLevelDevice[] = [];
  const sectionNumbers = new Map<string, number>();

  for (let i = 0; i < mainstem; i++) {
    let spot: ReturnType<typeof onBank> = null;
    for (let attempt = 0; !spot && attempt < 20; attempt++)
      spot = onBank(alongPolyline(yellowRiver, (i + 0.2 + 0.6 * rng()) / mainstem), rng);
    if (!spot) throw new Error(`cannot place Yellow River gauge ${i + 1}`);
    const short = districtShortNames[spot.district];
    const n = (sectionNumbers.get(short) ?? 0) + 1;
    sectionNumbers.set(short, n);
    gauges.push({
      id: mint(spot.district),
      type: 'water_level',
      name: `黄河${short}段${n}号水位站`,
      lon: round6(spot.at.lon),
      lat: round6(spot.at.lat),
      district: spot.district,
      unitId: unitIds.waterResources,
      reach: spot.at.lon < SANMENXIA_DAM_LON ? 'sanmenxia' : 'xiaolangdi',
      meanFlow: 1000,
    });
  }
  tributaries.forEach((river, r) => {
    const n = perTributary[r] ?? 0;
    for (let i = 0; i < n; i++) {
      for (let attempt = 0; ; attempt++) {
        const point = alongPolyline(river.course, (i + 0.3 + 0.4 * rng()) / n);
        const at = offsetKm(point, uniform(rng, -0.1, 0.1), uniform(rng, -0.1, 0.1));
        const district = locateDistrict(at.lon, at.lat) as DistrictCode | null;
        if (!district) {
          if (attempt > 50) throw new Error(`cannot place gauge ${i + 1} on ${river.name}`);
          continue;
        }
        gauges.push({
          id: mint(district),
          type: 'water_level',
          name: `${river.name}${districtShortNames[district]}${i + 1}号水位站`,
          lon: round6(at.lon),
          lat: round6(at.lat),
          district,
          unitId: unitIds.waterResources,
          reach: 'tributary',
          meanFlow: river.meanFlow,
        });
        break;
      }
    }
  });
  return gauges;
}

/** 0 outside the flood season (汛期, July–October), 1 inside it, with ten-day ramps. */
function floodness(dayOfYear: number): number {
  const rise = 1 / (1 + Math.exp(-(dayOfYear - 178) / 3));
  const fall = 1 / (1 + Math.exp((dayOfYear - 305) / 3));
  return rise * fall;
}

/**
 * Yellow River flow at Sanmenxia, m³/s: a few hundred in winter, thousands in the flood season,
 * a pulse for the reservoirs' 调水调沙 (sediment flushing) in late June, and rain on top.
 */
function yellowRiverFlow(ms: number, rain: number, seed: number): number {
  const { dayOfYear } = chinaClock(ms);
  const days = ms / DAY_MS;
  const base =
    450 + 1400 * bump(dayOfYear, 225, 40, 365.25) + 2600 * bump(dayOfYear, 178, 6, 365.25);
  const wander = 1 + 0.08 * Math.sin((2 * Math.PI * days) / 4.1 + (seed % 7));
  return base * wander + 180 * rain;
}

/**
 * A gauge reading. `level_m` is the water surface elevation (黄海高程, m) on the reservoirs and
 * the stage above the gauge's zero on tributaries (their elevations exceed the catalogue range).
 */
export const readWaterLevel: ReadDevice<WaterLevelDevice> = (gauge, ms, rng, { seed, weather }) => {
  const { dayOfYear } = chinaClock(ms);
  const flood = floodness(dayOfYear);
  if (gauge.reach === 'tributary') {
    // Rain runs off wet ground: the flood season's, or any ground after a day of heavy rain.
    const wetness = Math.max(flood, Math.min(1, weather.recentRain(ms, 48) / 8));
    const seasonal = 0.5 + 0.9 * wetness;
    const flow = gauge.meanFlow * seasonal * (1 + 2.5 * weather.recentRain(ms, 12));
    const stage = 0.3 + 0.55 * Math.sqrt(flow / gauge.meanFlow) + 0.005 * gaussian(rng);
    return {
      metrics: {
        level_m: Math.round(Math.max(0.05, stage) * 100) / 100,
        flow_m3s: Math.round(flow * (1 + 0.03 * gaussian(rng)) * 100) / 100,
      },
    };
  }
  const flow = yellowRiverFlow(ms, weather.recentRain(ms, 48), seed) * (1 + 0.02 * gaussian(rng));
  let level: number;
  if (gauge.reach === 'sanmenxia') {
    // 三门峡水库 holds ≤ 318 m outside the flood season and draws down to ~305 m within it;
    // upstream gauges sit on the river bed's slope towards 潼关.
    const pool = 317.5 - 12.5 * flood + 1.2 * (flow / 1000) * flood;
    const bed = 303 + (SANMENXIA_DAM_LON - gauge.lon) * 24;
    level = Math.max(pool, bed + 1.5 + 1.1 * (flow / 1000) ** 0.6);
  } else {
    // 小浪底水库 below the dam: ~262 m normally, ~240 m flood-limit level in summer.
    level = 262 - 22 * flood + 0.8 * (flow / 1000);
  }
  return {
    metrics: {
      level_m: Math.round((level + 0.01 * gaussian(rng)) * 100) / 100,
      flow_m3s: Math.round(Math.max(0, flow)),
    },
  };
};
