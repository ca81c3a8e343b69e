import type { Db, Queryable } from '@city-twin/db';
import { AccessError } from './errors.ts';
import { signingKey, signToken } from './tokens.ts';
import { ACCESS_CHANNEL } from './users.ts';
import { parseDistricts, parseName } from './validate.ts';

/** A named wall screen. */
export interface Screen {
  id: string;
  name: string;
  districts: string[] | null;
  tokenVersion: number;
  revokedAt: Date | null;
  createdAt: Date;
}

interface ScreenRow {
  id: string;
  name: string;
  districts: string[] | null;
  token_version: number;
  revoked_at: Date | null;
  created_at: Date;
}

const SCREEN_COLUMNS = `id::text, name, districts, token_version, revoked_at, created_at`;

const toScreen = (row: ScreenRow): Screen => ({
  id: row.id,
  name: row.name,
  districts: row.districts,
  tokenVersion: row.token_version,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

/** The `sub` of a screen's tokens. */
export const screenSubject = (id: string): string => `screen:${id}`;

/** A token for a screen: no expiry, valid until the screen is revoked. */
export async function screenToken(
  db: Db,
  screen: Pick<Screen, 'id' | 'tokenVersion'>,
): Promise<string> {
  return signToken(await signingKey(db), {
    sub: screenSubject(screen.id),
    role: 'screen',
    tv: screen.tokenVersion,
    expiresAt: null,
  });
}

/** Registers a wall screen and returns it with its token; a taken name is TWIN_ALREADY_EXISTS. */
export async function createScreen(
  db: Db,
  input: { name: string; districts?: readonly string[] | null },
): Promise<{ screen: Screen; token: string }> {
  const name = parseName(input.name, 'screen name');
  const rows = await db.query<ScreenRow>(
    `INSERT INTO wall_screen (name, districts) VALUES ($1, $2)
     ON CONFLICT (name) DO NOTHING RETURNING ${SCREEN_COLUMNS}`,
    [name, parseDistricts(input.districts)],
  );
  const row = rows[0];
  if (!row) throw new AccessError('TWIN_ALREADY_EXISTS', `screen ${name} already exists`);
  const screen = toScreen(row);
  return { screen, token: await screenToken(db, screen) };
}

/** One screen by name, or null. */
export async function findScreen(db: Queryable, name: string): Promise<Screen | null> {
  const rows = await db.query<ScreenRow>(
    `SELECT ${SCREEN_COLUMNS} FROM wall_screen WHERE name = $1`,
    [name],
  );
  return rows[0] ? toScreen(rows[0]) : null;
}

/** Every screen, by name. */
export async function listScreens(db: Queryable): Promise<Screen[]> {
  const rows = await db.query<ScreenRow>(`SELECT ${SCREEN_COLUMNS} FROM wall_screen ORDER BY name`);
  return rows.map(toScreen);
}

/** Revokes a screen: its tokens stop working and its open sockets are closed. */
export async function revokeScreen(db: Queryable, name: string): Promise<Screen> {
  const rows = await db.query<ScreenRow>(
    `UPDATE wall_screen SET token_version = token_version + 1, revoked_at = coalesce(revoked_at, now())
     WHERE name = $1 RETURNING ${SCREEN_COLUMNS}`,
    [name],
  );
  const row = rows[0];
  if (!row) throw new AccessError('TWIN_NOT_FOUND', `no screen ${name}`);
  await db.query(`SELECT pg_notify($1, $2)`, [ACCESS_CHANNEL, `screen:${row.id}`]);
  return toScreen(row);
}
