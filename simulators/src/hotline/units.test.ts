import { unitMetaSchema } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import { districtCodes } from '../shared/geo.ts';
import { toUnitMetaPayload } from './hotline-payloads.ts';
import { countyGovernment, units } from './units.ts';

describe('units', () => {
  it('are the 58 units of the city, u-01 … u-58, with unique names', () => {
    expect(units).toHaveLength(58);
    expect(units.map((u) => u.id)).toEqual(
      Array.from({ length: 58 }, (_, i) => `u-${String(i + 1).padStart(2, '0')}`),
    );
    expect(new Set(units.map((u) => u.name)).size).toBe(58);
  });

  it('include the city departments, the utilities and every county government', () => {
    const names = units.map((u) => u.name);
    for (const name of [
      '三门峡市人力资源和社会保障局',
      '三门峡市住房和城乡建设局',
      '三门峡市城市管理局',
      '三门峡市供热公司',
      '国网三门峡供电公司',
    ])
      expect(names).toContain(name);
    expect(units.find((u) => u.name === '三门峡市供热公司')?.kind).toBe('enterprise');
    for (const code of districtCodes) expect(countyGovernment(code).district).toBe(code);
    expect(units.filter((u) => u.kind === 'township').length).toBeGreaterThan(10);
  });

  it('pass the unit meta schema', () => {
    for (const unit of units) {
      const result = unitMetaSchema.safeParse(toUnitMetaPayload(unit, Date.now()));
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    }
  });
});
