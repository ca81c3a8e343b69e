import { type MapViewState, WebMercatorViewport } from '@deck.gl/core';
import type { DistrictGeometry } from '../graphql/types.ts';

/** [[west, south], [east, north]] in degrees. */
export type LonLatBounds = [[number, number], [number, number]];

/** The bounding box of all district boundaries, or null for none. */
export function toBounds(geometries: readonly DistrictGeometry[]): LonLatBounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          if (lon === undefined || lat === undefined) continue;
          west = Math.min(west, lon);
          east = Math.max(east, lon);
          south = Math.min(south, lat);
          north = Math.max(north, lat);
        }
      }
    }
  }
  return west <= east && south <= north
    ? [
        [west, south],
        [east, north],
      ]
    : null;
}

/** A top-down view that fits the bounds into a canvas of the given size. */
export function toFittedView(
  bounds: LonLatBounds,
  size: { width: number; height: number },
  padding = 32,
): MapViewState {
  const viewport = new WebMercatorViewport({ width: size.width, height: size.height });
  // fitBounds throws when the padding leaves no room; shrink it for tiny canvases.
  const safePadding = Math.max(0, Math.min(padding, size.width / 4, size.height / 4));
  const { longitude, latitude, zoom } = viewport.fitBounds(bounds, { padding: safePadding });
  return { longitude, latitude, zoom, pitch: 0, bearing: 0, minZoom: zoom - 1, maxZoom: zoom + 5 };
}
