import {
  createScreen,
  ensureFirstAdmin,
  findScreen,
  screenToken,
  type Screen,
} from '@city-twin/access';
import type { Db } from '@city-twin/db';
import { screenUrl } from './cli/access-commands.ts';

/** Name of the wall screen whose URL the city prints on start. */
export const DEMO_SCREEN = 'demo-wall';

/**
 * On start: the first admin when none exists (its one-time password logged once), and the
 * wall-screen URL of `screenName` (created on first use); null when that screen was revoked.
 */
export async function prepareAccess(
  db: Db,
  cityUrl: string,
  log: (line: string) => void,
  screenName: string | null = DEMO_SCREEN,
): Promise<{ wallUrl: string | null }> {
  const admin = await ensureFirstAdmin(db);
  if (admin.created && admin.password) {
    log(
      `[city] first admin: user ${admin.username}, one-time password ${admin.password}\n` +
        `       (shown once; change it with \`pnpm twin users reset-password ${admin.username}\`)`,
    );
  } else if (admin.created) {
    log(`[city] first admin: user ${admin.username}, password from TWIN_ADMIN_PASSWORD`);
  }
  if (screenName === null) return { wallUrl: null };
  let screen: Screen | null = await findScreen(db, screenName);
  if (!screen) {
    try {
      screen = (await createScreen(db, { name: screenName })).screen;
    } catch (error) {
      // Another start created it meanwhile.
      screen = await findScreen(db, screenName);
      if (!screen) throw error;
    }
  }
  if (screen.revokedAt) {
    log(
      `[city] wall screen ${screenName} is revoked: no wall-screen URL (pnpm twin screens add …)`,
    );
    return { wallUrl: null };
  }
  return { wallUrl: screenUrl(cityUrl, await screenToken(db, screen)) };
}
