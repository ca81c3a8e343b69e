import { describe, expect, it } from 'vitest';
import { toBackoffMs } from './backoff.ts';

describe('toBackoffMs', () => {
  it('doubles from one second and stops growing at thirty', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((attempt) => toBackoffMs(attempt, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('spreads each wait by a quarter either way', () => {
    expect(toBackoffMs(2, () => 0)).toBe(3_000);
    expect(toBackoffMs(2, () => 1)).toBe(5_000);
  });
});
