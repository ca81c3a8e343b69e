import { describe, expect, it } from 'vitest';
import type { AirStation } from './air-station.ts';
import { toAirSummary } from './air-summary.ts';

const station = (id: string, districtCode: string | null, aqi: number | null): AirStation => ({
  id,
  name: `站点${id}`,
  position: [111.2, 34.77],
  districtCode,
  aqi,
  pm25: aqi === null ? null : aqi / 2,
  latestTs: null,
});

describe('toAirSummary', () => {
  it('averages reporting stations only, city-wide and per district', () => {
    const summary = toAirSummary([
      station('1', '411202', 40),
      station('2', '411202', 80),
      station('3', '411282', 160),
      station('4', '411282', null),
    ]);
    expect(summary.stationCount).toBe(4);
    expect(summary.reportingCount).toBe(3);
    expect(summary.averageAqi).toBe(280 / 3);
    expect(summary.byDistrict.get('411202')).toEqual({ stationCount: 2, averageAqi: 60 });
    expect(summary.byDistrict.get('411282')).toEqual({ stationCount: 2, averageAqi: 160 });
    expect(summary.bandCounts).toMatchObject({ excellent: 1, good: 1, moderatelyPolluted: 1 });
  });

  it('lists at most five worst stations, highest AQI first', () => {
    const stations = [10, 300, 20, 150, 90, 60, 220].map((aqi, index) =>
      station(String(index), '411203', aqi),
    );
    expect(toAirSummary(stations).worst.map((item) => item.aqi)).toEqual([300, 220, 150, 90, 60]);
  });

  it('has no average without any reading', () => {
    expect(toAirSummary([station('1', null, null)]).averageAqi).toBeNull();
  });
});
