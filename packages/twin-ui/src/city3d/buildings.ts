import type { LocalPoint } from './projection.ts';
import { createRandom } from './random.ts';

/** A box standing on the ground: its centre on the local plane and its size, in kilometres. */
export type Building = {
  east: number;
  north: number;
  width: number;
  depth: number;
  height: number;
};

/** Where and how densely a district's town is built. */
export type BuildingCluster = {
  seed: number;
  /** The town centre. */
  center: LocalPoint;
  radiusKm: number;
  /** The tallest building, at the centre (the sand table exaggerates heights). */
  maxHeightKm: number;
  /** Block size of the street grid, at most one building per block. */
  blockKm: number;
  /** Whether a point belongs to the district (buildings stay inside it). */
  contains(point: LocalPoint): boolean;
};

// The share of blocks built at the centre, and how fast it falls towards the edge.
const centreOccupancy = 0.95;
const occupancyFalloff = 0.8;

/**
 * The buildings of a town, the same for the same cluster: blocks of a street grid around the
 * centre, most of them built and tall near it, fewer and lower towards the edge.
 */
export function placeBuildings(cluster: BuildingCluster): Building[] {
  const { center, radiusKm, maxHeightKm, blockKm } = cluster;
  const random = createRandom(cluster.seed);
  const reach = Math.floor(radiusKm / blockKm);
  const buildings: Building[] = [];
  for (let row = -reach; row <= reach; row += 1) {
    for (let column = -reach; column <= reach; column += 1) {
      // Three draws per block whatever happens to it: each block's fate is its own.
      const buildDraw = random();
      const sizeDraw = random();
      const heightDraw = random();
      const distance = Math.hypot(column, row) * blockKm;
      if (distance > radiusKm) continue;
      const closeness = 1 - distance / radiusKm;
      if (buildDraw >= centreOccupancy * closeness ** occupancyFalloff) continue;
      const east = center[0] + column * blockKm;
      const north = center[1] + row * blockKm;
      if (!cluster.contains([east, north])) continue;
      buildings.push({
        east,
        north,
        width: blockKm * (0.45 + 0.3 * sizeDraw),
        depth: blockKm * (0.45 + 0.3 * (1 - sizeDraw)),
        // A few towers stand out of each neighbourhood.
        height:
          maxHeightKm *
          (0.06 + 0.94 * closeness ** 1.8) *
          (heightDraw > 0.94 ? 1.6 : 0.3 + 0.55 * heightDraw),
      });
    }
  }
  return buildings;
}
