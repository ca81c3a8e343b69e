import { PerspectiveCamera, Vector3 } from 'three';
import type { LocalBounds } from './city-model.ts';
import type { LocalPoint } from './projection.ts';

const fallbackFrame: LocalBounds = { minEast: -30, maxEast: 30, minNorth: -20, maxNorth: 20 };
// An oblique view from the south-south-east, about 44° above the horizon.
const pitch = (44 * Math.PI) / 180;
const heading = (-12 * Math.PI) / 180;

/** East/north on the table to three's axes: x east, y up, z south. */
export function toWorld([east, north]: LocalPoint, height: number): Vector3 {
  return new Vector3(east, height, -north);
}

/** The sand table's camera, fixed: it frames `frame` (the urban districts) at this size. */
export function createCityCamera(
  frame: LocalBounds | null,
  width: number,
  height: number,
): PerspectiveCamera {
  const camera = new PerspectiveCamera(
    34,
    width > 0 && height > 0 ? width / height : 16 / 9,
    0.5,
    2_000,
  );
  const { minEast, maxEast, minNorth, maxNorth } = frame ?? fallbackFrame;
  const spanEast = Math.max(maxEast - minEast, 1);
  const spanNorth = Math.max(maxNorth - minNorth, 1);
  const target = new Vector3(
    (minEast + maxEast) / 2,
    0,
    -(minNorth + maxNorth) / 2 + spanNorth * 0.04,
  );
  const halfTan = Math.tan((camera.fov * Math.PI) / 360);
  const distance = Math.max(
    spanEast / (2 * halfTan * camera.aspect),
    (spanNorth * Math.sin(pitch)) / (2 * halfTan),
  );
  camera.position.set(
    target.x + distance * Math.cos(pitch) * Math.sin(heading),
    target.y + distance * Math.sin(pitch),
    target.z + distance * Math.cos(pitch) * Math.cos(heading),
  );
  camera.lookAt(target);
  camera.updateProjectionMatrix();
  camera.updateMatrixWorld();
  return camera;
}

/** Where a point of the table at `heightKm` appears, in CSS pixels; null behind the camera. */
export function toScreenPoint(
  camera: PerspectiveCamera,
  point: LocalPoint,
  heightKm: number,
  width: number,
  height: number,
): { x: number; y: number } | null {
  const projected = toWorld(point, heightKm).project(camera);
  if (projected.z > 1) return null;
  return { x: ((projected.x + 1) / 2) * width, y: ((1 - projected.y) / 2) * height };
}
