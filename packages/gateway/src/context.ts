import type { IncomingHttpHeaders } from 'node:http';
import { AccessError, checkToken, type VerifiedToken, type Viewer } from '@city-twin/access';
import type { Db } from '@city-twin/db';
import { GraphQLError } from 'graphql';

/** Per-request context of every resolver. */
export interface Context {
  db: Db;
  /** Who acts: the name written into the alert log (the viewer's display name). */
  user: string;
  /** The signed-in user or wall screen; null when anonymous. */
  viewer: Viewer | null;
}

/** Name in logs of a request without a token (only `login` answers it). */
export const ANONYMOUS = 'anonymous';

/** No identity, or a refused one: HTTP 401, code UNAUTHENTICATED. */
export function unauthenticated(message = 'Sign in first'): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** A known identity without the right: code FORBIDDEN. */
export function forbidden(message = 'Not allowed'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

const refusals: Record<AccessError['code'], string> = {
  TWIN_BAD_CREDENTIALS: 'Wrong username or password',
  TWIN_TOKEN_INVALID: 'Invalid token',
  TWIN_TOKEN_EXPIRED: 'Token expired',
  TWIN_TOKEN_NOT_YET_VALID: 'Token not yet valid',
  TWIN_TOKEN_REVOKED: 'Token revoked',
  TWIN_USER_DISABLED: 'User disabled',
  TWIN_BAD_INPUT: 'Invalid token',
  TWIN_NOT_FOUND: 'Invalid token',
  TWIN_ALREADY_EXISTS: 'Invalid token',
};

/** The message a client sees for a refused identity (no more detail than the code). */
export function refusalMessage(error: unknown): string {
  return error instanceof AccessError ? refusals[error.code] : 'Invalid token';
}

/**
 * The token of an `Authorization: Bearer <token>` value (HTTP header or the graphql-ws
 * connection_init payload's `authorization`); null when there is none.
 */
export function bearerToken(authorization: unknown): string | null {
  if (authorization === undefined || authorization === null || authorization === '') return null;
  const match =
    typeof authorization === 'string'
      ? /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization)
      : null;
  if (!match?.[1]) throw unauthenticated('Authorization must be `Bearer <token>`');
  return match[1];
}

/**
 * Verifies the bearer token of an Authorization value; null without one. A bad, expired or
 * revoked token is an UNAUTHENTICATED error (HTTP 401), never a silent anonymous request.
 */
export async function authenticateBearer(
  db: Db,
  authorization: unknown,
): Promise<VerifiedToken | null> {
  const token = bearerToken(authorization);
  if (token === null) return null;
  try {
    return await checkToken(db, token);
  } catch (error) {
    if (error instanceof AccessError) throw unauthenticated(refusalMessage(error));
    throw error;
  }
}

/** The context of one operation by `viewer` (null: anonymous). */
export function contextFor(db: Db, viewer: Viewer | null): Context {
  return { db, user: viewer ? viewer.displayName : ANONYMOUS, viewer };
}

/** The context of an HTTP request, from its Authorization header. */
export async function createContext(db: Db, headers: IncomingHttpHeaders): Promise<Context> {
  const verified = await authenticateBearer(db, headers.authorization);
  return contextFor(db, verified?.viewer ?? null);
}
