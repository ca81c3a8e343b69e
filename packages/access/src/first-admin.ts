import type { Db } from '@city-twin/db';
import { hashPassword, randomPassword } from './password.ts';
import { parsePassword } from './validate.ts';

/** What {@link ensureFirstAdmin} did. */
export type FirstAdmin =
  | { created: false }
  /** `password` is the generated one-time password to print, null when it came from TWIN_ADMIN_PASSWORD. */
  | { created: true; username: string; password: string | null };

const FIRST_ADMIN = 'admin';

/**
 * When no admin exists, creates user `admin` with TWIN_ADMIN_PASSWORD or a random password
 * returned for printing once (never a fixed default). Safe to call from concurrent starts.
 */
export async function ensureFirstAdmin(
  db: Db,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FirstAdmin> {
  const exists = async () =>
    (await db.query(`SELECT 1 FROM app_user WHERE role = 'admin' LIMIT 1`)).length > 0;
  if (await exists()) return { created: false };
  const fromEnv = env.TWIN_ADMIN_PASSWORD ? parsePassword(env.TWIN_ADMIN_PASSWORD) : null;
  const password = fromEnv ?? randomPassword();
  const hash = await hashPassword(password);
  return db.withTransaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7204762)`);
    if ((await tx.query(`SELECT 1 FROM app_user WHERE role = 'admin' LIMIT 1`)).length > 0) {
      return { created: false } as const;
    }
    // A non-admin called `admin` (unlikely) is promoted rather than left blocking the name.
    await tx.query(
      `INSERT INTO app_user (username, display_name, role, password_hash)
       VALUES ($1, $1, 'admin', $2)
       ON CONFLICT (username) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash,
         disabled = false, token_version = app_user.token_version + 1`,
      [FIRST_ADMIN, hash],
    );
    return { created: true, username: FIRST_ADMIN, password: fromEnv ? null : password } as const;
  });
}
