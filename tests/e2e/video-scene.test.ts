import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningCity } from '@city-twin/city';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centroidOfPixels, fractionOfPixels, type Rgb } from './support/pixels.ts';
import {
  launchWebGLBrowser,
  openPage,
  poll,
  screenUrl,
  startQuietCity,
  waitForTwinReady,
} from './support/session.ts';

// The video network scene (视联网) against the real stack: cameras, their AI detections with
// the hourly rollup, and one open fire alert written straight into the city's database (as
// ingest writes them), served by the gateway and drawn by the built UI on a wall screen. The
// city runs without simulators, so these are the only cameras on the screen.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 100_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Place = { district: string; lon: number; lat: number };
const HUBIN: Place = { district: '411202', lon: 111.2, lat: 34.77 }; // 湖滨区
const LINGBAO: Place = { district: '411282', lon: 110.894, lat: 34.517 }; // 灵宝市
const MIANCHI: Place = { district: '411221', lon: 111.76, lat: 34.77 }; // 渑池县

const cameras = [
  { id: 'e2e-cam-01', name: '湖滨区测试路口01', place: HUBIN, online: true },
  { id: 'e2e-cam-02', name: '灵宝市测试广场01', place: LINGBAO, online: false },
  { id: 'e2e-cam-03', name: '渑池县测试仓库01', place: MIANCHI, online: true },
  {
    id: 'e2e-cam-04',
    name: '湖滨区测试桥头01',
    place: { ...HUBIN, lon: HUBIN.lon + 0.04 },
    online: null,
  },
];
const fireTitle = '渑池县测试仓库01：检测到烟火，置信度 0.95';

describe('video network scene (browser)', () => {
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let running: RunningCity | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [city, browser] = await Promise.all([startQuietCity(), launchWebGLBrowser()]);
    running = city.running;
    const { db } = running;
    const now = Date.now();
    const hourStart = Math.floor(now / HOUR) * HOUR;
    for (const camera of cameras) {
      await db.query(
        `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
         VALUES ($1, $2, $3, $4, $5, now() - interval '1 day', $1 || ':meta', $6, $7)`,
        [
          camera.id,
          camera.name,
          camera.place.lon,
          camera.place.lat,
          camera.place.district,
          camera.online,
          camera.online === null ? null : new Date(now - 5 * MINUTE),
        ],
      );
    }
    const events = [
      {
        camera: 'e2e-cam-01',
        n: 1,
        ts: now - 10 * MINUTE,
        type: 'illegal_parking',
        confidence: 0.9,
      },
      { camera: 'e2e-cam-03', n: 2, ts: now - 15 * MINUTE, type: 'fire_smoke', confidence: 0.95 },
      {
        camera: 'e2e-cam-01',
        n: 3,
        ts: now - 20 * MINUTE,
        type: 'illegal_parking',
        confidence: 0.9,
      },
      {
        camera: 'e2e-cam-01',
        n: 4,
        ts: now - 30 * MINUTE,
        type: 'illegal_parking',
        confidence: 0.9,
      },
      {
        camera: 'e2e-cam-01',
        n: 5,
        ts: hourStart - 5 * HOUR + 10 * MINUTE,
        type: 'garbage_overflow',
        confidence: 0.8,
      },
      {
        camera: 'e2e-cam-02',
        n: 6,
        ts: hourStart - 5 * HOUR + 20 * MINUTE,
        type: 'garbage_overflow',
        confidence: 0.8,
      },
    ];
    await db.query(
      `WITH e AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::real[])
           AS u(camera_id, event_id, ts, type, confidence)
       ), stored AS (
         INSERT INTO video_event (ts, event_id, camera_id, type, confidence, severity, district)
         SELECT e.ts, e.event_id, e.camera_id, e.type, e.confidence, 3, c.district
         FROM e JOIN camera c ON c.id = e.camera_id
         RETURNING ts, type, district
       )
       INSERT INTO event_rollup_1h (bucket, stream, district, type, count)
       SELECT twin_bucket('1 hour', ts), 'video', district, type, count(*) FROM stored GROUP BY 1, 3, 4`,
      [
        events.map((e) => e.camera),
        events.map((e) => `${e.camera}:e${e.n}`),
        events.map((e) => new Date(e.ts)),
        events.map((e) => e.type),
        events.map((e) => e.confidence),
      ],
    );
    await db.query(
      `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
         title_en, detail, district, lon, lat, opened_at, last_seen_at)
       VALUES ('camera.fire-smoke', 'video:e2e-cam-03', 'video', 'camera_event', 4, 4, 'open', $1,
         'Mianchi test warehouse 01: fire or smoke, confidence 0.95',
         '{"eventType":"fire_smoke","value":0.95}', $2, $3, $4, $5, $5)`,
      [fireTitle, MIANCHI.district, MIANCHI.lon, MIANCHI.lat, new Date(now - 15 * MINUTE)],
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  async function openScene(): Promise<{ page: Page; errors: string[] }> {
    if (!browser || !running) throw new Error('the city or the browser did not start');
    const { page, errors } = await openPage(browser);
    await page.goto(await screenUrl(running.db, running.url, '/?scene=video'));
    await waitForTwinReady(page);
    return { page, errors };
  }

  it(
    'shows the online rate, cameras by state, the last hour by type and the 24-hour density',
    async () => {
      const { page, errors } = await openScene();
      try {
        expect(await page.locator('[data-testid="scene-switch"] .is-active').innerText()).toBe(
          '视联网',
        );
        const figure = (testId: string) => page.getByTestId(testId).locator('b').innerText();
        await expect.poll(() => figure('camera-total'), poll).toBe('4');
        expect(await figure('camera-online')).toBe('2');
        expect(await figure('camera-online-rate')).toBe('50.0%');
        const state = (key: string) =>
          page.locator(`[data-testid="camera-states"] [data-state="${key}"] b`).innerText();
        expect([
          await state('online'),
          await state('alert'),
          await state('offline'),
          await state('unknown'),
        ]).toEqual(['1', '1', '1', '1']);
        expect(
          await page
            .locator('[data-testid="camera-states"] [data-state="offline"] span')
            .innerText(),
        ).toBe('离线');

        const types = page.locator('[data-testid="last-hour-types"] .count-bars__row');
        await expect.poll(() => types.count(), poll).toBe(2);
        expect(await types.nth(0).locator('.count-bars__name').innerText()).toBe('违停');
        expect(await types.nth(0).locator('.count-bars__count').innerText()).toBe('3');
        expect(await types.nth(1).locator('.count-bars__name').innerText()).toBe('烟火');
        expect(await types.nth(1).locator('.count-bars__count').innerText()).toBe('1');

        // All six detections fall in the last 24 hours, counted from the hourly rollup.
        const density = page.getByTestId('event-density');
        await expect.poll(() => density.getAttribute('data-total'), poll).toBe('6');
        await expect.poll(() => density.locator('rect').count(), poll).toBeGreaterThanOrEqual(2);

        const latest = page.locator('[data-testid="latest-detections"] li');
        await expect.poll(() => latest.count(), poll).toBe(6);
        expect(await latest.nth(0).locator('.detection__type').innerText()).toBe('违停');
        expect(await latest.nth(1).getAttribute('data-type')).toBe('fire_smoke');
        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'video-scene.png'), await page.screenshot());
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'opens the camera of a detection with its state, alert and recent detections, and draws the alert in red',
    async () => {
      const { page, errors } = await openScene();
      try {
        const fire = page.locator('[data-testid="latest-detections"] li[data-type="fire_smoke"]');
        await expect.poll(() => fire.count(), poll).toBe(1);
        await fire.getByRole('button').click();
        const detail = page.getByTestId('camera-detail');
        await expect.poll(() => detail.getAttribute('data-camera'), poll).toBe('e2e-cam-03');
        expect(await detail.locator('.device-detail__name').innerText()).toBe('渑池县测试仓库01');
        expect(await detail.getByTestId('camera-state').innerText()).toBe('告警 · 紧急');
        expect(await detail.locator('.open-alerts li span').innerText()).toBe(fireTitle);
        const recent = detail.locator('[data-testid="camera-detections"] li');
        expect(await recent.count()).toBe(1);
        expect(await recent.locator('.detection__type').innerText()).toBe('烟火');
        expect(await recent.locator('.detection__bottom').innerText()).toContain('置信度 95%');

        await page.getByTestId('drawer-close').click();
        // The camera in alert: a red marker with its halo (the legend and count over the map hidden).
        await page.addStyleTag({
          content: '.stage__bottom, .stage__toolbar, .time-bar { visibility: hidden; }',
        });
        const map = page.getByTestId('map');
        await expect
          .poll(async () => fractionOfPixels(await map.screenshot(), isAlertRed), poll)
          .toBeGreaterThan(0);
        await writeFile(path.join(artifactsDir, 'video-scene-map.png'), await page.screenshot());

        // A click on the red marker opens that camera again.
        const centre = centroidOfPixels(await map.screenshot(), isAlertRed);
        expect(centre).not.toBeNull();
        await map.click({ position: centre! });
        await expect.poll(() => detail.getAttribute('data-camera'), poll).toBe('e2e-cam-03');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});

/** The critical severity's red ([255, 59, 72]), which the navy map and cyan districts lack. */
function isAlertRed([r, g, b]: Rgb): boolean {
  return r >= 180 && g <= 110 && b <= 120;
}
