import { chinaDay, chinaDayStart, CHINA_OFFSET_MS } from './china-time.ts';

const YEAR_DAYS = 365.25;

/** A bell of height 1 at `peak` on a cycle of `period` (hours of a day, days of a year). */
export function bump(x: number, peak: number, width: number, period: number): number {
  const d = Math.abs(x - peak) % period;
  const distance = Math.min(d, period - d);
  return Math.exp(-0.5 * (distance / width) ** 2);
}

/** 1 in mid-January, 0 in mid-July. */
export const winterness = (dayOfYear: number): number =>
  0.5 + 0.5 * Math.cos((2 * Math.PI * (dayOfYear - 15)) / YEAR_DAYS);

/** 1 at the summer solstice, 0 at the winter one. */
export const summerness = (dayOfYear: number): number =>
  0.5 + 0.5 * Math.cos((2 * Math.PI * (dayOfYear - 172)) / YEAR_DAYS);

/** 集中供暖 district heating runs 15 November – 15 March in Sanmenxia. */
export const heatingSeason = (dayOfYear: number): boolean => dayOfYear >= 318 || dayOfYear < 74;

// 春节 Spring Festival (lunar new year's day), local dates.
const springFestivals: Readonly<Record<number, string>> = {
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
};

/** Local day number (see chinaDay) of the Spring Festival of `year`; 5 February outside the table. */
export function springFestivalDay(year: number): number {
  const date = springFestivals[year] ?? `${year}-02-05`;
  return chinaDay(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** Days from `ms` until the next Spring Festival (0 on the day itself). */
export function daysToSpringFestival(ms: number): number {
  const today = chinaDay(ms);
  const year = new Date(chinaDayStart(today) + CHINA_OFFSET_MS).getUTCFullYear();
  const thisYear = springFestivalDay(year);
  return (thisYear >= today ? thisYear : springFestivalDay(year + 1)) - today;
}
