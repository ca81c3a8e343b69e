import { iotMetaSchema, iotTelemetrySchema } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import {
  reportOffset,
  toChinaIso,
  toMetaPayload,
  toTelemetryPayload,
} from './air-quality-simulator.ts';
import { placeAirQualityStations } from './air-quality.ts';

const stations = placeAirQualityStations(120, 1);
const eventIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const slot = Math.floor(Date.now() / 5000) * 5000;

describe('toChinaIso', () => {
  it('writes the same instant with a +08:00 offset', () => {
    expect(toChinaIso(Date.parse('2025-01-15T00:00:00.000Z'))).toBe(
      '2025-01-15T08:00:00.000+08:00',
    );
    expect(Date.parse(toChinaIso(1_700_000_000_123))).toBe(1_700_000_000_123);
  });
});

describe('toMetaPayload', () => {
  it('passes the meta schema with a stable, content-derived eventId', () => {
    for (const station of stations) {
      const meta = toMetaPayload(station, Date.now());
      expect(meta.eventId).toMatch(eventIdPattern);
      const parsed = iotMetaSchema.safeParse(meta);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    const [first] = stations;
    expect(toMetaPayload(first!, 0).eventId).toBe(toMetaPayload(first!, Date.now()).eventId);
    const moved = placeAirQualityStations(120, 2)[0]!;
    expect(toMetaPayload(moved, 0).eventId).not.toBe(toMetaPayload(first!, 0).eventId);
  });
});

describe('toTelemetryPayload', () => {
  it('passes the telemetry schema with one eventId per station and slot', () => {
    const ids = new Set<string>();
    for (const station of stations) {
      const payload = toTelemetryPayload(station, slot, 1, 5000);
      expect(payload.eventId).toMatch(eventIdPattern);
      expect(payload.eventId).toBe(`${station.id}:${slot}`);
      const parsed = iotTelemetrySchema.safeParse(payload);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      ids.add(payload.eventId);
    }
    expect(ids.size).toBe(stations.length);
  });

  it('gives the same slot the same payload, and the next slot a new event', () => {
    const [station] = stations;
    expect(toTelemetryPayload(station!, slot, 1, 5000)).toEqual(
      toTelemetryPayload(station!, slot, 1, 5000),
    );
    expect(toTelemetryPayload(station!, slot + 5000, 1, 5000).eventId).not.toBe(
      toTelemetryPayload(station!, slot, 1, 5000).eventId,
    );
  });

  it('stamps each reading inside its slot, spread over the interval', () => {
    const offsets = stations.map((s) => reportOffset(s, 1, 5000));
    for (const [i, station] of stations.entries()) {
      const ts = Date.parse(toTelemetryPayload(station, slot, 1, 5000).ts);
      expect(ts - slot).toBe(offsets[i]);
    }
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(5000);
    // Spread: every fifth of the interval holds some stations.
    const fifths = new Set(offsets.map((o) => Math.floor(o / 1000)));
    expect(fifths.size).toBe(5);
  });
});
