import { describe, expect, it } from 'vitest';
import type { AlertSummary } from '../alerts/alert-types.ts';
import type { District } from '../graphql/types.ts';
import { isSameBeacons, toBeacons, toDistrictCounts } from './beacons.ts';
import { toCityModel } from './city-model.ts';
import { polygonContains } from './projection.ts';

/** A square district of `halfDegrees` around its seat. */
function square(code: string, name: string, lon: number, lat: number, half: number): District {
  return {
    code,
    name,
    center: [lon, lat],
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon - half, lat - half],
          [lon + half, lat - half],
          [lon + half, lat + half],
          [lon - half, lat + half],
          [lon - half, lat - half],
        ],
      ],
    },
  };
}

const districts: District[] = [
  square('411203', '陕州区', 111.0, 34.6, 0.15),
  square('411202', '湖滨区', 111.2, 34.77, 0.08),
  square('411282', '灵宝市', 110.7, 34.4, 0.1),
];

function alert(overrides: Partial<AlertSummary>): AlertSummary {
  return {
    id: '1',
    ruleId: 'camera.fire-smoke',
    source: 'video',
    kind: 'camera_event',
    severity: 4,
    status: 'open',
    title: '烟火',
    titleEn: 'Fire',
    district: '411202',
    position: [111.25, 34.8],
    openedAt: '2026-12-04T12:00:00Z',
    lastSeenAt: '2026-12-04T12:00:00Z',
    count: 1,
    assignee: null,
    incidentId: null,
    ...overrides,
  };
}

describe('toCityModel', () => {
  const model = toCityModel(districts);

  it('centres the plane on 湖滨区 and keeps every district', () => {
    expect(model.projection.origin).toEqual([111.2, 34.77]);
    expect(model.districts.map((district) => district.code)).toEqual([
      '411203',
      '411202',
      '411282',
    ]);
    expect(model.districts.find((district) => district.code === '411202')?.seat).toEqual([0, 0]);
  });

  it('lifts the city centre above the other urban district and the counties', () => {
    const height = (code: string) =>
      model.districts.find((district) => district.code === code)?.heightKm ?? 0;
    expect(height('411202')).toBeGreaterThan(height('411203'));
    expect(height('411203')).toBeGreaterThan(height('411282'));
  });

  it('builds the same city on every load, whatever order the districts come in', () => {
    const again = toCityModel([...districts].reverse());
    const key = (b: { east: number; north: number; height: number }) =>
      `${b.east.toFixed(6)}:${b.north.toFixed(6)}:${b.height.toFixed(6)}`;
    expect(again.buildings.map(key).sort()).toEqual(model.buildings.map(key).sort());
    expect(model.buildings.length).toBeGreaterThan(500);
  });

  it('keeps each town inside a district and frames the urban seats', () => {
    for (const building of model.buildings) {
      const point: [number, number] = [building.east, building.north];
      expect(
        model.districts.some((district) =>
          district.polygons.some((polygon) => polygonContains(polygon, point)),
        ),
      ).toBe(true);
    }
    const { frame } = model;
    for (const district of model.districts.filter((shape) => shape.urban)) {
      expect(district.seat[0]).toBeGreaterThan(frame.minEast);
      expect(district.seat[0]).toBeLessThan(frame.maxEast);
      expect(district.seat[1]).toBeGreaterThan(frame.minNorth);
      expect(district.seat[1]).toBeLessThan(frame.maxNorth);
    }
  });
});

describe('beacons', () => {
  const model = toCityModel(districts);

  it('places a beacon per located alert with a flow from its district seat, worst drawn last', () => {
    const beacons = toBeacons(
      [
        alert({ id: 'a', severity: 4 }),
        alert({ id: 'b', severity: 2, position: null }),
        alert({ id: 'c', severity: 1, district: null, position: [111.0, 34.6] }),
        alert({ id: 'd', severity: 3, position: [111.2, 34.77] }),
      ],
      model,
    );
    expect(beacons.map((beacon) => [beacon.id, beacon.severity])).toEqual([
      ['c', 1],
      ['d', 3],
      ['a', 4],
    ]);
    const [outside, atSeat, critical] = beacons;
    expect(outside?.origin).toBeNull();
    expect(atSeat?.origin).toBeNull();
    expect(critical?.origin).toEqual([0, 0]);
    expect(critical?.at[0]).toBeCloseTo(4.57, 1);
    expect(critical?.at[1]).toBeCloseTo(3.33, 1);
  });

  it('counts located alerts per district, most first', () => {
    expect(
      toDistrictCounts([
        alert({ id: '1', district: '411203' }),
        alert({ id: '2' }),
        alert({ id: '3' }),
        alert({ id: '4', district: null }),
        alert({ id: '5', position: null }),
      ]),
    ).toEqual([
      { district: '411202', count: 2 },
      { district: '411203', count: 1 },
      { district: null, count: 1 },
    ]);
  });

  it('tells an unchanged beacon list from a changed one', () => {
    const first = toBeacons([alert({ id: 'a' })], model);
    expect(isSameBeacons(first, toBeacons([alert({ id: 'a' })], model))).toBe(true);
    expect(isSameBeacons(first, toBeacons([alert({ id: 'a', severity: 3 })], model))).toBe(false);
    expect(isSameBeacons(first, [])).toBe(false);
  });
});
