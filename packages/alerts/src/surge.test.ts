import { describe, expect, it } from 'vitest';
import { defaultAlertRules, parseAlertRules, rulesOfKind, type HotlineSurgeRule } from './rules.ts';
import { initialAlertState, type AlertState } from './state.ts';
import { evaluateSurge, surgeScore, type SurgeInput } from './surge.ts';

const [shipped] = rulesOfKind(defaultAlertRules, 'hotline_surge');
const rule = shipped!;
/** Monday 09:00 in Sanmenxia, and the same hour of the eight previous weeks. */
const HOUR = new Date('2026-01-12T09:00:00+08:00');
const weeksOfHeating = [4, 8, 6, 4, 8, 4, 6, 8];

const input = (observed: number, history: readonly number[], fields: Partial<SurgeInput> = {}) => ({
  district: '411202',
  districtName: '湖滨区',
  category: 'heating',
  hour: HOUR,
  observed,
  history,
  ...fields,
});

describe('surgeScore', () => {
  it('is the robust z-score: median and MAD × 1.4826', () => {
    // Median 6; absolute deviations 2 2 0 2 2 2 0 2 → MAD 2 → spread 2.9652 (above √6).
    const { median, spread, score } = surgeScore(41, weeksOfHeating);
    expect(median).toBe(6);
    expect(spread).toBeCloseTo(2 * 1.4826, 10);
    expect(score).toBeCloseTo(35 / (2 * 1.4826), 10);
  });

  it('floors the spread at minSpread and at √median', () => {
    expect(surgeScore(2, Array(8).fill(0))).toEqual({ median: 0, spread: 1, score: 2 });
    expect(surgeScore(2, Array(8).fill(0), 3).spread).toBe(3);
    // Eight identical weeks: the MAD is 0, the spread the Poisson noise of 9 orders.
    expect(surgeScore(15, Array(8).fill(9))).toEqual({ median: 9, spread: 3, score: 2 });
  });
});

describe('evaluateSurge', () => {
  it('raises a known surge and states its baseline, count and score', () => {
    const { state, decision } = evaluateSurge(rule, initialAlertState, input(41, weeksOfHeating));
    expect(state.phase).toBe('open');
    expect(decision).toMatchObject({
      type: 'open',
      at: new Date('2026-01-12T10:00:00+08:00'),
      value: 41,
      observed: 41,
      median: 6,
      text: {
        zh: '湖滨区 供暖投诉：最近一小时 41 件，基线 6 ± 2.97（z = 11.8）',
        en: '湖滨区 heating complaints: 41 in the last hour, baseline 6 ± 2.97 (z = 11.8)',
      },
    });
    expect(decision.type !== 'none' && decision.score).toBeGreaterThanOrEqual(rule.minScore);
  });

  it('raises nothing in a normal hour', () => {
    const { state, decision } = evaluateSurge(rule, initialAlertState, input(9, weeksOfHeating));
    expect(decision.type).toBe('none');
    expect(state.phase).toBe('idle');
  });

  it('does not alarm on 2 orders against a baseline of zeros, thanks to the floor', () => {
    expect(evaluateSurge(rule, initialAlertState, input(2, Array(8).fill(0))).decision.type).toBe(
      'none',
    );
  });

  it('needs minCount orders even when the score is high', () => {
    // Baseline of zeros: 9 orders score 9 but stay below the shipped minCount of 10.
    expect(rule.minCount).toBe(10);
    expect(evaluateSurge(rule, initialAlertState, input(9, Array(8).fill(0))).decision.type).toBe(
      'none',
    );
    expect(evaluateSurge(rule, initialAlertState, input(10, Array(8).fill(0))).decision.type).toBe(
      'open',
    );
  });

  it('updates in the next surging hour and resolves in the first normal one', () => {
    let state: AlertState = initialAlertState;
    const hours = [41, 38, 7].map((observed, i) => {
      const r = evaluateSurge(
        rule,
        state,
        input(observed, weeksOfHeating, { hour: new Date(HOUR.getTime() + i * 3_600_000) }),
      );
      state = r.state;
      return r.decision;
    });
    expect(hours.map((d) => d.type)).toEqual(['open', 'update', 'resolve']);
    expect(hours[2]).toMatchObject({
      text: { zh: '湖滨区 供暖投诉回落：最近一小时 7 件，基线 6 ± 2.97' },
    });
  });

  it('ignores hours not later than the last one evaluated', () => {
    const opened = evaluateSurge(rule, initialAlertState, input(41, weeksOfHeating));
    const again = evaluateSurge(rule, opened.state, input(3, weeksOfHeating));
    expect(again.decision.type).toBe('none');
    expect(again.state).toBe(opened.state);
  });

  it('does not judge before minWeeks of history, and uses only the first `weeks`', () => {
    expect(evaluateSurge(rule, initialAlertState, input(41, [6, 5, 7])).decision.type).toBe('none');
    // Weeks 9 and later (the last two) are beyond the baseline and do not count.
    const long = evaluateSurge(rule, initialAlertState, input(41, [...weeksOfHeating, 40, 40]));
    expect(long.decision).toMatchObject({ type: 'open', median: 6 });
  });

  it('judges only the categories and districts the rule names', () => {
    const [heatingOnly] = parseAlertRules({
      rules: [
        {
          id: 'surge.heating',
          kind: 'hotline_surge',
          name: { zh: '供暖诉求激增', en: 'Heating surge' },
          severity: 3,
          ackWithinMinutes: 60,
          categories: ['heating'],
          districts: ['411202'],
        },
      ],
    }).rules as HotlineSurgeRule[];
    const type = (fields: Partial<SurgeInput>) =>
      evaluateSurge(heatingOnly!, initialAlertState, input(41, weeksOfHeating, fields)).decision
        .type;
    expect(type({})).toBe('open');
    expect(type({ category: 'roads' })).toBe('none');
    expect(type({ district: '411203', districtName: '陕州区' })).toBe('none');
  });
});
