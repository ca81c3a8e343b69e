import type { Db } from '@city-twin/db';
import { AccessError } from './errors.ts';
import { readToken, signingKey } from './tokens.ts';
import type { Role, Viewer } from './viewer.ts';

/** A verified token: who it stands for, and until when (null: until revoked). */
export interface VerifiedToken {
  viewer: Viewer;
  expiresAt: Date | null;
}

/**
 * Verifies a token (signature, issuer, audience, expiry, not-before) and that its user or
 * screen still holds it (not disabled, revoked or re-versioned); refusals are AccessErrors.
 */
export async function checkToken(db: Db, token: string, now = new Date()): Promise<VerifiedToken> {
  const claims = await readToken(await signingKey(db), token, now);
  const screenId = /^screen:(\d{1,18})$/.exec(claims.sub)?.[1];
  if (screenId) {
    const rows = await db.query<{
      name: string;
      districts: string[] | null;
      token_version: number;
      revoked_at: Date | null;
    }>(`SELECT name, districts, token_version, revoked_at FROM wall_screen WHERE id = $1`, [
      screenId,
    ]);
    const row = rows[0];
    if (!row || claims.role !== 'screen')
      throw new AccessError('TWIN_TOKEN_INVALID', 'invalid token');
    if (row.revoked_at || row.token_version !== claims.tv) {
      throw new AccessError('TWIN_TOKEN_REVOKED', 'screen token revoked');
    }
    return {
      viewer: {
        username: `screen:${row.name}`,
        displayName: row.name,
        role: 'screen',
        districts: row.districts,
        screen: row.name,
      },
      expiresAt: claims.expiresAt,
    };
  }
  const rows = await db.query<{
    username: string;
    display_name: string;
    role: Role;
    districts: string[] | null;
    token_version: number;
    disabled: boolean;
  }>(
    `SELECT username, display_name, role, districts, token_version, disabled
     FROM app_user WHERE username = $1`,
    [claims.sub],
  );
  const row = rows[0];
  if (!row) throw new AccessError('TWIN_TOKEN_INVALID', 'invalid token');
  if (row.disabled) throw new AccessError('TWIN_USER_DISABLED', 'user disabled');
  // A changed role also invalidates old tokens: the token's role must still be the user's.
  if (row.token_version !== claims.tv || row.role !== claims.role) {
    throw new AccessError('TWIN_TOKEN_REVOKED', 'session revoked');
  }
  return {
    viewer: {
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      districts: row.districts,
      screen: null,
    },
    expiresAt: claims.expiresAt,
  };
}

/** The viewer a token stands for; see {@link checkToken}. */
export async function verifyToken(db: Db, token: string): Promise<Viewer> {
  return (await checkToken(db, token)).viewer;
}
