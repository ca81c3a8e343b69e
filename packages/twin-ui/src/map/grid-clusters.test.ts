import { describe, expect, it } from 'vitest';
import type { LonLat } from '../graphql/types.ts';
import { isCluster, toClusterLevel, toClusters, toWorldPixels } from './grid-clusters.ts';

type Point = { id: string; position: LonLat; alert?: boolean; overdue?: boolean };

const options = {
  getPosition: (point: Point) => point.position,
  getFlags: (point: Point) => ({ alert: point.alert ?? false, overdue: point.overdue ?? false }),
  cellPixels: 24,
  minPoints: 3,
};

/** A point `dx`, `dy` world pixels (at `zoom`) from the centre of the cell holding (111.2, 34.77). */
function inCell(id: string, zoom: number, dx = 0, dy = 0, flags: Partial<Point> = {}): Point {
  const [x, y] = toWorldPixels([111.2, 34.77], zoom);
  const centreX = (Math.floor(x / 24) + 0.5) * 24 + dx;
  const centreY = (Math.floor(y / 24) + 0.5) * 24 + dy;
  const scale = 512 * 2 ** zoom;
  const lon = (centreX / scale) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * centreY) / scale))) * 180) / Math.PI;
  return { id, position: [lon, lat], ...flags };
}

describe('toClusters', () => {
  it('groups a crowded cell into one cluster with its alert and overdue counts', () => {
    const points = [
      inCell('a', 8, -5, -5, { alert: true }),
      inCell('b', 8, 5, 5, { overdue: true }),
      inCell('c', 8, 0, 8, { alert: true, overdue: true }),
      inCell('d', 8, 8, -8),
      inCell('far', 8, 200, 0),
    ];
    const { clusters, singles } = toClusters(points, { ...options, zoom: 8 });
    expect(clusters).toHaveLength(1);
    const [cluster] = clusters;
    expect(cluster!.members.map((point) => point.id)).toEqual(['a', 'b', 'c', 'd']);
    expect([cluster!.count, cluster!.alertCount, cluster!.overdueCount]).toEqual([4, 2, 2]);
    expect(singles.map((point) => point.id)).toEqual(['far']);
    // The marker sits at the members' mean position.
    expect(cluster!.position[0]).toBeCloseTo(
      points.slice(0, 4).reduce((sum, point) => sum + point.position[0], 0) / 4,
      9,
    );
  });

  it('leaves cells with fewer than minPoints points as single points', () => {
    const points = [inCell('a', 8, -3, 0), inCell('b', 8, 3, 0)];
    const { clusters, singles } = toClusters(points, { ...options, zoom: 8 });
    expect(clusters).toEqual([]);
    expect(singles).toEqual(points);
  });

  it('splits a cluster when the map zooms in', () => {
    // Four points 16 world pixels apart at zoom 8 (two quadrants of one 24-pixel cell at most)
    // are 64 pixels apart at zoom 10: every one is its own cell.
    const points = [
      inCell('a', 8, -8, -8),
      inCell('b', 8, 8, -8),
      inCell('c', 8, -8, 8),
      inCell('d', 8, 8, 8),
    ];
    expect(toClusters(points, { ...options, zoom: 8 }).clusters).toHaveLength(1);
    const closer = toClusters(points, { ...options, zoom: 10 });
    expect(closer.clusters).toHaveLength(0);
    expect(closer.singles).toHaveLength(4);
  });

  it('puts every point in exactly one place', () => {
    const points = Array.from({ length: 500 }, (_, i) => ({
      id: String(i),
      position: [111 + ((i * 37) % 100) / 200, 34.5 + ((i * 53) % 100) / 300] as LonLat,
      alert: i % 7 === 0,
    }));
    const { clusters, singles } = toClusters(points, { ...options, zoom: 9 });
    const clusteredIds = clusters.flatMap((cluster) => cluster.members.map((point) => point.id));
    expect(new Set([...clusteredIds, ...singles.map((point) => point.id)]).size).toBe(500);
    expect(clusteredIds.length + singles.length).toBe(500);
    const alerts = clusters.reduce((sum, cluster) => sum + cluster.alertCount, 0);
    expect(alerts + singles.filter((point) => point.alert).length).toBe(
      points.filter((point) => point.alert).length,
    );
  });
});

describe('toClusterLevel and isCluster', () => {
  it('lays the grid at half zoom levels', () => {
    expect([8.3, 8.5, 8.99, 11].map(toClusterLevel)).toEqual([8, 8.5, 8.5, 11]);
  });

  it('tells a cluster from a point', () => {
    const { clusters } = toClusters([inCell('a', 8), inCell('b', 8), inCell('c', 8)], {
      ...options,
      zoom: 8,
    });
    expect(isCluster(clusters[0])).toBe(true);
    expect(isCluster(inCell('a', 8))).toBe(false);
    expect(isCluster(null)).toBe(false);
  });
});
