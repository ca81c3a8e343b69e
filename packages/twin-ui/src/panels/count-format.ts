import type { Language } from '../i18n/languages.ts';
import { formatNumber } from './format.ts';

/** A count split for display: the figure and its unit word (万, 亿), styled apart on a KPI. */
export type CountParts = { figure: string; unit: string };

const wan = 10_000; // 万
const yi = 100_000_000; // 亿

/**
 * A large count the locale's way: in Chinese 万 from ten thousand and 亿 from a hundred million
 * (one decimal, dropped when zero: 21.6万, 3万); in English thousands separators (216,400).
 */
export function toCountParts(value: number, language: Language): CountParts {
  if (!Number.isFinite(value)) return { figure: '—', unit: '' };
  const rounded = Math.round(value);
  if (language === 'zh-CN' && Math.abs(rounded) >= wan) {
    const [divisor, unit] = Math.abs(rounded) >= yi ? [yi, '亿'] : [wan, '万'];
    const tenths = Math.round((rounded / divisor) * 10) / 10;
    return { figure: formatNumber(tenths, language, Number.isInteger(tenths) ? 0 : 1), unit };
  }
  return { figure: formatNumber(rounded, language), unit: '' };
}

/** A count as one string (see toCountParts). */
export function formatCount(value: number | null, language: Language): string {
  if (value === null) return '—';
  const { figure, unit } = toCountParts(value, language);
  return `${figure}${unit}`;
}

/** A rate 0–1 as a percentage with two decimals (96.53%); '—' without one. */
export function formatRate(rate: number | null, language: Language): string {
  return rate === null || !Number.isFinite(rate)
    ? '—'
    : `${formatNumber(rate * 100, language, 2)}%`;
}
