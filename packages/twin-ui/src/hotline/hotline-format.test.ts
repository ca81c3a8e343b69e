import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-cn.ts';
import {
  formatCount,
  formatDayTime,
  formatOverdue,
  formatRate,
  formatSignedPoints,
} from './hotline-format.ts';

function translator(lng: 'zh-CN' | 'en') {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('hotline formats', () => {
  it('counts in 万 from ten thousand on in Chinese, with separators in English', () => {
    expect(formatCount(9_876, 'zh-CN')).toBe('9,876');
    expect(formatCount(216_400, 'zh-CN')).toBe('21.6万');
    expect(formatCount(216_400, 'en')).toBe('216,400');
    expect(formatCount(2_164_000, 'en')).toBe('2.2m');
  });

  it('writes rates as percentages and a missing rate as a dash', () => {
    expect(formatRate(0.9634, 'zh-CN')).toBe('96.3%');
    expect(formatRate(null, 'en')).toBe('—');
  });

  it('signs points with a real minus', () => {
    expect(formatSignedPoints(0.5, 'zh-CN')).toBe('+0.5');
    expect(formatSignedPoints(-10, 'en')).toBe('−10');
  });

  it('says how long an order is overdue', () => {
    const zh = translator('zh-CN');
    expect(formatOverdue((3 * 24 + 4) * 3600 + 59, zh)).toBe('3天4小时');
    expect(formatOverdue(5 * 3600 + 12 * 60, zh)).toBe('5小时12分');
    expect(formatOverdue(40 * 60, zh)).toBe('40分钟');
    expect(formatOverdue((3 * 24 + 4) * 3600, translator('en'))).toBe('3 d 4 h');
  });

  it('shows times in the city zone', () => {
    expect(formatDayTime('2026-11-29T21:48:48Z', 'zh-CN')).toBe('11/30 05:48');
  });
});
