import type { CameraEventType } from '@city-twin/events';
import { toChinaIso } from '../shared/china-time.ts';
import { hashSeed } from '../shared/random.ts';
import type { CameraDetection } from './camera-events.ts';
import type { Camera } from './cameras.ts';

/** `twin/video/{id}/meta` payload. */
export interface CameraMetaPayload {
  eventId: string;
  ts: string;
  name: string;
  lon: number;
  lat: number;
  streamUrl?: string;
}

/** `twin/video/{id}/status` payload. */
export interface CameraStatusPayload {
  eventId: string;
  ts: string;
  online: boolean;
}

/** `twin/video/{id}/event` payload. */
export interface CameraEventPayload {
  eventId: string;
  ts: string;
  type: CameraEventType;
  confidence: number;
  severity: number;
  count?: number;
}

/** A camera's metadata; the eventId hashes the content. */
export function toCameraMetaPayload(camera: Camera, at: number): CameraMetaPayload {
  const version = hashSeed(camera.name, camera.lon, camera.lat, camera.streamUrl).toString(36);
  return {
    eventId: `${camera.id}:meta:${version}`,
    ts: toChinaIso(at),
    name: camera.name,
    lon: camera.lon,
    lat: camera.lat,
    streamUrl: camera.streamUrl,
  };
}

/** A status change stamped when it happened: `{camera}:online|offline:{ms}`. */
export function toCameraStatusPayload(
  camera: Camera,
  online: boolean,
  at: number,
): CameraStatusPayload {
  return {
    eventId: `${camera.id}:${online ? 'online' : 'offline'}:${at}`,
    ts: toChinaIso(at),
    online,
  };
}

/**
 * An AI detection: `{camera}:{type}:{ms}`, named by its time so that no other run (another seed
 * or scale puts other cameras behind the ids) can claim the eventId with another ts.
 */
export function toCameraEventPayload(detection: CameraDetection): CameraEventPayload {
  const { camera, at, type, confidence, severity, count } = detection;
  return {
    eventId: `${camera.id}:${type}:${at}`,
    ts: toChinaIso(at),
    type,
    confidence,
    severity,
    ...(count !== undefined ? { count } : {}),
  };
}
