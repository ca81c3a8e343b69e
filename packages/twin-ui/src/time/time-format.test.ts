import { describe, expect, it } from 'vitest';
import { formatCursorTime, parseChinaInputValue, toChinaInputValue } from './time-format.ts';

const at = Date.parse('2026-12-04T14:05:00Z'); // 22:05 in Sanmenxia

describe('formatCursorTime', () => {
  it('writes the cursor in China time, in the conventions of each language', () => {
    expect(formatCursorTime(at, 'zh-CN')).toBe('2026年12月4日 22:05');
    expect(formatCursorTime(at, 'en')).toMatch(/^4 Dec 2026,? 22:05$/);
  });
});

describe('China time inputs', () => {
  it('round-trips an instant through a datetime-local value in China time', () => {
    expect(toChinaInputValue(at)).toBe('2026-12-04T22:05');
    expect(parseChinaInputValue('2026-12-04T22:05')).toBe(at);
  });

  it('refuses values that are not a datetime-local', () => {
    expect(parseChinaInputValue('')).toBeNull();
    expect(parseChinaInputValue('2026-12-04')).toBeNull();
    expect(parseChinaInputValue('2026-13-40T25:00')).toBeNull();
  });
});
