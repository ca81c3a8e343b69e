import { describe, expect, it } from 'vitest';
import { parseScreenLocation, toScreenSearch } from './screen-location.ts';

describe('screen location', () => {
  it('opens the overview by default and the hotline scene on ?scene=hotline', () => {
    expect(parseScreenLocation('')).toEqual({ scene: 'overview', period: { kind: 'month' } });
    expect(parseScreenLocation('?scene=unknown').scene).toBe('overview');
    expect(parseScreenLocation('?scene=alerts').scene).toBe('alerts');
    expect(parseScreenLocation('?scene=hotline&period=year')).toEqual({
      scene: 'hotline',
      period: { kind: 'year' },
    });
  });

  it('writes only what differs from the defaults and keeps foreign parameters', () => {
    expect(toScreenSearch({ scene: 'overview', period: { kind: 'year' } }, '?scene=hotline')).toBe(
      '',
    );
    expect(toScreenSearch({ scene: 'hotline', period: { kind: 'month' } }, '?kiosk=1')).toBe(
      '?kiosk=1&scene=hotline',
    );
    // The period belongs to the hotline scene only.
    expect(toScreenSearch({ scene: 'alerts', period: { kind: 'year' } }, '?period=year')).toBe(
      '?scene=alerts',
    );
    expect(
      toScreenSearch({
        scene: 'hotline',
        period: { kind: 'custom', from: '2026-01-01', to: '2026-01-31' },
      }),
    ).toBe('?scene=hotline&period=2026-01-01..2026-01-31');
  });
});
