import { iotMetaTopic, iotTelemetryTopic } from '@city-twin/events';

/**
 * One publisher's share of a run: one device, one topic, and its payloads in order. The
 * reading's `ts` is `base + index` (ms), so the newest stored `ts` of the device tells how
 * many of its messages are committed; the contract allows no extra field to carry it.
 */
export interface Lane {
  deviceId: string;
  topic: string;
  base: number;
  lines: string[];
}

/** `lanes` devices named `bench-<tag>-<n>`, `perLane` contract-valid telemetry payloads each. */
export function telemetryLanes(tag: string, lanes: number, perLane: number): Lane[] {
  // Readings from a few minutes ago, inside the contract's ts window for the whole run.
  const base = Date.now() - 10 * 60_000;
  return Array.from({ length: lanes }, (_, n) => {
    const deviceId = `bench-${tag}-${n}`;
    const lines = new Array<string>(perLane);
    for (let i = 0; i < perLane; i += 1) {
      lines[i] =
        `{"eventId":"${deviceId}:${i}","ts":${base + i},` +
        `"metrics":{"pm25":${5 + (i % 800) / 10},"aqi":${20 + (i % 280)}}}`;
    }
    return { deviceId, topic: iotTelemetryTopic(deviceId), base, lines };
  });
}

/** The retained-meta message that introduces a lane's device (an air-quality station in 湖滨区). */
export function laneMeta(lane: Lane, n: number): { topic: string; payload: string } {
  return {
    topic: iotMetaTopic(lane.deviceId),
    payload: JSON.stringify({
      eventId: `${lane.deviceId}:meta`,
      ts: Date.now() - 3600_000,
      type: 'air_quality',
      name: `基准测试站${n}`,
      lon: 111.2 + n * 0.001,
      lat: 34.77,
    }),
  };
}

/** The rows ingest stores for a lane, as CSV for `\copy iot_reading(ts,device_id,metric,value,event_id)`. */
export function laneCsv(lane: Lane): string {
  const out: string[] = [];
  lane.lines.forEach((line, i) => {
    const { eventId, metrics } = JSON.parse(line) as {
      eventId: string;
      metrics: Record<string, number>;
    };
    const ts = new Date(lane.base + i).toISOString();
    for (const [metric, value] of Object.entries(metrics)) {
      out.push(`${ts},${lane.deviceId},${metric},${value},${eventId}`);
    }
  });
  return `${out.join('\n')}\n`;
}
