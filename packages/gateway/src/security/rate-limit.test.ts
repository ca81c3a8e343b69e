import { describe, expect, it } from 'vitest';
import { callerKey, createRateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows a full bucket at once, then one request per refill interval', () => {
    let now = 0;
    const limiter = createRateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    now += 19_999;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('counts each caller on its own', () => {
    const limiter = createRateLimiter(1, () => 0);
    expect(limiter.take('user:a').allowed).toBe(true);
    expect(limiter.take('user:a').allowed).toBe(false);
    expect(limiter.take('user:b').allowed).toBe(true);
  });

  it('never fills above the bucket size after a long idle time', () => {
    let now = 0;
    const limiter = createRateLimiter(2, () => now);
    limiter.take('a');
    now += 3_600_000;
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('allows everything at 0 per minute', () => {
    const limiter = createRateLimiter(0, () => 0);
    for (let i = 0; i < 100; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('keys a screen by its name, a user by username, anyone else by address', () => {
    expect(callerKey({ viewer: { username: 'wall-1', screen: 'hall' } }, '10.0.0.1')).toBe(
      'screen:hall',
    );
    expect(callerKey({ viewer: { username: 'li', screen: null } }, '10.0.0.1')).toBe('user:li');
    expect(callerKey({ viewer: null }, '10.0.0.1')).toBe('address:10.0.0.1');
  });
});
