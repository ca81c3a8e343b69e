import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-cn.ts';
import { type DetailContext, toDetailRows } from './detail-fields.ts';

let zh: TFunction;
let english: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
  zh = instance.getFixedT('zh-CN');
  english = instance.getFixedT('en');
});

const districtName = (code: string) => (code === '411202' ? '湖滨区' : code);

function rows(detail: Record<string, unknown>, kind: string, t = zh): [string, string][] {
  const context: DetailContext = { t, language: t === zh ? 'zh-CN' : 'en', kind, districtName };
  return toDetailRows(detail, context).map((row) => [row.label, row.value]);
}

describe('toDetailRows', () => {
  it('shows a threshold reading with its unit and the metric by name', () => {
    expect(
      rows(
        { deviceId: 'aq-001', deviceType: 'air_quality', metric: 'pm25', value: 182.4 },
        'threshold',
      ),
    ).toEqual([
      ['监测值', '182.4 µg/m³'],
      ['监测指标', 'PM2.5 浓度'],
      ['设备类型', '空气质量监测站'],
      ['设备编号', 'aq-001'],
    ]);
  });

  it('shows a surge as its count against the baseline, without repeating the value', () => {
    expect(
      rows(
        {
          district: '411202',
          category: 'heating',
          observed: 41,
          baseline: 6,
          spread: 2.97,
          score: 11.8,
          value: 41,
        },
        'hotline_surge',
      ),
    ).toEqual([
      ['最近一小时', '41 件'],
      ['基线', '6'],
      ['波动幅度', '2.97'],
      ['异常分值（z）', '11.8'],
      ['工单类别', '供暖'],
      ['所属区县', '湖滨区'],
    ]);
  });

  it('names camera detections and confidences, in English too, and keeps unknown keys as sent', () => {
    expect(
      rows(
        { cameraId: 'cam-7', eventType: 'fire_smoke', value: 0.83, snapshotUrl: null, zone: 'A' },
        'camera_event',
        english,
      ),
    ).toEqual([
      ['Confidence', '83%'],
      ['Event type', 'Fire or smoke'],
      ['Camera', 'cam-7'],
      ['zone', 'A'],
    ]);
  });

  it('shows silence as a duration', () => {
    expect(rows({ value: 75 }, 'silence')).toEqual([['未上报时长', '1小时15分']]);
  });
});
