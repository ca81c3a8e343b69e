import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@city-twin/city';
import {
  generatePassword,
  hashPassword,
  toDynamicSecurityConfig,
  toIdentity,
  withCredentials,
} from '@city-twin/mqtt-access';

export { withCredentials };

const projectConfig = new URL('../../deploy/mosquitto/city-twin.conf', import.meta.url);
const pluginPaths = [
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/mosquitto_dynamic_security.so',
  '/usr/local/lib/mosquitto_dynamic_security.so',
];

/** The identity behind `broker.url`: the harness publishes and subscribes anywhere (tests only). */
export const TEST_HARNESS_USER = 'test-harness';

/** A Mosquitto started for one test file with the project's configuration. */
export interface TestBroker {
  /** URL carrying the test harness identity, which may publish and subscribe to anything. */
  url: string;
  /** URL carrying one of the project's identities (`ingest`, `simulator`, `hotline`, or one asked for). */
  urlFor(identity: string): string;
  /** The broker's address without credentials. */
  address: string;
  /** Stops the broker (SIGTERM: it saves its persistence file; SIGKILL: it does not) and starts it again on the same port. */
  restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
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

/**
 * Starts `mosquitto` (Debian's) on a free port with the project's configuration: the
 * dynamic-security plugin with the project's identities (`ingest`, `simulator`, `hotline` and
 * any `identities` asked for, e.g. `device:aq-1`), each with a random password, plus the harness.
 */
export async function startMosquitto(
  options: {
    identities?: string[];
    /** A dynamic-security file to use as it is (e.g. written by `pnpm twin mqtt`): no harness identity then. */
    dynamicSecurityFile?: string;
    /** Lines appended to the configuration; a later line overrides the project's (`max_queued_messages 1000`). */
    config?: string[];
    /** Keep messages and sessions in a persistence file in the broker's directory (default off). */
    persistence?: boolean;
  } = {},
): Promise<TestBroker> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'twin-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  const dynsecFile = path.join(dir, 'dynamic-security.json');
  const passwords = new Map<string, string>();
  for (const name of ['ingest', 'simulator', 'hotline', ...(options.identities ?? [])])
    passwords.set(name, generatePassword());
  const dynsec = toDynamicSecurityConfig(
    [...passwords].map(([name, password]) => ({
      identity: toIdentity(name),
      secret: { password },
    })),
  );
  const harnessPassword = generatePassword();
  dynsec.roles.push({
    rolename: 'role:test-harness',
    acls: [
      { acltype: 'publishClientSend', topic: '#', allow: true },
      { acltype: 'subscribePattern', topic: '#', allow: true },
    ],
  });
  dynsec.clients.push({
    username: TEST_HARNESS_USER,
    ...hashPassword(harnessPassword),
    roles: [{ rolename: 'role:test-harness' }],
  });
  // Mosquitto started as root drops to the `mosquitto` user, which must still read the file
  // (and write its persistence file there).
  await chmod(dir, options.persistence ? 0o777 : 0o755);
  const content = options.dynamicSecurityFile
    ? await readFile(options.dynamicSecurityFile, 'utf8')
    : JSON.stringify(dynsec, null, 2);
  await writeFile(dynsecFile, content, { mode: 0o644 });
  const base = (await readFile(projectConfig, 'utf8'))
    .replace(/^plugin_opt_config_file .*$/m, `plugin_opt_config_file ${dynsecFile}`)
    .replace(/^plugin (.*)$/m, (line, file: string) => {
      // The project file names Debian's amd64 path; other machines keep the plugin elsewhere.
      const found = [file, ...pluginPaths].find((candidate) => existsSync(candidate));
      return found ? `plugin ${found}` : line;
    });
  const persistence = options.persistence
    ? `persistence true\npersistence_location ${dir}/\n`
    : 'persistence false\n';
  await writeFile(
    conf,
    `${base}\nlistener ${port} 127.0.0.1\n${persistence}log_dest stderr\nlog_type error\n${(options.config ?? []).join('\n')}\n`,
  );
  const launch = async () => {
    const child: ChildProcess = spawn('mosquitto', ['-c', conf], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 100 && !(await portOpen(port)); i += 1) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { child, exited };
  };
  let running = await launch();
  const address = `mqtt://127.0.0.1:${port}`;
  return {
    url: withCredentials(address, TEST_HARNESS_USER, harnessPassword),
    urlFor(identity) {
      const password = passwords.get(identity);
      if (password === undefined)
        throw new Error(`no identity ${identity} on this broker (startMosquitto({ identities }))`);
      return withCredentials(address, identity, password);
    },
    address,
    async restart(signal) {
      running.child.kill(signal);
      await running.exited;
      running = await launch();
    },
    async stop() {
      running.child.kill('SIGTERM');
      await running.exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
