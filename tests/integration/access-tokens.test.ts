import { createHmac } from 'node:crypto';
import {
  createScreen,
  createUser,
  disableUser,
  issueSession,
  revokeScreen,
  setPassword,
  signingKey,
  signToken,
} from '@city-twin/access';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';

// Every way a token can be wrong, against the real gateway: each answers HTTP 401 with one
// error coded UNAUTHENTICATED and no data, and a good token still works beside them.

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const meQuery = '{ me { username displayName role districts screen } }';

async function ask(
  baseUrl: string,
  authorization: string | undefined,
  query = meQuery,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

describe('access tokens', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url: string;
  let key: Uint8Array;
  let operator: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);
    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
    key = await signingKey(db);
    operator = await createUser(db, {
      username: 'wang.wei',
      password: 'correct horse battery',
      role: 'operator',
      displayName: '王伟',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  /** A token like a session's (HS256 by hand), with `edit` applied to its claims. */
  const crafted = (edit: (claims: Record<string, unknown>) => void, signWith = key) => {
    const claims: Record<string, unknown> = {
      sub: 'wang.wei',
      role: 'operator',
      tv: operator.tokenVersion,
      iss: 'city-twin',
      aud: 'city-twin',
      iat: seconds(new Date()),
      exp: seconds(new Date(Date.now() + 3_600_000)),
    };
    edit(claims);
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    return `${body}.${createHmac('sha256', signWith).update(body).digest('base64url')}`;
  };

  const expectRefused = (answer: Answer, message?: string) => {
    expect(answer.status).toBe(401);
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    if (message) expect(answer.errors?.[0]?.message).toContain(message);
    expect(answer.data ?? null).toBeNull();
    expect(JSON.stringify(answer)).not.toContain('王伟');
  };

  it('signs in with the right password and answers me with the viewer', async () => {
    const { data } = await ask(
      url,
      undefined,
      `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) {
         token expiresAt viewer { username displayName role districts screen } } }`,
      { u: 'wang.wei', p: 'correct horse battery' },
    );
    const login = data?.login as { token: string; expiresAt: string; viewer: unknown };
    expect(login.viewer).toEqual({
      username: 'wang.wei',
      displayName: '王伟',
      role: 'operator',
      districts: null,
      screen: null,
    });
    const hours = (Date.parse(login.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const me = await ask(url, `Bearer ${login.token}`);
    expect(me.status).toBe(200);
    expect(me.data?.me).toEqual(login.viewer);
  });

  it('refuses a wrong password or an unknown user alike, with UNAUTHENTICATED', async () => {
    const login = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
    for (const [u, p] of [
      ['wang.wei', 'wrong password'],
      ['nobody', 'correct horse battery'],
      ['wang.wei', ''],
    ]) {
      const answer = await ask(url, undefined, login, { u, p });
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.errors?.[0]?.message).toBe('Wrong username or password');
      expect(answer.data ?? null).toBeNull();
    }
  });

  it('answers a request without a token with UNAUTHENTICATED and no data', async () => {
    const answer = await ask(url, undefined, '{ alerts { edges { node { id } } } }');
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(answer.data ?? null).toBeNull();
  });

  it('refuses expired, not yet valid, foreign, unsigned and forged tokens with 401', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    const expired = await issueSession(db, operator, {
      now: new Date(hourAgo.getTime() - 12 * 3_600_000),
    });
    expectRefused(await ask(url, `Bearer ${expired.token}`), 'Token expired');

    const notYet = crafted((claims) => (claims.nbf = seconds(new Date(Date.now() + 3_600_000))));
    expectRefused(await ask(url, `Bearer ${notYet}`), 'not yet valid');

    expectRefused(await ask(url, `Bearer ${crafted((claims) => (claims.iss = 'elsewhere'))}`));
    expectRefused(await ask(url, `Bearer ${crafted((claims) => (claims.aud = 'elsewhere'))}`));
    // The same claims, well signed, pass: the refusals above are for the claim each changed.
    expect((await ask(url, `Bearer ${crafted(() => undefined)}`)).status).toBe(200);

    const other = new TextEncoder().encode('another-deployment-secret-of-32-bytes!');
    expectRefused(await ask(url, `Bearer ${crafted(() => undefined, other)}`));

    const claims = {
      sub: 'wang.wei',
      role: 'admin',
      tv: operator.tokenVersion,
      iss: 'city-twin',
      aud: 'city-twin',
      exp: seconds(new Date(Date.now() + 3_600_000)),
    };
    expectRefused(await ask(url, `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`));

    // A real signature over other claims: the role raised to admin.
    const good = (await issueSession(db, operator)).token;
    const [header, , signature] = good.split('.');
    expectRefused(await ask(url, `Bearer ${header}.${b64(claims)}.${signature}`));

    // Signed by us, but not for a role the user has.
    const promoted = await signToken(key, {
      sub: 'wang.wei',
      role: 'admin',
      tv: operator.tokenVersion,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    expectRefused(await ask(url, `Bearer ${promoted}`), 'revoked');

    for (const malformed of ['Bearer', 'Basic d2FuZzp4', 'Bearer a.b', good]) {
      expectRefused(await ask(url, malformed));
    }
    expect((await ask(url, `Bearer ${good}`)).status).toBe(200);
  });

  it('stops honouring sessions after a password reset or when the user is disabled', async () => {
    const user = await createUser(db, {
      username: 'li.na',
      password: 'first password',
      role: 'leader',
      displayName: '李娜',
    });
    const before = await issueSession(db, user);
    expect((await ask(url, `Bearer ${before.token}`)).data?.me).toMatchObject({ role: 'leader' });
    const reset = await setPassword(db, 'li.na', 'second password');
    expectRefused(await ask(url, `Bearer ${before.token}`), 'revoked');
    const after = await issueSession(db, reset);
    expect((await ask(url, `Bearer ${after.token}`)).status).toBe(200);
    await disableUser(db, 'li.na');
    expectRefused(await ask(url, `Bearer ${after.token}`));
    const login = await ask(
      url,
      undefined,
      `mutation { login(username: "li.na", password: "second password") { token } }`,
    );
    expect(login.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked wall-screen token, and keeps other screens working', async () => {
    const hall = await createScreen(db, { name: 'hall-1' });
    const lobby = await createScreen(db, { name: 'lobby', districts: ['411202'] });
    expect((await ask(url, `Bearer ${hall.token}`)).data?.me).toEqual({
      username: 'screen:hall-1',
      displayName: 'hall-1',
      role: 'screen',
      districts: null,
      screen: 'hall-1',
    });
    await revokeScreen(db, 'hall-1');
    expectRefused(await ask(url, `Bearer ${hall.token}`), 'revoked');
    expect((await ask(url, `Bearer ${lobby.token}`)).data?.me).toMatchObject({
      screen: 'lobby',
      districts: ['411202'],
    });
  });
});
