// `pnpm twin mqtt …`: the MQTT identities of a Mosquitto deployment (docs/mqtt-access.md). Writes
// the dynamic-security plugin's file (password hashes and ACLs) and, for the service identities,
// a credentials.env with their passwords; both git-ignored under deploy/mosquitto/generated/.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_TOPIC_PREFIX,
  generatePassword,
  identityName,
  parseDynamicSecurityAccounts,
  parseDynamicSecurityPrefix,
  rightsOf,
  toDynamicSecurityConfig,
  toIdentity,
  type BrokerAccount,
  type MqttIdentity,
} from '@city-twin/mqtt-access';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The default folder of the generated files. */
export const DEFAULT_MQTT_DIR = path.join(repoRoot, 'deploy/mosquitto/generated');

export const mqttUsage = `pnpm twin mqtt init [--dir <folder>] [--prefix <topic prefix>] [--force]
pnpm twin mqtt add-device <deviceId> [--dir <folder>]
pnpm twin mqtt add-camera <cameraId> [--dir <folder>]
pnpm twin mqtt passwd <identity> [--dir <folder>] [--password-stdin]
pnpm twin mqtt list [--dir <folder>]`;

const DYNSEC_FILE = 'dynamic-security.json';
const CREDENTIALS_FILE = 'credentials.env';
/** Service identities whose passwords go into credentials.env, under these variables. */
const SERVICE_VARIABLES: Record<string, string> = {
  ingest: 'MQTT_INGEST_PASSWORD',
  simulator: 'MQTT_SIMULATOR_PASSWORD',
  hotline: 'MQTT_HOTLINE_PASSWORD',
};

/** Where the command writes its results and notes (tests pass their own). */
export interface MqttCommandOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
}

/** A refusal of the MQTT command with a stable code. */
export class MqttCommandError extends Error {
  constructor(
    message: string,
    readonly code:
      'TWIN_USAGE' | 'TWIN_MQTT_NOT_INITIALISED' | 'TWIN_MQTT_EXISTS' | 'TWIN_MQTT_UNKNOWN',
  ) {
    super(message);
  }
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const consoleOutput: MqttCommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin: readAll,
};

/** Writes through a temporary file so Mosquitto never reads half a file. */
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}

interface State {
  dir: string;
  prefix: string;
  accounts: BrokerAccount[];
}

async function load(dir: string): Promise<State> {
  const file = path.join(dir, DYNSEC_FILE);
  if (!existsSync(file))
    throw new MqttCommandError(
      `no ${DYNSEC_FILE} in ${dir}: run \`pnpm twin mqtt init\` first`,
      'TWIN_MQTT_NOT_INITIALISED',
    );
  const json = await readFile(file, 'utf8');
  return {
    dir,
    prefix: parseDynamicSecurityPrefix(json) ?? DEFAULT_TOPIC_PREFIX,
    accounts: parseDynamicSecurityAccounts(json),
  };
}

async function save(state: State): Promise<void> {
  await mkdir(state.dir, { recursive: true });
  const config = toDynamicSecurityConfig(state.accounts, state.prefix);
  // Hashes only; readable by the `mosquitto` user the broker drops to when started as root.
  await writeAtomically(
    path.join(state.dir, DYNSEC_FILE),
    `${JSON.stringify(config, null, 2)}\n`,
    0o644,
  );
}

async function saveCredentials(dir: string, passwords: Record<string, string>): Promise<void> {
  const file = path.join(dir, CREDENTIALS_FILE);
  const lines = existsSync(file) ? (await readFile(file, 'utf8')).split('\n') : [];
  const kept = lines.filter(
    (line) => line.trim() !== '' && !Object.keys(passwords).some((v) => line.startsWith(`${v}=`)),
  );
  const added = Object.entries(passwords).map(([variable, password]) => `${variable}=${password}`);
  const header = kept.length === 0 ? ['# MQTT passwords of the service identities (secret).'] : [];
  await writeAtomically(file, `${[...header, ...kept, ...added].join('\n')}\n`, 0o600);
}

function setPassword(state: State, identity: MqttIdentity, password: string): void {
  const name = identityName(identity);
  const account: BrokerAccount = { identity, secret: { password } };
  const index = state.accounts.findIndex((a) => identityName(a.identity) === name);
  if (index >= 0) state.accounts[index] = account;
  else state.accounts.push(account);
}

/** Runs `pnpm twin mqtt <subcommand> …`; resolves with the process exit code. */
export async function runMqttCommand(
  argv: string[],
  io: MqttCommandOutput = consoleOutput,
): Promise<number> {
  try {
    await run(argv, io);
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    io.err(`twin mqtt: ${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message}`);
    if (code === 'TWIN_USAGE') {
      io.err(`usage:\n${mqttUsage}`);
      return 2;
    }
    return 1;
  }
}

async function run(argv: string[], io: MqttCommandOutput): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        dir: { type: 'string' },
        prefix: { type: 'string' },
        force: { type: 'boolean' },
        'password-stdin': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new MqttCommandError((error as Error).message, 'TWIN_USAGE');
  }
  const { values, positionals } = parsed;
  const [subcommand, argument, ...extra] = positionals;
  if (extra.length > 0) throw new MqttCommandError(`unexpected ${extra.join(' ')}`, 'TWIN_USAGE');
  // pnpm runs the script in packages/city; a relative --dir means where the user typed it.
  const dir = values.dir
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.dir)
    : DEFAULT_MQTT_DIR;

  switch (subcommand) {
    case 'init': {
      if (existsSync(path.join(dir, DYNSEC_FILE)) && !values.force)
        throw new MqttCommandError(
          `${path.join(dir, DYNSEC_FILE)} exists (--force starts over: every identity gets a new password)`,
          'TWIN_MQTT_EXISTS',
        );
      const prefix = values.prefix ?? (process.env.TOPIC_PREFIX || DEFAULT_TOPIC_PREFIX);
      rightsOf({ kind: 'ingest' }, prefix);
      const passwords: Record<string, string> = {};
      const state: State = { dir, prefix, accounts: [] };
      for (const [name, variable] of Object.entries(SERVICE_VARIABLES)) {
        const password = generatePassword();
        passwords[variable] = password;
        setPassword(state, toIdentity(name), password);
      }
      await save(state);
      await saveCredentials(dir, passwords);
      io.out(
        `wrote ${path.join(dir, DYNSEC_FILE)} (identities ingest, simulator, hotline under ${prefix}/)`,
      );
      io.out(`wrote ${path.join(dir, CREDENTIALS_FILE)} (their passwords; keep it secret)`);
      return;
    }
    case 'add-device':
    case 'add-camera': {
      if (!argument) throw new MqttCommandError(`${subcommand} needs an id`, 'TWIN_USAGE');
      const identity = toIdentity(
        `${subcommand === 'add-device' ? 'device' : 'camera'}:${argument}`,
      );
      const state = await load(dir);
      if (state.accounts.some((a) => identityName(a.identity) === identityName(identity)))
        throw new MqttCommandError(
          `${identityName(identity)} exists (\`pnpm twin mqtt passwd ${identityName(identity)}\` gives it a new password)`,
          'TWIN_MQTT_EXISTS',
        );
      const password = generatePassword();
      setPassword(state, identity, password);
      await save(state);
      io.err(
        `added ${identityName(identity)}; restart Mosquitto to load it. Its password (shown once):`,
      );
      io.out(`username=${identityName(identity)}`);
      io.out(`password=${password}`);
      return;
    }
    case 'passwd': {
      if (!argument) throw new MqttCommandError('passwd needs an identity', 'TWIN_USAGE');
      const identity = toIdentity(argument);
      const state = await load(dir);
      if (!state.accounts.some((a) => identityName(a.identity) === identityName(identity)))
        throw new MqttCommandError(`no identity ${argument} in ${dir}`, 'TWIN_MQTT_UNKNOWN');
      const given = values['password-stdin']
        ? ((await io.readStdin()).split(/\r?\n/)[0] ?? '')
        : undefined;
      if (given !== undefined && given.length < 12)
        throw new MqttCommandError('a password needs at least 12 characters', 'TWIN_USAGE');
      const password = given ?? generatePassword();
      setPassword(state, identity, password);
      await save(state);
      const variable = SERVICE_VARIABLES[identityName(identity)];
      if (variable) await saveCredentials(dir, { [variable]: password });
      io.err(`new password for ${argument}; restart Mosquitto to load it`);
      if (given === undefined) io.out(`password=${password}`);
      return;
    }
    case 'list': {
      const state = await load(dir);
      for (const { identity } of state.accounts) {
        const rights = rightsOf(identity, state.prefix);
        const what = [
          ...rights.publish.map((t) => `publish ${t}`),
          ...rights.subscribe.map((t) => `subscribe ${t}`),
        ];
        io.out(`${identityName(identity)}\t${what.join(', ')}`);
      }
      return;
    }
    default:
      throw new MqttCommandError(
        subcommand ? `unknown subcommand ${subcommand}` : 'a subcommand is needed',
        'TWIN_USAGE',
      );
  }
}
