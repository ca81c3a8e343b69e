import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deviceCatalogue, deviceTypes } from '@city-twin/events';
import { metricLabels, type MetricName } from './labels.ts';
import {
  appliesTo,
  defaultAlertRules,
  escalationDueAt,
  loadAlertRules,
  parseAlertRules,
  rulesOfKind,
} from './rules.ts';

const shippedPath = fileURLToPath(new URL('../data/alert-rules.json', import.meta.url));
const shipped = JSON.parse(readFileSync(shippedPath, 'utf8')) as { rules: object[] };

const pm25 = {
  id: 'air.test',
  kind: 'threshold',
  name: { zh: 'PM2.5 测试', en: 'PM2.5 test' },
  severity: 3,
  ackWithinMinutes: 30,
  deviceType: 'air_quality',
  metric: 'pm25',
  operator: 'above',
  value: 150,
  clearValue: 115,
  forMinutes: 10,
};
const withRule = (rule: object) => ({ rules: [rule] });

describe('shipped alert rules', () => {
  it('parse, with one rule of every kind the issue asks for', () => {
    expect(loadAlertRules(shippedPath)).toEqual(defaultAlertRules);
    expect(loadAlertRules()).toBe(defaultAlertRules);
    const kinds = new Set(defaultAlertRules.rules.map((r) => r.kind));
    expect([...kinds].sort()).toEqual([
      'camera_event',
      'hotline_overdue',
      'hotline_surge',
      'silence',
      'threshold',
    ]);
    expect(defaultAlertRules.rules).toHaveLength(shipped.rules.length);
  });

  it('ship the thresholds of docs/alert-rules.md on real catalogue metrics', () => {
    const byId = new Map(rulesOfKind(defaultAlertRules, 'threshold').map((r) => [r.id, r]));
    expect(byId.get('air.pm25-heavy')).toMatchObject({
      metric: 'pm25',
      operator: 'above',
      value: 150,
      clearValue: 115,
      forMinutes: 10,
    });
    expect(byId.get('heating.supply-low')).toMatchObject({
      metric: 'supply_temp_c',
      operator: 'below',
      value: 45,
      season: { from: '11-15', to: '03-15' },
    });
    expect(byId.get('water.yellow-river-warning')).toMatchObject({ metric: 'level_m', value: 318 });
    for (const rule of byId.values())
      expect(Object.keys(deviceCatalogue[rule.deviceType].metrics)).toContain(rule.metric);
  });

  it('watch every device type for silence, and cameras for going offline', () => {
    const targets = rulesOfKind(defaultAlertRules, 'silence').map((r) => r.target);
    expect(new Set(targets)).toEqual(new Set([...deviceTypes, 'camera']));
    const camera = rulesOfKind(defaultAlertRules, 'silence').find((r) => r.target === 'camera');
    expect(camera).toMatchObject({ offline: true, afterMinutes: null });
  });

  it('scope the Yellow River warning line to the 湖滨区 river gauges', () => {
    const [rule] = rulesOfKind(defaultAlertRules, 'threshold').filter(
      (r) => r.id === 'water.yellow-river-warning',
    );
    const gauge = (name: string, district: string) =>
      appliesTo(rule!, { id: 'wl-1', type: 'water_level', name, district });
    expect(gauge('黄河湖滨段1号水位站', '411202')).toBe(true);
    expect(gauge('黄河灵宝段1号水位站', '411282')).toBe(false);
    expect(gauge('青龙涧河湖滨3号水位站', '411202')).toBe(false);
  });

  it('label every metric of the catalogue for alert texts', () => {
    for (const type of deviceTypes)
      for (const metric of Object.keys(deviceCatalogue[type].metrics))
        expect(metricLabels[metric as MetricName], metric).toBeDefined();
  });
});

describe('parseAlertRules', () => {
  it('fills the documented defaults', () => {
    const [rule] = parseAlertRules(withRule(pm25)).rules;
    expect(rule).toMatchObject({ clearForMinutes: 0 });
    const [surge] = parseAlertRules(
      withRule({
        id: 'surge',
        kind: 'hotline_surge',
        name: { zh: '激增', en: 'surge' },
        severity: 3,
        ackWithinMinutes: 60,
      }),
    ).rules;
    expect(surge).toMatchObject({ weeks: 8, minWeeks: 4, minScore: 4, minCount: 8, minSpread: 1 });
  });

  it('rejects a malformed rule with a message naming the field', () => {
    expect(() => parseAlertRules(withRule({ ...pm25, severity: 5 }), 'rules.json')).toThrow(
      /rules\.json:[\s\S]*rules\[0\]\.severity/,
    );
    expect(() => parseAlertRules(withRule({ ...pm25, metric: 'pm2.5' }))).toThrow(
      /pm2\.5 is not a metric of air_quality \(pm25, pm10, aqi, o3, no2\)[\s\S]*rules\[0\]\.metric/,
    );
    expect(() => parseAlertRules(withRule({ ...pm25, clearValue: 160 }))).toThrow(
      /clearValue must be ≤ value[\s\S]*rules\[0\]\.clearValue/,
    );
    expect(() => parseAlertRules(withRule({ ...pm25, months: [13] }))).toThrow(
      /rules\[0\]\.months\[0\]/,
    );
    expect(() =>
      parseAlertRules(withRule({ ...pm25, season: { from: '02-30', to: '03-15' } })),
    ).toThrow(/not a date of the year[\s\S]*rules\[0\]\.season\.from/);
    expect(() => parseAlertRules(withRule({ ...pm25, forMinutes: undefined }))).toThrow(
      /rules\[0\]\.forMinutes/,
    );
    expect(() => parseAlertRules(withRule({ ...pm25, colour: 'red' }))).toThrow(/colour/);
    expect(() => parseAlertRules(withRule({ ...pm25, kind: 'treshold' }))).toThrow(
      /rules\[0\]\.kind/,
    );
    expect(() => parseAlertRules({ rules: [pm25, pm25] })).toThrow(
      /duplicate rule id air\.test[\s\S]*rules\[1\]\.id/,
    );
    expect(() => parseAlertRules(withRule({ ...pm25, scope: { nameMatches: '黄河(' } }))).toThrow(
      /not a valid regular expression[\s\S]*rules\[0\]\.scope\.nameMatches/,
    );
  });

  it('rejects a silence rule that can never fire', () => {
    expect(() =>
      parseAlertRules(
        withRule({
          id: 'silence.x',
          kind: 'silence',
          name: { zh: '停报', en: 'silent' },
          severity: 2,
          ackWithinMinutes: 60,
          target: 'noise',
          afterMinutes: null,
        }),
      ),
    ).toThrow(/needs afterMinutes, offline: true, or both[\s\S]*rules\[0\]\.afterMinutes/);
  });
});

describe('escalationDueAt', () => {
  it('is ackWithinMinutes after the alert opened', () => {
    const [rule] = parseAlertRules(withRule(pm25)).rules;
    expect(escalationDueAt(rule!, new Date('2026-01-10T08:00:00Z')).toISOString()).toBe(
      '2026-01-10T08:30:00.000Z',
    );
  });
});
