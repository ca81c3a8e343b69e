// `pnpm bench`: runs the benchmarks one after another, each as its own process with its default
// arguments (or the short ones of --quick), and regenerates the generated section of
// docs/benchmarks.md (between <!-- bench:generated:start --> and <!-- bench:generated:end -->)
// with the machine, each benchmark's figures, targets and ratios (support/bench-markdown.ts).
// Each script writes its figures to BENCH_RESULT_FILE (support/bench-result.ts). A benchmark not
// run keeps its previous block. Before each one, the load average and the busiest other
// processes are read; a busy machine is said so in the output and in the document.
// Usage: pnpm bench [--quick] [--only ingest,hotline,alerts,alerts-e2e,ui,ui-aggregation]
//                   [--doc docs/benchmarks.md]
// The UI benchmarks open packages/twin-ui/dist: run `pnpm build` first.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createDb } from '@city-twin/db';
import { testServerUrl } from '../support/database.ts';
import {
  generatedSection,
  renderSection,
  replaceSection,
  type BenchRun,
  type BenchSession,
} from './support/bench-markdown.ts';
import { codeVersion, isMet, parseBenchResult } from './support/bench-result.ts';

/** A benchmark the runner knows: its script, and its arguments by profile. */
interface Benchmark {
  name: string;
  script: string;
  /** The root package.json script that runs it alone. */
  command: string;
  quick: string[];
  /** Why it cannot run here, if it cannot. */
  missing?: () => string | undefined;
}

const root = path.resolve(import.meta.dirname, '../..');
const testsDir = path.join(root, 'tests');
const distMissing = () =>
  existsSync(path.join(root, 'packages/twin-ui/dist/index.html'))
    ? undefined
    : 'packages/twin-ui/dist is missing: run `pnpm build` first';

/** In the order they run and appear in the document. --quick arguments in the usage text. */
const benchmarks: Benchmark[] = [
  {
    name: 'ingest',
    script: 'bench/ingest-throughput.ts',
    command: 'pnpm bench:ingest',
    quick: ['60000', '10000'],
  },
  {
    name: 'hotline',
    script: 'bench/hotline-queries.ts',
    command: 'pnpm bench:hotline',
    quick: ['30'],
  },
  {
    name: 'alerts',
    script: 'bench/alert-fanout.ts',
    command: 'pnpm bench:alerts',
    quick: ['40', '10', '500', '50'],
  },
  {
    name: 'alerts-e2e',
    script: 'bench/alerts-e2e.ts',
    command: 'pnpm bench:alerts-e2e',
    quick: ['10', '20', '500'],
  },
  {
    name: 'ui',
    script: 'bench/ui-frames.ts',
    command: 'pnpm bench:ui',
    quick: [
      '--minutes',
      '1',
      '--window',
      '5',
      '--forced',
      '3',
      '--dwell',
      '10',
      '--cold',
      '1',
      '--days',
      '1',
    ],
    missing: distMissing,
  },
  {
    name: 'ui-aggregation',
    script: 'bench/ui-aggregation.ts',
    command: 'pnpm bench:ui-aggregation',
    quick: ['--points', '100000', '--forced', '3'],
    missing: distMissing,
  },
];

const usage =
  'usage: pnpm bench [--quick] [--only <names>] [--doc <file>] [--help]\n' +
  `  names: ${benchmarks.map((b) => b.name).join(', ')}\n` +
  benchmarks.map((b) => `  --quick ${b.name}: ${b.quick.join(' ')}`).join('\n');

function fail(code: string, message: string): never {
  console.error(`${code}: ${message}\n${usage}`);
  process.exit(2);
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2).filter((arg) => arg !== '--'),
      options: {
        quick: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        only: { type: 'string' },
        doc: { type: 'string', default: path.join(root, 'docs/benchmarks.md') },
      },
    });
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    const names = values.only?.split(',').map((name) => name.trim()) ?? [];
    const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
    if (unknown.length > 0) fail('TWIN_BENCH_UNKNOWN', `no benchmark named ${unknown.join(', ')}`);
    return {
      quick: values.quick,
      selected: names.length > 0 ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks,
      // pnpm runs this in tests/: a relative --doc is the caller's.
      doc: path.resolve(process.env.INIT_CWD ?? process.cwd(), values.doc),
    };
  } catch (error) {
    return fail('TWIN_BENCH_ARGS', (error as Error).message);
  }
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]!
      .trim();
  } catch (error) {
    // mosquitto -h prints its version and exits non-zero.
    return ((error as { stdout?: string }).stdout ?? '').split('\n')[0]?.trim() || 'unknown';
  }
}

/** One line per component the figures depend on. */
async function describeMachine(): Promise<string[]> {
  const model =
    firstLine('sh', ['-c', "lscpu | sed -n 's/^Model name: *//p'"]) || cpus()[0]?.model || '?';
  const debian = existsSync('/etc/debian_version')
    ? readFileSync('/etc/debian_version', 'utf8').trim()
    : '?';
  let postgres: string;
  const db = createDb({ connectionString: testServerUrl, max: 1, onError: () => undefined });
  try {
    const [row] = await db.query<{ version: string; timescale: string | null }>(
      `SELECT current_setting('server_version') AS version,
              (SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb') AS timescale`,
    );
    postgres = `PostgreSQL ${row?.version ?? '?'}, TimescaleDB ${row?.timescale ?? 'not installed (plain tables)'}`;
  } catch (error) {
    postgres = `PostgreSQL: not reachable (${(error as Error).message})`;
  } finally {
    await db.close();
  }
  return [
    `${cpus().length} × ${model}, RAM ${Math.round(totalmem() / 2 ** 30)} GiB, Debian ${debian}, Linux ${firstLine('uname', ['-r'])}`,
    postgres,
    firstLine('mosquitto', ['-h']),
    existsSync('/usr/bin/chromium')
      ? firstLine('/usr/bin/chromium', ['--version'])
      : 'Chromium: absent',
    `Node ${process.version}`,
  ];
}

/** utime + stime ticks of every process but this one, by pid, with its command. */
function processTicks(): Map<number, { command: string; ticks: number }> {
  const ticks = new Map<number, { command: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      ticks.set(pid, { command, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited between listing and reading
    }
  }
  return ticks;
}

/**
 * Why the machine is not quiet right now: load average, and processes busy over 2 s. Right
 * after a benchmark, the 1-minute load average still counts that benchmark's own work.
 */
async function busyNow(afterBenchmark = false): Promise<string[]> {
  const before = processTicks();
  await sleep(2000);
  const after = processTicks();
  const busy = [...after]
    .map(([pid, p]) => ({ ...p, share: (p.ticks - (before.get(pid)?.ticks ?? p.ticks)) / 2 }))
    .filter((p) => p.share >= 10)
    .sort((a, b) => b.share - a.share)
    .slice(0, 5);
  const warnings: string[] = [];
  const load = loadavg()[0]!;
  if (load > cpus().length * 0.5) {
    warnings.push(
      `load average ${load.toFixed(2)} on ${cpus().length} cores before the run` +
        `${afterBenchmark ? ' (it still counts the benchmark before)' : ''}: figures are low by an unknown amount.`,
    );
  }
  if (busy.length > 0) {
    warnings.push(
      `other processes busy before the run (% of a core over 2 s): ${busy.map((p) => `${p.command} ${Math.round(p.share)} %`).join(', ')}.`,
    );
  }
  return warnings;
}

async function runOne(
  benchmark: Benchmark,
  quick: boolean,
  dir: string,
  afterBenchmark: boolean,
): Promise<BenchRun> {
  const args = quick ? benchmark.quick : [];
  const command = [benchmark.command, ...args].join(' ');
  const base = { name: benchmark.name, command, loadBefore: loadavg()[0]! };
  const missing = benchmark.missing?.();
  if (missing) {
    console.log(`\n=== ${benchmark.name}: not run: ${missing}`);
    return {
      ...base,
      seconds: 0,
      exitCode: null,
      loadAfter: base.loadBefore,
      warnings: [],
      skipped: missing,
    };
  }
  const warnings = await busyNow(afterBenchmark);
  console.log(`\n=== ${benchmark.name}: ${command}`);
  for (const warning of warnings) console.log(`WARNING: ${warning}`);
  const resultFile = path.join(dir, `${benchmark.name}.json`);
  const started = performance.now();
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(path.join(testsDir, 'node_modules/.bin/tsx'), [benchmark.script, ...args], {
      cwd: testsDir,
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULT_FILE: resultFile },
    });
    child.once('error', (error) => {
      console.error(`${benchmark.name}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code) => resolve(code));
  });
  const seconds = (performance.now() - started) / 1000;
  let result: BenchRun['result'];
  if (existsSync(resultFile)) {
    try {
      result = parseBenchResult(readFileSync(resultFile, 'utf8'));
    } catch (error) {
      console.error(
        `${benchmark.name}: its result file could not be read: ${(error as Error).message}`,
      );
    }
  }
  return {
    ...base,
    seconds,
    exitCode,
    loadAfter: loadavg()[0]!,
    warnings,
    ...(result ? { result } : {}),
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const dir = mkdtempSync(path.join(tmpdir(), 'twin-bench-all-'));
  try {
    const machine = await describeMachine();
    const sessionWarnings = await busyNow();
    const loadStart = loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    console.log(`City Twin benchmarks (${options.quick ? '--quick' : 'default arguments'}):`);
    for (const line of machine) console.log(`  ${line}`);
    for (const warning of sessionWarnings) console.log(`WARNING: ${warning}`);

    const runs: BenchRun[] = [];
    for (const benchmark of options.selected) {
      runs.push(await runOne(benchmark, options.quick, dir, runs.length > 0));
    }
    const loadEnd = loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');

    const session: BenchSession = {
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      code: codeVersion(),
      profile: options.quick ? 'quick' : 'default',
      machine: [
        ...machine,
        `load average (1, 5, 15 min): ${loadStart} at the start, ${loadEnd} at the end`,
      ],
      warnings: sessionWarnings,
    };
    const doc = existsSync(options.doc) ? readFileSync(options.doc, 'utf8') : '# Benchmarks\n';
    const order = benchmarks.map((b) => b.name);
    let section = renderSection(session, runs, order, generatedSection(doc));
    // Formatted by prettier like the rest of the repository; only the section, the prose is not ours.
    try {
      section = execFileSync(
        path.join(root, 'node_modules/.bin/prettier'),
        ['--stdin-filepath', 'section.md'],
        { input: section, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] },
      ).trimEnd();
    } catch {
      console.log('NOTE: prettier did not run on the generated section');
    }
    writeFileSync(options.doc, replaceSection(doc, section));

    console.log(`\nSummary (written to ${path.relative(process.cwd(), options.doc)}):`);
    for (const run of runs) {
      const notMet = run.result?.figures.filter((f) => isMet(f) === false).length;
      const state = run.skipped
        ? `not run: ${run.skipped}`
        : run.exitCode === 0 && run.result
          ? `${run.result.figures.length} figures${notMet ? `, ${notMet} NOT met` : ''}`
          : `did not complete (exit ${run.exitCode ?? 'by signal'})`;
      console.log(`  ${run.name.padEnd(16)}${run.seconds.toFixed(0).padStart(6)} s  ${state}`);
    }
    if (runs.some((run) => run.skipped || run.exitCode !== 0 || !run.result)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
