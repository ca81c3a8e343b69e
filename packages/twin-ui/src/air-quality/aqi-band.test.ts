import { describe, expect, it } from 'vitest';
import { toAqiBand, toAqiColor, noDataColor } from './aqi-band.ts';

describe('toAqiBand', () => {
  it.each([
    [0, 'excellent'],
    [50, 'excellent'],
    [51, 'good'],
    [100, 'good'],
    [101, 'lightlyPolluted'],
    [150, 'lightlyPolluted'],
    [151, 'moderatelyPolluted'],
    [200, 'moderatelyPolluted'],
    [201, 'heavilyPolluted'],
    [300, 'heavilyPolluted'],
    [301, 'severelyPolluted'],
    [500, 'severelyPolluted'],
  ] as const)('puts AQI %d in band %s', (aqi, band) => {
    expect(toAqiBand(aqi).id).toBe(band);
  });

  it('puts a fractional AQI just above a bound into the next band', () => {
    expect(toAqiBand(50.4).id).toBe('good');
  });

  it('colours a station without a reading grey', () => {
    expect(toAqiColor(null)).toEqual(noDataColor);
    expect(toAqiColor(42)).toEqual([0, 228, 0, 255]);
  });
});
