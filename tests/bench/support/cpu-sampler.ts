import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** CPU time per process group over one interval, in % of one core (the machine has `cores` × 100 %). */
export interface CpuShare {
  seconds: number;
  cores: number;
  ingest: number;
  /** Gateway processes, when the benchmark names them (setGatewayPids); else 0. */
  gateway: number;
  postgresBench: number;
  postgresBackground: number;
  mosquitto: number;
  /** Short-lived children of this process: mosquitto_pub, mosquitto_sub, psql. */
  clients: number;
  /** This process: pacing, polling, sampling (and the in-process MQTT.js consumers). */
  bench: number;
  /** Every other process on the machine: other databases, other people's work. */
  other: number;
  /** Kernel interrupt work, mostly loopback networking; largely inside the processes' own times. */
  softirq: number;
  /** Busy time of the whole machine (user, system, interrupts), from /proc/stat. */
  machine: number;
  /** Time the hypervisor gave to other guests: not available to this machine at all. */
  steal: number;
  /** The busiest other processes (command and % of a core), to tell what disturbed a run. */
  otherTop: string;
}

type Group =
  'ingest' | 'gateway' | 'postgresBench' | 'postgresBackground' | 'mosquitto' | 'clients';

/** Cumulative CPU ticks of each group at one moment. */
type Totals = Record<Group | 'bench' | 'processes' | 'softirq' | 'steal', number> & { at: number };

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const pgBackgroundTitle =
  /checkpointer|background writer|walwriter|autovacuum launcher|logical replication|TimescaleDB|stats collector|archiver/;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/** utime + stime (own, or of reaped children) from /proc/<pid>/stat. */
function ticksOf(pid: number | 'self', reapedChildren = false): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Fields after the parenthesised command name; utime is field 14 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [u, s] = reapedChildren ? [fields[13], fields[14]] : [fields[11], fields[12]];
  return Number(u) + Number(s);
}

function commandOf(pid: number): string {
  return read(`/proc/${pid}/comm`)?.trim() ?? '';
}

function childrenOf(pid: number | 'self'): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) =>
    (read(`/proc/${pid}/task/${task}/children`) ?? '')
      .split(' ')
      .filter((s) => s !== '')
      .map(Number),
  );
}

/** Ticks and command of every process on the machine (two scans per interval: cheap enough). */
function allProcesses(): Map<number, { command: string; ticks: number }> {
  const all = new Map<number, { command: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const ticks = ticksOf(pid);
    if (ticks !== undefined) all.set(pid, { command: commandOf(pid), ticks });
  }
  return all;
}

/** Machine-wide ticks from /proc/stat: processes (user, nice, system), interrupts, steal. */
function machineTicks(): { processes: number; softirq: number; steal: number } {
  const cpu = (read('/proc/stat') ?? '').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return { processes: user + nice + system, softirq: irq + softirq, steal };
}

/**
 * Samples, every `intervalMs`, the CPU time of the ingest worker, the PostgreSQL backends of
 * the bench database (and the server's background processes), Mosquitto, the C clients this
 * process starts, this process itself, and the whole machine — from /proc, no tools needed.
 * Backends that exit lose at most their last interval.
 */
export function createCpuSampler(options: {
  postmasterPid: number;
  database: string;
  intervalMs?: number;
}) {
  const seen = new Map<number, { group: Group; first: number; last: number }>();
  let ingestPids = new Set<number>();
  let gatewayPids = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let samples = 0;

  function groupOfPostgres(pid: number): 'postgresBench' | 'postgresBackground' | undefined {
    const title = (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\u0000', ' ');
    if (title.includes(` ${options.database} `)) return 'postgresBench';
    if (pgBackgroundTitle.test(title)) return 'postgresBackground';
    return undefined; // another database's backend: "other"
  }

  function track(pid: number, group: Group | undefined): void {
    if (!group) return;
    const ticks = ticksOf(pid);
    if (ticks === undefined) return;
    const known = seen.get(pid);
    if (known) known.last = ticks;
    // A process first seen now started after the previous sample (or is the first sample).
    else seen.set(pid, { group, first: samples === 0 ? ticks : 0, last: ticks });
  }

  function sample(): void {
    for (const pid of childrenOf(options.postmasterPid)) track(pid, groupOfPostgres(pid));
    const children = childrenOf('self');
    for (const pid of children) {
      if (ingestPids.has(pid)) track(pid, 'ingest');
      else if (gatewayPids.has(pid)) track(pid, 'gateway');
      else if (commandOf(pid) === 'mosquitto') track(pid, 'mosquitto');
      else track(pid, 'clients');
    }
    // A child that is gone was reaped: its whole CPU time is now in this process's cutime.
    for (const [pid, { group }] of seen) {
      if (group !== 'postgresBench' && group !== 'postgresBackground' && !children.includes(pid))
        seen.delete(pid);
    }
    samples += 1;
  }

  function totals(): Totals {
    sample();
    const t: Totals = {
      at: performance.now(),
      ingest: 0,
      gateway: 0,
      postgresBench: 0,
      postgresBackground: 0,
      mosquitto: 0,
      // Children already reaped are in this process's cutime + cstime; live ones are above.
      clients: ticksOf('self', true) ?? 0,
      bench: ticksOf('self') ?? 0,
      ...machineTicks(),
    };
    for (const { group, first, last } of seen.values()) t[group] += last - first;
    return t;
  }

  return {
    /** The ingest workers, once spawned. */
    setIngestPids(pids: readonly number[]): void {
      ingestPids = new Set(pids);
    },
    /** The gateways, once spawned. */
    setGatewayPids(pids: readonly number[]): void {
      gatewayPids = new Set(pids);
    },
    start(): void {
      sample();
      timer = setInterval(sample, options.intervalMs ?? 200);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
    /** Marks the start of an interval; `end()` returns the CPU shares over it. */
    begin(): { end(): CpuShare } {
      const from = totals();
      const processesBefore = allProcesses();
      return {
        end(): CpuShare {
          const to = totals();
          const ours = new Set([...seen.keys(), process.pid]);
          const seconds0 = (performance.now() - from.at) / 1000;
          const otherTop = [...allProcesses()]
            .filter(([pid]) => !ours.has(pid))
            .map(([pid, { command, ticks }]) => ({
              command,
              pct:
                ((ticks - (processesBefore.get(pid)?.ticks ?? 0)) / TICKS_PER_SECOND / seconds0) *
                100,
            }))
            .filter((p) => p.pct >= 1)
            .sort((a, b) => b.pct - a.pct)
            .slice(0, 3)
            .map((p) => `${p.command} ${Math.round(p.pct)}`)
            .join(', ');
          const seconds = (to.at - from.at) / 1000;
          const pct = (key: Exclude<keyof Totals, 'at'>) =>
            ((to[key] - from[key]) / TICKS_PER_SECOND / seconds) * 100;
          const share = {
            seconds,
            cores: cpus().length,
            ingest: pct('ingest'),
            gateway: pct('gateway'),
            postgresBench: pct('postgresBench'),
            postgresBackground: pct('postgresBackground'),
            mosquitto: pct('mosquitto'),
            clients: pct('clients'),
            bench: pct('bench'),
            softirq: pct('softirq'),
            steal: pct('steal'),
          };
          const named =
            share.ingest +
            share.gateway +
            share.postgresBench +
            share.postgresBackground +
            share.mosquitto +
            share.clients +
            share.bench;
          const processes = pct('processes');
          // With tick accounting (no IRQ_TIME_ACCOUNTING), interrupt work done while a process
          // ran is also in that process's own time: "machine" counts it once, "other" is what
          // the named groups leave of it (clamped: the two sources are sampled differently).
          const machine = processes + share.softirq;
          return { ...share, other: Math.max(0, machine - named), otherTop, machine };
        },
      };
    },
  };
}

/** A sampler's interval handle. */
export type CpuInterval = ReturnType<ReturnType<typeof createCpuSampler>['begin']>;
