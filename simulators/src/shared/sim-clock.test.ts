import { describe, expect, it } from 'vitest';
import { createSimClock } from './sim-clock.ts';

describe('createSimClock', () => {
  it('runs with the wall clock at speed 1', () => {
    let wall = 1_800_000_000_000;
    const clock = createSimClock({ wallNow: () => wall });
    expect(clock.now()).toBe(wall);
    wall += 5000;
    expect(clock.now()).toBe(wall);
  });

  it('starts an accelerated clock in the past, runs it fast, and never passes the present', () => {
    let wall = 1_800_000_000_000;
    const clock = createSimClock({ speed: 60, wallNow: () => wall });
    expect(clock.startAt).toBe(wall - 59 * 3_600_000);
    wall += 60_000;
    expect(clock.now()).toBe(clock.startAt + 3_600_000);
    for (let i = 0; i < 100; i++) {
      wall += 60_000;
      expect(clock.now()).toBeLessThanOrEqual(wall);
    }
    expect(clock.now()).toBe(wall); // caught up: live from here
  });

  it('refuses a start in the future or a non-positive speed', () => {
    const wall = 1_800_000_000_000;
    expect(() => createSimClock({ startAt: wall + 1000, wallNow: () => wall })).toThrow(RangeError);
    expect(() => createSimClock({ speed: 0 })).toThrow(RangeError);
  });
});
