import { type Language, toLocale } from '../i18n/languages.ts';

const formats = new Map<Language, Intl.DateTimeFormat>();

/** Hours and minutes (14:00) in the city's time zone, for chart axes and tips. */
export function formatHourMinute(value: string | number, language: Language): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(toLocale(language), {
      timeZone: 'Asia/Shanghai',
      hour12: false,
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(language, format);
  }
  return format.format(date);
}

/** An axis top for counts: a round number whose half is whole too (2, 4, 6, 10, 20 …). */
export function toCountAxisMax(nice: number): number {
  return nice % 2 === 0 ? nice : nice + 1;
}
