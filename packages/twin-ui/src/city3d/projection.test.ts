import { describe, expect, it } from 'vitest';
import { createLocalProjection, polygonContains, toLocalPolygons } from './projection.ts';

const hubin: [number, number] = [111.188397, 34.770886];

describe('createLocalProjection', () => {
  const projection = createLocalProjection(hubin);

  it('puts the origin at 0,0 and measures kilometres east and north', () => {
    expect(projection.toLocal(hubin)).toEqual([0, 0]);
    const [east, north] = projection.toLocal([hubin[0] + 0.1, hubin[1] + 0.1]);
    // At 34.77° N a tenth of a degree is ≈ 9.15 km of longitude and ≈ 11.1 km of latitude.
    expect(east).toBeCloseTo(9.145, 2);
    expect(north).toBeCloseTo(11.095, 2);
  });

  it('keeps the distance from 湖滨区 to 灵宝市 within 1 % of the great-circle distance', () => {
    const lingbao: [number, number] = [110.89422, 34.516828];
    const [east, north] = projection.toLocal(lingbao);
    // Haversine on a 6371 km sphere.
    const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
    const dLat = toRadians(lingbao[1] - hubin[1]);
    const dLon = toRadians(lingbao[0] - hubin[0]);
    const a =
      Math.sin(dLat / 2) ** 2 +
      Math.cos(toRadians(hubin[1])) * Math.cos(toRadians(lingbao[1])) * Math.sin(dLon / 2) ** 2;
    const greatCircle = 2 * 6371 * Math.asin(Math.sqrt(a));
    expect(Math.abs(Math.hypot(east, north) - greatCircle) / greatCircle).toBeLessThan(0.01);
  });

  it('maps back to the same lon/lat', () => {
    const point: [number, number] = [111.4, 34.6];
    const [lon, lat] = projection.toLonLat(projection.toLocal(point));
    expect(lon).toBeCloseTo(point[0], 9);
    expect(lat).toBeCloseTo(point[1], 9);
  });
});

describe('toLocalPolygons', () => {
  const projection = createLocalProjection([0, 0]);
  const km = 1 / 111.32;

  it('opens the closed GeoJSON ring and drops points closer than the step', () => {
    const square = [
      [0, 0],
      [10 * km, 0],
      [10 * km, 0.1 * km],
      [10 * km, 10 * km],
      [0, 10 * km],
      [0, 0],
    ];
    const [polygon] = toLocalPolygons({ type: 'Polygon', coordinates: [square] }, projection, 0.5);
    expect(polygon?.length).toBe(1);
    expect(polygon?.[0]?.length).toBe(4);
  });

  it('keeps holes, drops degenerate rings and polygons without an outer ring', () => {
    const outer = [
      [0, 0],
      [10 * km, 0],
      [10 * km, 10 * km],
      [0, 10 * km],
      [0, 0],
    ];
    const hole = [
      [4 * km, 4 * km],
      [6 * km, 4 * km],
      [6 * km, 6 * km],
      [4 * km, 4 * km],
    ];
    const speck = [
      [20 * km, 20 * km],
      [20.01 * km, 20 * km],
      [20 * km, 20 * km],
    ];
    const polygons = toLocalPolygons(
      { type: 'MultiPolygon', coordinates: [[outer, hole, speck], [speck]] },
      projection,
      0.5,
    );
    expect(polygons.length).toBe(1);
    expect(polygons[0]?.length).toBe(2);
  });
});

describe('polygonContains', () => {
  const square = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ] as [number, number][];
  const hole = [
    [4, 4],
    [6, 4],
    [6, 6],
    [4, 6],
  ] as [number, number][];

  it('is inside the outer ring and outside its holes', () => {
    expect(polygonContains([square, hole], [2, 2])).toBe(true);
    expect(polygonContains([square, hole], [5, 5])).toBe(false);
    expect(polygonContains([square, hole], [12, 5])).toBe(false);
  });
});
