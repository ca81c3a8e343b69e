import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningCity } from '@city-twin/city';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearerFor,
  ensurePerson,
  launchWebGLBrowser,
  openPage,
  poll,
  signIn,
  startQuietCity,
  testPassword,
  waitForTwinReady,
} from './support/session.ts';

// The alert centre against the real stack: an incident with two alerts written straight into
// the city's database (as ingest writes them) and announced on `twin_alert`, served by the
// gateway (queries, mutations, the alertChanged subscription) and drawn by the built UI. The
// city runs without simulators, so these are the only alerts on the screen.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
// Software WebGL is slow: generous waits (`poll`), each shorter than the test.
const testMs = 100_000;

const HUBIN = { district: '411202', lon: 111.2, lat: 34.77 }; // 湖滨区

const incident = {
  title: '湖滨区测试广场：空气重污染与烟火告警',
  titleEn: 'Hubin test square: heavy pollution and fire alerts',
  explanation: '两条告警相距约 300 米、5 分钟内先后发生，归并为同一事件',
  explanationEn: 'Two alerts about 300 m and 5 minutes apart, handled as one incident',
};

const alerts = {
  air: {
    ruleId: 'air.pm25-heavy',
    subject: 'iot:e2e-aq-01',
    source: 'iot',
    kind: 'threshold',
    severity: 3,
    title: '湖滨区测试空气监测站01：PM2.5 浓度 182 µg/m³，持续 12 分钟超过 150',
    titleEn: 'Hubin test air station 01: PM2.5 182 µg/m³, above 150 for 12 min',
    detail: { deviceId: 'e2e-aq-01', deviceType: 'air_quality', metric: 'pm25', value: 182 },
    lon: HUBIN.lon,
    lat: HUBIN.lat,
  },
  fire: {
    ruleId: 'camera.fire-smoke',
    subject: 'video:e2e-cam-01',
    source: 'video',
    kind: 'camera_event',
    severity: 4,
    title: '湖滨区测试摄像头01：检测到烟火，置信度 0.86',
    titleEn: 'Hubin test camera 01: fire or smoke detected, confidence 0.86',
    detail: { cameraId: 'e2e-cam-01', eventType: 'fire_smoke', value: 0.86 },
    lon: HUBIN.lon + 0.003,
    lat: HUBIN.lat + 0.001,
  },
};

// The operator signed in on this screen, and a colleague acting through the API.
const operatorAccount = {
  username: 'e2e-operator',
  role: 'operator',
  displayName: '张伟',
} as const;
const colleagueAccount = {
  username: 'e2e-operator-2',
  role: 'operator',
  displayName: '李娜',
} as const;
const operator = operatorAccount.displayName;
const ackNote = '已通知湖滨区环保与消防值守人员到场核查';

describe('alert centre (browser)', () => {
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let running: RunningCity | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let incidentId = '';
  const alertIds: Record<keyof typeof alerts, string> = { air: '', fire: '' };

  beforeAll(async () => {
    [city, browser] = await Promise.all([startQuietCity(), launchWebGLBrowser()]);
    running = city.running;
    await ensurePerson(running.db, operatorAccount);
    await ensurePerson(running.db, colleagueAccount);
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await city?.stop();
  });

  /** Writes the incident and its two alerts as ingest would, then announces each alert. */
  async function raiseIncident(): Promise<void> {
    if (!running) throw new Error('the city did not start');
    const { db } = running;
    const openedAt = new Date(Date.now() - 5 * 60_000);
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO incident (status, severity, title, title_en, district, lon, lat, opened_at,
         last_activity_at, explanation, explanation_en)
       VALUES ('open', 4, $1, $2, $3, $4, $5, $6, now(), $7, $8) RETURNING id::text`,
      [
        incident.title,
        incident.titleEn,
        HUBIN.district,
        HUBIN.lon + 0.0015,
        HUBIN.lat + 0.0005,
        openedAt,
        incident.explanation,
        incident.explanationEn,
      ],
    );
    incidentId = row?.id ?? '';
    for (const [key, alert] of Object.entries(alerts) as [
      keyof typeof alerts,
      typeof alerts.air,
    ][]) {
      const [inserted] = await db.query<{ id: string }>(
        `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
           title_en, detail, district, lon, lat, opened_at, last_seen_at, incident_id)
         VALUES ($1, $2, $3, $4, $5, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $12, $13)
         RETURNING id::text`,
        [
          alert.ruleId,
          alert.subject,
          alert.source,
          alert.kind,
          alert.severity,
          alert.title,
          alert.titleEn,
          JSON.stringify(alert.detail),
          HUBIN.district,
          alert.lon,
          alert.lat,
          openedAt,
          incidentId,
        ],
      );
      alertIds[key] = inserted?.id ?? '';
      await db.query(
        `INSERT INTO alert_log (entity, entity_id, actor, action, note, detail)
         VALUES ('alert', $1, 'system', 'opened', $2, $3)`,
        [alertIds[key], alert.title, JSON.stringify(alert.detail)],
      );
    }
    await db.query(
      `INSERT INTO alert_log (entity, entity_id, actor, action, note)
       VALUES ('incident', $1, 'system', 'grouped', $2)`,
      [incidentId, incident.explanation],
    );
    for (const id of Object.values(alertIds)) {
      await db.query(`SELECT pg_notify('twin_alert', $1)`, [
        JSON.stringify({ id, action: 'opened' }),
      ]);
    }
  }

  /** Writes one alert without an incident (a manhole cover left open) and announces it. */
  async function raiseAlert(title: string): Promise<string> {
    if (!running) throw new Error('the city did not start');
    const [row] = await running.db.query<{ id: string }>(
      `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
         title_en, detail, district, lon, lat, opened_at, last_seen_at)
       VALUES ('manhole.open', 'iot:e2e-mh-01', 'iot', 'threshold', 3, 3, 'open', $1,
         'Hubin test manhole 01: cover open', '{"metric":"open","value":1}', $2, $3, $4, now(), now())
       RETURNING id::text`,
      [title, HUBIN.district, HUBIN.lon - 0.01, HUBIN.lat - 0.004],
    );
    const id = row?.id ?? '';
    await running.db.query(`SELECT pg_notify('twin_alert', $1)`, [
      JSON.stringify({ id, action: 'opened' }),
    ]);
    return id;
  }

  /**
   * Opens the alert centre at 1920×1080 signed in as the operator and waits until the map drew
   * its first data. `beforeLoad` runs first (to cut the socket).
   */
  async function openScene(
    beforeLoad?: (page: Page) => Promise<void>,
  ): Promise<{ page: Page; errors: string[] }> {
    if (!context || !running) throw new Error('the city or the browser did not start');
    // Rings that stand still: software WebGL redrawing every frame would slow every click.
    const { page, errors } = await openPage(context, { reducedMotion: true });
    await beforeLoad?.(page);
    await signIn(page, running.url, operatorAccount.username, testPassword, '/?scene=alerts');
    await waitForTwinReady(page);
    return { page, errors };
  }

  it(
    'slides a new alert into the ticker, lists the incident with its two alerts, shows its explanation and logs an acknowledgement',
    async () => {
      const { page, errors } = await openScene();
      try {
        // The subscription is up before anything happens: what follows arrives live.
        await expect
          .poll(() => page.locator('.link-status').getAttribute('class'), poll)
          .toContain('link-status--live');
        expect(await page.getByTestId('ticker-item').count()).toBe(0);

        await raiseIncident();

        const ticker = page.getByTestId('alert-ticker');
        await expect
          .poll(() => ticker.getByTestId('ticker-title').allInnerTexts(), poll)
          .toEqual(expect.arrayContaining([alerts.air.title, alerts.fire.title]));
        expect(
          await ticker
            .locator(`[data-testid="ticker-item"][data-alert-id="${alertIds.fire}"]`)
            .getAttribute('data-severity'),
        ).toBe('4');

        const incidents = page.getByTestId('incident-item');
        await expect.poll(() => incidents.count(), poll).toBe(1);
        const item = incidents.first();
        expect(await item.getByTestId('incident-title').innerText()).toBe(incident.title);
        expect(await item.getByTestId('incident-alert-count').getAttribute('data-count')).toBe('2');
        await expect.poll(() => page.getByTestId('alert-item').count(), poll).toBe(2);

        await item.getByRole('button').click();
        const detail = page.getByTestId('incident-detail');
        await expect.poll(() => detail.getAttribute('data-incident-id'), poll).toBe(incidentId);
        expect(await detail.getByTestId('incident-explanation').innerText()).toBe(
          incident.explanation,
        );
        const groups = detail.getByTestId('source-group');
        const sources = await Promise.all(
          (await groups.all()).map((group) => group.getAttribute('data-source')),
        );
        expect(sources).toEqual(['iot', 'video']);
        expect(await detail.getByTestId('incident-alert').count()).toBe(2);

        // The signed-in operator acknowledges with a note: a log line says who, what and why.
        await detail.getByTestId('action-note').fill(ackNote);
        await detail.getByTestId('action-acknowledge').click();
        const acknowledged = detail.locator(
          '[data-testid="incident-log"] [data-testid="log-entry"][data-action="acknowledged"]',
        );
        await expect.poll(() => acknowledged.count(), poll).toBe(1);
        expect(await acknowledged.getByTestId('log-note').innerText()).toBe(ackNote);
        expect(await acknowledged.getByTestId('log-actor').innerText()).toBe(operator);
        expect(await detail.getByTestId('incident-status').innerText()).toBe('已确认');
        expect(await detail.getByTestId('action-acknowledge').isDisabled()).toBe(true);

        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'alert-centre.png'), await page.screenshot());
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'opens an alert with its readings and log, and says 该告警已处理 when someone else resolved it first',
    async () => {
      const { page, errors } = await openScene();
      try {
        const fire = page.locator(`[data-testid="alert-item"][data-alert-id="${alertIds.fire}"]`);
        await expect.poll(() => fire.count(), poll).toBe(1);
        await fire.getByRole('button').click();

        const detail = page.getByTestId('alert-detail');
        await expect.poll(() => detail.getAttribute('data-alert-id'), poll).toBe(alertIds.fire);
        expect(await detail.getByTestId('alert-detail-title').innerText()).toBe(alerts.fire.title);
        const values = detail.getByTestId('alert-detail-values');
        expect(await values.locator('[data-key="value"] dd').innerText()).toBe('86%');
        expect(await values.locator('[data-key="eventType"] dd').innerText()).toBe('烟火');
        expect(
          await detail.locator('[data-testid="log-entry"][data-action="opened"]').count(),
        ).toBe(1);
        // The operator acts under the name they signed in with.
        expect(await page.getByTestId('session-user').innerText()).toBe(operator);

        // Another operator resolves it through the API; this screen has not polled since.
        if (!running) throw new Error('the city did not start');
        const response = await fetch(`${running.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: await bearerFor(running.db, colleagueAccount.username),
          },
          body: JSON.stringify({
            query: 'mutation ($id: ID!) { resolveAlert(id: $id, note: "现场已处置") { status } }',
            variables: { id: alertIds.fire },
          }),
        });
        expect(await response.json()).toEqual({ data: { resolveAlert: { status: 'resolved' } } });
        expect(await detail.getAttribute('data-status')).toBe('open');
        await detail.getByTestId('action-resolve').click();
        const error = detail.getByTestId('action-error');
        await expect.poll(() => error.count(), poll).toBe(1);
        expect(await error.innerText()).toContain('该告警已处理');

        // The next poll shows who did resolve it.
        await expect.poll(() => detail.getAttribute('data-status'), poll).toBe('resolved');
        const resolved = detail.locator('[data-testid="log-entry"][data-action="resolved"]');
        expect(await resolved.getByTestId('log-actor').innerText()).toBe(
          colleagueAccount.displayName,
        );

        await writeFile(
          path.join(artifactsDir, 'alert-centre-detail.png'),
          await page.screenshot(),
        );
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'keeps new alerts coming by polling while the socket is down, then goes live again',
    async () => {
      let socketUp = false;
      const { page, errors } = await openScene((page) =>
        page.routeWebSocket(/\/graphql$/, (socket) => {
          if (socketUp) socket.connectToServer();
          else socket.close({ code: 1011, reason: 'cut by the test' });
        }),
      );
      try {
        const status = page.locator('.link-status');
        await expect.poll(() => status.getAttribute('class'), poll).toContain('reconnecting');
        const banner = page.getByTestId('link-banner');
        await expect.poll(() => banner.innerText(), poll).toContain('实时推送已断开');

        const title = '湖滨区测试井盖01：井盖开启';
        const id = await raiseAlert(title);
        const item = page.locator(`[data-testid="ticker-item"][data-alert-id="${id}"]`);
        // At most one 10 s poll later, with no socket at all.
        await expect.poll(() => item.count(), poll).toBe(1);
        expect(await item.getByTestId('ticker-title').innerText()).toBe(title);

        socketUp = true;
        await expect.poll(() => status.getAttribute('class'), poll).toContain('live');
        expect(await banner.count()).toBe(0);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
