// A benchmark's figures in a machine-readable form, for `pnpm bench` (tests/bench/run-all.ts):
// when BENCH_RESULT_FILE=<path> is set, a script writes one BenchResult there at its end,
// besides its usual printout. Without it, nothing changes.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A bound a figure must stay within: `value op bound`. */
export interface BenchTarget {
  op: '<' | '<=' | '>=' | '>';
  bound: number;
}

/** One measured figure; ratios are figures too (unit `×` or `%`). */
export interface BenchFigure {
  measure: string;
  value: number;
  unit: string;
  target?: BenchTarget;
  /** Set by the script when the verdict needs more than the value (e.g. also zero lost). */
  met?: boolean;
}

/** What one benchmark run wrote. */
export interface BenchResult {
  name: string;
  startedAt: string;
  /** Git short hash, with `+changes` when the working tree differed from it. */
  code: string;
  args: string[];
  figures: BenchFigure[];
  notes?: string[];
}

const root = path.resolve(import.meta.dirname, '../../..');
const startedAt = new Date().toISOString();

/** The checked-out commit, short, and whether the working tree had changes. */
export function codeVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', root, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const hash = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? hash : `${hash}+changes`;
  } catch {
    return 'unknown';
  }
}

/**
 * Whether a figure met its target: the script's own verdict when it gave one, else the value
 * against the bound; undefined without a target. NaN (not measured) never meets one.
 */
export function isMet(figure: BenchFigure): boolean | undefined {
  if (figure.met !== undefined) return figure.met;
  const target = figure.target;
  if (!target || !Number.isFinite(figure.value)) return target ? false : undefined;
  switch (target.op) {
    case '<':
      return figure.value < target.bound;
    case '<=':
      return figure.value <= target.bound;
    case '>=':
      return figure.value >= target.bound;
    case '>':
      return figure.value > target.bound;
    default: {
      const never: never = target.op;
      throw new Error(`unknown target operator ${String(never)}`);
    }
  }
}

/** Writes the result to BENCH_RESULT_FILE when it is set; a no-op otherwise. */
export function writeBenchResult(name: string, figures: BenchFigure[], notes: string[] = []): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (!file) return;
  const result: BenchResult = {
    name,
    startedAt,
    code: codeVersion(),
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    // JSON has no NaN: a figure not measured is written as null and read back as NaN.
    figures,
    ...(notes.length > 0 ? { notes } : {}),
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

/** Parses what writeBenchResult wrote; throws on anything else. */
export function parseBenchResult(text: string): BenchResult {
  const raw = JSON.parse(text) as unknown;
  if (typeof raw !== 'object' || raw === null) throw new Error('bench result: not an object');
  const r = raw as Record<string, unknown>;
  if (typeof r.name !== 'string' || !Array.isArray(r.figures)) {
    throw new Error('bench result: name or figures missing');
  }
  const figures = r.figures.map((f: unknown): BenchFigure => {
    const g = (f ?? {}) as Record<string, unknown>;
    if (typeof g.measure !== 'string') throw new Error('bench result: a figure without measure');
    const t = g.target as Record<string, unknown> | undefined;
    return {
      measure: g.measure,
      value: typeof g.value === 'number' ? g.value : Number.NaN,
      unit: typeof g.unit === 'string' ? g.unit : '',
      ...(t && typeof t.bound === 'number' && ['<', '<=', '>=', '>'].includes(String(t.op))
        ? { target: { op: t.op as BenchTarget['op'], bound: t.bound } }
        : {}),
      ...(typeof g.met === 'boolean' ? { met: g.met } : {}),
    };
  });
  return {
    name: r.name,
    startedAt: typeof r.startedAt === 'string' ? r.startedAt : '',
    code: typeof r.code === 'string' ? r.code : 'unknown',
    args: Array.isArray(r.args) ? r.args.map(String) : [],
    figures,
    ...(Array.isArray(r.notes) ? { notes: r.notes.map(String) } : {}),
  };
}
