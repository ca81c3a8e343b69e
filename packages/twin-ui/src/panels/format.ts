import { type Language, toLocale } from '../i18n/languages.ts';

// Number and time formats follow the selected language (zh-CN conventions in Chinese).
// Times are shown in the city's own zone, whatever the screen's system zone is.
const cityTimeZone = 'Asia/Shanghai';

const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(language: Language, digits: number): Intl.NumberFormat {
  const key = `${language}/${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(toLocale(language), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

type TimeFormatKind = 'time' | 'date' | 'weekday';

const timeFormatOptions: Record<TimeFormatKind, Intl.DateTimeFormatOptions> = {
  time: { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' },
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  weekday: { weekday: 'short' },
};

function timeFormat(language: Language, kind: TimeFormatKind): Intl.DateTimeFormat {
  const key = `${language}/${kind}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(toLocale(language), {
      timeZone: cityTimeZone,
      ...timeFormatOptions[kind],
    });
    timeFormats.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, language: Language, digits = 0): string {
  return numberFormat(language, digits).format(value);
}

/** AQI is an integer index; '—' without a value. */
export function formatAqi(value: number | null, language: Language): string {
  return value === null ? '—' : formatNumber(Math.round(value), language);
}

/** Clock time of an ISO timestamp or epoch milliseconds, in the city's time zone. */
export function formatTime(value: string | number, language: Language): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : timeFormat(language, 'time').format(date);
}

/** Date, weekday and time, for the header clock. */
export function formatDateTime(value: number, language: Language): string {
  const date = new Date(value);
  return (['date', 'weekday', 'time'] as const)
    .map((kind) => timeFormat(language, kind).format(date))
    .join(' ');
}
