import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

const backoff = { initialMs: 1000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles per failure, between half and all of the step', () => {
    expect(backoffDelay(1, backoff, () => 0)).toBe(500);
    expect(backoffDelay(1, backoff, () => 1)).toBe(1000);
    expect(backoffDelay(2, backoff, () => 0)).toBe(1000);
    expect(backoffDelay(2, backoff, () => 1)).toBe(2000);
    expect(backoffDelay(4, backoff, () => 1)).toBe(8000);
  });

  it('never exceeds maxMs, however many failures', () => {
    for (const attempts of [7, 10, 64, 1100, 1e6]) {
      expect(backoffDelay(attempts, backoff, () => 1)).toBe(60_000);
      expect(backoffDelay(attempts, backoff, () => 0)).toBe(30_000);
    }
  });

  it('spreads notices that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, backoff)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('treats zero or fewer attempts as the first', () => {
    expect(backoffDelay(0, backoff, () => 1)).toBe(1000);
    expect(backoffDelay(-3, backoff, () => 1)).toBe(1000);
  });
});
