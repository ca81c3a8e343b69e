import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Db } from '@city-twin/db';

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]!
      .trim();
  } catch (error) {
    // mosquitto -h prints its version and exits non-zero.
    const out = (error as { stdout?: string }).stdout ?? '';
    return out.split('\n')[0]?.trim() || 'unknown';
  }
}

function cpuModel(): string {
  const lscpu = firstLine('sh', ['-c', "lscpu | sed -n 's/^Model name: *//p'"]);
  return lscpu !== '' && lscpu !== 'unknown' ? lscpu : (cpus()[0]?.model ?? 'unknown');
}

/** One line per component: what the figures ran on. */
export async function describeMachine(db: Db): Promise<string[]> {
  const [pg] = await db.query<{
    version: string;
    timescale: string | null;
    license: string | null;
  }>(
    `SELECT current_setting('server_version') AS version,
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS timescale,
            current_setting('timescaledb.license', true) AS license`,
  );
  const mqttVersion = (createRequire(import.meta.url)('mqtt/package.json') as { version: string })
    .version;
  const debian = readFileSync('/etc/debian_version', 'utf8').trim();
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const commit = firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
  const changed = firstLine('sh', [
    '-c',
    `git -C '${root}' status --porcelain packages/ingest packages/db packages/events | wc -l`,
  ]);
  return [
    `code: ${commit}${changed !== '0' ? ` with uncommitted changes in ingest/db/events (${changed} files)` : ''}`,
    `cores: ${cpus().length} × ${cpuModel()}, RAM ${Math.round(totalmem() / 2 ** 30)} GiB, Debian ${debian}`,
    `PostgreSQL ${pg?.version ?? '?'}, TimescaleDB ${pg?.timescale ? `${pg.timescale} (${pg.license ?? '?'} edition)` : 'absent (plain tables)'}`,
    `${firstLine('mosquitto', ['-h'])}, ${firstLine('sh', ['-c', 'mosquitto_pub --help | sed -n 2p'])}`,
    `Node ${process.version}, MQTT.js ${mqttVersion}`,
  ];
}
