import type { Severity } from '../alerts/alert-types.ts';
import type { LonLat } from '../graphql/types.ts';
import type { KeyCount, OpenAlert } from '../iot/iot-types.ts';

/** How a camera is doing (packages/gateway/src/schema.graphql CameraState). */
export const cameraStates = ['online', 'alert', 'offline', 'unknown'] as const;
export type CameraState = (typeof cameraStates)[number];

/** The AI detection types of the wire contract. */
export const detectionTypes = [
  'crowd_gathering',
  'fire_smoke',
  'illegal_parking',
  'road_occupation',
  'garbage_overflow',
  'waterlogging',
  'traffic_accident',
  'intrusion',
] as const;

/** A camera on the map. */
export type CameraPoint = {
  id: string;
  name: string;
  position: LonLat;
  district: string | null;
  state: CameraState;
  alertSeverity: Severity | null;
  statusAt: string | null;
};

/** One AI detection. */
export type Detection = {
  id: string;
  cameraId: string;
  cameraName: string | null;
  ts: string;
  type: string;
  confidence: number;
  count: number | null;
  district: string | null;
};

export type CameraSummary = {
  total: number;
  online: number;
  onlineRate: number | null;
  byState: KeyCount[];
  lastHourByType: KeyCount[];
  lastHourTotal: number;
};

export type EventCount = { bucket: string; type: string; count: number };

export type CameraDetail = CameraPoint & {
  streamUrl: string | null;
  openAlerts: OpenAlert[];
  recentEvents: Detection[];
};
