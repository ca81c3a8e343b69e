import type { Severity } from '../alerts/alert-types.ts';
import type { LonLat } from '../graphql/types.ts';

/** How a device is doing (packages/gateway/src/schema.graphql DeviceState). */
export const deviceStates = ['alert', 'silent', 'unknown', 'normal'] as const;
export type DeviceState = (typeof deviceStates)[number];

/** The device types of the wire contract, in the order the legend lists them. */
export const deviceTypes = [
  'air_quality',
  'water_level',
  'heating',
  'traffic',
  'manhole',
  'streetlight',
  'noise',
  'ambulance',
] as const;

/** A device on the map. */
export type DevicePoint = {
  id: string;
  type: string;
  name: string;
  position: LonLat;
  district: string | null;
  state: DeviceState;
  alertSeverity: Severity | null;
  latestTs: string | null;
};

export type KeyCount = { key: string; count: number };

/** Counts and the devices needing attention. */
export type DeviceSummary = {
  total: number;
  byType: KeyCount[];
  byState: KeyCount[];
  byDistrict: KeyCount[];
  attention: DevicePoint[];
};

export type SeriesPoint = { ts: string; value: number; min: number; max: number; count: number };

/** An open alert as the device detail lists it. */
export type OpenAlert = {
  id: string;
  title: string;
  titleEn: string;
  severity: Severity;
  openedAt: string;
};

/** One device with its latest readings, open alerts and one metric's series. */
export type DeviceDetail = DevicePoint & {
  latest: { metric: string; value: number }[];
  openAlerts: OpenAlert[];
  series: SeriesPoint[];
};
