import { describe, expect, it } from 'vitest';
import {
  endMarker,
  generatedSection,
  renderSection,
  replaceSection,
  startMarker,
  type BenchRun,
  type BenchSession,
} from './bench-markdown.ts';
import { isMet, parseBenchResult, type BenchResult } from './bench-result.ts';

const session: BenchSession = {
  date: '2026-12-07 22:00 UTC',
  code: 'abc1234',
  profile: 'quick',
  machine: ['2 × Test CPU, 4 GiB', 'PostgreSQL 17.2'],
  warnings: [],
};

function run(name: string, result: Partial<BenchResult> | undefined, exitCode = 0): BenchRun {
  return {
    name,
    command: `pnpm bench:${name}`,
    seconds: 42,
    exitCode,
    loadBefore: 0.5,
    loadAfter: 1.25,
    warnings: [],
    ...(result
      ? {
          result: {
            name,
            startedAt: '2026-12-07T22:01:00.000Z',
            code: 'abc1234',
            args: [],
            figures: [],
            ...result,
          },
        }
      : {}),
  };
}

const prose = [
  '# Benchmarks',
  '',
  'Introduction that stays.',
  '',
  '## Ingest (`pnpm bench:ingest`)',
  '',
  'Hand-written prose that stays, with a table:',
  '',
  '| a | b |',
  '| - | - |',
  '| 1 | 2 |',
  '',
].join('\n');

describe('isMet', () => {
  it('compares the value with the bound in the direction of the target', () => {
    const f = (value: number, op: '<' | '<=' | '>=' | '>', bound: number) =>
      isMet({ measure: 'm', value, unit: 'ms', target: { op, bound } });
    expect([f(49.9, '<', 50), f(50, '<', 50), f(50, '<=', 50), f(50.1, '<=', 50)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([f(30_000, '>=', 30_000), f(29_999, '>=', 30_000), f(1, '>', 1)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('never meets a target with a figure that was not measured, and has no verdict without one', () => {
    expect(
      isMet({ measure: 'm', value: Number.NaN, unit: 'ms', target: { op: '<', bound: 50 } }),
    ).toBe(false);
    expect(isMet({ measure: 'm', value: 3, unit: '×' })).toBeUndefined();
  });

  it("takes the script's own verdict over the bound", () => {
    expect(
      isMet({ measure: 'm', value: 10, unit: 'ms', target: { op: '<', bound: 50 }, met: false }),
    ).toBe(false);
  });
});

describe('the generated section of docs/benchmarks.md', () => {
  const hotline = run('hotline', {
    figures: [
      { measure: 'tickets p95', value: 12.34, unit: 'ms', target: { op: '<', bound: 50 } },
      { measure: 'unitRanking p95', value: 71.2, unit: 'ms', target: { op: '<', bound: 50 } },
      { measure: 'replay ÷ live', value: 1.5, unit: '×' },
    ],
    notes: ['2 of 11 | queries over the target'],
  });

  it('goes before the first section on the first run and keeps the prose', () => {
    const doc = replaceSection(prose, renderSection(session, [hotline], ['hotline'], ''));
    expect(doc.startsWith('# Benchmarks\n\nIntroduction that stays.\n\n' + startMarker)).toBe(true);
    expect(doc.endsWith(`${endMarker}\n\n${prose.slice(prose.indexOf('## Ingest'))}`)).toBe(true);
    const section = generatedSection(doc);
    expect(section).toContain('| tickets p95 | 12.3 ms | < 50 ms | met |');
    expect(section).toContain('| unitRanking p95 | 71.2 ms | < 50 ms | **NOT met** |');
    expect(section).toContain('| replay ÷ live | 1.5 × |  |  |');
    expect(section).toContain('- 2 of 11 | queries over the target');
  });

  it('is replaced between the markers on the next run, prose before and after untouched', () => {
    const first = replaceSection(prose, renderSection(session, [hotline], ['hotline'], ''));
    const again = run('hotline', {
      figures: [{ measure: 'tickets p95', value: 80, unit: 'ms', target: { op: '<', bound: 50 } }],
    });
    const second = replaceSection(
      first,
      renderSection(session, [again], ['hotline'], generatedSection(first)),
    );
    expect(second.split(startMarker)).toHaveLength(2);
    expect(second).toContain('| tickets p95 | 80 ms | < 50 ms | **NOT met** |');
    expect(second).not.toContain('12.3 ms');
    expect(second.replace(generatedSection(second), '')).toBe(
      first.replace(generatedSection(first), ''),
    );
  });

  it('keeps the block of a benchmark not run this time, in the given order', () => {
    const ingest = run('ingest', {
      figures: [
        { measure: 'sustained', value: 31_500, unit: 'msg/s', target: { op: '>=', bound: 30_000 } },
      ],
    });
    const first = replaceSection(
      prose,
      renderSection(session, [ingest, hotline], ['ingest', 'hotline'], ''),
    );
    const second = replaceSection(
      first,
      renderSection(
        session,
        [run('hotline', { figures: [] })],
        ['ingest', 'hotline'],
        generatedSection(first),
      ),
    );
    const section = generatedSection(second);
    expect(section).toContain('| sustained | 31,500 msg/s | >= 30,000 msg/s | met |');
    expect(section).not.toContain('tickets p95');
    expect(section.indexOf('### ingest')).toBeLessThan(section.indexOf('### hotline'));
  });

  it('says when a benchmark did not complete, and shows the busy-machine warning', () => {
    const failed = { ...run('alerts', undefined, 1), warnings: ['load average 3.1 on 2 cores'] };
    const section = renderSection(
      { ...session, warnings: ['other processes: chromium 80 %'] },
      [failed],
      ['alerts'],
      '',
    );
    expect(section).toContain('**Did not complete** (exit code 1, no result written)');
    expect(section).toContain('> **Busy machine:** load average 3.1 on 2 cores');
    expect(section).toContain('> **Busy machine:** other processes: chromium 80 %');
  });
});

describe('parseBenchResult', () => {
  it('reads back what a script wrote, a figure not measured as NaN', () => {
    const result = parseBenchResult(
      JSON.stringify({
        name: 'alerts',
        startedAt: '2026-12-07T22:01:00.000Z',
        code: 'abc1234',
        args: ['20'],
        figures: [{ measure: 'p95', value: Number.NaN, unit: 'ms', target: { op: '<', bound: 1 } }],
      }),
    );
    expect(result.figures[0]!.value).toBeNaN();
    expect(isMet(result.figures[0]!)).toBe(false);
  });

  it('rejects what is not a result', () => {
    expect(() => parseBenchResult('[]')).toThrow(/name or figures/);
    expect(() => parseBenchResult('{"name":"x","figures":[{}]}')).toThrow(/without measure/);
  });
});
