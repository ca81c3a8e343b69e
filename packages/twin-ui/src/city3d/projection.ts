import type { DistrictGeometry, LonLat } from '../graphql/types.ts';

/** A point on the local plane: kilometres east and north of the projection's origin. */
export type LocalPoint = [east: number, north: number];

/** A polygon on the local plane: the outer ring first, then its holes; rings are not closed. */
export type LocalPolygon = LocalPoint[][];

/** Lon/lat to kilometres on a plane tangent at `origin`, and back. */
export type LocalProjection = {
  origin: LonLat;
  toLocal(point: LonLat): LocalPoint;
  toLonLat(point: LocalPoint): LonLat;
};

// Kilometres per degree of latitude, and of longitude at the equator (WGS 84, mid-latitudes).
const kmPerDegreeLat = 110.95;
const kmPerDegreeLonAtEquator = 111.32;

/**
 * An equirectangular projection around `origin`: over a city (≈ 150 km) its distortion stays
 * under 1 %, which a 3D sand table does not show.
 */
export function createLocalProjection(origin: LonLat): LocalProjection {
  const [lon0, lat0] = origin;
  const kmPerDegreeLon = kmPerDegreeLonAtEquator * Math.cos((lat0 * Math.PI) / 180);
  return {
    origin,
    toLocal: ([lon, lat]) => [(lon - lon0) * kmPerDegreeLon, (lat - lat0) * kmPerDegreeLat],
    toLonLat: ([east, north]) => [lon0 + east / kmPerDegreeLon, lat0 + north / kmPerDegreeLat],
  };
}

/**
 * A district boundary on the local plane, with points closer than `minStepKm` to the last kept
 * one dropped (the boundaries carry thousands of points a sand table cannot show). Rings left
 * with fewer than three points are dropped, and a polygon whose outer ring is dropped with it.
 */
export function toLocalPolygons(
  geometry: DistrictGeometry,
  projection: LocalProjection,
  minStepKm: number,
): LocalPolygon[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const result: LocalPolygon[] = [];
  for (const polygon of polygons) {
    const [outer, ...holes] = polygon.map((ring) => toLocalRing(ring, projection, minStepKm));
    if (!outer || outer.length < 3) continue;
    result.push([outer, ...holes.filter((hole) => hole.length >= 3)]);
  }
  return result;
}

function toLocalRing(
  ring: number[][],
  projection: LocalProjection,
  minStepKm: number,
): LocalPoint[] {
  const points: LocalPoint[] = [];
  for (const [lon, lat] of ring) {
    if (lon === undefined || lat === undefined) continue;
    const point = projection.toLocal([lon, lat]);
    const last = points.at(-1);
    if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < minStepKm) continue;
    points.push(point);
  }
  // GeoJSON closes each ring by repeating its first point; the local ring is open.
  const first = points[0];
  const last = points.at(-1);
  if (
    points.length > 1 &&
    first &&
    last &&
    Math.hypot(first[0] - last[0], first[1] - last[1]) < minStepKm
  ) {
    points.pop();
  }
  return points;
}

/** Inside the outer ring and outside every hole (even-odd ray casting). */
export function polygonContains(polygon: LocalPolygon, [x, y]: LocalPoint): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i] ?? [0, 0];
      const [xj, yj] = ring[j] ?? [0, 0];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
