import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { readToken, signToken } from './tokens.ts';

const key = new TextEncoder().encode('k'.repeat(32));
const otherKey = new TextEncoder().encode('o'.repeat(32));
const now = new Date('2026-12-05T02:00:00Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

const claims = { sub: 'wang.wei', role: 'operator', tv: 3 } as const;

describe('tokens', () => {
  it('round-trips the claims of a session and of a screen token', async () => {
    const session = await signToken(key, { ...claims, expiresAt: inHours(12) }, now);
    expect(await readToken(key, session, now)).toEqual({ ...claims, expiresAt: inHours(12) });
    const screen = await signToken(
      key,
      { sub: 'screen:7', role: 'screen', tv: 1, expiresAt: null },
      now,
    );
    expect(await readToken(key, screen, inHours(24 * 365 * 5))).toEqual({
      sub: 'screen:7',
      role: 'screen',
      tv: 1,
      expiresAt: null,
    });
  });

  it('refuses expired, not yet valid, foreign and forged tokens with a code', async () => {
    const session = await signToken(key, { ...claims, expiresAt: inHours(1) }, now);
    expect(await codeOf(readToken(key, session, inHours(2)))).toBe('TWIN_TOKEN_EXPIRED');
    expect(await codeOf(readToken(otherKey, session, now))).toBe('TWIN_TOKEN_INVALID');

    const build = () =>
      new SignJWT({ role: 'admin', tv: 1 })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('admin')
        .setExpirationTime(Math.floor(inHours(1).getTime() / 1000));
    const notYet = await build()
      .setIssuer('city-twin')
      .setAudience('city-twin')
      .setNotBefore(Math.floor(inHours(1).getTime() / 1000))
      .sign(key);
    expect(await codeOf(readToken(key, notYet, now))).toBe('TWIN_TOKEN_NOT_YET_VALID');
    const wrongIssuer = await build().setIssuer('elsewhere').setAudience('city-twin').sign(key);
    expect(await codeOf(readToken(key, wrongIssuer, now))).toBe('TWIN_TOKEN_INVALID');
    const wrongAudience = await build().setIssuer('city-twin').setAudience('elsewhere').sign(key);
    expect(await codeOf(readToken(key, wrongAudience, now))).toBe('TWIN_TOKEN_INVALID');
    const hs512 = await new SignJWT({ role: 'admin', tv: 1 })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('admin')
      .setIssuer('city-twin')
      .setAudience('city-twin')
      .sign(new TextEncoder().encode('k'.repeat(64)));
    expect(await codeOf(readToken(key, hs512, now))).toBe('TWIN_TOKEN_INVALID');

    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', role: 'admin', tv: 1, iss: 'city-twin', aud: 'city-twin' })}.`;
    expect(await codeOf(readToken(key, unsigned, now))).toBe('TWIN_TOKEN_INVALID');
    const [header, , signature] = session.split('.');
    const tampered = `${header}.${b64({ sub: 'admin', role: 'admin', tv: 3, iss: 'city-twin', aud: 'city-twin' })}.${signature}`;
    expect(await codeOf(readToken(key, tampered, now))).toBe('TWIN_TOKEN_INVALID');
    expect(await codeOf(readToken(key, 'not a token', now))).toBe('TWIN_TOKEN_INVALID');
  });

  it('refuses a well-signed token whose claims are not ours', async () => {
    const badRole = await new SignJWT({ role: 'root', tv: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('city-twin')
      .setAudience('city-twin')
      .sign(key);
    expect(await codeOf(readToken(key, badRole, now))).toBe('TWIN_TOKEN_INVALID');
  });
});
