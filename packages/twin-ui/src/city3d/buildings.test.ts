import { describe, expect, it } from 'vitest';
import { type BuildingCluster, placeBuildings } from './buildings.ts';
import { createRandom, toSeed } from './random.ts';

const town: BuildingCluster = {
  seed: toSeed('411202'),
  center: [0, 0],
  radiusKm: 8,
  maxHeightKm: 4,
  blockKm: 0.42,
  contains: () => true,
};

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);

describe('placeBuildings', () => {
  it('builds the same town from the same seed, and another from another seed', () => {
    expect(placeBuildings(town)).toEqual(placeBuildings(town));
    expect(placeBuildings({ ...town, seed: toSeed('411203') })).not.toEqual(placeBuildings(town));
  });

  it('places hundreds of buildings on distinct blocks of the street grid within the radius', () => {
    const buildings = placeBuildings(town);
    expect(buildings.length).toBeGreaterThan(400);
    const blocks = new Set(buildings.map((b) => `${b.east.toFixed(3)}:${b.north.toFixed(3)}`));
    expect(blocks.size).toBe(buildings.length);
    for (const building of buildings) {
      expect(Math.hypot(building.east, building.north)).toBeLessThanOrEqual(8);
      expect(building.width).toBeLessThan(0.42);
      expect(building.height).toBeGreaterThan(0);
    }
  });

  it('builds denser and taller near the centre', () => {
    const buildings = placeBuildings(town);
    const inner = buildings.filter((b) => Math.hypot(b.east, b.north) < 3);
    const outer = buildings.filter((b) => Math.hypot(b.east, b.north) >= 5);
    // Per square kilometre: the inner disc against the outer ring.
    const innerDensity = inner.length / (Math.PI * 3 ** 2);
    const outerDensity = outer.length / (Math.PI * (8 ** 2 - 5 ** 2));
    expect(innerDensity).toBeGreaterThan(2 * outerDensity);
    expect(mean(inner.map((b) => b.height))).toBeGreaterThan(3 * mean(outer.map((b) => b.height)));
  });

  it('keeps every building inside the district', () => {
    const eastHalf = placeBuildings({ ...town, contains: ([east]) => east > 0 });
    expect(eastHalf.length).toBeGreaterThan(0);
    expect(eastHalf.every((building) => building.east > 0)).toBe(true);
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const values = Array.from({ length: 1_000 }, () => a());
    expect(Array.from({ length: 1_000 }, () => b())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(mean(values)).toBeGreaterThan(0.45);
    expect(mean(values)).toBeLessThan(0.55);
  });
});
