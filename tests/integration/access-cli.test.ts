import { spawn } from 'node:child_process';
import { ensureFirstAdmin } from '@city-twin/access';
import { prepareAccess } from '@city-twin/city';
import { createDb, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';

// `pnpm twin users …` and `pnpm twin screens …` run as processes against a test database, and
// what they print works (or stops working) at the real gateway; the city's first start.

const cityDir = new URL('../../packages/city/', import.meta.url);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `twin <args>` (packages/city/src/twin-main.ts) with DATABASE_URL and optional stdin. */
function twin(databaseUrl: string, args: string[], stdin?: string): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/twin-main.ts', ...args], {
    cwd: cityDir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const valueOf = (output: string, label: string) =>
  new RegExp(`^${label}: (\\S+)$`, 'm').exec(output)?.[1] ?? '';

describe('pnpm twin (users and screens)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway | undefined;
  let url: string;

  const ask = async (
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<{
    status: number;
    data?: Record<string, unknown> | null;
    errors?: { extensions?: { code?: string } }[];
  }> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  const login = async (username: string, password: string) => {
    const answer = await ask(
      `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: username, p: password },
    );
    return (answer.data?.login as { token: string } | undefined)?.token ?? null;
  };
  /** The first admin's one-time password, as the city start printed it. */
  let adminPassword: string | undefined;
  const me = async (token: string) =>
    await ask('{ me { username displayName role districts screen } }', {}, token);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  it('adds a user with a generated password printed once (migrating a fresh database)', async () => {
    const added = await twin(database.url, [
      'users',
      'add',
      'wang.wei',
      '--role',
      'operator',
      '--name',
      '王伟',
      '--districts',
      '411202',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('created user wang.wei (operator, 411202)');
    const password = valueOf(added.stdout, 'password');
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
    const token = await login('wang.wei', password);
    expect(token).not.toBeNull();
    expect((await me(token!)).data?.me).toEqual({
      username: 'wang.wei',
      displayName: '王伟',
      role: 'operator',
      districts: ['411202'],
      screen: null,
    });

    const listed = await twin(database.url, ['users', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual(['wang.wei\toperator\t411202\tactive\t王伟']);
  });

  it('resets a password from stdin, signing out the old sessions', async () => {
    const first = await twin(database.url, ['users', 'add', 'li.na', '--role', 'leader']);
    const oldPassword = valueOf(first.stdout, 'password');
    const oldToken = await login('li.na', oldPassword);
    expect((await me(oldToken!)).status).toBe(200);

    const reset = await twin(
      database.url,
      ['users', 'reset-password', 'li.na', '--password-stdin'],
      '新的口令 new-pass-2026\n',
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).not.toContain('password:');
    const refused = await me(oldToken!);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await login('li.na', oldPassword)).toBeNull();
    expect(await login('li.na', '新的口令 new-pass-2026')).not.toBeNull();
  });

  it('disables a user: sessions end and login is refused', async () => {
    const token = await login('li.na', '新的口令 new-pass-2026');
    const disabled = await twin(database.url, ['users', 'disable', 'li.na']);
    expect(disabled.code).toBe(0);
    expect((await me(token!)).status).toBe(401);
    expect(await login('li.na', '新的口令 new-pass-2026')).toBeNull();
    const listed = await twin(database.url, ['users', 'list']);
    expect(listed.stdout).toContain('li.na\tleader\t*\tdisabled\tli.na');
  });

  it('adds a wall screen with its URL, lists it and revokes it', async () => {
    const added = await twin(database.url, [
      'screens',
      'add',
      'hall-1',
      '--districts',
      '411203',
      '--url',
      'http://10.0.0.5:4000/',
    ]);
    expect(added.code).toBe(0);
    const token = valueOf(added.stdout, 'token');
    expect(valueOf(added.stdout, 'url')).toBe(`http://10.0.0.5:4000/?screen=${token}`);
    expect((await me(token)).data?.me).toEqual({
      username: 'screen:hall-1',
      displayName: 'hall-1',
      role: 'screen',
      districts: ['411203'],
      screen: 'hall-1',
    });
    // A token issued again for the screen works too, until the screen is revoked.
    const again = valueOf(
      (await twin(database.url, ['screens', 'token', 'hall-1'])).stdout,
      'token',
    );
    expect((await me(again)).status).toBe(200);

    expect((await twin(database.url, ['screens', 'list'])).stdout.trim()).toBe(
      'hall-1\t411203\tactive',
    );
    const revoked = await twin(database.url, ['screens', 'revoke', 'hall-1']);
    expect(revoked.code).toBe(0);
    for (const revokedToken of [token, again]) {
      const answer = await me(revokedToken);
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await twin(database.url, ['screens', 'list'])).stdout).toMatch(
      /^hall-1\t411203\trevoked \d{4}-/m,
    );
    const reissue = await twin(database.url, ['screens', 'token', 'hall-1']);
    expect(reissue.code).toBe(1);
    expect(reissue.stderr).toContain('TWIN_TOKEN_REVOKED');
  });

  it('refuses bad input with a coded message and usage errors with exit code 2', async () => {
    const badRole = await twin(database.url, ['users', 'add', 'zhao', '--role', 'king']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('TWIN_BAD_INPUT');
    const taken = await twin(database.url, ['users', 'add', 'wang.wei', '--role', 'leader']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('TWIN_ALREADY_EXISTS');
    const unknownUser = await twin(database.url, ['users', 'disable', 'nobody']);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('TWIN_NOT_FOUND');
    const shortPassword = await twin(
      database.url,
      ['users', 'add', 'zhao', '--role', 'leader', '--password-stdin'],
      'short\n',
    );
    expect(shortPassword.code).toBe(1);
    expect(shortPassword.stderr).toContain('at least 8 characters');
    for (const args of [
      ['users', 'add', 'zhao'],
      ['users', 'frob'],
      ['frob'],
      ['users', 'list', '--all'],
    ]) {
      const run = await twin(database.url, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('usage:');
    }
    expect((await twin(database.url, ['users', 'list'])).stdout).not.toContain('zhao');
  });

  it('creates the first admin once on city start, with a one-time password, and the demo wall URL', async () => {
    const lines: string[] = [];
    const first = await prepareAccess(db, url, (line) => lines.push(line));
    const printed = /one-time password (\S+)/.exec(lines.join('\n'))?.[1];
    adminPassword = printed;
    expect(printed).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await login('admin', printed!)).not.toBeNull();
    const wallToken = new URL(first.wallUrl!).searchParams.get('screen')!;
    expect(first.wallUrl).toBe(`${url}/?screen=${wallToken}`);
    expect((await me(wallToken)).data?.me).toMatchObject({ role: 'screen', screen: 'demo-wall' });

    // A second start prints no password and reuses the screen.
    const again: string[] = [];
    const second = await prepareAccess(db, url, (line) => again.push(line));
    expect(again.join('\n')).not.toContain('password');
    expect((await me(new URL(second.wallUrl!).searchParams.get('screen')!)).status).toBe(200);
    const screens = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM wall_screen WHERE name = 'demo-wall'`,
    );
    expect(screens[0]?.n).toBe(1);
    expect(await ensureFirstAdmin(db, { TWIN_ADMIN_PASSWORD: 'from-the-environment' })).toEqual({
      created: false,
    });
  });

  it('manages users and screens over the API too, for admins only', async () => {
    const admin = await login('admin', adminPassword!);
    const created = await ask(
      `mutation ($input: NewUser!) { createUser(input: $input) { username displayName role districts disabled } }`,
      {
        input: {
          username: 'zhou.min',
          password: 'api password 1',
          role: 'operator',
          districts: ['411282'],
        },
      },
      admin!,
    );
    expect(created.data?.createUser).toEqual({
      username: 'zhou.min',
      displayName: 'zhou.min',
      role: 'operator',
      districts: ['411282'],
      disabled: false,
    });
    const operator = await login('zhou.min', 'api password 1');
    const refused = await ask('{ users { username } }', {}, operator!);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refused.data ?? null).toBeNull();
    const taken = await ask(
      `mutation ($input: NewUser!) { createUser(input: $input) { username } }`,
      { input: { username: 'zhou.min', password: 'api password 2', role: 'leader' } },
      admin!,
    );
    expect(taken.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);

    const screen = await ask(
      `mutation { createScreen(name: "api-wall") { token screen { name districts revokedAt } } }`,
      {},
      admin!,
    );
    const { token } = screen.data?.createScreen as { token: string };
    expect((await me(token)).data?.me).toMatchObject({ screen: 'api-wall' });
    await ask(`mutation { revokeScreen(name: "api-wall") { revokedAt } }`, {}, admin!);
    expect((await me(token)).status).toBe(401);
    const users = await ask('{ users { username role disabled } }', {}, admin!);
    expect(users.data?.users).toContainEqual({
      username: 'zhou.min',
      role: 'operator',
      disabled: false,
    });
    await ask(`mutation { disableUser(username: "zhou.min") { disabled } }`, {}, admin!);
    expect((await me(operator!)).status).toBe(401);
  });

  it('takes the first admin password from TWIN_ADMIN_PASSWORD when set', async () => {
    const other = await createTestDatabase();
    const otherDb = createDb({ connectionString: other.url });
    try {
      const run = await twin(other.url, ['users', 'list']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(
        await ensureFirstAdmin(otherDb, { TWIN_ADMIN_PASSWORD: 'from-the-environment' }),
      ).toEqual({
        created: true,
        username: 'admin',
        password: null,
      });
      const listed = await twin(other.url, ['users', 'list']);
      expect(listed.stdout.trim()).toBe('admin\tadmin\t*\tactive\tadmin');
    } finally {
      await otherDb.close();
      await other.drop();
    }
  });
});
