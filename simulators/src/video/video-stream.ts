import {
  cameraEventTopic,
  cameraMetaTopic,
  cameraStatusTopic,
  DEFAULT_TOPIC_PREFIX,
} from '@city-twin/events';
import type { Emission, SimStream } from '../shared/emission.ts';
import type { Weather } from '../shared/weather.ts';
import { BUCKET_MS, detectionsInBucket, type CameraDetection } from './camera-events.ts';
import { statusAt, statusChangesBetween } from './camera-status.ts';
import type { Camera } from './cameras.ts';
import {
  toCameraEventPayload,
  toCameraMetaPayload,
  toCameraStatusPayload,
} from './video-payloads.ts';

/** Options of {@link createVideoStream}. */
export interface VideoStreamOptions {
  seed: number;
  cameras: readonly Camera[];
  weather: Weather;
  prefix?: string;
}

/** The video stream: retained camera metadata, online/offline changes and AI detections. */
export function createVideoStream(options: VideoStreamOptions): SimStream {
  const { seed, cameras, weather, prefix = DEFAULT_TOPIC_PREFIX } = options;
  // The bucket a tick is in is asked for again by the next tick: keep the last few.
  const buckets = new Map<number, CameraDetection[]>();
  const bucket = (start: number): CameraDetection[] => {
    let detections = buckets.get(start);
    if (!detections) {
      detections = detectionsInBucket(cameras, start, seed, weather);
      if (buckets.size >= 4) buckets.delete(buckets.keys().next().value as number);
      buckets.set(start, detections);
    }
    return detections;
  };
  const currentStatus = (at: number): Emission[] =>
    cameras.map((camera) => {
      const { online, since } = statusAt(camera, at, seed);
      return {
        topic: cameraStatusTopic(camera.id, prefix),
        payload: toCameraStatusPayload(camera, online, since),
        retain: false,
      };
    });

  return {
    name: 'video',
    meta: (at) =>
      cameras.map((camera) => ({
        topic: cameraMetaTopic(camera.id, prefix),
        payload: toCameraMetaPayload(camera, at),
        retain: true,
      })),
    opening: currentStatus,
    between(from, to) {
      const out: Emission[] = statusChangesBetween(cameras, from, to, seed).map(
        ({ camera, online, at }) => ({
          topic: cameraStatusTopic(camera.id, prefix),
          payload: toCameraStatusPayload(camera, online, at),
          retain: false,
        }),
      );
      for (let start = Math.floor(from / BUCKET_MS) * BUCKET_MS; start <= to; start += BUCKET_MS) {
        for (const detection of bucket(start)) {
          if (detection.at <= from || detection.at > to) continue;
          out.push({
            topic: cameraEventTopic(detection.camera.id, prefix),
            payload: toCameraEventPayload(detection),
            retain: false,
          });
        }
      }
      return out;
    },
    // Detections missed in an outage are gone; the cameras' status must be right again.
    recover: (_from, to) => currentStatus(to),
  };
}
