import type { AirStation } from './air-station.ts';
import { aqiBands, type AqiBandId, toAqiBand } from './aqi-band.ts';

export type DistrictAir = { stationCount: number; averageAqi: number | null };

/** City-wide figures for the air-quality panels. */
export type AirSummary = {
  stationCount: number;
  /** Stations that have reported an AQI. */
  reportingCount: number;
  /** Mean of the latest AQI over reporting stations, null when none reports. */
  averageAqi: number | null;
  /** Reporting stations per band. */
  bandCounts: Readonly<Record<AqiBandId, number>>;
  /** The five highest AQIs, worst first. */
  worst: readonly AirStation[];
  /** Per district code. */
  byDistrict: ReadonlyMap<string, DistrictAir>;
};

export function toAirSummary(stations: readonly AirStation[]): AirSummary {
  const reporting = stations.filter(
    (station): station is AirStation & { aqi: number } => station.aqi !== null,
  );
  const bandCounts = Object.fromEntries(aqiBands.map((band) => [band.id, 0])) as Record<
    AqiBandId,
    number
  >;
  for (const station of reporting) bandCounts[toAqiBand(station.aqi).id] += 1;

  const byDistrict = new Map<string, { stationCount: number; aqiSum: number; aqiCount: number }>();
  for (const station of stations) {
    if (station.districtCode === null) continue;
    const entry = byDistrict.get(station.districtCode) ?? {
      stationCount: 0,
      aqiSum: 0,
      aqiCount: 0,
    };
    entry.stationCount += 1;
    if (station.aqi !== null) {
      entry.aqiSum += station.aqi;
      entry.aqiCount += 1;
    }
    byDistrict.set(station.districtCode, entry);
  }

  return {
    stationCount: stations.length,
    reportingCount: reporting.length,
    averageAqi: mean(reporting.map((station) => station.aqi)),
    bandCounts,
    worst: [...reporting].sort((a, b) => b.aqi - a.aqi || a.name.localeCompare(b.name)).slice(0, 5),
    byDistrict: new Map(
      [...byDistrict].map(([code, entry]) => [
        code,
        {
          stationCount: entry.stationCount,
          averageAqi: entry.aqiCount === 0 ? null : entry.aqiSum / entry.aqiCount,
        },
      ]),
    ),
  };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}
