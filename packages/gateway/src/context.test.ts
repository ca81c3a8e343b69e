import { describe, expect, it } from 'vitest';
import { userOf } from './context.ts';

describe('the acting user', () => {
  it('is the x-twin-user header, trimmed, else operator', () => {
    expect(userOf({ 'x-twin-user': '  duty-7 ' })).toBe('duty-7');
    expect(userOf({})).toBe('operator');
    expect(userOf({ 'x-twin-user': '   ' })).toBe('operator');
  });

  it('reads Chinese names sent as raw UTF-8 or percent-encoded', () => {
    const rawUtf8 = Buffer.from(' 王伟 ', 'utf8').toString('latin1');
    expect(userOf({ 'x-twin-user': rawUtf8 })).toBe('王伟');
    expect(userOf({ 'x-twin-user': encodeURIComponent('李娜') })).toBe('李娜');
    expect(userOf({ 'x-twin-user': '100%' })).toBe('100%');
  });

  it('refuses names over 64 characters or with control characters, coded BAD_USER_INPUT', () => {
    expect(userOf({ 'x-twin-user': '张'.repeat(64) })).toHaveLength(64);
    expect(() => userOf({ 'x-twin-user': '张'.repeat(65) })).toThrow('at most 64 characters');
    expect(() => userOf({ 'x-twin-user': 'a%0Ab' })).toThrow('control characters');
    try {
      userOf({ 'x-twin-user': 'x'.repeat(65) });
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        http: { status: 400 },
      });
    }
  });
});
