import { describe, expect, it } from 'vitest';
import { formatCount, formatRate, toCountParts } from './count-format.ts';

describe('count format', () => {
  it('writes large counts with 万 in Chinese', () => {
    expect(formatCount(216_400, 'zh-CN')).toBe('21.6万');
    expect(formatCount(30_000, 'zh-CN')).toBe('3万');
    expect(formatCount(10_000, 'zh-CN')).toBe('1万');
    expect(formatCount(1_234_567, 'zh-CN')).toBe('123.5万');
    expect(toCountParts(216_400, 'zh-CN')).toEqual({ figure: '21.6', unit: '万' });
  });

  it('switches to 亿 from a hundred million', () => {
    expect(formatCount(250_000_000, 'zh-CN')).toBe('2.5亿');
  });

  it('keeps small counts whole in Chinese', () => {
    expect(formatCount(9_999, 'zh-CN')).toBe('9,999');
    expect(formatCount(0, 'zh-CN')).toBe('0');
  });

  it('uses thousands separators in English', () => {
    expect(formatCount(216_400, 'en')).toBe('216,400');
    expect(toCountParts(1_234_567, 'en')).toEqual({ figure: '1,234,567', unit: '' });
  });

  it('shows a dash without a value', () => {
    expect(formatCount(null, 'en')).toBe('—');
    expect(formatCount(Number.NaN, 'zh-CN')).toBe('—');
    expect(formatRate(null, 'zh-CN')).toBe('—');
  });

  it('writes rates as percentages with two decimals', () => {
    expect(formatRate(0.9653, 'zh-CN')).toBe('96.53%');
    expect(formatRate(1, 'en')).toBe('100.00%');
  });
});
