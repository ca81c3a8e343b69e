import { describe, expect, it } from 'vitest';
import { parseAlertRules, type SilenceRule } from './rules.ts';
import { evaluateSilence } from './silence.ts';
import { initialAlertState, type AlertState } from './state.ts';

const T0 = Date.parse('2026-01-10T08:00:00+08:00');
const at = (minute: number) => new Date(T0 + minute * 60_000);

function silenceRule(fields: Partial<SilenceRule>): SilenceRule {
  const [rule] = parseAlertRules({
    rules: [
      {
        id: 'silence.test',
        kind: 'silence',
        name: { zh: '停报', en: 'silent' },
        severity: 2,
        ackWithinMinutes: 120,
        target: 'air_quality',
        afterMinutes: 10,
        ...fields,
      },
    ],
  }).rules;
  return rule as SilenceRule;
}

describe('silence: a device not reporting', () => {
  const rule = silenceRule({});
  const STATION = '湖滨区空气监测站01';
  const check = (state: AlertState, lastSeenMinute: number | null, nowMinute: number) =>
    evaluateSilence(
      rule,
      state,
      {
        lastSeen: lastSeenMinute === null ? null : at(lastSeenMinute),
        online: null,
        now: at(nowMinute),
      },
      STATION,
    );

  it('raises nothing just before the limit, or exactly at it', () => {
    expect(check(initialAlertState, 0, 9.99).decision.type).toBe('none');
    expect(check(initialAlertState, 0, 10).decision.type).toBe('none');
  });

  it('opens just after the limit, with the minutes of silence', () => {
    const { state, decision } = check(initialAlertState, 0, 10.01);
    expect(state.phase).toBe('open');
    expect(decision).toMatchObject({
      type: 'open',
      at: at(10.01),
      value: 10,
      text: {
        zh: `${STATION}：已 10 分钟未上报数据（超过 10 分钟）`,
        en: `${STATION}: no data for 10 min (limit 10 min)`,
      },
    });
  });

  it('updates while the silence lasts, and resolves when a reading arrives', () => {
    const opened = check(initialAlertState, 0, 11);
    const still = check(opened.state, 0, 25);
    expect(still.decision).toMatchObject({ type: 'update', value: 25 });
    const back = check(still.state, 26, 26.5);
    expect(back.decision).toMatchObject({
      type: 'resolve',
      text: { zh: `${STATION}：恢复上报，预警解除`, en: `${STATION}: reporting again; resolved` },
    });
    expect(back.state.phase).toBe('idle');
  });

  it('does not judge a device never seen', () => {
    expect(check(initialAlertState, null, 500).decision.type).toBe('none');
  });

  it('ignores checks not newer than the last one', () => {
    const opened = check(initialAlertState, 0, 20);
    const late = check(opened.state, 0, 15);
    expect(late.decision.type).toBe('none');
    expect(late.state).toBe(opened.state);
  });
});

describe('silence: a camera reporting offline', () => {
  const rule = silenceRule({ target: 'camera', afterMinutes: null, offline: true });
  const CAMERA = '湖滨区人民广场东北角';
  const check = (state: AlertState, online: boolean | null, nowMinute: number) =>
    evaluateSilence(rule, state, { lastSeen: at(0), online, now: at(nowMinute) }, CAMERA);

  it('opens as soon as the camera says it is offline', () => {
    const { decision } = check(initialAlertState, false, 0.5);
    expect(decision).toMatchObject({
      type: 'open',
      text: { zh: `${CAMERA}：离线（已 0 分钟）`, en: `${CAMERA}: offline (for 0 min)` },
    });
  });

  it('never fires on a long gap alone (cameras send no heartbeat)', () => {
    expect(check(initialAlertState, true, 24 * 60).decision.type).toBe('none');
    expect(check(initialAlertState, null, 24 * 60).decision.type).toBe('none');
  });

  it('resolves when the camera is back online', () => {
    const offline = check(initialAlertState, false, 1);
    expect(check(offline.state, false, 30).decision.type).toBe('update');
    expect(check(offline.state, true, 31).decision).toMatchObject({
      type: 'resolve',
      text: { zh: `${CAMERA}：恢复在线，预警解除` },
    });
  });

  it('with afterMinutes too, fires on either condition', () => {
    const both = silenceRule({ target: 'camera', afterMinutes: 60, offline: true });
    const quiet = evaluateSilence(
      both,
      initialAlertState,
      { lastSeen: at(0), online: true, now: at(61) },
      CAMERA,
    );
    expect(quiet.decision.type).toBe('open');
  });
});
