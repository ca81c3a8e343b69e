import { deviceCatalogue } from '@city-twin/events';
import { metricLabels, withUnit, formatNumber, type MetricName } from './labels.ts';
import type { ThresholdRule } from './rules.ts';
import {
  isStale,
  MINUTE_MS,
  noDecision,
  type AlertDecision,
  type AlertState,
  type AlertText,
  type Evaluation,
} from './state.ts';

/** One reading of the rule's metric from one device. */
export interface ThresholdReading {
  ts: Date;
  value: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

const monthDayNumber = (mmdd: string): number => {
  const [m, d] = mmdd.split('-').map(Number) as [number, number];
  return m * 100 + d;
};

/** Whether the rule's season filters (`months`, `season`; China Standard Time) admit `at`. */
export function inSeason(rule: Pick<ThresholdRule, 'months' | 'season'>, at: Date): boolean {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const month = local.getUTCMonth() + 1;
  if (rule.months && !rule.months.includes(month)) return false;
  if (rule.season) {
    const day = month * 100 + local.getUTCDate();
    const from = monthDayNumber(rule.season.from);
    const to = monthDayNumber(rule.season.to);
    return from <= to ? day >= from && day <= to : day >= from || day <= to;
  }
  return true;
}

/** Whether `value` is past the rule's threshold (strictly). */
function breaches(rule: ThresholdRule, value: number): boolean {
  return rule.operator === 'above' ? value > rule.value : value < rule.value;
}

/** Whether `value` is back past the rule's clear value (strictly). */
function cleared(rule: ThresholdRule, value: number): boolean {
  return rule.operator === 'above' ? value < rule.clearValue : value > rule.clearValue;
}

/**
 * Evaluates one reading of the rule's metric from one device against its previous state.
 *
 * The alert opens at the reading that completes `forMinutes` of breaching readings (a reading
 * not past `value` resets the pending timer); once open, every reading gives `update` until the
 * value has stayed past `clearValue` for `clearForMinutes`, which gives `resolve` (values between
 * `clearValue` and `value` keep it open). Outside the rule's season nothing opens and an open
 * alert resolves. Readings not newer than the newest accepted (out of order, or repeated) are
 * ignored: the state is returned unchanged with no decision.
 */
export function evaluateThreshold(
  rule: ThresholdRule,
  state: AlertState,
  reading: ThresholdReading,
  subjectName: string,
): Evaluation {
  const { ts: at, value } = reading;
  if (!Number.isFinite(value) || isStale(state, at)) return { state, decision: noDecision };
  const t = at.getTime();
  const ts = at.toISOString();
  const texts = createTexts(rule, subjectName);
  const active = inSeason(rule, at);

  switch (state.phase) {
    case 'idle':
    case 'pending': {
      if (!active || !breaches(rule, value))
        return { state: { phase: 'idle', lastTs: ts }, decision: noDecision };
      const since = state.phase === 'pending' ? state.since : ts;
      const heldMs = t - Date.parse(since);
      if (heldMs < rule.forMinutes * MINUTE_MS)
        return { state: { phase: 'pending', since, lastTs: ts }, decision: noDecision };
      return {
        state: { phase: 'open', since, openedAt: ts, lastTs: ts, clearingSince: null },
        decision: { type: 'open', at, value, text: texts.open(value, heldMs / MINUTE_MS) },
      };
    }
    case 'open': {
      const resolve = (text: AlertText): Evaluation => ({
        state: { phase: 'idle', lastTs: ts },
        decision: { type: 'resolve', at, value, text },
      });
      if (!active) return resolve(texts.outOfSeason(value));
      if (!cleared(rule, value))
        return {
          state: { ...state, lastTs: ts, clearingSince: null },
          decision: update(at, value, texts.update(value)),
        };
      const clearingSince = state.clearingSince ?? ts;
      if (t - Date.parse(clearingSince) >= rule.clearForMinutes * MINUTE_MS)
        return resolve(texts.resolve(value));
      return {
        state: { ...state, lastTs: ts, clearingSince },
        decision: update(at, value, texts.update(value)),
      };
    }
    default: {
      const unreachable: never = state;
      throw new Error(`unknown alert state ${JSON.stringify(unreachable)}`);
    }
  }
}

const update = (at: Date, value: number, text: AlertText): AlertDecision => ({
  type: 'update',
  at,
  value,
  text,
});

/** The texts of one rule's decisions about one device. */
function createTexts(rule: ThresholdRule, name: string) {
  const metrics: Record<string, { unit: string }> = deviceCatalogue[rule.deviceType].metrics;
  const unit = metrics[rule.metric]?.unit ?? '';
  const label = metricLabels[rule.metric as MetricName] ?? { zh: rule.metric, en: rule.metric };
  const above = rule.operator === 'above';
  const limit = formatNumber(rule.value);
  const clear = formatNumber(rule.clearValue);
  const reading = (value: number): AlertText => ({
    zh: `${label.zh} ${withUnit(value, unit)}`,
    en: `${label.en} ${withUnit(value, unit)}`,
  });
  const clearsWhen: AlertText =
    rule.clearForMinutes > 0
      ? {
          zh: `${above ? '低于' : '高于'} ${clear} 持续 ${formatNumber(rule.clearForMinutes)} 分钟后解除`,
          en: `clears after ${formatNumber(rule.clearForMinutes)} min ${above ? 'below' : 'above'} ${clear}`,
        }
      : {
          zh: `${above ? '低于' : '高于'} ${clear} 后解除`,
          en: `clears ${above ? 'below' : 'above'} ${clear}`,
        };
  const flag = label.flag;

  return {
    open(value: number, heldMinutes: number): AlertText {
      const minutes = Math.floor(heldMinutes);
      if (flag)
        return minutes > 0
          ? {
              zh: `${name}：${flag.on.zh}，已持续 ${minutes} 分钟`,
              en: `${name}: ${flag.on.en} for ${minutes} min`,
            }
          : { zh: `${name}：${flag.on.zh}`, en: `${name}: ${flag.on.en}` };
      const r = reading(value);
      const dirZh = above ? '超过' : '低于';
      const dirEn = above ? 'above' : 'below';
      return minutes > 0
        ? {
            zh: `${name}：${r.zh}，持续 ${minutes} 分钟${dirZh} ${limit}`,
            en: `${name}: ${r.en}, ${dirEn} ${limit} for ${minutes} min`,
          }
        : { zh: `${name}：${r.zh}，${dirZh} ${limit}`, en: `${name}: ${r.en}, ${dirEn} ${limit}` };
    },
    update(value: number): AlertText {
      if (flag && !cleared(rule, value))
        return {
          zh: `${name}：${flag.on.zh}，预警持续中`,
          en: `${name}: ${flag.on.en}, alert continues`,
        };
      if (flag)
        return {
          zh: `${name}：${flag.off.zh}，确认中（${clearsWhen.zh}）`,
          en: `${name}: ${flag.off.en}, confirming (${clearsWhen.en})`,
        };
      const r = reading(value);
      return {
        zh: `${name}：${r.zh}，预警持续中（${clearsWhen.zh}）`,
        en: `${name}: ${r.en}, alert continues (${clearsWhen.en})`,
      };
    },
    resolve(value: number): AlertText {
      if (flag)
        return { zh: `${name}：${flag.off.zh}，预警解除`, en: `${name}: ${flag.off.en}; resolved` };
      const r = reading(value);
      return above
        ? {
            zh: `${name}：${r.zh}，已回落至 ${clear} 以下，预警解除`,
            en: `${name}: ${r.en}, back below ${clear}; resolved`,
          }
        : {
            zh: `${name}：${r.zh}，已回升至 ${clear} 以上，预警解除`,
            en: `${name}: ${r.en}, back above ${clear}; resolved`,
          };
    },
    outOfSeason(value: number): AlertText {
      const r = flag ? (value ? flag.on : flag.off) : reading(value);
      return {
        zh: `${name}：${r.zh}，已过规则适用时段，预警解除`,
        en: `${name}: ${r.en}, out of the rule's season; resolved`,
      };
    },
  };
}
