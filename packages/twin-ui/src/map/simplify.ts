import type { DistrictGeometry } from '../graphql/types.ts';

type Ring = number[][];

/** Squared distance of `point` from the segment a–b. */
function segmentDistance2(point: number[], a: number[], b: number[]): number {
  const [px = 0, py = 0] = point;
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return x * x + y * y;
}

/**
 * A closed ring with the vertices that lie within `tolerance` of the line through their
 * neighbours removed (Douglas–Peucker, iterative); the first and last vertex are kept, and a ring
 * never drops below four vertices (a triangle, closed).
 */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const tolerance2 = tolerance * tolerance;
  // A closed ring starts and ends on the same vertex: split it at the vertex farthest from the
  // start, so each half is a proper segment.
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < ring.length - 1; i += 1) {
    const distance = segmentDistance2(ring[i]!, ring[0]!, ring[0]!);
    if (distance > farDistance) [far, farDistance] = [i, distance];
  }
  keep[far] = 1;
  const stack: [number, number][] = [
    [0, far],
    [far, ring.length - 1],
  ];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let index = -1;
    let max = tolerance2;
    for (let i = first + 1; i < last; i += 1) {
      const distance = segmentDistance2(ring[i]!, ring[first]!, ring[last]!);
      if (distance > max) [index, max] = [i, distance];
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  const simplified = ring.filter((_, i) => keep[i] === 1);
  if (simplified.length >= 4) return simplified;
  // Too small to keep its shape at this tolerance: the first, the farthest and one between.
  const between = Math.max(1, Math.floor(far / 2));
  return [ring[0]!, ring[between]!, ring[far]!, ring[ring.length - 1]!].filter(
    (vertex, i, all) => i === 0 || vertex !== all[i - 1],
  );
}

/** A district boundary with every ring simplified to `tolerance` (degrees). */
export function simplifyGeometry(geometry: DistrictGeometry, tolerance: number): DistrictGeometry {
  if (geometry.type === 'Polygon') {
    return {
      type: 'Polygon',
      coordinates: geometry.coordinates.map((ring) => simplifyRing(ring, tolerance)),
    };
  }
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((polygon) =>
      polygon.map((ring) => simplifyRing(ring, tolerance)),
    ),
  };
}

/** Vertices of a boundary, counted over all its rings. */
export function countVertices(geometry: DistrictGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce(
    (sum, polygon) => sum + polygon.reduce((ringSum, ring) => ringSum + ring.length, 0),
    0,
  );
}

/**
 * The tolerance (degrees of longitude) that is `pixels` screen pixels at a Web Mercator zoom:
 * deck.gl's world is 512 pixels wide at zoom 0.
 */
export function toToleranceDegrees(zoom: number, pixels: number): number {
  return (360 / (512 * 2 ** zoom)) * pixels;
}
