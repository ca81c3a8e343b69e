// Node-only (reads the boundary file); the browser gets districts through GraphQL.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { readFileSync } from 'node:fs';

/** A county-level district: official code, Chinese name, label point, boundary. */
export interface District {
  code: string;
  name: string;
  /** [lon, lat] of the label point. */
  center: [number, number];
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox: [number, number, number, number];
}

interface RawFeature {
  properties: { code: string; name: string; center: [number, number] };
  geometry: District['geometry'];
}

function bboxOf(geometry: District['geometry']): District['bbox'] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const box: District['bbox'] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon = 0, lat = 0] of rings.flat()) {
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  }
  return box;
}

const features = (
  JSON.parse(
    readFileSync(new URL('../data/sanmenxia-districts.geojson', import.meta.url), 'utf8'),
  ) as {
    features: RawFeature[];
  }
).features;

/**
 * The six districts of Sanmenxia, smallest area first so that an enclave (义马市
 * inside 渑池县) wins over the district around it.
 */
export const districts: readonly District[] = features
  .map((f) => ({ ...f.properties, geometry: f.geometry, bbox: bboxOf(f.geometry) }))
  .sort(
    (a, b) =>
      (a.bbox[2] - a.bbox[0]) * (a.bbox[3] - a.bbox[1]) -
      (b.bbox[2] - b.bbox[0]) * (b.bbox[3] - b.bbox[1]),
  );

/** Code of the district containing the point, or null outside all of them. */
export function locateDistrict(lon: number, lat: number): string | null {
  for (const d of districts) {
    if (lon < d.bbox[0] || lon > d.bbox[2] || lat < d.bbox[1] || lat > d.bbox[3]) continue;
    if (booleanPointInPolygon([lon, lat], d.geometry)) return d.code;
  }
  return null;
}
