import { cameraEventSchema, cameraStatusSchema, type CameraEventType } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import { chinaClock, DAY_MS, HOUR_MS } from '../shared/china-time.ts';
import { createWeather } from '../shared/weather.ts';
import { BUCKET_MS, detectionsInBucket, type CameraDetection } from './camera-events.ts';
import { isOnline, outageOf, statusChangesBetween } from './camera-status.ts';
import { placeCameras } from './cameras.ts';
import { toCameraEventPayload } from './video-payloads.ts';
import { createVideoStream } from './video-stream.ts';

const cameras = placeCameras(1, 300);
const weather = createWeather(1);
const july = Date.parse('2026-07-06T00:00:00+08:00');

function detectionsOver(from: number, days: number): CameraDetection[] {
  const out: CameraDetection[] = [];
  for (let b = from; b < from + days * DAY_MS; b += BUCKET_MS)
    out.push(...detectionsInBucket(cameras, b, 1, weather));
  return out;
}

const week = detectionsOver(july, 14);
const byType = (type: CameraEventType): CameraDetection[] => week.filter((d) => d.type === type);

describe('camera detections', () => {
  it('pass the event schema with confidence 0.5–0.99', () => {
    expect(week.length).toBeGreaterThan(1000);
    const problems: string[] = [];
    for (const detection of week) {
      const payload = toCameraEventPayload(detection);
      const result = cameraEventSchema.safeParse(payload);
      if (!result.success) problems.push(JSON.stringify(result.error.issues));
      if (payload.confidence < 0.5 || payload.confidence > 0.99)
        problems.push(`confidence ${payload.confidence}`);
    }
    expect(problems).toEqual([]);
    expect(new Set(week.map((d) => toCameraEventPayload(d).eventId)).size).toBe(week.length);
  });

  it('see illegal parking and overflowing bins most, by day; fire and smoke very rarely', () => {
    const count = (type: CameraEventType): number => byType(type).length;
    const common = count('illegal_parking') + count('garbage_overflow');
    expect(common / week.length).toBeGreaterThan(0.4);
    const parking = byType('illegal_parking');
    const byDay = parking.filter((d) => {
      const { hour } = chinaClock(d.at);
      return hour >= 8 && hour < 20;
    });
    expect(byDay.length / parking.length).toBeGreaterThan(0.8);
    expect(count('fire_smoke') / week.length).toBeLessThan(0.01);
  });

  it('count crowds on squares in the evening', () => {
    const crowds = byType('crowd_gathering');
    expect(crowds.length).toBeGreaterThan(20);
    const evening = crowds.filter((d) => d.camera.site === 'square' && chinaClock(d.at).hour >= 18);
    expect(evening.length / crowds.length).toBeGreaterThan(0.5);
    for (const crowd of crowds) {
      expect(crowd.count).toBeGreaterThanOrEqual(20);
      expect(crowd.severity).toBeGreaterThanOrEqual(3);
    }
  });

  it('report waterlogging only while it rains', () => {
    const wet = byType('waterlogging');
    expect(wet.length).toBeGreaterThan(0);
    for (const d of wet)
      expect(weather.at(d.bucketStart + BUCKET_MS / 2).raining, String(d.at)).toBe(true);
  });

  it('rate severity by type', () => {
    const severities = (type: CameraEventType): Set<number> =>
      new Set(byType(type).map((d) => d.severity));
    expect(severities('illegal_parking')).toEqual(new Set([2]));
    expect(severities('garbage_overflow')).toEqual(new Set([1]));
    expect([...severities('traffic_accident')].every((s) => s === 4)).toBe(true);
    const fires = detectionsOver(Date.parse('2026-01-01T00:00:00+08:00'), 30).filter(
      (d) => d.type === 'fire_smoke',
    );
    expect(fires.length).toBeGreaterThan(0);
    expect(fires.length).toBeLessThan(100);
    expect(fires.every((d) => d.severity === 5)).toBe(true);
  });

  it('come only from online cameras, and the same bucket always gives the same detections', () => {
    expect(week.filter((d) => !isOnline(d.camera, d.at, 1))).toEqual([]);
    expect(detectionsInBucket(cameras, july + 20 * HOUR_MS, 1, createWeather(1))).toEqual(
      detectionsInBucket(cameras, july + 20 * HOUR_MS, 1, weather),
    );
  });
});

describe('camera status', () => {
  it('keeps cameras online most of the time, with rare flaps that alternate', () => {
    const from = july;
    const to = july + 30 * DAY_MS;
    const changes = statusChangesBetween(cameras, from, to, 1);
    expect(changes.length).toBeGreaterThan(100);
    expect(changes.length).toBeLessThan(2000);
    let offlineMs = 0;
    for (const camera of cameras) {
      const own = changes.filter((c) => c.camera === camera);
      own.forEach((change, i) => expect(change.online).toBe(i % 2 === 1));
      for (
        let day = Math.floor((from + 8 * HOUR_MS) / DAY_MS);
        day < Math.floor((to + 8 * HOUR_MS) / DAY_MS);
        day++
      ) {
        const outage = outageOf(camera, day, 1);
        if (outage) offlineMs += outage.end - outage.start;
      }
    }
    expect(offlineMs / (cameras.length * (to - from))).toBeLessThan(0.03);
    for (const change of changes) {
      const result = cameraStatusSchema.safeParse({
        eventId: 'x',
        ts: change.at,
        online: change.online,
      });
      expect(result.success).toBe(true);
    }
  });
});

describe('createVideoStream', () => {
  it('opens with every camera’s status, stamped when it began, then streams changes and detections', () => {
    const stream = createVideoStream({ seed: 1, cameras, weather });
    const at = july + 10 * HOUR_MS;
    const opening = stream.opening(at);
    expect(opening).toHaveLength(cameras.length);
    for (const { payload } of opening) {
      expect(Date.parse(payload.ts)).toBeLessThanOrEqual(at);
      expect(cameraStatusSchema.safeParse(payload).success).toBe(true);
    }
    const emitted = stream.between(at, at + 6 * HOUR_MS);
    expect(emitted.length).toBeGreaterThan(50);
    for (const { payload } of emitted) {
      const ts = Date.parse(payload.ts);
      expect(ts).toBeGreaterThan(at);
      expect(ts).toBeLessThanOrEqual(at + 6 * HOUR_MS);
    }
    expect(stream.meta(at).every((e) => e.retain)).toBe(true);
  });
});
