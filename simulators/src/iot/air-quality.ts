import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock, DAY_MS, toChinaIso } from '../shared/china-time.ts';
import { allocate, distanceKm, districtByCode, KM_PER_DEGREE_LAT, round6 } from '../shared/geo.ts';
import { createRng, gaussian, hashSeed, type Rng } from '../shared/random.ts';
import { bump, heatingSeason, summerness, winterness } from '../shared/seasons.ts';
import { aqiOf } from './aqi.ts';

/** A simulated air quality monitoring station (空气监测站). */
export interface AirQualityStation {
  /** Device id, `aq-{district code}-{NNN}`. */
  id: string;
  /** Display name in Chinese. */
  name: string;
  /** Longitude, degrees. */
  lon: number;
  /** Latitude, degrees. */
  lat: number;
  /** Code of the district containing the station. */
  district: string;
  /** How polluted the station's surroundings are, as a multiplier of the city's typical level. */
  baseline: number;
}

/** One air quality reading, in the catalogue's units (µg/m³; AQI dimensionless). */
export interface AirQualityMetrics {
  pm25: number;
  pm10: number;
  aqi: number;
  o3: number;
  no2: number;
}

interface DistrictProfile {
  /** Share of the stations, roughly by population. */
  weight: number;
  /** Typical pollution level relative to the city. */
  pollution: number;
  /** Spread of the stations around the district seat, km (one standard deviation). */
  spreadKm: number;
}

// Fixed order, so station ids do not depend on how the districts module sorts.
const profiles: ReadonlyArray<readonly [code: string, profile: DistrictProfile]> = [
  ['411202', { weight: 0.25, pollution: 1.1, spreadKm: 5 }], // 湖滨区: the city proper
  ['411203', { weight: 0.12, pollution: 1.0, spreadKm: 3 }], // 陕州区
  ['411221', { weight: 0.12, pollution: 1.05, spreadKm: 3 }], // 渑池县
  ['411224', { weight: 0.12, pollution: 0.7, spreadKm: 3 }], // 卢氏县: forested mountains
  ['411281', { weight: 0.14, pollution: 1.15, spreadKm: 2 }], // 义马市: coal and chemical industry
  ['411282', { weight: 0.25, pollution: 1.0, spreadKm: 4 }], // 灵宝市
];

/** Share of a district's stations in its townships, uniform over its area rather than around the seat. */
const TOWNSHIP_SHARE = 0.25;
/** Closest two stations may stand, km. */
const MIN_SPACING_KM = 0.6;
const MAX_ATTEMPTS = 20_000;
const YEAR_DAYS = 365.25;

/**
 * Places about `count` stations inside the six districts, deterministic for `seed`: most
 * cluster around each district seat, the rest are spread over its townships.
 */
export function placeAirQualityStations(count: number, seed: number): AirQualityStation[] {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`station count must be a non-negative integer, got ${count}`);
  const perDistrict = allocate(
    count,
    profiles.map(([, p]) => p.weight),
  );
  const stations: AirQualityStation[] = [];

  profiles.forEach(([code, profile], index) => {
    const district = districtByCode(code);
    const rng = createRng(hashSeed(seed, 'air-quality-placement', code));
    const [centerLon, centerLat] = district.center;
    const sigmaLat = profile.spreadKm / KM_PER_DEGREE_LAT;
    const sigmaLon = sigmaLat / Math.cos(centerLat * (Math.PI / 180));
    const [minLon, minLat, maxLon, maxLat] = district.bbox;

    for (let n = 1; n <= (perDistrict[index] ?? 0); n++) {
      let placed: AirQualityStation | undefined;
      for (let attempt = 0; !placed; attempt++) {
        if (attempt >= MAX_ATTEMPTS)
          throw new Error(`could not place station ${n} in district ${code}`);
        const township = rng() < TOWNSHIP_SHARE;
        const lon = round6(
          township ? minLon + rng() * (maxLon - minLon) : centerLon + gaussian(rng) * sigmaLon,
        );
        const lat = round6(
          township ? minLat + rng() * (maxLat - minLat) : centerLat + gaussian(rng) * sigmaLat,
        );
        if (locateDistrict(lon, lat) !== code) continue;
        // Relax the spacing if a crowded district keeps rejecting candidates.
        const spacing = attempt < MAX_ATTEMPTS / 2 ? MIN_SPACING_KM : MIN_SPACING_KM / 4;
        if (stations.some((s) => distanceKm(s, { lon, lat }) < spacing)) continue;
        // Townships are cleaner than the seat; each site varies around its district's level.
        const baseline = profile.pollution * (township ? 0.85 : 1) * Math.exp(0.12 * gaussian(rng));
        placed = {
          id: `aq-${code}-${String(n).padStart(3, '0')}`,
          name: `${district.name}空气监测站${String(n).padStart(2, '0')}`,
          lon,
          lat,
          district: code,
          baseline: Math.round(baseline * 1000) / 1000,
        };
      }
      stations.push(placed);
    }
  });
  return stations;
}

/**
 * Regional weather: stagnant spells lift every station at once for days, windy ones clear the
 * air. Deterministic in time, so all stations (and restarts) agree.
 */
function regionalEpisode(ms: number): number {
  const days = ms / DAY_MS;
  const wave =
    0.5 * Math.sin((2 * Math.PI * days) / 2.7 + 1.3) +
    0.35 * Math.sin((2 * Math.PI * days) / 6.3 + 0.4) +
    0.25 * Math.sin((2 * Math.PI * days) / 11.9 + 2.1);
  return Math.exp(0.35 * wave);
}

/** Mean-one log-normal multiplicative noise. */
function noise(rng: Rng, sigma: number): number {
  return Math.exp(sigma * gaussian(rng) - (sigma * sigma) / 2);
}

const clampRound = (x: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, Math.round(x)));

/**
 * A plausible reading of `station` at `time` (integer µg/m³, as Chinese stations publish):
 * PM peaks on winter nights and the morning rush and dips in the afternoon, O3 peaks
 * mid-afternoon in summer, NO2 follows the traffic peaks; AQI per HJ 633-2012.
 */
export function airQualityReading(
  station: AirQualityStation,
  time: Date | number,
  rng: Rng,
): AirQualityMetrics {
  const ms = typeof time === 'number' ? time : time.getTime();
  const { hour, dayOfYear } = chinaClock(ms);
  const winter = winterness(dayOfYear);
  const episode = regionalEpisode(ms);

  // PM2.5: the night inversion traps it, the afternoon mixing layer dilutes it.
  const pmSeason = Math.exp(0.55 * (2 * winter - 1)) * (heatingSeason(dayOfYear) ? 1.12 : 1);
  const pmDiurnal =
    1 +
    (0.22 + 0.12 * winter) * Math.cos((2 * Math.PI * (hour - 5)) / 24) +
    0.12 * bump(hour, 8, 1.3, 24) +
    0.08 * bump(hour, 20, 1.8, 24);
  const pm25 = clampRound(
    42 * pmSeason * pmDiurnal * episode * station.baseline * noise(rng, 0.12),
    1,
    500,
  );

  // Winter PM is mostly fine secondary aerosol; spring dust (Mar–May) is coarse.
  const fineShare = 0.5 + 0.12 * winter - 0.12 * bump(dayOfYear, 105, 25, YEAR_DAYS);
  const pm10 = clampRound((pm25 / fineShare) * noise(rng, 0.08), Math.min(pm25 + 1, 600), 600);

  // O3 is photochemical: sunlight and summer; NO near traffic eats some of it.
  const o3Peak = 45 + 135 * summerness(dayOfYear) ** 1.2;
  const o3Diurnal = 0.2 + 0.8 * bump(hour, 15, 3.2, 24);
  const titration = Math.max(0.6, 1.25 - 0.25 * station.baseline);
  const o3 = clampRound(
    o3Peak * o3Diurnal * titration * Math.sqrt(episode) * noise(rng, 0.1),
    1,
    400,
  );

  // NO2 follows the rush hours and is photolysed in the afternoon.
  const no2Diurnal =
    0.7 +
    0.5 * bump(hour, 8.5, 1.5, 24) +
    0.6 * bump(hour, 20.5, 2.5, 24) -
    0.25 * bump(hour, 14, 2.5, 24);
  const no2 = clampRound(
    28 *
      (0.75 + 0.5 * winter) *
      no2Diurnal *
      station.baseline ** 1.3 *
      episode ** 0.6 *
      noise(rng, 0.15),
    1,
    300,
  );

  return { pm25, pm10, aqi: aqiOf({ pm25, pm10, o3, no2 }), o3, no2 };
}

/** `twin/iot/{id}/meta` payload of a station. */
export interface AirQualityMetaPayload {
  eventId: string;
  ts: string;
  type: 'air_quality';
  name: string;
  lon: number;
  lat: number;
}

/**
 * The station's metadata. The eventId hashes the content, so a restart's re-publish is the
 * same event, while a station that moved (another seed) is a new one.
 */
export function toMetaPayload(station: AirQualityStation, now: number): AirQualityMetaPayload {
  const version = hashSeed('air_quality', station.name, station.lon, station.lat).toString(36);
  return {
    eventId: `${station.id}:meta:${version}`,
    ts: toChinaIso(now),
    type: 'air_quality',
    name: station.name,
    lon: station.lon,
    lat: station.lat,
  };
}
