import { deviceCatalogue, deviceTypes, iotMetaSchema, iotTelemetrySchema } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../shared/geo.ts';
import { createWeather } from '../shared/weather.ts';
import { units } from '../hotline/units.ts';
import type { Device } from './device.ts';
import { baseDeviceCounts, placeDevices } from './iot-fleet.ts';
import { toDeviceMetaPayload, toDeviceTelemetryPayload } from './iot-payloads.ts';
import { yellowRiver } from './yellow-river.ts';

const devices = placeDevices(1);
const context = { seed: 1, weather: createWeather(1) };
const ofType = (type: Device['type']): Device[] => devices.filter((d) => d.type === type);
const issues = (result: { success: boolean; error?: { issues: unknown } }): string =>
  JSON.stringify(result.error?.issues);

describe('placeDevices', () => {
  it('places a few thousand devices of every catalogue type', () => {
    expect(devices.length).toBeGreaterThan(3000);
    expect(devices.length).toBeLessThan(5000);
    for (const type of deviceTypes) expect(ofType(type).length, type).toBeGreaterThan(0);
    for (const [type, count] of Object.entries(baseDeviceCounts))
      expect(ofType(type as Device['type']), type).toHaveLength(count);
    expect(ofType('heating').length).toBeGreaterThan(300);
  });

  it('puts every device inside the district it claims, with unique ids and names', () => {
    for (const device of devices)
      expect(locateDistrict(device.lon, device.lat), device.id).toBe(device.district);
    expect(new Set(devices.map((d) => d.id)).size).toBe(devices.length);
    expect(new Set(devices.map((d) => d.name)).size).toBe(devices.length);
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(placeDevices(1)).toEqual(devices);
    const other = placeDevices(2);
    expect(other.map((d) => [d.lon, d.lat])).not.toEqual(devices.map((d) => [d.lon, d.lat]));
  });

  it('scales the counts', () => {
    const half = placeDevices(1, 0.5);
    expect(half.length).toBeGreaterThan(devices.length * 0.4);
    expect(half.length).toBeLessThan(devices.length * 0.6);
  });

  it('gathers lights, manholes and heating in 湖滨区, the city proper', () => {
    for (const type of ['streetlight', 'manhole', 'heating'] as const) {
      const all = ofType(type);
      const cityProper = all.filter((d) => d.district === '411202');
      expect(cityProper.length / all.length, type).toBeGreaterThan(0.35);
    }
  });

  it('puts the Yellow River gauges along the northern boundary', () => {
    const mainstem = ofType('water_level').filter((d) => d.name.startsWith('黄河'));
    expect(mainstem.length).toBeGreaterThan(20);
    for (const gauge of mainstem) {
      const nearest = Math.min(...yellowRiver.map((p) => distanceKm(p, gauge)));
      expect(nearest, gauge.name).toBeLessThan(5);
    }
  });

  it('refers only to existing hotline units', () => {
    const ids = new Set(units.map((u) => u.id));
    for (const device of devices)
      if (device.unitId) expect(ids.has(device.unitId), device.id).toBe(true);
  });
});

describe('device payloads', () => {
  it('passes the meta schema for every device', () => {
    for (const device of devices) {
      const result = iotMetaSchema.safeParse(toDeviceMetaPayload(device, Date.now()));
      expect(result.success, issues(result)).toBe(true);
    }
  });

  it('passes the telemetry schema, with the catalogue metrics of each type in range', () => {
    const slots = [
      '2026-01-15T03:00:00+08:00',
      '2026-07-20T08:00:00+08:00',
      '2026-11-26T20:00:00+08:00',
    ];
    const problems: string[] = [];
    for (const slot of slots.map(Date.parse)) {
      for (const device of devices) {
        const payload = toDeviceTelemetryPayload(device, slot, 60_000, context);
        const result = iotTelemetrySchema.safeParse(payload);
        if (!result.success) problems.push(`${device.id}: ${issues(result)}`);
        const spec = deviceCatalogue[device.type].metrics as Record<
          string,
          { min: number; max: number }
        >;
        if (Object.keys(payload.metrics).sort().join() !== Object.keys(spec).sort().join())
          problems.push(`${device.id}: metrics ${Object.keys(payload.metrics).join()}`);
        for (const [name, value] of Object.entries(payload.metrics)) {
          const range = spec[name];
          if (!range || value < range.min || value > range.max)
            problems.push(`${device.id}: ${name} ${value}`);
        }
        if ((payload.lon !== undefined) !== (device.type === 'ambulance'))
          problems.push(`${device.id}: position`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names each reading by its device and time, the same every time', () => {
    const slot = Date.parse('2026-11-26T12:00:00+08:00');
    for (const device of devices.slice(0, 500)) {
      const payload = toDeviceTelemetryPayload(device, slot, 30_000, context);
      const ts = Date.parse(payload.ts);
      expect(payload.eventId).toBe(`${device.id}:r${ts}`);
      expect(toDeviceTelemetryPayload(device, slot, 30_000, context)).toEqual(payload);
      expect(ts).toBeGreaterThanOrEqual(slot);
      expect(ts).toBeLessThan(slot + 30_000);
    }
  });

  // Regression: slot-named readings of a 1× run and an accelerated replay of the same hours
  // (another interval) shared eventIds with different ts, which ingest dead-letters.
  it('never gives one eventId two times across report intervals', () => {
    const seen = new Map<string, string>();
    const from = Date.parse('2026-11-26T12:00:00+08:00');
    for (const interval of [30_000, 210_000]) {
      for (let slot = from; slot < from + 3_600_000; slot += interval) {
        for (const device of devices.slice(0, 50)) {
          const { eventId, ts } = toDeviceTelemetryPayload(device, slot, interval, context);
          expect(seen.get(eventId) ?? ts).toBe(ts);
          seen.set(eventId, ts);
        }
      }
    }
  });
});
