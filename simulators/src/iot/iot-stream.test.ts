import { iotTelemetrySchema } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import { createWeather } from '../shared/weather.ts';
import { placeDevices } from './iot-fleet.ts';
import { createIotStream, defaultReportIntervalsMs } from './iot-stream.ts';

const devices = placeDevices(1, 0.2);
const from = Date.parse('2026-11-26T12:00:00+08:00');

function telemetryIds(stride: number, to: number): string[] {
  const stream = createIotStream({ seed: 1, devices, weather: createWeather(1), stride });
  return stream.between(from, to).map((e) => e.payload.eventId);
}

describe('createIotStream', () => {
  it('emits one reading per device per interval, stamped inside the window', () => {
    const stream = createIotStream({ seed: 1, devices, weather: createWeather(1) });
    const to = from + 60_000;
    const emissions = stream.between(from, to);
    const expected = devices.reduce((sum, d) => sum + 60_000 / defaultReportIntervalsMs[d.type], 0);
    expect(emissions.length).toBe(expected);
    for (const { topic, payload, retain } of emissions) {
      const ts = Date.parse(payload.ts);
      expect(ts).toBeGreaterThan(from);
      expect(ts).toBeLessThanOrEqual(to);
      expect(topic).toMatch(/^twin\/iot\/[a-z]+-\d{6}-\d+\/telemetry$/);
      expect(retain).toBe(false);
      const result = iotTelemetrySchema.safeParse(payload);
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    }
  });

  it('splits a window anywhere without losing or repeating a reading', () => {
    const whole = telemetryIds(1, from + 90_000);
    const stream = createIotStream({ seed: 1, devices, weather: createWeather(1) });
    const parts = [from, from + 12_345, from + 40_000, from + 40_001, from + 90_000];
    const pieces = parts
      .slice(1)
      .flatMap((to, i) => stream.between(parts[i]!, to).map((e) => e.payload.eventId));
    expect(pieces.sort()).toEqual([...whole].sort());
    expect(new Set(pieces).size).toBe(pieces.length);
  });

  it('thins readings by the stride', () => {
    const full = telemetryIds(1, from + 600_000).length;
    const thinned = telemetryIds(4, from + 600_000).length;
    expect(thinned / full).toBeGreaterThan(0.2);
    expect(thinned / full).toBeLessThan(0.3);
  });

  it('publishes retained metadata for every device', () => {
    const stream = createIotStream({ seed: 1, devices, weather: createWeather(1) });
    const meta = stream.meta(from);
    expect(meta).toHaveLength(devices.length);
    expect(meta.every((e) => e.retain && e.topic.endsWith('/meta'))).toBe(true);
  });
});
