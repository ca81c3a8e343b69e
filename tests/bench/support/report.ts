import type { CpuShare } from './cpu-sampler.ts';
import { describeBatches, type IngestCounters } from './ingest-metrics.ts';

/** A run at a fixed offered rate. */
export interface PacedRun {
  rate: number;
  offered: number;
  /** Publishing time, and first publish → last commit. */
  seconds: number;
  drainSeconds: number;
  committedRate: number;
  complete: boolean;
  stalls: number;
  /** Publish-to-committed latencies, ms, sorted. */
  latencies: Float64Array;
  pollMs: number;
  counters: IngestCounters | undefined;
}

/** Everything one run measured. */
export interface Figures {
  machine: string[];
  storage: string;
  messages: number;
  lanes: number;
  workers: number;
  batchSize: string;
  brokerRate: number;
  brokerQos0Rate: number;
  copyRowsRate: number;
  mqttJsRate: number;
  naiveRate: number;
  sustained: {
    rate: number;
    steady: number;
    seconds: number;
    committed: number;
    complete: boolean;
    publishSeconds: number;
    counters: IngestCounters | undefined;
    cpu: CpuShare;
  };
  paced: PacedRun[];
  check: { published: number; stored: number; duplicateRows: number; deadLetters: number };
  cpu: [label: string, share: CpuShare][];
}

/** DESIGN §7. */
export const targets = { rate: 30_000, shareOfLowerCeiling: 0.5, p99Ms: 1000 };

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const verdict = (pass: boolean) => (pass ? 'met' : 'NOT met');

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

function row(label: string, value: string, note = ''): string {
  return `  ${label.padEnd(54)}${value.padStart(16)}${note ? `  ${note}` : ''}`;
}

/** Prints the figures, the targets next to them, and the CPU table. */
export function printReport(f: Figures): void {
  const copyRate = f.copyRowsRate / 2;
  const lower = Math.min(f.brokerRate, copyRate);
  const s = f.sustained;
  const out: string[] = [];
  out.push(
    '',
    `Ceilings, same run, same payloads (${fmt(f.messages)} messages, QoS 1, ${f.lanes} C publishers)`,
    row('broker: mosquitto_pub → Mosquitto → mosquitto_sub', `${fmt(f.brokerRate)} msg/s`),
    row(
      'database: psql \\copy into iot_reading, 2 rows/msg',
      `${fmt(copyRate)} msg/s`,
      `${fmt(f.copyRowsRate)} rows/s`,
    ),
    row('lower ceiling', `${fmt(lower)} msg/s`),
    'References',
    row('broker at QoS 0 (DESIGN §7 quotes ≈ 118,000)', `${fmt(f.brokerQos0Rate)} msg/s`),
    row('MQTT.js subscriber, PUBACK on receipt, no database', `${fmt(f.mqttJsRate)} msg/s`),
    row('naive consumer: PUBACK after its own 1-message commit', `${fmt(f.naiveRate)} msg/s`),
    `Pipeline: mosquitto_pub → Mosquitto → ingest (${f.workers === 1 ? '1 worker' : `${f.workers} workers, shared subscription`}, batch size ${f.batchSize}) → PostgreSQL, committed`,
    row(
      'sustained, first publish → last commit',
      `${fmt(s.rate)} msg/s`,
      `${fmt(s.rate * 2)} rows/s; ${fmt(s.committed)} messages in ${s.seconds.toFixed(1)} s${s.complete ? '' : ', INCOMPLETE'}`,
    ),
    row('sustained, steady part (10 % → 90 % committed)', `${fmt(s.steady)} msg/s`),
    row(
      'publishers done after',
      `${s.publishSeconds.toFixed(1)} s`,
      `${fmt(f.messages / s.publishSeconds)} msg/s into the broker`,
    ),
    row(
      'pipeline ÷ broker ceiling, ÷ COPY ceiling',
      `${(s.rate / f.brokerRate).toFixed(2)}, ${(s.rate / copyRate).toFixed(2)}`,
    ),
  );
  if (s.counters) out.push(`    ingest: ${describeBatches(s.counters, s.seconds, f.workers)}`);
  // CPU time per committed message: what each part costs, and what the cores allow at that cost.
  const perMessage = (pct: number) => ((pct / 100) * s.cpu.seconds * 1e6) / s.committed;
  const costs: [string, number][] = [
    ['ingest', perMessage(s.cpu.ingest)],
    ['PostgreSQL', perMessage(s.cpu.postgresBench + s.cpu.postgresBackground)],
    ['Mosquitto', perMessage(s.cpu.mosquitto)],
    ['publishers', perMessage(s.cpu.clients)],
    ['script', perMessage(s.cpu.bench)],
  ];
  const totalCost = costs.reduce((sum, [, us]) => sum + us, 0);
  out.push(
    `    CPU per message: ${costs.map(([name, us]) => `${name} ${fmt(us)} µs`).join(', ')}; ` +
      `total ${fmt(totalCost)} µs → ${s.cpu.cores} cores allow ${fmt((s.cpu.cores * 1e6) / totalCost)} msg/s at these costs`,
  );
  for (const p of f.paced) {
    const l = p.latencies;
    out.push(
      row(
        `fixed rate ${fmt(p.rate)} msg/s for ${p.seconds.toFixed(0)} s: committed`,
        `${fmt(p.committedRate)} msg/s`,
        `${p.complete ? '' : 'INCOMPLETE, '}${p.stalls > 0 ? `publishers stalled ${p.stalls}×, ` : ''}offered ${fmt(p.offered)} msg/s`,
      ),
      row(
        '  publish → committed p50 / p90 / p99 / max',
        `${fmt(percentile(l, 50))} / ${fmt(percentile(l, 90))} / ${fmt(percentile(l, 99))} / ${fmt(percentile(l, 100))} ms`,
        `poll every 20 ms, ${p.pollMs.toFixed(1)} ms a poll${f.workers > 1 ? '; approximate: workers commit out of order' : ''}`,
      ),
    );
    if (p.counters)
      out.push(`    ingest: ${describeBatches(p.counters, p.drainSeconds, f.workers)}`);
  }
  const c = f.check;
  out.push(
    row(
      'published (acknowledged by the broker) / stored',
      `${fmt(c.published)} / ${fmt(c.stored)}`,
      `duplicate rows ${c.duplicateRows}, dead letters ${c.deadLetters}`,
    ),
  );

  const requested = f.paced.at(-1);
  const p99 = requested ? percentile(requested.latencies, 99) : Number.NaN;
  const fastestUnderTarget = f.paced
    .filter((p) => p.complete && percentile(p.latencies, 99) < targets.p99Ms)
    .reduce((best, p) => Math.max(best, p.rate), 0);
  out.push(
    'Targets (DESIGN §7)',
    row(
      `≥ ${fmt(targets.rate)} msg/s end to end`,
      `${fmt(s.rate)} msg/s`,
      verdict(s.rate >= targets.rate),
    ),
    row(
      `≥ ${targets.shareOfLowerCeiling * 100} % of the lower ceiling`,
      `${Math.round((s.rate / lower) * 100)} %`,
      verdict(s.rate / lower >= targets.shareOfLowerCeiling),
    ),
    row(
      `p99 < ${fmt(targets.p99Ms)} ms at ${fmt(requested?.rate ?? Number.NaN)} msg/s`,
      `${fmt(p99)} ms`,
      `${verdict(p99 < targets.p99Ms)}; met up to ${fmt(fastestUnderTarget)} msg/s of those run`,
    ),
    row(
      'zero loss, zero duplicates',
      `${fmt(c.published - c.stored)} lost`,
      verdict(c.published === c.stored && c.duplicateRows === 0 && s.complete),
    ),
  );

  const cores = f.cpu[0]?.[1].cores ?? 0;
  const heads = [
    's',
    'ingest',
    'pg db',
    'pg bg',
    'mosq',
    'clients',
    'script',
    'other',
    'irq',
    'all',
    'steal',
  ];
  out.push(
    '',
    `CPU, % of one core (${cores} cores = ${cores * 100} %). Mosquitto, the C clients, ingest, PostgreSQL,`,
    'this script, the kernel and anything else running all share these cores.',
    `  ${'interval'.padEnd(28)}${heads.map((h) => h.padStart(8)).join('')}`,
  );
  for (const [label, share] of f.cpu) {
    const cells = [
      share.ingest,
      share.postgresBench,
      share.postgresBackground,
      share.mosquitto,
      share.clients,
      share.bench,
      share.other,
      share.softirq,
      share.machine,
      share.steal,
    ];
    out.push(
      `  ${label.padEnd(28)}${share.seconds.toFixed(1).padStart(8)}${cells.map((v) => fmt(v).padStart(8)).join('')}` +
        (share.otherTop ? `  (other: ${share.otherTop})` : ''),
    );
  }
  out.push(
    '  pg db: backends of the bench database; pg bg: checkpointer, WAL writer, TimescaleDB workers;',
    '  clients: mosquitto_pub, mosquitto_sub, psql; script: this process (pacing, polling, sampling,',
    '  the in-process MQTT.js consumers); other: the rest of the machine; irq: kernel interrupt',
    '  work (loopback networking), mostly already inside the columns before it; all: the machine',
    '  busy, from /proc/stat; steal: time the hypervisor gave to other guests.',
  );
  const disturbed = f.cpu.filter(([, share]) => share.other >= 20);
  if (disturbed.length > 0) {
    out.push(
      `WARNING: other processes used ≥ 20 % of a core during: ${disturbed.map(([label, share]) => `${label} (${fmt(share.other)} %)`).join(', ')}.`,
      'Those figures are low by an unknown amount; rerun on a quiet machine.',
    );
  }
  console.log(out.join('\n'));
}
