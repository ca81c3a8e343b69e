import { describe, expect, it } from 'vitest';
import { aqiOf, iaqi } from './aqi.ts';

describe('iaqi (HJ 633-2012)', () => {
  it('maps PM2.5 breakpoints to their index exactly', () => {
    expect(iaqi('pm25', 0)).toBe(0);
    expect(iaqi('pm25', 35)).toBe(50);
    expect(iaqi('pm25', 75)).toBe(100);
    expect(iaqi('pm25', 115)).toBe(150);
    expect(iaqi('pm25', 150)).toBe(200);
    expect(iaqi('pm25', 250)).toBe(300);
    expect(iaqi('pm25', 500)).toBe(500);
  });

  it('interpolates and rounds up between breakpoints', () => {
    // 50 + (100 − 50) × (55 − 35) / (75 − 35) = 75
    expect(iaqi('pm25', 55)).toBe(75);
    // 50 × 10 / 35 = 14.29 → 15
    expect(iaqi('pm25', 10)).toBe(15);
    // 100 + 50 × (200 − 150) / 100 = 125
    expect(iaqi('pm10', 200)).toBe(125);
    expect(iaqi('pm10', 150)).toBe(100);
  });

  it('uses the 1-hour limits for O3 and NO2', () => {
    expect(iaqi('o3', 160)).toBe(50);
    expect(iaqi('o3', 200)).toBe(100);
    expect(iaqi('no2', 100)).toBe(50);
  });

  it('caps at 500 above the top breakpoint', () => {
    expect(iaqi('pm25', 800)).toBe(500);
  });
});

describe('aqiOf', () => {
  it('is the largest sub-index', () => {
    // PM2.5 75 → 100, PM10 200 → 125, O3 100 → 32
    expect(aqiOf({ pm25: 75, pm10: 200, o3: 100, no2: 30 })).toBe(125);
    expect(aqiOf({ pm25: 115, pm10: 100 })).toBe(150);
  });
});
