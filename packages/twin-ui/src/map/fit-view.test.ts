import { describe, expect, it } from 'vitest';
import { toBounds, toFittedView } from './fit-view.ts';

describe('toBounds', () => {
  it('spans polygons and multipolygons', () => {
    const bounds = toBounds([
      {
        type: 'Polygon',
        coordinates: [
          [
            [111, 34],
            [111.5, 34.2],
            [111, 34.4],
            [111, 34],
          ],
        ],
      },
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [110.5, 33.9],
              [110.7, 34],
              [110.5, 34.1],
              [110.5, 33.9],
            ],
          ],
        ],
      },
    ]);
    expect(bounds).toEqual([
      [110.5, 33.9],
      [111.5, 34.4],
    ]);
  });

  it('is null without any point', () => {
    expect(toBounds([])).toBeNull();
  });
});

describe('toFittedView', () => {
  it('centres the view on the bounds', () => {
    const view = toFittedView(
      [
        [110, 33.5],
        [112, 35],
      ],
      { width: 1200, height: 900 },
    );
    expect(view.longitude).toBeCloseTo(111, 5);
    expect(view.latitude).toBeGreaterThan(33.5);
    expect(view.latitude).toBeLessThan(35);
    expect(view.zoom).toBeGreaterThan(6);
  });
});
