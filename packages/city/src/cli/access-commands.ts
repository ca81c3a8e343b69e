// `pnpm twin users …` and `pnpm twin screens …`: accounts and wall screens (issue 6).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  createScreen,
  createUser,
  disableUser,
  findScreen,
  listScreens,
  listUsers,
  randomPassword,
  revokeScreen,
  screenToken,
  setPassword,
} from '@city-twin/access';
import type { Db } from '@city-twin/db';

/** Where a command writes: its result lines and, for people, notes. */
export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The whole of standard input (for --password-stdin). */
  readStdin: () => Promise<string>;
}

/** A command line the command does not understand: exit code 2 with the usage. */
export class UsageError extends Error {
  readonly code = 'TWIN_USAGE';
}

export const usersUsage = `pnpm twin users add <username> --role screen|leader|operator|admin [--name <display name>] [--districts 411202,…] [--password-stdin]
pnpm twin users list
pnpm twin users reset-password <username> [--password-stdin]
pnpm twin users disable <username>`;

export const screensUsage = `pnpm twin screens add <name> [--districts 411202,…] [--url <city URL>]
pnpm twin screens token <name> [--url <city URL>]
pnpm twin screens list
pnpm twin screens revoke <name>`;

const districtsOf = (value: string | undefined) =>
  value === undefined
    ? null
    : value
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean);

/** The password to set: from standard input (first line), else a random one to print. */
async function passwordFrom(fromStdin: boolean | undefined, io: CliOutput) {
  if (!fromStdin) return { password: randomPassword(), generated: true };
  const password = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  return { password, generated: false };
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`expected one ${what}`);
  return positionals[0];
}

/** The wall-screen URL of a token: the city's address with `?screen=`. */
export function screenUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/?screen=${token}`;
}

const defaultCityUrl = (env: NodeJS.ProcessEnv) =>
  env.TWIN_PUBLIC_URL || `http://${env.HOST || '127.0.0.1'}:${env.PORT || '4000'}`;

/** `pnpm twin users <action>`. */
export async function usersCommand(db: Db, argv: string[], io: CliOutput): Promise<void> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'add': {
      const { values, positionals } = parse(rest, {
        role: { type: 'string' },
        name: { type: 'string' },
        districts: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      });
      const username = one(positionals, 'username');
      if (!values.role) throw new UsageError('--role is required');
      const { password, generated } = await passwordFrom(values['password-stdin'] as boolean, io);
      const user = await createUser(db, {
        username,
        password,
        role: values.role as string,
        displayName: values.name as string | undefined,
        districts: districtsOf(values.districts as string | undefined),
      });
      io.out(
        `created user ${user.username} (${user.role}, ${user.districts?.join(',') ?? 'whole city'})`,
      );
      if (generated) io.out(`password: ${password}`);
      return;
    }
    case 'list': {
      parse(rest, {});
      for (const user of await listUsers(db)) {
        io.out(
          [
            user.username,
            user.role,
            user.districts?.join(',') ?? '*',
            user.disabled ? 'disabled' : 'active',
            user.displayName,
          ].join('\t'),
        );
      }
      return;
    }
    case 'reset-password': {
      const { values, positionals } = parse(rest, { 'password-stdin': { type: 'boolean' } });
      const username = one(positionals, 'username');
      const { password, generated } = await passwordFrom(values['password-stdin'] as boolean, io);
      await setPassword(db, username, password);
      io.out(`password of ${username} reset; their sessions are signed out`);
      if (generated) io.out(`password: ${password}`);
      return;
    }
    case 'disable': {
      const { positionals } = parse(rest, {});
      const username = one(positionals, 'username');
      await disableUser(db, username);
      io.out(`disabled user ${username}; their sessions are signed out`);
      return;
    }
    default:
      throw new UsageError(action ? `unknown users action ${action}` : 'missing users action');
  }
}

/** `pnpm twin screens <action>`. */
export async function screensCommand(
  db: Db,
  argv: string[],
  io: CliOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'add': {
      const { values, positionals } = parse(rest, {
        districts: { type: 'string' },
        url: { type: 'string' },
      });
      const { screen, token } = await createScreen(db, {
        name: one(positionals, 'screen name'),
        districts: districtsOf(values.districts as string | undefined),
      });
      io.out(`created screen ${screen.name} (${screen.districts?.join(',') ?? 'whole city'})`);
      io.out(`token: ${token}`);
      io.out(`url: ${screenUrl((values.url as string | undefined) ?? defaultCityUrl(env), token)}`);
      return;
    }
    case 'token': {
      const { values, positionals } = parse(rest, { url: { type: 'string' } });
      const name = one(positionals, 'screen name');
      const screen = await findScreen(db, name);
      if (!screen) throw Object.assign(new Error(`no screen ${name}`), { code: 'TWIN_NOT_FOUND' });
      if (screen.revokedAt) {
        throw Object.assign(new Error(`screen ${name} is revoked`), { code: 'TWIN_TOKEN_REVOKED' });
      }
      const token = await screenToken(db, screen);
      io.out(`token: ${token}`);
      io.out(`url: ${screenUrl((values.url as string | undefined) ?? defaultCityUrl(env), token)}`);
      return;
    }
    case 'list': {
      parse(rest, {});
      for (const screen of await listScreens(db)) {
        io.out(
          [
            screen.name,
            screen.districts?.join(',') ?? '*',
            screen.revokedAt ? `revoked ${screen.revokedAt.toISOString()}` : 'active',
          ].join('\t'),
        );
      }
      return;
    }
    case 'revoke': {
      const { positionals } = parse(rest, {});
      const name = one(positionals, 'screen name');
      await revokeScreen(db, name);
      io.out(`revoked screen ${name}; its tokens stop working and its sockets are closed`);
      return;
    }
    default:
      throw new UsageError(action ? `unknown screens action ${action}` : 'missing screens action');
  }
}
