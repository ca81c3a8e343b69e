import { randomBytes } from 'node:crypto';
import { createDb } from '@city-twin/db';

/** Server the tests create their databases on; CI points it at PostgreSQL with TimescaleDB. */
export const testServerUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the run must prove it used TimescaleDB (CI sets it). */
export const requireTimescale = process.env.REQUIRE_TIMESCALEDB === '1';

/** A fresh, empty database on the test server, dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `twin_test_${randomBytes(4).toString('hex')}`;
  const admin = createDb({ connectionString: testServerUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.close();
    },
  };
}
