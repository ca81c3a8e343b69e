import { createScreen, createUser, issueSession, type Role } from '@city-twin/access';
import type { Db } from '@city-twin/db';

let serial = 0;

/** A new user of `role` (optionally scoped to districts) and a session token for them. */
export async function signIn(
  db: Db,
  role: Exclude<Role, 'screen'> = 'admin',
  options: { username?: string; displayName?: string; districts?: string[] } = {},
): Promise<{ username: string; token: string; authorization: string }> {
  const username = options.username ?? `test-${role}-${process.pid}-${++serial}`;
  const user = await createUser(db, {
    username,
    password: 'test-password-1',
    role,
    displayName: options.displayName,
    districts: options.districts,
  });
  const { token } = await issueSession(db, user);
  return { username, token, authorization: `Bearer ${token}` };
}

/** A new wall screen and its token. */
export async function screenToken(
  db: Db,
  options: { name?: string; districts?: string[] } = {},
): Promise<{ name: string; token: string; authorization: string }> {
  const name = options.name ?? `test-screen-${process.pid}-${++serial}`;
  const { token } = await createScreen(db, { name, districts: options.districts });
  return { name, token, authorization: `Bearer ${token}` };
}
