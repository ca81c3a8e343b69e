import type { DeviceType } from '@city-twin/events';
import { toChinaIso } from '../shared/china-time.ts';
import { createRng, hashSeed } from '../shared/random.ts';
import { toMetaPayload as toAirQualityMeta } from './air-quality.ts';
import { airQualityReading } from './air-quality.ts';
import { readAmbulance } from './ambulance.ts';
import type { Device, Reading, ReadingContext } from './device.ts';
import { readHeating } from './heating.ts';
import { readManhole } from './manhole.ts';
import { readNoise } from './noise.ts';
import { readStreetlight } from './streetlight.ts';
import { readTraffic } from './traffic.ts';
import { readWaterLevel } from './water-level.ts';

/** `twin/iot/{id}/meta` payload. */
export interface DeviceMetaPayload {
  eventId: string;
  ts: string;
  type: DeviceType;
  name: string;
  lon: number;
  lat: number;
  unitId?: string;
}

/** `twin/iot/{id}/telemetry` payload. */
export interface DeviceTelemetryPayload {
  eventId: string;
  ts: string;
  metrics: Record<string, number>;
  lon?: number;
  lat?: number;
}

/**
 * A device's metadata. The eventId hashes the content, so a re-publish after a restart is the
 * same event while a changed device is a new one. Air quality stations keep the metadata of the
 * original air-quality simulator.
 */
export function toDeviceMetaPayload(device: Device, at: number): DeviceMetaPayload {
  if (device.type === 'air_quality') return toAirQualityMeta(device, at);
  const version = hashSeed(device.type, device.name, device.lon, device.lat, device.unitId ?? '');
  return {
    eventId: `${device.id}:meta:${version.toString(36)}`,
    ts: toChinaIso(at),
    type: device.type,
    name: device.name,
    lon: device.lon,
    lat: device.lat,
    ...(device.unitId ? { unitId: device.unitId } : {}),
  };
}

/** A reading of any device type. */
export function readDevice(device: Device, ms: number, context: ReadingContext): Reading {
  const rng = createRng(hashSeed(context.seed, 'iot-reading', device.id, ms));
  switch (device.type) {
    case 'air_quality':
      return { metrics: { ...airQualityReading(device, ms, rng) } };
    case 'water_level':
      return readWaterLevel(device, ms, rng, context);
    case 'heating':
      return readHeating(device, ms, rng, context);
    case 'traffic':
      return readTraffic(device, ms, rng, context);
    case 'manhole':
      return readManhole(device, ms, rng, context);
    case 'streetlight':
      return readStreetlight(device, ms, rng, context);
    case 'noise':
      return readNoise(device, ms, rng, context);
    case 'ambulance':
      return readAmbulance(device, ms, rng, context);
    default: {
      const unreachable: never = device;
      throw new Error(`unknown device ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Where in each interval a device reports, ms: spreads the fleet's messages evenly. */
export function telemetryOffset(device: Device, seed: number, intervalMs: number): number {
  return Math.floor((hashSeed(seed, 'iot-offset', device.id) / 2 ** 32) * intervalMs);
}

/**
 * The device's reading for the slot starting at `slotMs` (a multiple of `intervalMs`). The
 * reading is a pure function of the device and its time, and the eventId (`{device}:r{ms}`)
 * names that time: a repeated publish is a true duplicate, and runs with other intervals (an
 * accelerated replay of the same hours) can never claim an eventId with another ts.
 */
export function toDeviceTelemetryPayload(
  device: Device,
  slotMs: number,
  intervalMs: number,
  context: ReadingContext,
): DeviceTelemetryPayload {
  const ts = slotMs + telemetryOffset(device, context.seed, intervalMs);
  return { eventId: `${device.id}:r${ts}`, ts: toChinaIso(ts), ...readDevice(device, ts, context) };
}
