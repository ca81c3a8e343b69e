import type { District, LonLat } from '../graphql/types.ts';
import { toLabelPoint } from '../map/label-point.ts';
import { type Building, placeBuildings } from './buildings.ts';
import {
  createLocalProjection,
  type LocalPoint,
  type LocalPolygon,
  type LocalProjection,
  polygonContains,
  toLocalPolygons,
} from './projection.ts';
import { toSeed } from './random.ts';

/** 湖滨区, the city centre: the origin of the local plane and the largest town. */
export const cityCentreCode = '411202';
/** The urban districts (市辖区): 湖滨区 and 陕州区, which the view frames and lifts higher. */
export const urbanDistrictCodes: readonly string[] = ['411202', '411203'];

/** A district on the sand table. */
export type DistrictShape = {
  code: string;
  name: string;
  urban: boolean;
  polygons: LocalPolygon[];
  /** Where its name goes. */
  label: LocalPoint;
  /** The district seat (where its town stands and its alert flows start). */
  seat: LocalPoint;
  /** How high the district block is extruded, km. */
  heightKm: number;
};

/** A rectangle on the local plane. */
export type LocalBounds = { minEast: number; maxEast: number; minNorth: number; maxNorth: number };

/** Everything the sand table draws that does not change with the data. */
export type CityModel = {
  projection: LocalProjection;
  districts: DistrictShape[];
  buildings: Building[];
  /** What the camera frames: the urban towns. */
  frame: LocalBounds;
};

type TownPlan = { radiusKm: number; maxHeightKm: number };

const townPlans: Readonly<Record<string, TownPlan>> = {
  '411202': { radiusKm: 8, maxHeightKm: 4.2 },
  '411203': { radiusKm: 5, maxHeightKm: 2.2 },
};
const countyTown: TownPlan = { radiusKm: 3.5, maxHeightKm: 1.6 };
const blockKm = 0.42;
const boundaryStepKm = 0.25;
const frameHalfWidthKm = 23;
const frameHalfDepthKm = 15;

/**
 * The sand table of the districts: their boundaries on a local plane (km) around the city
 * centre, and the towns around their seats — the same buildings on every load.
 */
export function toCityModel(districts: readonly District[]): CityModel {
  const centre = districts.find((district) => district.code === cityCentreCode) ?? districts[0];
  const origin: LonLat = centre ? centre.center : [111.2, 34.77];
  const projection = createLocalProjection(origin);
  const shapes: DistrictShape[] = [];
  const buildings: Building[] = [];
  for (const district of districts) {
    const polygons = toLocalPolygons(district.geometry, projection, boundaryStepKm);
    if (polygons.length === 0) continue;
    const urban = urbanDistrictCodes.includes(district.code);
    const seat = projection.toLocal(district.center);
    shapes.push({
      code: district.code,
      name: district.name,
      urban,
      polygons,
      label: projection.toLocal(toLabelPoint(district)),
      seat,
      heightKm: toBlockHeightKm(district.code, urban),
    });
    const plan = townPlans[district.code] ?? countyTown;
    const base = toBlockHeightKm(district.code, urban);
    for (const building of placeBuildings({
      seed: toSeed(district.code),
      center: seat,
      blockKm,
      ...plan,
      contains: (point) => polygons.some((polygon) => polygonContains(polygon, point)),
    })) {
      buildings.push({ ...building, height: building.height + base });
    }
  }
  return { projection, districts: shapes, buildings, frame: toFrame(shapes) };
}

/** The city centre stands highest, then the other urban district, then the counties. */
function toBlockHeightKm(code: string, urban: boolean): number {
  if (code === cityCentreCode) return 0.9;
  return urban ? 0.6 : 0.3;
}

/**
 * The window the camera frames: the towns of the urban districts and their surroundings, about
 * 46 × 30 km around their seats (the county towns lie beyond, towards the edges).
 */
function toFrame(shapes: readonly DistrictShape[]): LocalBounds {
  const seats = shapes.filter((shape) => shape.urban).map((shape) => shape.seat);
  let east = 0;
  let north = 0;
  for (const [seatEast, seatNorth] of seats) {
    east += seatEast / seats.length;
    north += seatNorth / seats.length;
  }
  return {
    minEast: east - frameHalfWidthKm,
    maxEast: east + frameHalfWidthKm,
    minNorth: north - frameHalfDepthKm,
    maxNorth: north + frameHalfDepthKm,
  };
}
