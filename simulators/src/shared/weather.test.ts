import { describe, expect, it } from 'vitest';
import { HOUR_MS } from './china-time.ts';
import { createWeather } from './weather.ts';

const year = Date.parse('2026-01-01T00:00:00+08:00');

function rainyDays(seed: number, fromDay: number, days: number): number {
  const weather = createWeather(seed);
  let count = 0;
  for (let d = fromDay; d < fromDay + days; d++) {
    let rained = false;
    for (let h = 0; h < 24 && !rained; h += 0.5)
      rained = weather.at(year + (d * 24 + h) * HOUR_MS).raining;
    if (rained) count++;
  }
  return count;
}

describe('createWeather', () => {
  it('rains on about 70–110 days a year, far more in July than in January', () => {
    const total = rainyDays(1, 0, 365);
    expect(total).toBeGreaterThan(70);
    expect(total).toBeLessThan(110);
    const january = rainyDays(1, 0, 31) + rainyDays(2, 0, 31) + rainyDays(3, 0, 31);
    const july = rainyDays(1, 181, 31) + rainyDays(2, 181, 31) + rainyDays(3, 181, 31);
    expect(july).toBeGreaterThan(2 * january);
  });

  it('is cold in January and hot in July, and the same for the same seed', () => {
    const a = createWeather(7);
    const b = createWeather(7);
    const jan = a.at(Date.parse('2026-01-15T06:00:00+08:00')).tempC;
    const jul = a.at(Date.parse('2026-07-15T15:00:00+08:00')).tempC;
    expect(jan).toBeLessThan(5);
    expect(jul).toBeGreaterThan(25);
    expect(b.at(Date.parse('2026-01-15T06:00:00+08:00')).tempC).toBe(jan);
  });
});
