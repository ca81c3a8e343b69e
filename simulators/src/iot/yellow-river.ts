import { districtByCode, type LonLat } from '../shared/geo.ts';

// The Yellow River (黄河) is Sanmenxia's whole northern boundary, shared with Shanxi: 灵宝市,
// 陕州区, 湖滨区 and 渑池县 end at its southern bank. Its course is approximated by the
// northern-most crossing of those districts' boundaries with meridians 0.02° apart.
const riverDistricts = ['411282', '411203', '411202', '411221'];
const STEP_DEG = 0.02;
/** A drop this steep between neighbouring meridians is a land border, not the river. */
const CLIFF_DEG = 0.1;

function northernEdge(): LonLat[] {
  const rings = riverDistricts.flatMap((code) => {
    const { geometry } = districtByCode(code);
    return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  });
  const west = Math.min(...riverDistricts.map((code) => districtByCode(code).bbox[0]));
  const east = Math.max(...riverDistricts.map((code) => districtByCode(code).bbox[2]));
  const edge: LonLat[] = [];
  for (let lon = west + STEP_DEG / 2; lon < east; lon += STEP_DEG) {
    let north = -Infinity;
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k++) {
        const [lonA = 0, latA = 0] = ring[k - 1] ?? [];
        const [lonB = 0, latB = 0] = ring[k] ?? [];
        if ((lonA - lon) * (lonB - lon) > 0 || lonA === lonB) continue;
        north = Math.max(north, latA + ((lon - lonA) / (lonB - lonA)) * (latB - latA));
      }
    }
    if (north > -Infinity) edge.push({ lon, lat: north });
  }
  // The far east of 渑池县 turns south along its border with 新安县: cut the river there.
  const cliff = edge.findIndex((point, i) => i > 0 && edge[i - 1]!.lat - point.lat > CLIFF_DEG);
  return cliff > 0 ? edge.slice(0, cliff) : edge;
}

/** The Yellow River along the city, west to east, as a polyline on the northern boundary. */
export const yellowRiver: readonly LonLat[] = northernEdge();

/** Longitude of 三门峡大坝, the dam between the 三门峡 and 小浪底 reservoirs. */
export const SANMENXIA_DAM_LON = 111.345;

/** A tributary, approximated by a few points from upstream to its mouth. */
export interface Tributary {
  name: string;
  /** Mean flow, m³/s. */
  meanFlow: number;
  course: readonly LonLat[];
}

const p = (lon: number, lat: number): LonLat => ({ lon, lat });

/** Main tributaries crossing the districts (courses approximate). */
export const tributaries: readonly Tributary[] = [
  {
    name: '青龙涧河',
    meanFlow: 2.5,
    course: [p(111.08, 34.6), p(111.13, 34.68), p(111.18, 34.75), p(111.215, 34.8)],
  },
  { name: '苍龙涧河', meanFlow: 1.8, course: [p(111.3, 34.62), p(111.27, 34.7), p(111.25, 34.78)] },
  {
    name: '宏农涧河',
    meanFlow: 5,
    course: [p(110.78, 34.28), p(110.85, 34.42), p(110.88, 34.52), p(110.9, 34.63)],
  },
  { name: '好阳河', meanFlow: 2, course: [p(110.62, 34.35), p(110.66, 34.5), p(110.7, 34.62)] },
  {
    name: '涧河',
    meanFlow: 3,
    course: [p(111.62, 34.73), p(111.76, 34.76), p(111.87, 34.745), p(111.98, 34.74)],
  },
  {
    name: '洛河',
    meanFlow: 30,
    course: [
      p(110.62, 34.12),
      p(110.8, 34.09),
      p(111.05, 34.05),
      p(111.2, 34.08),
      p(111.36, 34.17),
    ],
  },
  { name: '老灌河', meanFlow: 12, course: [p(110.98, 33.88), p(111.02, 33.75), p(111.08, 33.62)] },
];
