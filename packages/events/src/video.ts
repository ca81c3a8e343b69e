import { z } from 'zod';
import { commonFields, latSchema, lonSchema, mediaUrlSchema } from './common.ts';

/** Camera AI analytics event types (视联网). */
export const cameraEventTypes = [
  'crowd_gathering',
  'fire_smoke',
  'illegal_parking',
  'road_occupation',
  'garbage_overflow',
  'waterlogging',
  'traffic_accident',
  'intrusion',
] as const;

/** A camera event type. */
export type CameraEventType = (typeof cameraEventTypes)[number];

const unknownEventType = {
  message: 'unknown camera event type',
  params: { reason: 'unknown_event_type' },
};
const cameraEventType = z
  .string()
  .refine(
    (t): t is CameraEventType => (cameraEventTypes as readonly string[]).includes(t),
    unknownEventType,
  );

/** `twin/video/{cameraId}/meta` (retained): where a camera is. */
export const cameraMetaSchema = z.strictObject({
  ...commonFields,
  /** Must equal the topic's camera id when present. */
  cameraId: z.string().optional(),
  /** Display name (Chinese as installed). */
  name: z.string().min(1).max(200),
  /** Longitude, degrees. */
  lon: lonSchema,
  /** Latitude, degrees. */
  lat: latSchema,
  /** Video stream address, e.g. rtsp:// or https://. */
  streamUrl: mediaUrlSchema.optional(),
});

/** `twin/video/{cameraId}/status`: online or offline since `ts`. */
export const cameraStatusSchema = z.strictObject({
  ...commonFields,
  cameraId: z.string().optional(),
  /** Whether the camera is reachable. */
  online: z.boolean(),
});

/** `twin/video/{cameraId}/event`: one AI detection. */
export const cameraEventSchema = z.strictObject({
  ...commonFields,
  cameraId: z.string().optional(),
  /** What was detected. */
  type: cameraEventType,
  /** Detector confidence, 0–1. */
  confidence: z.number().min(0).max(1),
  /** 1 (minor) – 5 (critical). */
  severity: z.number().int().min(1).max(5),
  /** Count of people, vehicles, … when the detector counts. */
  count: z.number().int().min(0).max(1_000_000).optional(),
  /** Address of the snapshot image. */
  snapshotUrl: mediaUrlSchema.optional(),
});

/** Parsed camera metadata. */
export type CameraMeta = z.output<typeof cameraMetaSchema>;
/** Parsed camera status. */
export type CameraStatus = z.output<typeof cameraStatusSchema>;
/** Parsed camera event. */
export type CameraEvent = Omit<z.output<typeof cameraEventSchema>, 'type'> & {
  type: CameraEventType;
};
