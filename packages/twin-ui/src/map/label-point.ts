import type { District, LonLat } from '../graphql/types.ts';

type Ring = number[][];

/**
 * Where a district's name goes: the centroid of its largest polygon when that falls inside the
 * district, else the server's label point. The server's point is the district seat, where the
 * stations cluster and where neighbouring seats (湖滨区/陕州区) nearly touch.
 */
export function toLabelPoint(district: District): LonLat {
  const { geometry } = district;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let largest: Ring[] | null = null;
  let largestArea = 0;
  for (const polygon of polygons) {
    const outer = polygon[0];
    const area = outer ? Math.abs(ringArea(outer)) : 0;
    if (area > largestArea) {
      largest = polygon;
      largestArea = area;
    }
  }
  const outer = largest?.[0];
  if (!largest || !outer) return district.center;
  const centroid = ringCentroid(outer);
  return centroid && polygonContains(largest, centroid) ? centroid : district.center;
}

function ringArea(ring: Ring): number {
  let twiceArea = 0;
  for (let i = 0; i + 1 < ring.length; i += 1) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    twiceArea += x0 * y1 - x1 * y0;
  }
  return twiceArea / 2;
}

function ringCentroid(ring: Ring): LonLat | null {
  const area = ringArea(ring);
  if (area === 0) return null;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i += 1) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    const cross = x0 * y1 - x1 * y0;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (6 * area), cy / (6 * area)];
}

/** Inside the outer ring and outside every hole (even-odd ray casting). */
function polygonContains(polygon: Ring[], [x, y]: LonLat): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
