import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';

// How the gateway serves a built UI: hashed assets cached for good, index.html revalidated on
// every load (a screen open across an upgrade must find the new build's chunks), a 404 for a
// chunk of another build, and headers that keep a screen's token out of referrers. The UI here is a small stand-in build written to a temporary directory.

const inlineScript = "(function () { document.title = 'preloaded'; })();";
const indexHtml = `<!doctype html><html><head>
<script type="module" crossorigin src="/assets/index-abc123.js"></script>
<script>${inlineScript}</script></head><body><div id="root"></div></body></html>`;

describe('gateway UI serving', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let baseUrl: string;
  let uiDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url, onError: () => undefined });
    await migrate(db);
    uiDir = mkdtempSync(path.join(tmpdir(), 'twin-ui-'));
    mkdirSync(path.join(uiDir, 'assets'));
    writeFileSync(path.join(uiDir, 'index.html'), indexHtml);
    writeFileSync(path.join(uiDir, 'assets', 'index-abc123.js'), 'export {};\n');
    gateway = createGateway({ db, port: 0, uiDir, log: () => undefined });
    baseUrl = await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
    if (uiDir) rmSync(uiDir, { recursive: true, force: true });
  });

  it('revalidates index.html on every load, at the root and on any scene path', async () => {
    for (const route of ['/', '/?scene=hotline', '/some/deep/link']) {
      const response = await fetch(`${baseUrl}${route}`);
      expect(response.status, route).toBe(200);
      expect(await response.text(), route).toBe(indexHtml);
      expect(response.headers.get('cache-control'), route).toBe('no-cache');
    }
  });

  it('caches content-hashed assets for good', async () => {
    const response = await fetch(`${baseUrl}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // A chunk of another build is not found (not answered with index.html as a script).
    const missing = await fetch(`${baseUrl}/assets/index-old999.js`);
    expect(missing.status).toBe(404);
  });

  it('sends no referrer (a screen URL carries its token) and forbids sniffing', async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
