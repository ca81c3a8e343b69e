// Standalone gateway: DATABASE_URL from the environment, PORT (default 4000),
// HOTLINE_RULES_FILE, HOTLINE_CALENDAR_FILE and ALERT_RULES_FILE (the shipped ones when unset),
// TWIN_ADMIN_PASSWORD for the first admin, TWIN_TOKEN_SECRET, TWIN_SESSION_HOURS.
import { fileURLToPath } from 'node:url';
import { ensureFirstAdmin } from '@city-twin/access';
import { loadAlertRules } from '@city-twin/alerts';
import { createDb, migrate } from '@city-twin/db';
import { loadHotlineRules, loadWorkingCalendar } from '@city-twin/hotline';
import { createGateway } from './gateway.ts';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  // Read first: a bad rules or calendar file stops the start before anything connects.
  const hotlineRules = loadHotlineRules(process.env.HOTLINE_RULES_FILE);
  const workingCalendar = loadWorkingCalendar(process.env.HOTLINE_CALENDAR_FILE);
  const alertRules = loadAlertRules(process.env.ALERT_RULES_FILE);
  const db = createDb({ connectionString: databaseUrl, applicationName: 'city-twin-gateway' });
  await migrate(db);
  // Nobody gets in without an account: the first admin, from TWIN_ADMIN_PASSWORD or printed once.
  const admin = await ensureFirstAdmin(db);
  if (admin.created) {
    console.log(
      admin.password
        ? `[gateway] first admin: user ${admin.username}, one-time password ${admin.password} (shown once)`
        : `[gateway] first admin: user ${admin.username}, password from TWIN_ADMIN_PASSWORD`,
    );
  }
  const gateway = createGateway({
    db,
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST,
    uiDir: process.env.UI_DIR ?? fileURLToPath(new URL('../../twin-ui/dist', import.meta.url)),
    development: process.env.NODE_ENV === 'development',
    hotlineRules,
    workingCalendar,
    alertRules,
  });
  console.log(`[gateway] listening on ${await gateway.start()}`);
  const shutdown = async () => {
    await gateway.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('[gateway] fatal:', error);
  process.exit(1);
});
