import { describe, expect, it } from 'vitest';
import { createRng, gaussian, hashSeed, pickWeighted, poisson } from './random.ts';

describe('createRng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays in [0, 1) with a mean near one half', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 10_000 }, () => rng());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('gaussian', () => {
  it('has mean 0 and standard deviation 1', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 20_000 }, () => gaussian(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
  });
});

describe('hashSeed', () => {
  it('tells part boundaries apart', () => {
    expect(hashSeed('ab', 'c')).not.toBe(hashSeed('a', 'bc'));
    expect(hashSeed(1, 'x')).toBe(hashSeed(1, 'x'));
  });
});

describe('poisson', () => {
  it('has the requested mean, small and large', () => {
    const rng = createRng(11);
    for (const mean of [0.05, 3, 600]) {
      const n = 4000;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += poisson(rng, mean);
      expect(sum / n).toBeGreaterThan(mean * 0.9);
      expect(sum / n).toBeLessThan(mean * 1.1 + 0.01);
    }
    expect(poisson(rng, 0)).toBe(0);
  });
});

describe('pickWeighted', () => {
  it('picks in proportion to the weights', () => {
    const rng = createRng(5);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        pickWeighted(rng, [
          ['a', 1],
          ['b', 3],
        ] as const)
      ]++;
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });
});
