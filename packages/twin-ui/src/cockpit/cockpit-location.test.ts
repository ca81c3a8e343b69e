import { describe, expect, it } from 'vitest';
import {
  type CockpitLocation,
  defaultCockpitLocation,
  parseCockpitLocation,
  toCockpitSearch,
} from './cockpit-location.ts';
import { toComparisonRange, toPreviousRange, toRateChangePoints } from './comparison.ts';

describe('cockpit location', () => {
  it('reads the defaults from a plain URL', () => {
    expect(parseCockpitLocation('?scene=cockpit')).toEqual(defaultCockpitLocation);
  });

  it('round-trips a drill path with period and comparison, keeping other parameters', () => {
    const location: CockpitLocation = {
      period: { kind: 'custom', from: '2026-11-01', to: '2026-11-30' },
      compare: { kind: 'custom', from: '2025-11-01', to: '2025-11-30' },
      district: '411282',
      unitId: 'e2e-u-3',
      ticketId: 'E2E-T-OVERDUE',
      deviceId: null,
      deviceWindow: '24h',
    };
    const search = toCockpitSearch(location, '?scene=cockpit');
    expect(search).toBe(
      '?scene=cockpit&period=2026-11-01..2026-11-30&compare=2025-11-01..2025-11-30' +
        '&district=411282&unit=e2e-u-3&ticket=E2E-T-OVERDUE',
    );
    expect(parseCockpitLocation(search)).toEqual(location);
  });

  it('keeps a device path with its window and drops the unit and the order', () => {
    const search = '?scene=cockpit&district=411202&device=heat-07&unit=u1&ticket=T1&window=7d';
    const location = parseCockpitLocation(search);
    expect(location).toMatchObject({ deviceId: 'heat-07', unitId: null, ticketId: null });
    expect(location.deviceWindow).toBe('7d');
    expect(toCockpitSearch(location, '?scene=cockpit')).toBe(
      '?scene=cockpit&district=411202&device=heat-07&window=7d',
    );
  });

  it('ignores unreadable values', () => {
    expect(
      parseCockpitLocation(
        '?district=hubin&unit=a%20b&period=soon&compare=2026-02-30..2026-03-01&window=1y',
      ),
    ).toEqual(defaultCockpitLocation);
  });

  it('drops the parameters of a level left behind', () => {
    const deep = parseCockpitLocation('?scene=cockpit&district=411202&unit=u1&ticket=T1');
    expect(
      toCockpitSearch(
        { ...deep, unitId: null, ticketId: null },
        '?scene=cockpit&unit=u1&ticket=T1',
      ),
    ).toBe('?scene=cockpit&district=411202');
  });
});

describe('period comparison', () => {
  it('compares with the same number of days just before', () => {
    expect(toPreviousRange({ from: '2026-12-01', to: '2026-12-05' })).toEqual({
      from: '2026-11-26',
      to: '2026-11-30',
    });
    expect(toPreviousRange({ from: '2026-01-01', to: '2026-01-01' })).toEqual({
      from: '2025-12-31',
      to: '2025-12-31',
    });
  });

  it('uses chosen days when the comparison names them', () => {
    expect(
      toComparisonRange(
        { from: '2026-12-01', to: '2026-12-05' },
        { kind: 'custom', from: '2025-12-01', to: '2025-12-31' },
      ),
    ).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('gives a rate change in percentage points of the shown figures', () => {
    expect(toRateChangePoints(0.9653, 0.9581)).toBeCloseTo(0.7, 10);
    expect(toRateChangePoints(0.9, null)).toBeNull();
  });
});
