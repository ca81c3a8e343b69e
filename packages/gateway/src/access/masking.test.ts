import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './masking.ts';

describe('masking personal data', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('史女士')).toBe('史**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName('Zhang Wei')).toBe('Z********');
  });

  it('hides the middle of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('861******5678');
    expect(maskPhone('03982345678')).toBe('039****5678');
    expect(maskPhone('62812345')).toBe('****2345');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('')).toBe('');
  });
});
