import { describe, expect, it } from 'vitest';
import { parseAlertRules, type ThresholdRule } from './rules.ts';
import { initialAlertState, parseAlertState, type AlertState, type Evaluation } from './state.ts';
import { evaluateThreshold, inSeason } from './threshold.ts';

const STATION = '湖滨区空气监测站01';
const T0 = Date.parse('2026-01-10T08:00:00+08:00');
const at = (minute: number) => new Date(T0 + minute * 60_000);

function thresholdRule(fields: Partial<ThresholdRule> = {}): ThresholdRule {
  const [rule] = parseAlertRules({
    rules: [
      {
        id: 'air.pm25',
        kind: 'threshold',
        name: { zh: 'PM2.5 重度污染', en: 'PM2.5 heavy pollution' },
        severity: 3,
        ackWithinMinutes: 30,
        deviceType: 'air_quality',
        metric: 'pm25',
        operator: 'above',
        value: 150,
        clearValue: 115,
        forMinutes: 10,
        ...fields,
      },
    ],
  }).rules;
  return rule as ThresholdRule;
}

/** Feeds readings [minute, value] in order; returns every evaluation (states pass through JSON). */
function run(
  rule: ThresholdRule,
  readings: [minute: number, value: number][],
  start: AlertState = initialAlertState,
): Evaluation[] {
  let state = start;
  return readings.map(([minute, value]) => {
    const evaluation = evaluateThreshold(rule, state, { ts: at(minute), value }, STATION);
    state = parseAlertState(JSON.parse(JSON.stringify(evaluation.state)));
    return evaluation;
  });
}
const types = (evaluations: Evaluation[]) => evaluations.map((e) => e.decision.type);
const phases = (evaluations: Evaluation[]) => evaluations.map((e) => e.state.phase);

describe('threshold duration (forMinutes)', () => {
  it('raises nothing before forMinutes, and opens at the reading that completes it', () => {
    const evaluations = run(thresholdRule(), [
      [0, 160],
      [4, 170],
      [9.5, 175],
      [10, 182],
    ]);
    expect(phases(evaluations)).toEqual(['pending', 'pending', 'pending', 'open']);
    expect(types(evaluations)).toEqual(['none', 'none', 'none', 'open']);
    expect(evaluations[3]!.decision).toMatchObject({ type: 'open', at: at(10), value: 182 });
  });

  it('says what, how much and for how long, in Chinese and English', () => {
    const [, , opened] = run(thresholdRule(), [
      [0, 160],
      [6, 170],
      [12, 182],
    ]);
    expect(opened!.decision).toMatchObject({
      text: {
        zh: `${STATION}：PM2.5 浓度 182 µg/m³，持续 12 分钟超过 150`,
        en: `${STATION}: PM2.5 182 µg/m³, above 150 for 12 min`,
      },
    });
  });

  it('restarts the pending timer when a reading dips below the threshold', () => {
    const evaluations = run(thresholdRule(), [
      [0, 160],
      [6, 149],
      [7, 160],
      [12, 170],
      [16.5, 175],
      [17, 180],
    ]);
    expect(phases(evaluations)).toEqual([
      'pending',
      'idle',
      'pending',
      'pending',
      'pending',
      'open',
    ]);
    expect(evaluations[2]!.state).toMatchObject({ phase: 'pending', since: at(7).toISOString() });
  });

  it('counts the threshold itself as not past it (strictly above)', () => {
    expect(types(run(thresholdRule({ forMinutes: 0 }), [[0, 150]]))).toEqual(['none']);
    expect(types(run(thresholdRule({ forMinutes: 0 }), [[0, 150.1]]))).toEqual(['open']);
  });

  it('opens at the first reading when forMinutes is 0', () => {
    const [first] = run(thresholdRule({ forMinutes: 0 }), [[0, 151]]);
    expect(first!.decision).toMatchObject({
      type: 'open',
      text: { zh: `${STATION}：PM2.5 浓度 151 µg/m³，超过 150` },
    });
  });
});

describe('threshold hysteresis (clearValue)', () => {
  const rule = thresholdRule({ forMinutes: 0 });

  it('keeps values between clearValue and value open, and resolves once past clearValue', () => {
    const evaluations = run(rule, [
      [0, 160],
      [1, 140],
      [2, 120],
      [3, 115],
      [4, 114],
    ]);
    expect(types(evaluations)).toEqual(['open', 'update', 'update', 'update', 'resolve']);
    expect(phases(evaluations)).toEqual(['open', 'open', 'open', 'open', 'idle']);
    expect(evaluations[4]!.decision).toMatchObject({
      at: at(4),
      value: 114,
      text: {
        zh: `${STATION}：PM2.5 浓度 114 µg/m³，已回落至 115 以下，预警解除`,
        en: `${STATION}: PM2.5 114 µg/m³, back below 115; resolved`,
      },
    });
  });

  it('does not open twice when the value flaps around the threshold', () => {
    const evaluations = run(rule, [
      [0, 151],
      [1, 149],
      [2, 152],
      [3, 148],
      [4, 151],
      [5, 120],
      [6, 155],
    ]);
    expect(types(evaluations).filter((t) => t === 'open')).toHaveLength(1);
    expect(types(evaluations)).toEqual([
      'open',
      'update',
      'update',
      'update',
      'update',
      'update',
      'update',
    ]);
  });

  it('needs the value past clearValue for clearForMinutes, restarting when it rises again', () => {
    const evaluations = run(thresholdRule({ forMinutes: 0, clearForMinutes: 10 }), [
      [0, 160],
      [1, 100],
      [5, 120],
      [6, 100],
      [15, 100],
      [16, 100],
    ]);
    expect(types(evaluations)).toEqual(['open', 'update', 'update', 'update', 'update', 'resolve']);
    expect(evaluations[3]!.state).toMatchObject({ clearingSince: at(6).toISOString() });
  });

  it('opens a new alert only after a resolve, and then waits forMinutes again', () => {
    const evaluations = run(thresholdRule(), [
      [0, 160],
      [10, 160],
      [11, 100],
      [12, 160],
      [20, 160],
      [22, 160],
    ]);
    expect(types(evaluations)).toEqual(['none', 'open', 'resolve', 'none', 'none', 'open']);
  });

  it('mirrors for operator below (heating supply temperature)', () => {
    const rule = thresholdRule({
      deviceType: 'heating',
      metric: 'supply_temp_c',
      operator: 'below',
      value: 45,
      clearValue: 48,
      forMinutes: 30,
    });
    const evaluations = run(rule, [
      [0, 44],
      [30, 43.2],
      [40, 46],
      [50, 48],
      [60, 48.5],
    ]);
    expect(types(evaluations)).toEqual(['none', 'open', 'update', 'update', 'resolve']);
    expect(evaluations[1]!.decision).toMatchObject({
      text: { zh: `${STATION}：供水温度 43.2 °C，持续 30 分钟低于 45` },
    });
    expect(evaluations[4]!.decision).toMatchObject({
      text: { zh: `${STATION}：供水温度 48.5 °C，已回升至 48 以上，预警解除` },
    });
  });

  it('names 0/1 metrics by their meaning (manhole cover open)', () => {
    const rule = thresholdRule({
      deviceType: 'manhole',
      metric: 'open',
      value: 0.5,
      clearValue: 0.5,
      forMinutes: 0,
    });
    const evaluations = run(rule, [
      [0, 1],
      [1, 1],
      [2, 0],
    ]);
    expect(evaluations.map((e) => (e.decision.type === 'none' ? '' : e.decision.text.zh))).toEqual([
      `${STATION}：井盖开启`,
      `${STATION}：井盖开启，预警持续中`,
      `${STATION}：井盖已闭合，预警解除`,
    ]);
  });
});

describe('one open alert per subject', () => {
  it('gives update, never a second open, while the condition keeps holding', () => {
    const readings: [number, number][] = Array.from({ length: 30 }, (_, i) => [i, 200 + i]);
    const evaluations = run(thresholdRule(), readings);
    expect(types(evaluations).filter((t) => t === 'open')).toHaveLength(1);
    expect(types(evaluations).slice(11)).toEqual(Array(19).fill('update'));
    expect(evaluations.at(-1)!.decision).toMatchObject({ type: 'update', value: 229 });
  });
});

describe('readings out of order', () => {
  it('are ignored: no decision and the state unchanged', () => {
    const rule = thresholdRule({ forMinutes: 0 });
    const [opened] = run(rule, [[10, 200]]);
    const late = evaluateThreshold(rule, opened!.state, { ts: at(5), value: 50 }, STATION);
    expect(late.decision).toEqual({ type: 'none' });
    expect(late.state).toBe(opened!.state);
    const repeated = evaluateThreshold(rule, opened!.state, { ts: at(10), value: 50 }, STATION);
    expect(repeated.decision).toEqual({ type: 'none' });
  });

  it('do not complete a pending duration', () => {
    const rule = thresholdRule();
    const [pending] = run(rule, [[10, 200]]);
    const late = evaluateThreshold(rule, pending!.state, { ts: at(0), value: 200 }, STATION);
    expect(late.state).toEqual(pending!.state);
  });
});

describe('season filter', () => {
  const cst = (iso: string) => new Date(`${iso}+08:00`);

  it('admits months in China Standard Time', () => {
    const rule = thresholdRule({ months: [11, 12, 1, 2, 3] });
    expect(inSeason(rule, cst('2026-03-31T23:59:00'))).toBe(true);
    // 2026-03-31T16:30Z is already 1 April in Sanmenxia.
    expect(inSeason(rule, new Date('2026-03-31T16:30:00Z'))).toBe(false);
    expect(inSeason(rule, cst('2026-11-01T00:00:00'))).toBe(true);
    expect(inSeason(rule, cst('2026-07-15T12:00:00'))).toBe(false);
  });

  it('admits a date range across the new year (the heating season, 15 November – 15 March)', () => {
    const rule = thresholdRule({ season: { from: '11-15', to: '03-15' } });
    expect(inSeason(rule, cst('2026-11-14T23:59:00'))).toBe(false);
    expect(inSeason(rule, cst('2026-11-15T00:00:00'))).toBe(true);
    expect(inSeason(rule, cst('2027-01-20T12:00:00'))).toBe(true);
    expect(inSeason(rule, cst('2027-03-15T23:59:00'))).toBe(true);
    expect(inSeason(rule, cst('2027-03-16T00:00:00'))).toBe(false);
  });

  it('raises nothing out of season, and resolves an open alert when the season ends', () => {
    const rule = thresholdRule({
      deviceType: 'heating',
      metric: 'supply_temp_c',
      operator: 'below',
      value: 45,
      clearValue: 48,
      forMinutes: 30,
      season: { from: '11-15', to: '03-15' },
    });
    const summer = Date.parse('2026-07-01T10:00:00+08:00');
    let state: AlertState = initialAlertState;
    for (let minute = 0; minute <= 120; minute += 10) {
      const r = evaluateThreshold(
        rule,
        state,
        { ts: new Date(summer + minute * 60_000), value: 25 },
        STATION,
      );
      expect(r.decision.type).toBe('none');
      state = r.state;
    }
    expect(state.phase).toBe('idle');

    const evening = Date.parse('2026-03-15T23:00:00+08:00');
    const readings: [number, number][] = [
      [0, 40],
      [30, 40],
      [50, 40],
      [60, 40],
    ];
    state = initialAlertState;
    const decisions = readings.map(([minute, value]) => {
      const r = evaluateThreshold(
        rule,
        state,
        { ts: new Date(evening + minute * 60_000), value },
        STATION,
      );
      state = r.state;
      return r.decision;
    });
    expect(decisions.map((d) => d.type)).toEqual(['none', 'open', 'update', 'resolve']);
    expect(decisions[3]).toMatchObject({
      text: { zh: `${STATION}：供水温度 40 °C，已过规则适用时段，预警解除` },
    });
  });
});
