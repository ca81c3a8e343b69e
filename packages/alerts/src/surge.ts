import { formatNumber, surgeCategoryLabels } from './labels.ts';
import type { HotlineSurgeRule } from './rules.ts';
import {
  isStale,
  noDecision,
  stepEpisode,
  type AlertDecision,
  type AlertState,
  type AlertText,
  type Evaluation,
} from './state.ts';

/** Scale that makes the median absolute deviation estimate a normal standard deviation. */
export const MAD_SCALE = 1.4826;

/** A robust anomaly score of one count against its history. */
export interface SurgeScore {
  /** Median of the history. */
  median: number;
  /** Spread: the scaled MAD, floored (see {@link surgeScore}). */
  spread: number;
  /** (observed − median) / spread. */
  score: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Scores `observed` against `history` with robust statistics: the median, and the median
 * absolute deviation scaled by 1.4826. The spread is floored at `minSpread` and at √median (the
 * Poisson noise of a count), so a baseline of zeros, or of identical counts, does not make a
 * couple of orders an anomaly. An empty history scores against a baseline of 0.
 */
export function surgeScore(
  observed: number,
  history: readonly number[],
  minSpread = 1,
): SurgeScore {
  const m = median(history);
  const mad = median(history.map((x) => Math.abs(x - m)));
  const spread = Math.max(MAD_SCALE * mad, minSpread, Math.sqrt(Math.max(0, m)));
  return { median: m, spread, score: (observed - m) / spread };
}

/** One hour of hotline orders of one district and category, with its seasonal history. */
export interface SurgeInput {
  /** District code, e.g. 411202. */
  district: string;
  /** District display name, e.g. 湖滨区. */
  districtName: string;
  /** Work-order category, e.g. heating. */
  category: string;
  /** Start of the hour counted (any 60 minutes; the history must be the same window). */
  hour: Date;
  /** Orders created in the hour. */
  observed: number;
  /**
   * Orders in the same hour of the week in previous weeks, most recent first; the first
   * `rule.weeks` are used.
   */
  history: readonly number[];
}

/** A surge decision: the value is the observed count; the baseline and score come along. */
export type SurgeDecision = AlertDecision<SurgeScore & { observed: number }>;

const HOUR_MS = 3_600_000;

/**
 * Evaluates one hour of orders of one district and category: it fires when the robust score
 * reaches `minScore` and the count `minCount`, opening the alert, or updating it in the next
 * surging hour; the first hour back to normal resolves it. Districts and categories outside
 * the rule, and histories shorter than `minWeeks`, are not judged (an open alert resolves).
 * Hours not later than the last accepted one are ignored. `at` is the end of the hour.
 */
export function evaluateSurge(
  rule: HotlineSurgeRule,
  state: AlertState,
  input: SurgeInput,
): Evaluation<SurgeDecision> {
  const { district, districtName, category, hour, observed } = input;
  if (!Number.isFinite(observed) || isStale(state, hour)) return { state, decision: noDecision };
  const history = input.history.slice(0, rule.weeks);
  const judged =
    history.length >= rule.minWeeks &&
    (!rule.categories || (rule.categories as readonly string[]).includes(category)) &&
    (!rule.districts || rule.districts.includes(district));
  const stats = surgeScore(observed, history, rule.minSpread);
  const firing = judged && observed >= rule.minCount && stats.score >= rule.minScore;
  const step = stepEpisode(state, hour, firing);
  if (step.type === 'none') return { state: step.state, decision: noDecision };

  const label = (surgeCategoryLabels as Readonly<Record<string, AlertText>>)[category] ?? {
    zh: category,
    en: category,
  };
  const baseline = `${formatNumber(stats.median)} ± ${formatNumber(stats.spread)}`;
  const z = stats.score.toFixed(1);
  const text: AlertText =
    step.type === 'resolve'
      ? {
          zh: `${districtName} ${label.zh}回落：最近一小时 ${observed} 件，基线 ${baseline}`,
          en: `${districtName} ${label.en} back to normal: ${observed} in the last hour, baseline ${baseline}`,
        }
      : {
          zh: `${districtName} ${label.zh}：最近一小时 ${observed} 件，基线 ${baseline}（z = ${z}）`,
          en: `${districtName} ${label.en}: ${observed} in the last hour, baseline ${baseline} (z = ${z})`,
        };
  return {
    state: step.state,
    decision: {
      type: step.type,
      at: new Date(hour.getTime() + HOUR_MS),
      value: observed,
      observed,
      ...stats,
      text,
    },
  };
}
