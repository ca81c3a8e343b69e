import { describe, expect, it } from 'vitest';
import { evaluateCameraEvent, evaluateCameraQuiet, type CameraDetection } from './camera-event.ts';
import { defaultAlertRules, parseAlertRules, rulesOfKind, type CameraEventRule } from './rules.ts';
import { initialAlertState, type AlertState } from './state.ts';

const CAMERA = '湖滨区人民广场东北角';
const T0 = Date.parse('2026-07-10T20:00:00+08:00');
const at = (minute: number) => new Date(T0 + minute * 60_000);

function cameraRule(fields: Partial<CameraEventRule>): CameraEventRule {
  const [rule] = parseAlertRules({
    rules: [
      {
        id: 'camera.test',
        kind: 'camera_event',
        name: { zh: '测试', en: 'test' },
        severity: 3,
        ackWithinMinutes: 15,
        eventType: 'crowd_gathering',
        minConfidence: 0.7,
        clearAfterMinutes: 30,
        ...fields,
      },
    ],
  }).rules;
  return rule as CameraEventRule;
}

const detection = (minute: number, fields: Partial<CameraDetection> = {}): CameraDetection => ({
  ts: at(minute),
  type: 'crowd_gathering',
  confidence: 0.9,
  count: 320,
  ...fields,
});

describe('camera events', () => {
  const crowd = cameraRule({ minCount: 300 });

  it('ignore detections below the confidence floor, and accept it exactly', () => {
    const low = evaluateCameraEvent(
      crowd,
      initialAlertState,
      detection(0, { confidence: 0.69 }),
      CAMERA,
    );
    expect(low.decision.type).toBe('none');
    expect(low.state).toBe(initialAlertState);
    const floor = evaluateCameraEvent(
      crowd,
      initialAlertState,
      detection(0, { confidence: 0.7 }),
      CAMERA,
    );
    expect(floor.decision.type).toBe('open');
  });

  it('raise crowd gathering only from the configured count up', () => {
    const open = (count: number | undefined) =>
      evaluateCameraEvent(crowd, initialAlertState, detection(0, { count }), CAMERA).decision.type;
    expect(open(120)).toBe('none'); // an evening square dance
    expect(open(299)).toBe('none');
    expect(open(undefined)).toBe('none');
    expect(open(300)).toBe('open');
  });

  it('ignore other event types', () => {
    const fire = evaluateCameraEvent(
      crowd,
      initialAlertState,
      detection(0, { type: 'fire_smoke' }),
      CAMERA,
    );
    expect(fire.decision.type).toBe('none');
  });

  it('open once per camera, update on further detections, say what and how many', () => {
    let state: AlertState = initialAlertState;
    const decisions = [0, 3, 8].map((minute) => {
      const r = evaluateCameraEvent(
        crowd,
        state,
        detection(minute, { count: 320 + minute }),
        CAMERA,
      );
      state = r.state;
      return r.decision;
    });
    expect(decisions.map((d) => d.type)).toEqual(['open', 'update', 'update']);
    expect(decisions[0]).toMatchObject({
      at: at(0),
      value: 0.9,
      count: 320,
      text: {
        zh: `${CAMERA}：检测到人群聚集，约 320 人（置信度 90%）`,
        en: `${CAMERA}: crowd gathering detected, about 320 people (confidence 90%)`,
      },
    });
    expect(decisions[2]).toMatchObject({
      text: { zh: `${CAMERA}：再次检测到人群聚集，约 328 人（置信度 90%）` },
    });
  });

  it('resolve after clearAfterMinutes without a qualifying detection', () => {
    const opened = evaluateCameraEvent(crowd, initialAlertState, detection(0), CAMERA);
    expect(evaluateCameraQuiet(crowd, opened.state, at(29), CAMERA).decision.type).toBe('none');
    const quiet = evaluateCameraQuiet(crowd, opened.state, at(30), CAMERA);
    expect(quiet.decision).toMatchObject({
      type: 'resolve',
      at: at(30),
      text: { zh: `${CAMERA}：30 分钟内未再检测到人群聚集，预警解除` },
    });
    expect(quiet.state.phase).toBe('idle');
    const next = evaluateCameraEvent(crowd, quiet.state, detection(45), CAMERA);
    expect(next.decision.type).toBe('open');
  });

  it('ignore detections older than the newest accepted', () => {
    const opened = evaluateCameraEvent(crowd, initialAlertState, detection(10), CAMERA);
    const late = evaluateCameraEvent(crowd, opened.state, detection(5), CAMERA);
    expect(late.decision.type).toBe('none');
    expect(late.state).toBe(opened.state);
  });

  it('ship fire and smoke as critical, with a lower confidence floor than other detections', () => {
    const rules = rulesOfKind(defaultAlertRules, 'camera_event');
    const fire = rules.find((r) => r.eventType === 'fire_smoke')!;
    expect(fire.severity).toBe(4);
    const smoke = evaluateCameraEvent(
      fire,
      initialAlertState,
      detection(0, { type: 'fire_smoke', confidence: 0.62, count: undefined }),
      CAMERA,
    );
    expect(smoke.decision).toMatchObject({
      type: 'open',
      count: null,
      text: { zh: `${CAMERA}：检测到烟火（置信度 62%）` },
    });
    expect(rules.find((r) => r.eventType === 'waterlogging')).toBeDefined();
    expect(rules.find((r) => r.eventType === 'crowd_gathering')?.minCount).toBe(300);
  });
});
