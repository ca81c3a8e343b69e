import { describe, expect, it } from 'vitest';
import { evaluateHotlineOverdue, type OverdueFact } from './hotline-overdue.ts';
import { defaultAlertRules, rulesOfKind } from './rules.ts';
import { initialAlertState } from './state.ts';

const rules = rulesOfKind(defaultAlertRules, 'hotline_overdue');
const ruleFor = (kind: string) => rules.find((r) => r.factKind === kind)!;
const UNIT = '市城市管理局';
const due = new Date('2026-01-12T10:30:00+08:00');
const minutesAfter = (minutes: number) => new Date(due.getTime() + minutes * 60_000);
const fact = (kind: string): OverdueFact => ({
  ticket_id: 'T20260112-0042',
  kind,
  cycle: 1,
  at: due,
  unit_id: 'u-cgj',
});

describe('hotline overdue facts', () => {
  it('ship a rule per fact kind, completion more severe than sign-off', () => {
    expect(rules.map((r) => r.factKind).sort()).toEqual([
      'chase',
      'overdue_complete',
      'overdue_sign',
    ]);
    expect(ruleFor('overdue_complete').severity).toBeGreaterThan(ruleFor('overdue_sign').severity);
  });

  it('open on an outstanding overdue sign-off, update while it stays so, resolve when settled', () => {
    const rule = ruleFor('overdue_sign');
    const opened = evaluateHotlineOverdue(rule, initialAlertState, fact('overdue_sign'), {
      unitName: UNIT,
      settledAt: null,
      now: minutesAfter(1),
    });
    expect(opened.decision).toMatchObject({
      type: 'open',
      at: minutesAfter(1),
      value: 1,
      text: {
        zh: `工单 T20260112-0042：${UNIT} 超时未签收（期限 2026-01-12 10:30，已超 1 分钟）`,
        en: `Work order T20260112-0042: not signed off by ${UNIT} (due 2026-01-12 10:30, 1 min overdue)`,
      },
    });
    const later = evaluateHotlineOverdue(rule, opened.state, fact('overdue_sign'), {
      unitName: UNIT,
      settledAt: null,
      now: minutesAfter(180),
    });
    expect(later.decision).toMatchObject({ type: 'update', value: 180 });
    expect(later.decision.type !== 'none' && later.decision.text.zh).toContain('已超 3 小时');
    const signed = evaluateHotlineOverdue(rule, later.state, fact('overdue_sign'), {
      unitName: UNIT,
      settledAt: minutesAfter(200),
      now: minutesAfter(201),
    });
    expect(signed.decision).toMatchObject({ type: 'resolve', at: minutesAfter(200), value: 200 });
    expect(signed.state.phase).toBe('idle');
  });

  it('raise nothing for a fact already settled when first seen (signed late)', () => {
    const late = evaluateHotlineOverdue(
      ruleFor('overdue_sign'),
      initialAlertState,
      fact('overdue_sign'),
      {
        unitName: UNIT,
        settledAt: minutesAfter(30),
        now: minutesAfter(31),
      },
    );
    expect(late.decision.type).toBe('none');
  });

  it('ignore facts of other kinds', () => {
    const other = evaluateHotlineOverdue(
      ruleFor('overdue_sign'),
      initialAlertState,
      fact('chase'),
      {
        unitName: UNIT,
        settledAt: null,
        now: minutesAfter(1),
      },
    );
    expect(other.decision.type).toBe('none');
    expect(other.state).toBe(initialAlertState);
  });

  it('word overdue completion and chase notices', () => {
    const texts = (['overdue_complete', 'chase'] as const).map((kind) => {
      const { decision } = evaluateHotlineOverdue(ruleFor(kind), initialAlertState, fact(kind), {
        unitName: UNIT,
        settledAt: null,
        now: minutesAfter(3 * 24 * 60),
      });
      return decision.type === 'none' ? '' : decision.text.zh;
    });
    expect(texts).toEqual([
      `工单 T20260112-0042：${UNIT} 超期未办结（期限 2026-01-12 10:30，已超 3 天）`,
      `工单 T20260112-0042：${UNIT} 逾期未办结，已于 2026-01-12 10:30 催办`,
    ]);
  });
});
