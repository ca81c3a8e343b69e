import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCity } from '../support/city.ts';
import { fractionOfPixels, isAqiBandColour, isDistrictCyan } from './support/pixels.ts';
import {
  launchWebGLBrowser,
  openPage,
  poll,
  screenUrl,
  waitForTwinReady,
} from './support/session.ts';

const districtNames = ['湖滨区', '陕州区', '渑池县', '卢氏县', '义马市', '灵宝市'];
// The demo city at scale 1 has 120 air-quality stations.
const stationCount = 120;
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
// Software WebGL is slow: generous waits (`poll`), each shorter than the test so a timeout
// names the condition that did not come true.
const testMs = 60_000;

describe('city map (browser)', () => {
  let city: Awaited<ReturnType<typeof startTestCity>> | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [city, browser] = await Promise.all([startTestCity(), launchWebGLBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  /**
   * Opens the screen at 1920×1080 as a wall screen (its token in the URL) and waits until
   * deck.gl drew the districts and stations.
   */
  async function openScreen(): Promise<{ page: Page; errors: string[] }> {
    if (!browser || !city) throw new Error('the city or the browser did not start');
    const { page, errors } = await openPage(browser);
    await page.goto(await screenUrl(city.db, city.url));
    await waitForTwinReady(page);
    return { page, errors };
  }

  it(
    'shows the six districts by name and draws them on the map, without console errors',
    async () => {
      const { page, errors } = await openScreen();
      try {
        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'city-map.png'), await page.screenshot());

        const districtList = page.getByTestId('district-list');
        for (const name of districtNames) {
          expect(await districtList.getByText(name, { exact: true }).isVisible(), name).toBe(true);
        }

        // Every simulated station announces itself; the panel counts them within a poll or two.
        await expect
          .poll(async () => Number(await page.getByTestId('station-count').innerText()), poll)
          .toBe(stationCount);

        const map = page.getByTestId('map');
        expect(
          fractionOfPixels(await map.screenshot(), isDistrictCyan),
          'district edges and fill',
        ).toBeGreaterThan(0.02);
        // Stations take their AQI colour once their first readings are stored and polled.
        await expect
          .poll(async () => fractionOfPixels(await map.screenshot(), isAqiBandColour), poll)
          .toBeGreaterThan(0.002);
        await writeFile(path.join(artifactsDir, 'city-map.png'), await page.screenshot());

        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'switches to English and keeps the choice after a reload',
    async () => {
      const { page, errors } = await openScreen();
      try {
        const title = page.getByTestId('app-title');
        expect(await title.innerText()).toBe('三门峡城市运行指挥中心');

        await page.getByTestId('lang-toggle').click();
        await expect
          .poll(() => title.innerText(), poll)
          .toBe('Sanmenxia City Operations Command Centre');
        expect(await page.getByTestId('district-list').innerText()).toContain('Lingbao City');

        await page.reload();
        await expect
          .poll(() => title.innerText(), poll)
          .toBe('Sanmenxia City Operations Command Centre');

        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
