import type { TFunction } from 'i18next';
import { formatFullDateTime, formatOverdue } from '../hotline/hotline-format.ts';
import { toLabel } from '../hotline/labels.ts';
import type { Language } from '../i18n/languages.ts';
import { formatNumber } from '../panels/format.ts';
import { toAlertLabel } from './alert-format.ts';

/** Units of the metrics alert rules watch, as the device catalogue gives them. */
const metricUnits: Readonly<Record<string, string>> = {
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  o3: 'µg/m³',
  no2: 'µg/m³',
  level_m: 'm',
  flow_m3s: 'm³/s',
  supply_temp_c: '°C',
  return_temp_c: '°C',
  pressure_mpa: 'MPa',
  flow_vph: 'veh/h',
  speed_kmh: 'km/h',
  tilt_deg: '°',
  water_cm: 'cm',
  power_w: 'W',
  db: 'dB(A)',
};

/** Keys shown first, in this order; any other key follows as sent. */
const keyOrder = [
  'value',
  'observed',
  'baseline',
  'spread',
  'score',
  'metric',
  'eventType',
  'count',
  'fact',
  'dueAt',
  'category',
  'district',
  'hour',
  'deviceType',
  'deviceId',
  'cameraId',
  'online',
  'ticketId',
  'unitId',
  'snapshotUrl',
];

/** One line of the detail: a label, a value, and a link when the value is one. */
export type DetailRow = { key: string; label: string; value: string; href?: string };

export type DetailContext = {
  t: TFunction;
  language: Language;
  /** The alert's rule kind: says what `value` means. */
  kind: string;
  /** Server names of the districts by code. */
  districtName: (code: string) => string;
};

/**
 * The detail JSON of an alert (what its rule saw) as label/value rows: known keys translated
 * and formatted (a reading with its unit, minutes as a duration, a confidence in per cent), any
 * other key shown as sent. Empty values are left out.
 */
export function toDetailRows(
  detail: Readonly<Record<string, unknown>>,
  context: DetailContext,
): DetailRow[] {
  const keys = Object.keys(detail).filter((key) => isShown(detail[key]));
  keys.sort((a, b) => rank(a) - rank(b));
  const rows: DetailRow[] = [];
  for (const key of keys) {
    // A surge's value is its observed count, listed already.
    if (key === 'value' && context.kind === 'hotline_surge' && isShown(detail.observed)) continue;
    const row = toRow(key, detail[key], detail, context);
    if (row) rows.push(row);
  }
  return rows;
}

const isShown = (value: unknown): boolean =>
  value !== null && value !== undefined && value !== '' && typeof value !== 'function';

const rank = (key: string): number => {
  const index = keyOrder.indexOf(key);
  return index === -1 ? keyOrder.length : index;
};

function toRow(
  key: string,
  value: unknown,
  detail: Readonly<Record<string, unknown>>,
  context: DetailContext,
): DetailRow | null {
  const { t, language } = context;
  const label = (name: string) => toAlertLabel(t, 'keys', name);
  const number = (digits: number) =>
    typeof value === 'number' ? formatNumber(value, language, digits) : plain(value);
  const text = typeof value === 'string' ? value : plain(value);
  switch (key) {
    case 'value':
      return toValueRow(value, detail, context);
    case 'baseline':
    case 'spread':
      return { key, label: label(key), value: number(Number.isInteger(value) ? 0 : 2) };
    case 'score':
      return { key, label: label(key), value: number(1) };
    case 'observed':
      return {
        key,
        label: label(key),
        value: typeof value === 'number' ? t('alerts.values.orders', { count: value }) : text,
      };
    case 'metric':
      return { key, label: label(key), value: toAlertLabel(t, 'metrics', text) };
    case 'deviceType':
      return { key, label: label(key), value: toAlertLabel(t, 'deviceTypes', text) };
    case 'eventType':
      return { key, label: label(key), value: toAlertLabel(t, 'eventTypes', text) };
    case 'fact':
      return { key, label: label(key), value: toLabel(t, 'scoreKinds', text) };
    case 'category':
      return { key, label: label(key), value: toLabel(t, 'categories', text) };
    case 'district':
      return { key, label: label(key), value: context.districtName(text) };
    case 'dueAt':
    case 'hour':
      return { key, label: label(key), value: formatFullDateTime(text, language) };
    case 'online':
      return {
        key,
        label: label(key),
        value: value === true ? t('alerts.values.online') : t('alerts.values.offline'),
      };
    case 'snapshotUrl':
      return /^https?:\/\//.test(text)
        ? { key, label: label(key), value: text, href: text }
        : { key, label: label(key), value: text };
    default:
      return { key, label: label(key), value: text };
  }
}

/** `value` means what the rule kind measures: a reading, minutes, a confidence, a count. */
function toValueRow(
  value: unknown,
  detail: Readonly<Record<string, unknown>>,
  { t, language, kind }: DetailContext,
): DetailRow {
  if (typeof value !== 'number') {
    return { key: 'value', label: toAlertLabel(t, 'keys', 'value'), value: plain(value) };
  }
  switch (kind) {
    case 'threshold': {
      const metric = typeof detail.metric === 'string' ? detail.metric : '';
      const unit = metricUnits[metric];
      const digits = Number.isInteger(value) ? 0 : 1;
      return {
        key: 'value',
        label: t('alerts.keys.reading'),
        value: `${formatNumber(value, language, digits)}${unit ? ` ${unit}` : ''}`,
      };
    }
    case 'silence':
      return {
        key: 'value',
        label: t('alerts.keys.silentFor'),
        value: formatOverdue(value * 60, t),
      };
    case 'hotline_overdue':
      return {
        key: 'value',
        label: t('alerts.keys.overdueFor'),
        value: formatOverdue(value * 60, t),
      };
    case 'camera_event':
      return {
        key: 'value',
        label: t('alerts.keys.confidence'),
        value: `${formatNumber(value * 100, language, 0)}%`,
      };
    default:
      return {
        key: 'value',
        label: t('alerts.keys.value'),
        value: formatNumber(value, language, Number.isInteger(value) ? 0 : 2),
      };
  }
}

/** Any JSON value as one line of text. */
function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
