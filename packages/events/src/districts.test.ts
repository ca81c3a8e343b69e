import { describe, expect, it } from 'vitest';
import { districts, locateDistrict } from './districts.ts';

describe('districts', () => {
  it('has the six districts of Sanmenxia with their official codes', () => {
    expect(districts.map((d) => `${d.code} ${d.name}`).sort()).toEqual([
      '411202 湖滨区',
      '411203 陕州区',
      '411221 渑池县',
      '411224 卢氏县',
      '411281 义马市',
      '411282 灵宝市',
    ]);
  });

  it('puts each label point in its own district, the 义马市 enclave included', () => {
    for (const d of districts) expect(locateDistrict(d.center[0], d.center[1])).toBe(d.code);
  });

  it('answers null outside the city', () => {
    expect(locateDistrict(116.4, 39.9)).toBeNull(); // Beijing
  });
});
