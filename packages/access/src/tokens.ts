import { randomBytes } from 'node:crypto';
import type { Db } from '@city-twin/db';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AccessError } from './errors.ts';
import { isRole, type Role } from './viewer.ts';

/** Issuer and audience of every token. */
export const TOKEN_ISSUER = 'city-twin';
export const TOKEN_AUDIENCE = 'city-twin';
const ALGORITHM = 'HS256';
const KEY_NAME = 'token_signing_key';
const MIN_SECRET_BYTES = 32;

/** What a token says about its bearer. */
export interface TokenClaims {
  /** A username, or `screen:<id>` for a wall screen. */
  sub: string;
  role: Role;
  /** The token version of the user or screen when issued. */
  tv: number;
  /** Expiry; null for wall-screen tokens, which live until revoked. */
  expiresAt: Date | null;
}

const keys = new WeakMap<Db, Promise<Uint8Array>>();

/**
 * The signing key: TWIN_TOKEN_SECRET (at least 32 bytes) when set, else a random key kept in the
 * database, created by whichever process needs it first, so every gateway and the CLI share it.
 */
export function signingKey(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const secret = env.TWIN_TOKEN_SECRET;
  if (secret) {
    const bytes = new TextEncoder().encode(secret);
    if (bytes.length < MIN_SECRET_BYTES) {
      return Promise.reject(
        new AccessError(
          'TWIN_BAD_INPUT',
          `TWIN_TOKEN_SECRET must be at least ${MIN_SECRET_BYTES} bytes`,
        ),
      );
    }
    return Promise.resolve(bytes);
  }
  let key = keys.get(db);
  if (!key) {
    key = (async () => {
      await db.query(
        `INSERT INTO access_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
        [KEY_NAME, randomBytes(32)],
      );
      const rows = await db.query<{ value: Buffer }>(
        `SELECT value FROM access_secret WHERE name = $1`,
        [KEY_NAME],
      );
      const value = rows[0]?.value;
      if (!value) throw new Error('token signing key missing after insert');
      return new Uint8Array(value);
    })();
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

/** Signs a token (HS256) with the issuer, audience and claims every verifier expects. */
export async function signToken(
  key: Uint8Array,
  claims: TokenClaims,
  now = new Date(),
): Promise<string> {
  const jwt = new SignJWT({ role: claims.role, tv: claims.tv })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt(Math.floor(now.getTime() / 1000));
  if (claims.expiresAt) jwt.setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000));
  return jwt.sign(key);
}

/**
 * Checks a token's signature (HS256 only), issuer, audience, expiry and not-before, and returns
 * its claims; anything else is an {@link AccessError}.
 */
export async function readToken(
  key: Uint8Array,
  token: string,
  now = new Date(),
): Promise<TokenClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AccessError('TWIN_TOKEN_EXPIRED', 'token expired');
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      throw new AccessError('TWIN_TOKEN_NOT_YET_VALID', 'token not yet valid');
    }
    throw new AccessError('TWIN_TOKEN_INVALID', 'invalid token');
  }
  const { sub, role, tv, exp } = payload;
  if (typeof sub !== 'string' || !isRole(role) || typeof tv !== 'number' || !Number.isInteger(tv)) {
    throw new AccessError('TWIN_TOKEN_INVALID', 'invalid token');
  }
  return { sub, role, tv, expiresAt: typeof exp === 'number' ? new Date(exp * 1000) : null };
}
