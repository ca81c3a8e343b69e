// Sanmenxia keeps China Standard Time (UTC+8, no daylight saving): every diurnal pattern of the
// simulated city follows the local wall clock.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** ISO-8601 in China Standard Time, as a device installed in Sanmenxia would stamp it. */
export function toChinaIso(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** Local (UTC+8) calendar position of an instant. */
export interface ChinaClock {
  /** Hour of day, 0–24 (fractional). */
  hour: number;
  /** Day of year, 0–366 (fractional; 0 = 1 January 00:00). */
  dayOfYear: number;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  date: number;
}

/** Where `ms` falls on the local calendar and clock. */
export function chinaClock(ms: number): ChinaClock {
  const local = ms + CHINA_OFFSET_MS;
  const hour = (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const d = new Date(local);
  const year = d.getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1);
  return {
    hour,
    dayOfYear: (local - yearStart) / DAY_MS,
    weekday: d.getUTCDay(),
    year,
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
  };
}

/** Local day number: whole days since 1970-01-01 00:00 China time. */
export function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of local midnight starting local day `day`. */
export function chinaDayStart(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

/** Local date as `YYYYMMDD`. */
export function chinaDateStamp(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}
