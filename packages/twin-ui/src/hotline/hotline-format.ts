import type { TFunction } from 'i18next';
import { type Language, toLocale } from '../i18n/languages.ts';
import { formatNumber } from '../panels/format.ts';

// Hotline figures in the conventions of the selected language: 万 and 亿 for large counts in
// Chinese, thousands separators in English; times in the city's zone.
const cityTimeZone = 'Asia/Shanghai';
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key);
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format as T;
}

/** A count: `12.3万` from ten thousand on in Chinese, `1.2M` from a million on in English. */
export function formatCount(value: number, language: Language): string {
  const compactFrom = language === 'zh-CN' ? 10_000 : 1_000_000;
  if (Math.abs(value) < compactFrom) return formatNumber(value, language);
  return cached(
    `compact/${language}`,
    () =>
      new Intl.NumberFormat(toLocale(language), { notation: 'compact', maximumFractionDigits: 1 }),
  ).format(value);
}

/** A rate of 0–1 as a percentage with one decimal; '—' without one. */
export function formatRate(value: number | null, language: Language): string {
  if (value === null) return '—';
  return cached(
    `percent/${language}`,
    () =>
      new Intl.NumberFormat(toLocale(language), {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }),
  ).format(value);
}

/** A score or points with at most two decimals (1,000, 998.5, -10). */
export function formatPoints(value: number, language: Language): string {
  return cached(
    `points/${language}`,
    () => new Intl.NumberFormat(toLocale(language), { maximumFractionDigits: 2 }),
  ).format(value);
}

/** Points with their sign: +0.5, −10, 0. */
export function formatSignedPoints(value: number, language: Language): string {
  const magnitude = formatPoints(Math.abs(value), language);
  if (value > 0) return `+${magnitude}`;
  if (value < 0) return `−${magnitude}`;
  return magnitude;
}

/** Month, day and time of an ISO instant in the city's zone: 11/29 14:05; '—' without one. */
export function formatDayTime(value: string | null, language: Language): string {
  if (value === null) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return cached(
    `dayTime/${language}`,
    () =>
      new Intl.DateTimeFormat(toLocale(language), {
        timeZone: cityTimeZone,
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }),
  ).format(date);
}

/** Year, month, day and time of an ISO instant in the city's zone; '—' without one. */
export function formatFullDateTime(value: string | null, language: Language): string {
  if (value === null) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return cached(
    `fullDateTime/${language}`,
    () =>
      new Intl.DateTimeFormat(toLocale(language), {
        timeZone: cityTimeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }),
  ).format(date);
}

/** A YYYY-MM-DD day as the axis writes it: 11/29 in Chinese, 29/11 in English. */
export function formatShortDay(day: string, language: Language): string {
  const [, month = '', date = ''] = day.split('-');
  return language === 'zh-CN'
    ? `${Number(month)}/${Number(date)}`
    : `${Number(date)}/${Number(month)}`;
}

/** How long something has been overdue: 3天4小时, 5小时12分, 40分钟 (or 3 d 4 h in English). */
export function formatOverdue(seconds: number, t: TFunction): string {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t('hotline.duration.daysHours', { days, hours });
  if (hours > 0) return t('hotline.duration.hoursMinutes', { hours, minutes: minutes % 60 });
  return t('hotline.duration.minutes', { minutes });
}
