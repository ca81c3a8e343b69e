import { describe, expect, it } from 'vitest';
import type { District } from '../graphql/types.ts';
import { toLabelPoint } from './label-point.ts';

const square = (x: number, y: number, size: number): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

const district = (geometry: District['geometry']): District => ({
  code: '411200',
  name: '测试区',
  center: [0.1, 0.1],
  geometry,
});

describe('toLabelPoint', () => {
  it('labels a polygon at its centroid', () => {
    expect(toLabelPoint(district({ type: 'Polygon', coordinates: [square(0, 0, 2)] }))).toEqual([
      1, 1,
    ]);
  });

  it('uses the largest part of a multipolygon', () => {
    const point = toLabelPoint(
      district({ type: 'MultiPolygon', coordinates: [[square(10, 10, 1)], [square(0, 0, 4)]] }),
    );
    expect(point).toEqual([2, 2]);
  });

  it("falls back to the server's point when the centroid is in a hole", () => {
    const withEnclave = district({
      type: 'Polygon',
      coordinates: [square(0, 0, 4), square(1, 1, 2)],
    });
    expect(toLabelPoint(withEnclave)).toEqual([0.1, 0.1]);
  });
});
