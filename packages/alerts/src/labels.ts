import type {
  CameraEventType,
  DeviceType,
  deviceCatalogue,
  ticketCategories,
} from '@city-twin/events';
import type { AlertText } from './state.ts';

/** Every metric name of the device catalogue. */
export type MetricName = {
  [T in DeviceType]: keyof (typeof deviceCatalogue)[T]['metrics'];
}[DeviceType];

/** How texts name a metric; 0/1 metrics say what 1 and 0 mean instead of showing the number. */
export interface MetricLabel extends AlertText {
  flag?: { on: AlertText; off: AlertText };
}

/** Names of the catalogue's metrics in alert texts. */
export const metricLabels: Readonly<Record<MetricName, MetricLabel>> = {
  pm25: { zh: 'PM2.5 浓度', en: 'PM2.5' },
  pm10: { zh: 'PM10 浓度', en: 'PM10' },
  aqi: { zh: 'AQI', en: 'AQI' },
  o3: { zh: '臭氧浓度', en: 'ozone' },
  no2: { zh: '二氧化氮浓度', en: 'NO₂' },
  level_m: { zh: '水位', en: 'water level' },
  flow_m3s: { zh: '流量', en: 'flow' },
  supply_temp_c: { zh: '供水温度', en: 'supply temperature' },
  return_temp_c: { zh: '回水温度', en: 'return temperature' },
  pressure_mpa: { zh: '供水压力', en: 'supply pressure' },
  flow_vph: { zh: '车流量', en: 'traffic flow' },
  speed_kmh: { zh: '车速', en: 'speed' },
  occupancy: { zh: '占有率', en: 'occupancy' },
  tilt_deg: { zh: '井盖倾角', en: 'cover tilt' },
  water_cm: { zh: '井内水深', en: 'water in the well' },
  open: {
    zh: '井盖开启',
    en: 'cover open',
    flag: {
      on: { zh: '井盖开启', en: 'cover open' },
      off: { zh: '井盖已闭合', en: 'cover closed' },
    },
  },
  on: {
    zh: '路灯开启',
    en: 'light on',
    flag: { on: { zh: '路灯亮', en: 'light on' }, off: { zh: '路灯灭', en: 'light off' } },
  },
  power_w: { zh: '功率', en: 'power' },
  db: { zh: '噪声', en: 'noise' },
  state: { zh: '出车状态', en: 'state' },
};

/** Names of the camera event types in alert texts, and what their count counts. */
export const cameraEventLabels: Readonly<
  Record<CameraEventType, AlertText & { counted?: AlertText }>
> = {
  crowd_gathering: { zh: '人群聚集', en: 'crowd gathering', counted: { zh: '人', en: 'people' } },
  fire_smoke: { zh: '烟火', en: 'fire or smoke' },
  illegal_parking: { zh: '违停', en: 'illegal parking', counted: { zh: '辆', en: 'vehicles' } },
  road_occupation: { zh: '占道经营', en: 'road occupation', counted: { zh: '处', en: 'stalls' } },
  garbage_overflow: { zh: '垃圾满溢', en: 'garbage overflow' },
  waterlogging: { zh: '道路积水', en: 'waterlogging' },
  traffic_accident: {
    zh: '交通事故',
    en: 'traffic accident',
    counted: { zh: '辆', en: 'vehicles' },
  },
  intrusion: { zh: '区域入侵', en: 'intrusion', counted: { zh: '人', en: 'people' } },
};

/** Hotline categories as surge texts name them (湖滨区 供暖投诉 …). */
export const surgeCategoryLabels: Readonly<Record<(typeof ticketCategories)[number], AlertText>> = {
  heating: { zh: '供暖投诉', en: 'heating complaints' },
  roads: { zh: '道路问题', en: 'road issues' },
  wages: { zh: '欠薪投诉', en: 'unpaid-wage complaints' },
  education: { zh: '教育诉求', en: 'education requests' },
  social_insurance: { zh: '社保诉求', en: 'social insurance requests' },
  housing: { zh: '住房诉求', en: 'housing requests' },
  environment: { zh: '环境投诉', en: 'environment complaints' },
  traffic: { zh: '交通诉求', en: 'traffic requests' },
  water_power: { zh: '水电诉求', en: 'water and power requests' },
  other: { zh: '其他诉求', en: 'other requests' },
};

/** Names of the severities 1–4. */
export const severityLabels: Readonly<Record<1 | 2 | 3 | 4, AlertText>> = {
  1: { zh: '提示', en: 'info' },
  2: { zh: '一般', en: 'minor' },
  3: { zh: '严重', en: 'major' },
  4: { zh: '紧急', en: 'critical' },
};

/** A number as texts show it: at most two decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A value with its unit: `182 µg/m³`, `12.5°`, `0.42` (no unit). */
export function withUnit(value: number, unit: string): string {
  const number = formatNumber(value);
  if (!unit) return number;
  return unit === '°' ? `${number}°` : `${number} ${unit}`;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant in China Standard Time, `YYYY-MM-DD HH:mm`. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A duration in whole minutes, hours or days, as zh-CN and English text. */
export function formatDuration(minutes: number): AlertText {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 120) return { zh: `${m} 分钟`, en: `${m} min` };
  const h = Math.floor(m / 60);
  if (h < 48) return { zh: `${h} 小时`, en: `${h} h` };
  const d = Math.floor(h / 24);
  return { zh: `${d} 天`, en: `${d} days` };
}
