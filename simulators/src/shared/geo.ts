import { districts, type District } from '@city-twin/events/districts';

export const KM_PER_DEGREE_LAT = 111.2;

/** A point in degrees WGS84-style, as the district data. */
export interface LonLat {
  lon: number;
  lat: number;
}

/** Rounds to 6 decimals (~0.1 m), as devices report coordinates. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Equirectangular distance, km: accurate to well under 1 % at city scale. */
export function distanceKm(a: LonLat, b: LonLat): number {
  const dy = (a.lat - b.lat) * KM_PER_DEGREE_LAT;
  const dx =
    (a.lon - b.lon) * KM_PER_DEGREE_LAT * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  return Math.hypot(dx, dy);
}

/** The point `eastKm` east and `northKm` north of `from`. */
export function offsetKm(from: LonLat, eastKm: number, northKm: number): LonLat {
  const lat = from.lat + northKm / KM_PER_DEGREE_LAT;
  const lon = from.lon + eastKm / (KM_PER_DEGREE_LAT * Math.cos(from.lat * (Math.PI / 180)));
  return { lon, lat };
}

/** The point a fraction `t` (0–1) of the way from `a` to `b`. */
export function lerp(a: LonLat, b: LonLat, t: number): LonLat {
  return { lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t };
}

/** The district with official code `code`. */
export function districtByCode(code: string): District {
  const district = districts.find((d) => d.code === code);
  if (!district) throw new Error(`district ${code} is missing from the boundary data`);
  return district;
}

/** Codes of the six districts in a fixed order (ids must not depend on the module's sort). */
export const districtCodes = ['411202', '411203', '411221', '411224', '411281', '411282'] as const;

/** A district code of Sanmenxia. */
export type DistrictCode = (typeof districtCodes)[number];

/** Splits `count` by weight with the largest-remainder method, so the parts sum to `count`. */
export function allocate(count: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (total > 0 ? (count * w) / total : 0));
  const parts = exact.map(Math.floor);
  let left = count - parts.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

/** Short district names, as used inside device and road names (湖滨段, 灵宝至卢氏). */
export const districtShortNames: Readonly<Record<DistrictCode, string>> = {
  '411202': '湖滨',
  '411203': '陕州',
  '411221': '渑池',
  '411224': '卢氏',
  '411281': '义马',
  '411282': '灵宝',
};

/** Length of a polyline, km. */
export function polylineLengthKm(points: readonly LonLat[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceKm(points[i - 1]!, points[i]!);
  return total;
}

/** The point a fraction `t` (0–1) of the way along a polyline, by length. */
export function alongPolyline(points: readonly LonLat[], t: number): LonLat {
  const first = points[0];
  if (!first) throw new RangeError('empty polyline');
  let left = Math.min(1, Math.max(0, t)) * polylineLengthKm(points);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const leg = distanceKm(a, b);
    if (left <= leg && leg > 0) return lerp(a, b, left / leg);
    left -= leg;
  }
  return points.at(-1) ?? first;
}
