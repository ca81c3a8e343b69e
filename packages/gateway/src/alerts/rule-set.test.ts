import { describe, expect, it } from 'vitest';
import { diffOf, type RuleSetVersionRow } from './rule-set.ts';

const version = (n: number, rules: Record<string, unknown>[]): RuleSetVersionRow => ({
  version: n,
  rules: { rules },
  createdBy: 'admin',
  createdAt: new Date(0),
  note: 'why',
  change: {},
});

describe('diffOf', () => {
  const a = { id: 'a', kind: 'threshold', value: 1 };
  const b = { id: 'b', kind: 'silence', afterMinutes: 10 };

  it('lists every rule of the first version as added', () => {
    expect(diffOf(undefined, version(1, [a, b])).map((d) => [d.ruleId, d.change])).toEqual([
      ['a', 'added'],
      ['b', 'added'],
    ]);
  });

  it('names changed and removed rules with their before and after, and skips unchanged ones', () => {
    const diff = diffOf(version(1, [a, b]), version(2, [{ ...a, value: 2 }]));
    expect(diff).toEqual([
      { ruleId: 'a', change: 'changed', before: a, after: { ...a, value: 2 } },
      { ruleId: 'b', change: 'removed', before: b, after: null },
    ]);
    expect(diffOf(version(1, [a, b]), version(2, [a, b]))).toEqual([]);
  });
});
