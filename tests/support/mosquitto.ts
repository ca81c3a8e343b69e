import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@city-twin/city';

const projectConfig = new URL('../../deploy/mosquitto/city-twin.conf', import.meta.url);

/** A Mosquitto started for one test file with the project's configuration. */
export interface TestBroker {
  url: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `mosquitto` (Debian's) on a free port with the project's configuration. */
export async function startMosquitto(): Promise<TestBroker> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'twin-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  const base = await readFile(projectConfig, 'utf8');
  await writeFile(
    conf,
    `${base}\nlistener ${port} 127.0.0.1\npersistence false\nlog_dest stderr\nlog_type error\n`,
  );
  const child: ChildProcess = spawn('mosquitto', ['-c', conf], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100 && !(await portOpen(port)); i += 1) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
