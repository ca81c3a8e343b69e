import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningCity } from '@city-twin/city';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.ts';
import { centroidOfPixels, fractionOfPixels, isDistrictCyan, type Rgb } from './support/pixels.ts';
import {
  launchWebGLBrowser,
  openPage,
  poll,
  startQuietCity,
  unexpectedErrors,
  waitForTwinReady,
  wallScreen,
} from './support/session.ts';

// The 3D city (三维沙盘) against the real stack: the districts from the gateway extruded with
// their towns, and a critical alert written straight into the city's database (as ingest
// writes it) and announced on `twin_alert`, drawn as a red light beam. The city runs without
// simulators, so this is the only alert on the table.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 110_000;

const HUBIN = { district: '411202', lon: 111.2, lat: 34.77 }; // 湖滨区
const alertOpenedMinutesAgo = 30;

/** A beam of a critical alert: the severity red (255, 59, 72), which nothing else on the table has. */
function isCriticalRed([r, g, b]: Rgb): boolean {
  return r >= 170 && r - g >= 90 && r - b >= 70;
}

/** A lit building top or a glowing edge: bright cyan-white. */
function isLitCyan([r, g, b]: Rgb): boolean {
  return g >= 150 && b >= 170 && b - r >= 30;
}

type AlertsAnswer = { alerts: { edges: { node: { id: string; severity: number } }[] } };

describe('3D city scene (browser)', () => {
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let running: RunningCity | undefined;
  let browser: Browser | undefined;
  let alertId = '';

  beforeAll(async () => {
    [city, browser] = await Promise.all([startQuietCity(), launchWebGLBrowser()]);
    running = city.running;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  /** Writes one critical alert in 湖滨区, opened half an hour ago, and announces it. */
  async function raiseCriticalAlert(): Promise<void> {
    if (!running) throw new Error('the city did not start');
    const [row] = await running.db.query<{ id: string }>(
      `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
         title_en, detail, district, lon, lat, opened_at, last_seen_at)
       VALUES ('camera.fire-smoke', 'video:e2e-cam-3d', 'video', 'camera_event', 4, 4, 'open',
         '湖滨区测试摄像头：检测到烟火', 'Hubin test camera: fire or smoke detected',
         '{"cameraId":"e2e-cam-3d","eventType":"fire_smoke","value":0.9}', $1, $2, $3,
         now() - make_interval(mins => $4), now())
       RETURNING id::text`,
      [HUBIN.district, HUBIN.lon, HUBIN.lat, alertOpenedMinutesAgo],
    );
    alertId = row?.id ?? '';
    await running.db.query(`SELECT pg_notify('twin_alert', $1)`, [
      JSON.stringify({ id: alertId, action: 'opened' }),
    ]);
  }

  async function openScene(
    search = '?scene=city3d',
    options: { reducedMotion?: boolean } = {},
  ): Promise<{ page: Page; errors: string[]; token: string }> {
    if (!browser || !running) throw new Error('the city or the browser did not start');
    const { page, errors } = await openPage(browser, options);
    const screen = await wallScreen(running.db, running.url, `/${search}`);
    await page.goto(screen.url);
    await waitForTwinReady(page);
    return { page, errors, token: screen.token };
  }

  const canvasOf = (page: Page): Locator => page.getByTestId('city3d-canvas');
  const liveRenderers = (page: Page): Promise<number> =>
    page.evaluate<number>('window.__twinCity3dRenderers ?? 0');

  it(
    'draws the districts and their towns, then a red beam for an open critical alert, with the count GraphQL gives',
    async () => {
      const { page, errors, token } = await openScene('?scene=city3d', { reducedMotion: true });
      try {
        expect(await page.locator('[data-testid="scene-switch"] .is-active').innerText()).toBe(
          '三维沙盘',
        );
        const canvas = canvasOf(page);
        expect(await canvas.getAttribute('data-districts')).toBe('6');
        expect(Number(await canvas.getAttribute('data-buildings'))).toBeGreaterThan(500);
        expect(await canvas.getAttribute('data-beacons')).toBe('0');
        const labels = await page.getByTestId('city3d-label').allInnerTexts();
        expect(labels).toEqual(expect.arrayContaining(['湖滨区', '陕州区']));

        const before = await canvas.screenshot();
        expect(fractionOfPixels(before, isDistrictCyan)).toBeGreaterThan(0.05);
        expect(fractionOfPixels(before, isLitCyan)).toBeGreaterThan(0.002);
        expect(fractionOfPixels(before, isCriticalRed)).toBeLessThan(0.0002);

        await raiseCriticalAlert();
        await expect.poll(() => canvas.getAttribute('data-beacons'), poll).toBe('1');
        const answer = await gql<AlertsAnswer>(
          running?.url ?? '',
          '{ alerts(status: [open, acknowledged], first: 100) { edges { node { id severity } } } }',
          {},
          { token },
        );
        const located = answer.alerts.edges.map((edge) => edge.node);
        expect(located).toEqual([{ id: alertId, severity: 4 }]);
        expect(await page.getByTestId('city3d-beacon-count').locator('b').innerText()).toBe('1');
        expect(
          await page
            .locator('[data-testid="city3d-severity-panel"] [data-severity="4"]')
            .innerText(),
        ).toBe('1');
        const row = page.locator('[data-testid="city3d-district-row"][data-code="411202"]');
        expect(await row.innerText()).toMatch(/湖滨区\s+1/);

        // The beam stands over 湖滨区: red pixels, centred near the district's label.
        const after = await canvas.screenshot();
        expect(fractionOfPixels(after, isCriticalRed)).toBeGreaterThan(0.0005);
        const beam = centroidOfPixels(after, isCriticalRed);
        const label = await page
          .locator('[data-testid="city3d-label"][data-code="411202"]')
          .boundingBox();
        const frame = await canvas.boundingBox();
        expect(beam).not.toBeNull();
        expect(label).not.toBeNull();
        if (beam && label && frame) {
          expect(Math.abs(frame.x + beam.x - (label.x + label.width / 2))).toBeLessThan(300);
        }

        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'city3d-scene.png'), await page.screenshot());
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'replays: no beam before the alert opened, its beam after; English names the districts',
    async () => {
      const openedAt = Date.now() - alertOpenedMinutesAgo * 60_000;
      const from = new Date(openedAt - 3_600_000).toISOString();
      const to = new Date(openedAt + 600_000).toISOString();
      const at = new Date(openedAt - 1_800_000).toISOString();
      const { page, errors } = await openScene(`?scene=city3d&from=${from}&to=${to}&at=${at}`, {
        reducedMotion: true,
      });
      try {
        const canvas = canvasOf(page);
        expect(await canvas.getAttribute('data-beacons')).toBe('0');
        expect(await page.getByTestId('city3d-beacon-count').locator('b').innerText()).toBe('0');

        // Moved past the opening, the cursor shows the alert's beam (alerts open at that minute).
        const later = new Date(openedAt + 300_000).toISOString();
        await page.goto(page.url().replace(/at=[^&]+/, `at=${encodeURIComponent(later)}`));
        await waitForTwinReady(page);
        await expect.poll(() => canvas.getAttribute('data-beacons'), poll).toBe('1');

        await page.getByTestId('lang-toggle').click();
        await expect
          .poll(() => page.locator('[data-testid="scene-switch"] .is-active').innerText(), poll)
          .toBe('3D city');
        await expect
          .poll(() => page.getByTestId('city3d-label').allInnerTexts(), poll)
          .toEqual(expect.arrayContaining(['Hubin District', 'Shanzhou District']));
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'frees its WebGL context each time the screen switches away, however often it comes back',
    async () => {
      // Still frames: software WebGL redrawing pulses in two scenes would slow every switch.
      const { page, errors } = await openScene('?scene=city3d', { reducedMotion: true });
      try {
        const baseline = await page.locator('canvas').count();
        expect(await liveRenderers(page)).toBe(1);
        for (let round = 0; round < 2; round += 1) {
          await page.locator('[data-testid="scene-switch"] [data-scene="alerts"]').click();
          await page
            .getByTestId('alert-scene')
            .waitFor({ state: 'visible', timeout: poll.timeout });
          await expect.poll(() => liveRenderers(page), poll).toBe(0);
          expect(await canvasOf(page).count()).toBe(0);

          await page.locator('[data-testid="scene-switch"] [data-scene="city3d"]').click();
          await expect.poll(() => canvasOf(page).getAttribute('data-beacons'), poll).toBe('1');
          expect(await liveRenderers(page)).toBe(1);
          expect(await page.locator('canvas').count()).toBe(baseline);
        }
        expect(fractionOfPixels(await canvasOf(page).screenshot(), isCriticalRed)).toBeGreaterThan(
          0.0005,
        );
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    // Four scene switches in software WebGL.
    2 * testMs,
  );
});
