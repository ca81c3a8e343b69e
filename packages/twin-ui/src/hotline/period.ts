/** A China Standard Time calendar day, YYYY-MM-DD (the gateway's LocalDate). */
export type LocalDate = string;

/** Days from..to inclusive. */
export type DateRange = { from: LocalDate; to: LocalDate };

/** The periods the picker offers; presets move with the clock, a custom range does not. */
export const periodPresets = ['today', 'month', 'quarter', 'year'] as const;
export type PeriodPreset = (typeof periodPresets)[number];
export type Period = { kind: PeriodPreset } | ({ kind: 'custom' } & DateRange);

/** The period a scene opens with: this month (the ranking's usual period). */
export const defaultPeriod: Period = { kind: 'month' };

// China has had no daylight saving time since 1991: the city's day is UTC+8.
const chinaOffsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;
const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The China Standard Time calendar day of an instant. */
export function toChinaDate(instant: number): LocalDate {
  return new Date(instant + chinaOffsetMs).toISOString().slice(0, 10);
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isLocalDate(value: string): boolean {
  const match = localDatePattern.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The first instant of a China day, as an ISO-8601 string with its offset. */
export function toDayStart(date: LocalDate): string {
  return `${date}T00:00:00+08:00`;
}

/** The day after. */
export function toNextDay(date: LocalDate): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
}

/** Every day of a range, oldest first (empty when it ends before it starts). */
export function toDays({ from, to }: DateRange): LocalDate[] {
  const days: LocalDate[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= end; day += dayMs) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/** The days a period covers on the given day: presets run from their start to today. */
export function toDateRange(period: Period, today: LocalDate): DateRange {
  const [year = '1970', month = '01'] = today.split('-');
  switch (period.kind) {
    case 'today':
      return { from: today, to: today };
    case 'month':
      return { from: `${year}-${month}-01`, to: today };
    case 'quarter': {
      const firstMonth = Math.floor((Number(month) - 1) / 3) * 3 + 1;
      return { from: `${year}-${String(firstMonth).padStart(2, '0')}-01`, to: today };
    }
    case 'year':
      return { from: `${year}-01-01`, to: today };
    case 'custom':
      return { from: period.from, to: period.to };
    default: {
      const unknownPeriod: never = period;
      return unknownPeriod;
    }
  }
}

/** How a period is written in the URL: a preset name, or `from..to`. */
export function toPeriodParam(period: Period): string {
  return period.kind === 'custom' ? `${period.from}..${period.to}` : period.kind;
}

/** Reads the URL's period; anything unreadable is the default period. */
export function parsePeriodParam(value: string | null): Period {
  if (value === null) return defaultPeriod;
  if ((periodPresets as readonly string[]).includes(value)) {
    return { kind: value as PeriodPreset };
  }
  const [from = '', to = '', ...rest] = value.split('..');
  if (rest.length === 0 && isLocalDate(from) && isLocalDate(to) && from <= to) {
    return { kind: 'custom', from, to };
  }
  return defaultPeriod;
}

/** Two periods are the same choice (same preset, or the same custom days). */
export function isSamePeriod(a: Period, b: Period): boolean {
  return toPeriodParam(a) === toPeriodParam(b);
}
