import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCity } from '../support/city.ts';
import { edgeSharpness } from './support/edge-sharpness.ts';
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
    'draws the map at the physical pixels of a 4K wall: district edges as crisp as at 1080p',
    async () => {
      if (!browser || !city) throw new Error('the city or the browser did not start');
      const measure = async (profile: '1080p' | '4k', width: number, height: number) => {
        const page = await browser!.newPage({ viewport: { width, height } });
        try {
          await page.goto(await screenUrl(city!.db, city!.url, `/?profile=${profile}`));
          await waitForTwinReady(page);
          // The map's drawing buffer against its size on screen (the wall canvas is scaled).
          const scale = await page.evaluate<number>(`(() => {
            const canvas = document.querySelector('[data-testid="map"] canvas');
            return canvas.width / canvas.getBoundingClientRect().width;
          })()`);
          const png = await page.getByTestId('map').screenshot();
          await writeFile(path.join(artifactsDir, `city-map-${profile}.png`), png);
          return { scale, ...edgeSharpness(png) };
        } finally {
          await page.close();
        }
      };
      await mkdir(artifactsDir, { recursive: true });
      const fullHd = await measure('1080p', 1920, 1080);
      const fourK = await measure('4k', 3840, 2160);
      const score = (measured: { steepSteps: number; brightPixels: number }) =>
        measured.steepSteps / Math.max(1, measured.brightPixels);
      console.log(
        `edge sharpness: 1080p ${JSON.stringify(fullHd)} → ${score(fullHd).toFixed(3)}, 4K ${JSON.stringify(fourK)} → ${score(fourK).toFixed(3)}`,
      );
      // One drawing-buffer pixel per screen pixel at both.
      expect(fullHd.scale).toBeCloseTo(1, 2);
      expect(fourK.scale).toBeCloseTo(1, 2);
      // Twice the resolution: about four times the bright edge pixels, and steps as steep.
      expect(fourK.brightPixels).toBeGreaterThan(fullHd.brightPixels * 2.5);
      expect(score(fourK)).toBeGreaterThan(score(fullHd) * 0.3);
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
