import { deviceCatalogue, iotTelemetrySchema } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import { describe, expect, it } from 'vitest';
import {
  airQualityReading,
  placeAirQualityStations,
  type AirQualityStation,
} from './air-quality.ts';
import { createRng } from '../shared/random.ts';

const stations = placeAirQualityStations(120, 1);

/** Epoch ms of a China Standard Time wall-clock time. */
const cst = (iso: string): number => Date.parse(`${iso}+08:00`);

function meanOver(
  list: readonly AirQualityStation[],
  times: readonly number[],
  pick: (s: AirQualityStation, t: number) => number,
) {
  let sum = 0;
  for (const station of list) for (const t of times) sum += pick(station, t);
  return sum / (list.length * times.length);
}

const pm25At = (station: AirQualityStation, t: number): number =>
  airQualityReading(station, t, createRng(t ^ 0x5eed)).pm25;

describe('placeAirQualityStations', () => {
  it('places the requested number of stations, each inside its own district', () => {
    expect(stations).toHaveLength(120);
    for (const station of stations) {
      expect(locateDistrict(station.lon, station.lat), station.id).toBe(station.district);
    }
  });

  it('names stations by district and number', () => {
    expect(new Set(stations.map((s) => s.id)).size).toBe(120);
    expect(stations[0]).toMatchObject({
      id: 'aq-411202-001',
      name: '湖滨区空气监测站01',
      district: '411202',
    });
    for (const station of stations) expect(station.id).toMatch(/^aq-\d{6}-\d{3}$/);
  });

  it('covers the city proper more densely than the mountains of Lushi', () => {
    const count = (code: string) => stations.filter((s) => s.district === code).length;
    expect(count('411202')).toBe(30); // 湖滨区, a quarter of the stations on a small area
    expect(count('411282')).toBe(30); // 灵宝市
    expect(count('411224')).toBe(14); // 卢氏县, the largest district
    expect(count('411281')).toBe(17); // 义马市
    for (const code of ['411202', '411203', '411221', '411224', '411281', '411282']) {
      expect(count(code), code).toBeGreaterThan(0);
    }
  });

  it('keeps stations apart', () => {
    for (let i = 0; i < stations.length; i++) {
      for (let j = i + 1; j < stations.length; j++) {
        const a = stations[i]!;
        const b = stations[j]!;
        expect(Math.hypot(a.lon - b.lon, a.lat - b.lat), `${a.id} ${b.id}`).toBeGreaterThan(0.001);
      }
    }
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(placeAirQualityStations(120, 1)).toEqual(stations);
    const other = placeAirQualityStations(120, 2);
    expect(other.map((s) => s.id)).toEqual(stations.map((s) => s.id));
    expect(other.map((s) => [s.lon, s.lat])).not.toEqual(stations.map((s) => [s.lon, s.lat]));
  });

  it('allocates exactly any count, including tiny ones', () => {
    expect(placeAirQualityStations(0, 1)).toEqual([]);
    expect(placeAirQualityStations(7, 1)).toHaveLength(7);
    expect(placeAirQualityStations(301, 5)).toHaveLength(301);
    expect(() => placeAirQualityStations(-1, 1)).toThrow(RangeError);
  });
});

describe('airQualityReading', () => {
  const ranges = deviceCatalogue.air_quality.metrics;

  it('stays within the catalogue ranges and passes the telemetry schema all year', () => {
    const start = cst('2025-01-01T00:00:00');
    const problems: string[] = [];
    for (let hour = 0; hour < 365 * 24; hour += 5) {
      const t = start + hour * 3_600_000;
      const station = stations[hour % stations.length]!;
      const metrics = airQualityReading(station, t, createRng(hour));
      for (const [name, value] of Object.entries(metrics)) {
        const range = ranges[name as keyof typeof ranges];
        if (!Number.isFinite(value) || value < range.min || value > range.max)
          problems.push(`${name}=${value} at ${t}`);
      }
      if (metrics.pm10 <= metrics.pm25)
        problems.push(`pm10 ${metrics.pm10} <= pm25 ${metrics.pm25} at ${t}`);
      if (!iotTelemetrySchema.safeParse({ eventId: `${station.id}:${t}`, ts: t, metrics }).success)
        problems.push(`schema at ${t}`);
    }
    expect(problems).toEqual([]);
  });

  it('is deterministic for the same station, time and random stream', () => {
    const [station] = stations;
    const t = cst('2025-03-01T10:00:00');
    expect(airQualityReading(station!, t, createRng(9))).toEqual(
      airQualityReading(station!, new Date(t), createRng(9)),
    );
  });

  it('has more PM2.5 on a winter morning rush than in the afternoon', () => {
    const days = Array.from({ length: 14 }, (_, d) => d + 6);
    const at = (hh: string) =>
      days.map((d) => cst(`2025-01-${String(d).padStart(2, '0')}T${hh}:00:00`));
    const morning = meanOver(stations, at('08'), pm25At);
    const afternoon = meanOver(stations, at('15'), pm25At);
    expect(morning).toBeGreaterThan(afternoon * 1.3);
  });

  it('has more PM2.5 in the heating season than in summer, at plausible levels', () => {
    const month = (mm: string) =>
      Array.from({ length: 28 * 4 }, (_, i) => cst(`2025-${mm}-01T00:00:00`) + i * 6 * 3_600_000);
    const january = meanOver(stations, month('01'), pm25At);
    const july = meanOver(stations, month('07'), pm25At);
    expect(january).toBeGreaterThan(july * 2);
    expect(january).toBeGreaterThan(55);
    expect(january).toBeLessThan(130);
    expect(july).toBeGreaterThan(10);
    expect(july).toBeLessThan(40);
  });

  it('peaks O3 in the summer afternoon', () => {
    const days = Array.from({ length: 14 }, (_, d) => d + 6);
    const at = (hh: string) =>
      days.map((d) => cst(`2025-06-${String(d).padStart(2, '0')}T${hh}:00:00`));
    const o3At = (s: AirQualityStation, t: number) => airQualityReading(s, t, createRng(t)).o3;
    const afternoon = meanOver(stations, at('15'), o3At);
    const night = meanOver(stations, at('03'), o3At);
    expect(afternoon).toBeGreaterThan(night * 2.5);
    expect(afternoon).toBeGreaterThan(120);
  });

  it('computes AQI from its own concentrations', () => {
    const metrics = airQualityReading(stations[0]!, cst('2025-01-10T08:00:00'), createRng(1));
    expect(metrics.aqi).toBeGreaterThan(0);
    expect(Number.isInteger(metrics.aqi)).toBe(true);
  });
});
