import {
  cameraEventTopic,
  cameraMetaTopic,
  cameraStatusTopic,
  DEFAULT_TOPIC_PREFIX,
} from '@city-twin/events';
import type { Emission, SimStream } from '../shared/emission.ts';
import type { Weather } from '../shared/weather.ts';
import type { CameraOutage } from '../scenarios/episode.ts';
import type { ScenarioPlan } from '../scenarios/scenario-plan.ts';
import { BUCKET_MS, detectionsInBucket, type CameraDetection } from './camera-events.ts';
import { isOnline, statusAt, statusChangesBetween, type StatusChange } from './camera-status.ts';
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
  /** Scripted episodes: detections beyond the usual ones, cameras going offline. */
  scenarios?: Pick<ScenarioPlan, 'detectionsBetween' | 'outagesBetween'>;
}

/** How far back a camera's last scripted outage is looked for (as its own, see statusAt). */
const STATUS_LOOKBACK_MS = 14 * 86_400_000;

/** The video stream: retained camera metadata, online/offline changes and AI detections. */
export function createVideoStream(options: VideoStreamOptions): SimStream {
  const { seed, cameras, weather, prefix = DEFAULT_TOPIC_PREFIX, scenarios } = options;
  const watched = new Set(cameras.map((c) => c.id));
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
  /** Scripted outages of this stream's cameras overlapping [from, to]. */
  const outagesBetween = (from: number, to: number): CameraOutage[] =>
    (scenarios?.outagesBetween(from, to) ?? []).filter((o) => watched.has(o.camera.id));
  const statusEmission = ({ camera, online, at }: StatusChange): Emission => ({
    topic: cameraStatusTopic(camera.id, prefix),
    payload: toCameraStatusPayload(camera, online, at),
    retain: false,
  });

  const currentStatus = (at: number): Emission[] => {
    const outages = outagesBetween(at - STATUS_LOOKBACK_MS, at);
    return cameras.map((camera) => {
      let { online, since } = statusAt(camera, at, seed);
      // A scripted outage that began or ended after the camera's own last change decides.
      for (const o of outages) {
        if (o.camera.id !== camera.id || o.start > at) continue;
        const change = at < o.end ? o.start : o.end;
        if (change > since) [online, since] = [at >= o.end, change];
      }
      return statusEmission({ camera, online, at: since });
    });
  };

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
      const outages = outagesBetween(from, to);
      const changes = statusChangesBetween(cameras, from, to, seed);
      for (const { camera, start, end } of outages) {
        if (start > from && start <= to) changes.push({ camera, online: false, at: start });
        if (end > from && end <= to) changes.push({ camera, online: true, at: end });
      }
      const out = changes.sort((a, b) => a.at - b.at).map(statusEmission);
      const detections: CameraDetection[] = [];
      for (let start = Math.floor(from / BUCKET_MS) * BUCKET_MS; start <= to; start += BUCKET_MS)
        for (const detection of bucket(start))
          if (detection.at > from && detection.at <= to) detections.push(detection);
      // Scripted ones too come only from cameras online at the time.
      for (const detection of scenarios?.detectionsBetween(from, to) ?? [])
        if (watched.has(detection.camera.id) && isOnline(detection.camera, detection.at, seed))
          detections.push(detection);
      for (const detection of detections.sort((a, b) => a.at - b.at)) {
        const { camera, at } = detection;
        if (outages.some((o) => o.camera.id === camera.id && at >= o.start && at < o.end)) continue;
        out.push({
          topic: cameraEventTopic(camera.id, prefix),
          payload: toCameraEventPayload(detection),
          retain: false,
        });
      }
      return out;
    },
    // Detections missed in an outage are gone; the cameras' status must be right again.
    recover: (_from, to) => currentStatus(to),
  };
}
