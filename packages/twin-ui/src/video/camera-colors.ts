import type { Rgba } from '../air-quality/aqi-band.ts';
import { toSeverityColor } from '../alerts/severity.ts';
import type { CameraPoint, CameraState } from './video-types.ts';

const stateColors: Readonly<Record<Exclude<CameraState, 'alert'>, Rgba>> = {
  online: [0, 229, 255, 255],
  offline: [120, 134, 150, 255],
  unknown: [70, 84, 100, 255],
};

/** The colour of a camera state; alerts take their severity's colour (major when unknown). */
export function toCameraStateColor(
  state: CameraState,
  severity: CameraPoint['alertSeverity'],
): Rgba {
  return state === 'alert' ? toSeverityColor(severity ?? 3) : stateColors[state];
}

/** A camera's marker colour. */
export function toCameraColor(camera: Pick<CameraPoint, 'state' | 'alertSeverity'>): Rgba {
  return toCameraStateColor(camera.state, camera.alertSeverity);
}

const detectionColors: Readonly<Record<string, Rgba>> = {
  fire_smoke: [255, 59, 72, 255],
  crowd_gathering: [255, 140, 26, 255],
  traffic_accident: [255, 214, 10, 255],
  waterlogging: [41, 150, 255, 255],
  illegal_parking: [0, 229, 255, 255],
  road_occupation: [53, 245, 154, 255],
  garbage_overflow: [180, 140, 255, 255],
  intrusion: [255, 105, 180, 255],
};

/** The colour of an AI detection type (grey for a type the screen does not know). */
export function toDetectionColor(type: string): Rgba {
  return detectionColors[type] ?? [150, 160, 175, 255];
}
