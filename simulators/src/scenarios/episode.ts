import type { DistrictCode } from '../shared/geo.ts';
import type { RainSpell } from '../shared/weather.ts';
import type { Ticket } from '../hotline/ticket.ts';
import type { Reading } from '../iot/device.ts';
import type { CameraDetection } from '../video/camera-events.ts';
import type { Camera } from '../video/cameras.ts';

/** The scripted episodes of the demo city, each built to trip alert rules of one or more kinds. */
export const scenarioKinds = [
  'fire',
  'camera_outage',
  'device_silence',
  'heating_failure',
  'water_main_burst',
  'wage_arrears',
  'rainstorm',
] as const;

/** A kind of scripted episode. */
export type ScenarioKind = (typeof scenarioKinds)[number];

/** A device reporting otherwise than usual for a while. */
export interface ReadingEffect {
  deviceId: string;
  /** The effect holds for readings stamped in [from, to). */
  from: number;
  to: number;
  /** What the device reports at `ms` instead of `reading`; null: nothing (silent). */
  apply(reading: Reading, ms: number): Reading | null;
}

/** A camera offline from `start` to `end`. */
export interface CameraOutage {
  camera: Camera;
  start: number;
  end: number;
}

/** What an episode changes in the city's streams. */
export interface EpisodeEffects {
  /** Rain added to the weather: every weather-driven reading and detection follows it. */
  rain: readonly RainSpell[];
  readings: readonly ReadingEffect[];
  /** AI detections beyond the usual ones (offline cameras see nothing). */
  detections: readonly CameraDetection[];
  outages: readonly CameraOutage[];
  /** Work orders beyond the usual ones, each with its whole simulated life. */
  tickets: readonly Ticket[];
}

/** One scripted episode: a pure function of the seed, its kind and its start. */
export interface Episode {
  /** `{kind}@{start, ISO China time}`. */
  id: string;
  kind: ScenarioKind;
  start: number;
  /** When its last effect ends (work orders go on through their own lives). */
  end: number;
  district: DistrictCode;
  /** What happens, in Chinese, for the log. */
  summary: string;
  effects: EpisodeEffects;
}
