import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DistrictGeometry } from '../graphql/types.ts';
import { countVertices, simplifyGeometry, simplifyRing, toToleranceDegrees } from './simplify.ts';

/** The largest distance from any vertex of `ring` to the polyline `simplified`. */
function largestDeviation(ring: number[][], simplified: number[][]): number {
  let largest = 0;
  for (const [px = 0, py = 0] of ring) {
    let nearest = Infinity;
    for (let i = 0; i + 1 < simplified.length; i += 1) {
      const [ax = 0, ay = 0] = simplified[i]!;
      const [bx = 0, by = 0] = simplified[i + 1]!;
      const dx = bx - ax;
      const dy = by - ay;
      const t = Math.max(
        0,
        Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)),
      );
      nearest = Math.min(nearest, Math.hypot(ax + t * dx - px, ay + t * dy - py));
    }
    largest = Math.max(largest, nearest);
  }
  return largest;
}

describe('simplifyRing', () => {
  it('drops vertices on a straight edge and keeps the corners', () => {
    const square = [
      [0, 0],
      [0.5, 0],
      [1, 0],
      [1, 0.5],
      [1, 1],
      [0.5, 1.000001],
      [0, 1],
      [0, 0.5],
      [0, 0],
    ];
    expect(simplifyRing(square, 0.01)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it('keeps a vertex that sticks out further than the tolerance', () => {
    const notched = [
      [0, 0],
      [0.5, 0.2],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(simplifyRing(notched, 0.1)).toContainEqual([0.5, 0.2]);
    expect(simplifyRing(notched, 0.3)).not.toContainEqual([0.5, 0.2]);
  });

  it('never leaves a ring with fewer than four vertices, closed', () => {
    const tiny = [
      [0, 0],
      [0.001, 0],
      [0.001, 0.001],
      [0.0005, 0.0012],
      [0, 0.001],
      [0, 0],
    ];
    const simplified = simplifyRing(tiny, 1);
    expect(simplified.length).toBeGreaterThanOrEqual(4);
    expect(simplified[0]).toEqual(simplified.at(-1));
  });
});

describe('simplifyGeometry on the real district boundaries', () => {
  const file = path.resolve(
    import.meta.dirname,
    '../../../events/data/sanmenxia-districts.geojson',
  );
  const features = (
    JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: DistrictGeometry }[] }
  ).features;
  // Half a screen pixel at the zoom the wall's map fits the city at (about 8.3).
  const tolerance = toToleranceDegrees(9, 0.5);

  it('removes most vertices and moves no edge by more than the tolerance', () => {
    const before = features.reduce((sum, feature) => sum + countVertices(feature.geometry), 0);
    const simplified = features.map((feature) => simplifyGeometry(feature.geometry, tolerance));
    const after = simplified.reduce((sum, geometry) => sum + countVertices(geometry), 0);
    expect(before).toBeGreaterThan(10_000);
    expect(after).toBeLessThan(before / 3);
    features.forEach((feature, index) => {
      const original = feature.geometry;
      const reduced = simplified[index]!;
      const rings =
        original.type === 'Polygon' ? original.coordinates : original.coordinates.flat();
      const reducedRings =
        reduced.type === 'Polygon' ? reduced.coordinates : reduced.coordinates.flat();
      rings.forEach((ring, r) => {
        expect(largestDeviation(ring, reducedRings[r]!)).toBeLessThanOrEqual(tolerance * 1.0001);
      });
    });
  });
});

describe('toToleranceDegrees', () => {
  it('is 360° over 512 pixels at zoom 0, halving with each zoom level', () => {
    expect(toToleranceDegrees(0, 512)).toBeCloseTo(360);
    expect(toToleranceDegrees(8, 1)).toBeCloseTo(360 / 512 / 256);
  });
});
