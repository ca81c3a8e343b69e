import {
  DEFAULT_TOPIC_PREFIX,
  deviceTypes,
  iotMetaTopic,
  iotTelemetryTopic,
  type DeviceType,
} from '@city-twin/events';
import type { Emission, SimStream } from '../shared/emission.ts';
import type { Weather } from '../shared/weather.ts';
import type { ScenarioPlan } from '../scenarios/scenario-plan.ts';
import type { ReadingEffect } from '../scenarios/episode.ts';
import type { Device, Reading } from './device.ts';
import {
  telemetryOffset,
  toDeviceMetaPayload,
  toDeviceTelemetryPayload,
  type DeviceTelemetryPayload,
} from './iot-payloads.ts';

/** Simulated time between two readings of one device, per type, ms. */
export const defaultReportIntervalsMs: Readonly<Record<DeviceType, number>> = {
  air_quality: 30_000,
  water_level: 60_000,
  heating: 30_000,
  traffic: 15_000,
  manhole: 60_000,
  streetlight: 60_000,
  noise: 20_000,
  ambulance: 2_000,
};

/** Options of {@link createIotStream}. */
export interface IotStreamOptions {
  seed: number;
  devices: readonly Device[];
  weather: Weather;
  prefix?: string;
  /** Per-type overrides of {@link defaultReportIntervalsMs}. */
  intervalsMs?: Partial<Record<DeviceType, number>>;
  /**
   * Report only every `stride`-th interval (intervals grow `stride`×): keeps the wall-clock
   * message rate bounded when the simulated clock runs fast.
   */
  stride?: number;
  /** Scripted episodes: devices that report otherwise (or not at all) for a while. */
  scenarios?: Pick<ScenarioPlan, 'readingEffects'>;
}

/** The IoT stream: a reading per device per interval, at a fixed offset within the interval. */
export interface IotStream extends SimStream {
  /** Effective simulated interval per device type, ms. */
  readonly intervalsMs: Readonly<Record<DeviceType, number>>;
  /** Readings per simulated second. */
  readonly ratePerSecond: number;
}

/** Readings per simulated second of `devices` at the given intervals. */
export function iotRate(
  devices: readonly Device[],
  intervalsMs: Record<DeviceType, number>,
): number {
  return devices.reduce((sum, d) => sum + 1000 / intervalsMs[d.type], 0);
}

/**
 * The reading as scripted at its time: changed by the effects that hold then, or null when one
 * silences the device. The eventId stays the reading's: a device reports once per slot.
 */
function applyEffects(
  effects: readonly ReadingEffect[],
  payload: DeviceTelemetryPayload,
): DeviceTelemetryPayload | null {
  const ms = Date.parse(payload.ts);
  let reading: Reading | null = payload;
  for (const effect of effects) {
    if (ms < effect.from || ms >= effect.to) continue;
    reading = effect.apply(reading, ms);
    if (!reading) return null;
  }
  return reading === payload ? payload : { ...payload, ...reading };
}

/** Creates the IoT stream over a placed fleet. */
export function createIotStream(options: IotStreamOptions): IotStream {
  const { seed, devices, weather, prefix = DEFAULT_TOPIC_PREFIX, stride = 1 } = options;
  if (!Number.isInteger(stride) || stride < 1)
    throw new RangeError(`stride must be a positive integer, got ${stride}`);
  const intervalsMs = { ...defaultReportIntervalsMs };
  for (const type of deviceTypes) {
    const ms = options.intervalsMs?.[type] ?? defaultReportIntervalsMs[type];
    if (!Number.isFinite(ms) || ms < 100)
      throw new RangeError(`interval of ${type} must be ≥ 100 ms, got ${ms}`);
    intervalsMs[type] = ms * stride;
  }
  const context = { seed, weather };
  const schedule = devices.map((device) => {
    const interval = intervalsMs[device.type];
    return { device, interval, offset: telemetryOffset(device, seed, interval) };
  });

  return {
    name: 'iot',
    intervalsMs,
    ratePerSecond: iotRate(devices, intervalsMs),
    meta: (at) =>
      devices.map((device) => ({
        topic: iotMetaTopic(device.id, prefix),
        payload: toDeviceMetaPayload(device, at),
        retain: true,
      })),
    opening: () => [],
    between(from, to) {
      const out: Emission[] = [];
      const effects = options.scenarios?.readingEffects(from, to);
      for (const { device, interval, offset } of schedule) {
        const own = effects?.get(device.id);
        // Slots whose report time (slot + offset) falls in (from, to].
        for (
          let slot = Math.floor((from - offset) / interval + 1) * interval;
          slot + offset <= to;
          slot += interval
        ) {
          const payload = toDeviceTelemetryPayload(device, slot, interval, context);
          const scripted = own ? applyEffects(own, payload) : payload;
          if (scripted)
            out.push({
              topic: iotTelemetryTopic(device.id, prefix),
              payload: scripted,
              retain: false,
            });
        }
      }
      return out;
    },
    // Readings missed in an outage are history nobody acts on: they stay skipped.
    recover: () => [],
  };
}
