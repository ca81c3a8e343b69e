import { describe, expect, it } from 'vitest';
import { formatAqi, formatDateTime, formatNumber, formatTime } from './format.ts';

// 2026-01-05T02:03:04Z is 10:03:04 on a Monday in Sanmenxia (UTC+8).
const instant = Date.UTC(2026, 0, 5, 2, 3, 4);

describe('format', () => {
  it('shows times in the city time zone', () => {
    expect(formatTime(instant, 'zh-CN')).toBe('10:03:04');
    expect(formatTime(new Date(instant).toISOString(), 'en')).toBe('10:03:04');
  });

  it('writes the header date the zh-CN way in Chinese', () => {
    expect(formatDateTime(instant, 'zh-CN')).toBe('2026/01/05 周一 10:03:04');
    expect(formatDateTime(instant, 'en')).toBe('05/01/2026 Mon 10:03:04');
  });

  it('groups thousands and rounds AQI to an integer', () => {
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatAqi(112.6, 'en')).toBe('113');
    expect(formatAqi(null, 'zh-CN')).toBe('—');
  });
});
