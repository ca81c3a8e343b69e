import type { Db, Queryable } from '@city-twin/db';
import { AccessError } from './errors.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import { signingKey, signToken } from './tokens.ts';
import {
  parseDisplayName,
  parseDistricts,
  parseName,
  parsePassword,
  parseRole,
} from './validate.ts';
import type { Role } from './viewer.ts';

/** A user account (without its password hash). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  districts: string[] | null;
  tokenVersion: number;
  disabled: boolean;
  createdAt: Date;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  districts: string[] | null;
  token_version: number;
  disabled: boolean;
  created_at: Date;
  password_hash: string;
}

const USER_COLUMNS = `id::text, username, display_name, role, districts, token_version, disabled,
  created_at, password_hash`;

/** Channel announcing revoked identities, so gateways close their sockets at once. */
export const ACCESS_CHANNEL = 'twin_access';

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  districts: row.districts,
  tokenVersion: row.token_version,
  disabled: row.disabled,
  createdAt: row.created_at,
});

/** Input of {@link createUser}. */
export interface NewUser {
  username: string;
  password: string;
  role: Role | string;
  displayName?: string;
  /** District codes; omitted or null: the whole city. */
  districts?: readonly string[] | null;
}

/** Creates a user; a taken username is TWIN_ALREADY_EXISTS. */
export async function createUser(db: Queryable, input: NewUser): Promise<User> {
  const username = parseName(input.username);
  const role = parseRole(input.role);
  const displayName = parseDisplayName(input.displayName ?? username);
  const districts = parseDistricts(input.districts);
  const hash = await hashPassword(parsePassword(input.password));
  const rows = await db.query<UserRow>(
    `INSERT INTO app_user (username, display_name, role, districts, password_hash)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING
     RETURNING ${USER_COLUMNS}`,
    [username, displayName, role, districts, hash],
  );
  const row = rows[0];
  if (!row) throw new AccessError('TWIN_ALREADY_EXISTS', `user ${username} already exists`);
  return toUser(row);
}

async function findRow(db: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user WHERE username = $1`, [
    username,
  ]);
  return rows[0];
}

/** One user by username, or null. */
export async function findUser(db: Queryable, username: string): Promise<User | null> {
  const row = await findRow(db, username);
  return row ? toUser(row) : null;
}

/** Every user, by username. */
export async function listUsers(db: Queryable): Promise<User[]> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user ORDER BY username`);
  return rows.map(toUser);
}

async function bumpUser(
  db: Queryable,
  username: string,
  set: string,
  params: unknown[],
): Promise<User> {
  const rows = await db.query<UserRow>(
    `UPDATE app_user SET token_version = token_version + 1${set}
     WHERE username = $1 RETURNING ${USER_COLUMNS}`,
    [username, ...params],
  );
  const row = rows[0];
  if (!row) throw new AccessError('TWIN_NOT_FOUND', `no user ${username}`);
  await db.query(`SELECT pg_notify($1, $2)`, [ACCESS_CHANNEL, `user:${username}`]);
  return toUser(row);
}

/** Sets a new password and signs the user out everywhere (also enables a disabled user). */
export async function setPassword(
  db: Queryable,
  username: string,
  password: string,
): Promise<User> {
  const hash = await hashPassword(parsePassword(password));
  return bumpUser(db, username, `, password_hash = $2, disabled = false`, [hash]);
}

/** Disables a user and ends every session they hold. */
export async function disableUser(db: Queryable, username: string): Promise<User> {
  return bumpUser(db, username, `, disabled = true`, []);
}

/**
 * The user whose password this is; a wrong password, an unknown or a disabled user are all
 * TWIN_BAD_CREDENTIALS (and take as long).
 */
export async function authenticate(
  db: Queryable,
  username: string,
  password: string,
): Promise<User> {
  const row =
    username.length <= 64 && password.length <= 1024 ? await findRow(db, username) : undefined;
  const matches = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !matches || row.disabled) {
    throw new AccessError('TWIN_BAD_CREDENTIALS', 'wrong username or password');
  }
  return toUser(row);
}

/** Hours a session lasts: TWIN_SESSION_HOURS, default 12. */
export function sessionHours(env: NodeJS.ProcessEnv = process.env): number {
  const hours = Number(env.TWIN_SESSION_HOURS);
  return env.TWIN_SESSION_HOURS && Number.isFinite(hours) && hours > 0 ? hours : 12;
}

/** A signed session token for `user`, expiring after {@link sessionHours}. */
export async function issueSession(
  db: Db,
  user: Pick<User, 'username' | 'role' | 'tokenVersion'>,
  options: { hours?: number; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  // Whole seconds, as the token's `exp` carries it.
  const expiresAt = new Date(
    Math.floor((now.getTime() + (options.hours ?? sessionHours()) * 3_600_000) / 1000) * 1000,
  );
  const token = await signToken(
    await signingKey(db),
    { sub: user.username, role: user.role, tv: user.tokenVersion, expiresAt },
    now,
  );
  return { token, expiresAt };
}
