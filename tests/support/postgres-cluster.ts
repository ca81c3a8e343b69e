import { spawn, execFileSync } from 'node:child_process';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from '@city-twin/city';

const PG_MAJOR = process.env.PG_MAJOR ?? '15';
const bin = (name: string) => `/usr/lib/postgresql/${PG_MAJOR}/bin/${name}`;

/** A private PostgreSQL cluster (Debian's binaries, TimescaleDB preloaded when installed) a test may restart or kill. */
export interface TestCluster {
  url: string;
  restart(): Promise<void>;
  /** SIGKILL of the postmaster, then a start (crash recovery). */
  crashAndStart(): Promise<void>;
  stop(): Promise<void>;
}

function run(command: string, args: string[], ids: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

/** Starts a throw-away cluster on a free port; as root it runs as the `postgres` user. */
export async function startTestCluster(): Promise<TestCluster> {
  const ids =
    userInfo().uid === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
          gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
        }
      : {};
  const dir = await mkdtemp(path.join(tmpdir(), 'twin-pg-'));
  if (ids.uid !== undefined) await chown(dir, ids.uid, ids.gid!);
  const data = path.join(dir, 'data');
  const port = await freePort();
  await run(
    bin('initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'],
    ids,
  );
  const timescale = existsSync(`/usr/lib/postgresql/${PG_MAJOR}/lib/timescaledb.so`);
  const conf = path.join(data, 'postgresql.conf');
  await writeFile(
    conf,
    `${await readFile(conf, 'utf8')}
port = ${port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}'
fsync = off
${timescale ? "shared_preload_libraries = 'timescaledb'\ntimescaledb.telemetry_level = off\n" : ''}`,
  );
  const log = path.join(dir, 'postgres.log');
  const pgCtl = (...args: string[]) =>
    run(bin('pg_ctl'), ['-D', data, '-l', log, '-w', ...args], ids);
  await pgCtl('start');

  const postmasterPid = async () =>
    Number((await readFile(path.join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => pgCtl('restart', '-m', 'fast'),
    async crashAndStart() {
      const pid = await postmasterPid();
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100; i += 1) {
        try {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 50));
        } catch {
          break;
        }
      }
      // Orphaned backends of the killed postmaster hold shared memory until they exit.
      await new Promise((r) => setTimeout(r, 500));
      await pgCtl('start');
    },
    async stop() {
      await pgCtl('stop', '-m', 'immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
