/** One metric a device type reports. */
export interface MetricSpec {
  /** Unit as displayed, e.g. µg/m³. */
  unit: string;
  /** Plausible range for simulation and display scales. */
  min: number;
  max: number;
}

/** One device type of the IoT network. */
export interface DeviceTypeSpec {
  /** Chinese and English display names. */
  label: { zh: string; en: string };
  /** Whether the device moves (position comes with each reading). */
  moving: boolean;
  metrics: Record<string, MetricSpec>;
}

/**
 * The device catalogue (wire contract v1 §4). It is data: ingest validates metric
 * names against it, so a new type needs an entry here and no ingest code.
 */
export const deviceCatalogue = {
  air_quality: {
    label: { zh: '空气质量监测站', en: 'Air quality station' },
    moving: false,
    metrics: {
      pm25: { unit: 'µg/m³', min: 0, max: 500 },
      pm10: { unit: 'µg/m³', min: 0, max: 600 },
      aqi: { unit: '', min: 0, max: 500 },
      o3: { unit: 'µg/m³', min: 0, max: 400 },
      no2: { unit: 'µg/m³', min: 0, max: 300 },
    },
  },
  water_level: {
    label: { zh: '水位监测站', en: 'Water level gauge' },
    moving: false,
    metrics: {
      level_m: { unit: 'm', min: 0, max: 340 },
      flow_m3s: { unit: 'm³/s', min: 0, max: 20000 },
    },
  },
  heating: {
    label: { zh: '供热换热站', en: 'Heating exchange station' },
    moving: false,
    metrics: {
      supply_temp_c: { unit: '°C', min: 20, max: 110 },
      return_temp_c: { unit: '°C', min: 15, max: 80 },
      pressure_mpa: { unit: 'MPa', min: 0, max: 1.6 },
    },
  },
  traffic: {
    label: { zh: '交通检测器', en: 'Traffic detector' },
    moving: false,
    metrics: {
      flow_vph: { unit: 'veh/h', min: 0, max: 4000 },
      speed_kmh: { unit: 'km/h', min: 0, max: 120 },
      occupancy: { unit: '', min: 0, max: 1 },
    },
  },
  manhole: {
    label: { zh: '智能井盖', en: 'Smart manhole cover' },
    moving: false,
    metrics: {
      tilt_deg: { unit: '°', min: 0, max: 90 },
      water_cm: { unit: 'cm', min: 0, max: 300 },
      open: { unit: '', min: 0, max: 1 },
    },
  },
  streetlight: {
    label: { zh: '智慧路灯', en: 'Street light' },
    moving: false,
    metrics: {
      on: { unit: '', min: 0, max: 1 },
      power_w: { unit: 'W', min: 0, max: 400 },
    },
  },
  noise: {
    label: { zh: '噪声监测点', en: 'Noise meter' },
    moving: false,
    metrics: { db: { unit: 'dB(A)', min: 20, max: 130 } },
  },
  ambulance: {
    label: { zh: '急救车', en: 'Ambulance' },
    moving: true,
    metrics: {
      speed_kmh: { unit: 'km/h', min: 0, max: 120 },
      state: { unit: '', min: 0, max: 3 },
    },
  },
} as const satisfies Record<string, DeviceTypeSpec>;

/** A device type name from the catalogue. */
export type DeviceType = keyof typeof deviceCatalogue;

/** All device type names. */
export const deviceTypes = Object.keys(deviceCatalogue) as [DeviceType, ...DeviceType[]];

/** Whether `name` is a catalogued device type. */
export function isDeviceType(name: string): name is DeviceType {
  return Object.hasOwn(deviceCatalogue, name);
}
