import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@city-twin/db';
import { describe, expect, it } from 'vitest';
import { useCitySuite } from './support/city-suite.ts';
import { centroidOfPixels, fractionOfPixels, type Rgb } from './support/pixels.ts';
import {
  type CameraSeed,
  insertAlert,
  insertCameras,
  MINUTE,
  near,
  places,
} from './support/seed-devices.ts';
import { poll } from './support/session.ts';

// The video network scene (视联网) against the real stack: cameras, their AI detections with
// the hourly rollup, and one open fire alert written straight into the city's database (as
// ingest writes them), served by the gateway and drawn by the built UI on a wall screen. The
// city runs without simulators, so these are the only cameras on the screen.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 100_000;
const HOUR = 60 * MINUTE;

const cameras: CameraSeed[] = [
  { id: 'e2e-cam-01', name: '湖滨区测试路口01', place: places.hubin, online: true },
  { id: 'e2e-cam-02', name: '灵宝市测试广场01', place: places.lingbao, online: false },
  { id: 'e2e-cam-03', name: '渑池县测试仓库01', place: places.mianchi, online: true },
  { id: 'e2e-cam-04', name: '湖滨区测试桥头01', place: near(places.hubin, 0.04), online: null },
];
const fireTitle = '渑池县测试仓库01：检测到烟火，置信度 0.95';

/** Writes the cameras' detections and the hourly rollup ingest keeps of them. */
async function insertDetections(
  db: Db,
  events: readonly { camera: string; n: number; ts: number; type: string; confidence: number }[],
): Promise<void> {
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
}

describe('video network scene (browser)', () => {
  const suite = useCitySuite({
    async seed({ running: { db } }) {
      const now = Date.now();
      const hourStart = Math.floor(now / HOUR) * HOUR;
      await insertCameras(db, cameras, now);
      const parking = { camera: 'e2e-cam-01', type: 'illegal_parking', confidence: 0.9 };
      const garbage = { type: 'garbage_overflow', confidence: 0.8 };
      await insertDetections(db, [
        { ...parking, n: 1, ts: now - 10 * MINUTE },
        { camera: 'e2e-cam-03', n: 2, ts: now - 15 * MINUTE, type: 'fire_smoke', confidence: 0.95 },
        { ...parking, n: 3, ts: now - 20 * MINUTE },
        { ...parking, n: 4, ts: now - 30 * MINUTE },
        { ...garbage, camera: 'e2e-cam-01', n: 5, ts: hourStart - 5 * HOUR + 10 * MINUTE },
        { ...garbage, camera: 'e2e-cam-02', n: 6, ts: hourStart - 5 * HOUR + 20 * MINUTE },
      ]);
      await insertAlert(db, {
        ruleId: 'camera.fire-smoke',
        subject: 'video:e2e-cam-03',
        source: 'video',
        kind: 'camera_event',
        severity: 4,
        title: fireTitle,
        titleEn: 'Mianchi test warehouse 01: fire or smoke, confidence 0.95',
        detail: { eventType: 'fire_smoke', value: 0.95 },
        place: places.mianchi,
        openedAt: new Date(now - 15 * MINUTE),
        lastSeenAt: 'opened',
      });
    },
  });

  const openScene = () => suite.openWallScene('/?scene=video');

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
