import { type Language, toLocale } from '../i18n/languages.ts';

const cityTimeZone = 'Asia/Shanghai';
const chinaOffsetMs = 8 * 3_600_000;
const formats = new Map<Language, Intl.DateTimeFormat>();

/** The cursor's time as the time bar writes it: 2026年12月4日 22:00 / Dec 4, 2026, 22:00. */
export function formatCursorTime(at: number, language: Language): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(toLocale(language), {
      timeZone: cityTimeZone,
      year: 'numeric',
      month: language === 'zh-CN' ? 'long' : 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(language, format);
  }
  return format.format(at);
}

/** An instant as a `datetime-local` input's value in China time (YYYY-MM-DDTHH:mm). */
export function toChinaInputValue(at: number): string {
  return new Date(at + chinaOffsetMs).toISOString().slice(0, 16);
}

/** A `datetime-local` value read as China time; null when it is not one. */
export function parseChinaInputValue(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const at = Date.parse(`${value}:00+08:00`);
  return Number.isFinite(at) ? at : null;
}
