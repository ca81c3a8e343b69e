import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCitySuite } from './support/city-suite.ts';
import { centroidOfPixels, fractionOfPixels, type Rgb } from './support/pixels.ts';
import {
  type DeviceSeed,
  insertAlert,
  insertDevices,
  insertReadings,
  MINUTE,
  near,
  places,
} from './support/seed-devices.ts';
import { poll } from './support/session.ts';

// The IoT scene (物联感知) against the real stack: devices, their rollups and one open alert
// written straight into the city's database (as ingest writes them), served by the gateway
// and drawn by the built UI on a wall screen. The city runs without simulators, so these are
// the only devices on the screen.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 100_000;
const QUARTER = 15 * MINUTE;

const airStations: DeviceSeed[] = Array.from({ length: 6 }, (_, i) => ({
  id: `e2e-aq-0${i + 1}`,
  type: 'air_quality',
  name: `测试空气站0${i + 1}`,
  place: near(i % 2 === 0 ? places.hubin : places.shanzhou, i * 0.02),
  latest: { pm25: 40 + i, aqi: 60 + i },
  quietMinutes: 1,
}));
const manhole: DeviceSeed = {
  id: 'e2e-mh-01',
  type: 'manhole',
  name: '湖滨区测试井盖01',
  place: near(places.hubin, -0.03, -0.01),
  latest: { open: 1, tilt_deg: 2, water_cm: 12.5 },
  quietMinutes: 1,
};
const noiseMeter: DeviceSeed = {
  id: 'e2e-ns-01',
  type: 'noise',
  name: '灵宝市测试噪声点01',
  place: places.lingbao,
  latest: { db: 48 },
  quietMinutes: 180,
};
const heatingStation: DeviceSeed = {
  id: 'e2e-ht-01',
  type: 'heating',
  name: '渑池县测试换热站01',
  place: places.mianchi,
  latest: null,
  quietMinutes: 0,
};
const devices = [...airStations, manhole, noiseMeter, heatingStation];
const manholeAlertTitle = '湖滨区测试井盖01：井盖开启';
/** Quarter-hour water depths in the manhole over the last six hours. */
const seriesPoints = 24;

/** The normal state's green ([0, 214, 143]): neither the navy map, the cyan districts nor labels. */
function isNormalGreen([r, g, b]: Rgb): boolean {
  return r <= 60 && g >= 170 && b >= 100 && b <= g - 40;
}

/** The major severity's orange ([255, 140, 26]) at a dot's full opacity. */
function isMajorOrange([r, g, b]: Rgb): boolean {
  return r >= 230 && g >= 110 && g <= 170 && b <= 70;
}

describe('IoT scene (browser)', () => {
  const suite = useCitySuite({
    async seed({ running: { db } }) {
      const now = Date.now();
      await insertDevices(db, devices, now);
      // The manhole's water depth each quarter hour, in the readings and the per-minute rollup.
      const lastQuarter = Math.floor(now / QUARTER) * QUARTER;
      await insertReadings(db, {
        deviceId: manhole.id,
        metric: 'water_cm',
        readings: Array.from({ length: seriesPoints }, (_, i) => ({
          ts: new Date(lastQuarter - (i + 1) * QUARTER),
          value: 5 + (i % 6),
        })),
        rollups: ['minute'],
      });
      await insertAlert(db, {
        ruleId: 'manhole.open',
        subject: `iot:${manhole.id}`,
        source: 'iot',
        severity: 3,
        title: manholeAlertTitle,
        titleEn: 'Hubin test manhole 01: cover open',
        detail: { metric: 'open', value: 1 },
        place: manhole.place,
        openedAt: new Date(now - 2 * MINUTE),
      });
    },
  });

  const openScene = () => suite.openWallScene('/?scene=iot');

  it(
    'counts devices by state, type and district and lists the alert before the silent device',
    async () => {
      const { page, errors } = await openScene();
      try {
        expect(await page.locator('[data-testid="scene-switch"] .is-active').innerText()).toBe(
          '物联感知',
        );
        await expect
          .poll(() => page.getByTestId('device-total').locator('b').innerText(), poll)
          .toBe('9');
        const state = (key: string) =>
          page.locator(`[data-testid="device-states"] [data-state="${key}"] b`).innerText();
        expect([
          await state('alert'),
          await state('silent'),
          await state('unknown'),
          await state('normal'),
        ]).toEqual(['1', '1', '1', '6']);
        expect(
          await page
            .locator('[data-testid="device-states"] [data-state="silent"] span')
            .innerText(),
        ).toBe('静默');

        const airToggle = page.locator('[data-testid="device-layers"] [data-type="air_quality"]');
        expect(await airToggle.locator('.type-toggle__name').innerText()).toBe('空气质量监测站');
        expect(await airToggle.locator('.type-toggle__count').innerText()).toBe('6');

        const district = (code: string) =>
          page.locator(`[data-testid="device-districts"] [data-key="${code}"]`);
        expect(await district('411202').locator('.count-bars__name').innerText()).toBe('湖滨区');
        expect(await district('411202').locator('.count-bars__count').innerText()).toBe('4');
        expect(await district('411203').locator('.count-bars__count').innerText()).toBe('3');

        const rows = page.locator('[data-testid="attention-list"] .device-row');
        await expect.poll(() => rows.count(), poll).toBe(2);
        expect(await rows.nth(0).getAttribute('data-device')).toBe('e2e-mh-01');
        expect(await rows.nth(0).locator('.device-row__state').innerText()).toBe('严重');
        expect(await rows.nth(1).getAttribute('data-device')).toBe('e2e-ns-01');
        expect(await rows.nth(1).locator('.device-row__name').innerText()).toBe(
          '灵宝市测试噪声点01',
        );

        // The same screen in English.
        await page.getByTestId('lang-toggle').click();
        await expect
          .poll(() => page.locator('[data-testid="scene-switch"] .is-active').innerText(), poll)
          .toBe('IoT');
        expect(
          await page
            .locator('[data-testid="device-states"] [data-state="silent"] span')
            .innerText(),
        ).toBe('Silent');
        expect(await airToggle.locator('.type-toggle__name').innerText()).toBe(
          'Air-quality station',
        );
        expect(await district('411202').locator('.count-bars__name').innerText()).toBe(
          'Hubin District',
        );
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'opens a device with its readings, open alert and 24-hour chart',
    async () => {
      const { page, errors } = await openScene();
      try {
        await page.locator('[data-testid="attention-list"] [data-device="e2e-mh-01"]').click();
        const detail = page.getByTestId('device-detail');
        await expect.poll(() => detail.getAttribute('data-device'), poll).toBe('e2e-mh-01');
        expect(await detail.locator('.device-detail__name').innerText()).toBe('湖滨区测试井盖01');
        expect(await detail.getByTestId('device-state').innerText()).toBe('告警 · 严重');
        const reading = (metric: string) =>
          detail.locator(`[data-testid="device-readings"] [data-metric="${metric}"]`);
        expect(await reading('water_cm').locator('.reading__name').innerText()).toBe('井内水深');
        expect(await reading('water_cm').locator('.reading__value').innerText()).toBe('12.50');
        expect(await reading('open').locator('.reading__value').innerText()).toBe('1');
        expect(await detail.locator('.open-alerts li span').innerText()).toBe(manholeAlertTitle);
        // The manhole charts its water depth first: every quarter hour of the last six hours.
        const chart = detail.getByTestId('series-chart');
        await expect.poll(() => chart.getAttribute('data-points'), poll).toBe(String(seriesPoints));
        await expect
          .poll(() => chart.locator('.series-chart__line').count(), poll)
          .toBeGreaterThan(0);

        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'iot-scene-detail.png'), await page.screenshot());
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'opens a device clicked on the map',
    async () => {
      const { page, errors } = await openScene();
      try {
        // Only the map is measured: the legend and the amber count over it are hidden.
        await page.addStyleTag({
          content: '.stage__bottom, .stage__toolbar, .time-bar { visibility: hidden; }',
        });
        const map = page.getByTestId('map');
        // The manhole in alert is the only orange (major) dot: click its centre.
        let centre: { x: number; y: number } | null = null;
        await expect
          .poll(
            async () => (centre = centroidOfPixels(await map.screenshot(), isMajorOrange)),
            poll,
          )
          .not.toBeNull();
        await map.click({ position: centre! });
        const detail = page.getByTestId('device-detail');
        await expect.poll(() => detail.getAttribute('data-device'), poll).toBe('e2e-mh-01');
        expect(await detail.getByTestId('device-state').innerText()).toBe('告警 · 严重');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'draws the devices in their state colours and hides a type from its legend toggle',
    async () => {
      const { page, errors } = await openScene();
      try {
        const map = page.getByTestId('map');
        // The legends over the map have a green swatch too: only the map itself is measured.
        await page.addStyleTag({ content: '.stage__bottom, .time-bar { visibility: hidden; }' });
        // Six air stations and nothing else is normal: their green dots are on the map.
        await expect
          .poll(async () => fractionOfPixels(await map.screenshot(), isNormalGreen), poll)
          .toBeGreaterThan(0);
        await writeFile(path.join(artifactsDir, 'iot-scene.png'), await page.screenshot());

        await page.locator('[data-testid="device-layers"] [data-type="air_quality"]').click();
        await expect
          .poll(() => page.getByTestId('map-device-count').locator('b').innerText(), poll)
          .toBe('3');
        await expect
          .poll(async () => fractionOfPixels(await map.screenshot(), isNormalGreen), poll)
          .toBe(0);
        expect(
          await page
            .locator('[data-testid="device-layers"] [data-type="air_quality"]')
            .getAttribute('aria-pressed'),
        ).toBe('false');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
