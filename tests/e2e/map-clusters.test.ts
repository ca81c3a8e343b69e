import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signIn } from '../support/access.ts';
import { gql } from '../support/graphql.ts';
import { useCitySuite } from './support/city-suite.ts';
import { centroidOfPixels, type Rgb } from './support/pixels.ts';
import {
  type DeviceSeed,
  insertAlert,
  insertDevices,
  MINUTE,
  type Place,
} from './support/seed-devices.ts';
import { poll } from './support/session.ts';

// Clusters on the IoT map (issue 7): seven devices a few metres apart in Lingbao — five normal,
// one silent, one manhole in alert — are one cluster at wall zoom; its hover card counts them,
// their alert and their silent device, as GraphQL reports their states. The city runs without
// simulators: these and two lone devices far away are the only devices on the map.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 100_000;

/** Web Mercator world pixels (deck.gl's 512-pixel world) of a lon/lat at a zoom. */
function worldPixels(lon: number, lat: number, zoom: number): [number, number] {
  const scale = 512 * 2 ** zoom;
  const phi = (lat * Math.PI) / 180;
  return [
    ((lon + 180) / 360) * scale,
    ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * scale,
  ];
}

/**
 * A place near Lingbao at least 4 pixels inside a cluster cell (22 pixels) at every clustering
 * level the wall's map may fit the city at, so the group never straddles two cells.
 */
function groupCentre(): Place {
  const insideAtEveryLevel = (value: number) =>
    [7.5, 8, 8.5, 9].every((zoom) => {
      const within = (((value * 2 ** (zoom - 8)) % 22) + 22) % 22;
      return within >= 4 && within <= 18;
    });
  for (let step = 0; step < 2000; step += 1) {
    const lon = 110.85 + step * 0.0005;
    if (!insideAtEveryLevel(worldPixels(lon, 34.52, 8)[0])) continue;
    for (let row = 0; row < 2000; row += 1) {
      const lat = 34.5 + row * 0.0005;
      if (insideAtEveryLevel(worldPixels(lon, lat, 8)[1])) return { district: '411282', lon, lat };
    }
  }
  throw new Error('no place inside a cell at every level');
}

const centre = groupCentre();
const at = (dLon: number, dLat: number): Place => ({
  ...centre,
  lon: centre.lon + dLon,
  lat: centre.lat + dLat,
});
const group: DeviceSeed[] = [
  ...Array.from({ length: 5 }, (_, i) => ({
    id: `e2e-cl-aq-${i + 1}`,
    type: 'air_quality',
    name: `聚合测试空气站${i + 1}`,
    place: at((i - 2) * 0.0004, (i % 2) * 0.0003),
    latest: { pm25: 30, aqi: 50 },
    quietMinutes: 1,
  })),
  {
    id: 'e2e-cl-ns-1',
    type: 'noise',
    name: '聚合测试噪声点',
    place: at(0.0002, -0.0004),
    latest: { db: 45 },
    quietMinutes: 180,
  },
  {
    id: 'e2e-cl-mh-1',
    type: 'manhole',
    name: '聚合测试井盖',
    place: at(-0.0003, -0.0002),
    latest: { open: 1, tilt_deg: 1, water_cm: 3 },
    quietMinutes: 1,
  },
];
const loners: DeviceSeed[] = [
  {
    id: 'e2e-cl-far-1',
    type: 'air_quality',
    name: '聚合测试远处站1',
    place: { district: '411202', lon: 111.2, lat: 34.77 },
    latest: { pm25: 30, aqi: 50 },
    quietMinutes: 1,
  },
  {
    id: 'e2e-cl-far-2',
    type: 'air_quality',
    name: '聚合测试远处站2',
    place: { district: '411221', lon: 111.76, lat: 34.77 },
    latest: { pm25: 30, aqi: 50 },
    quietMinutes: 1,
  },
];

/** The major severity's orange ([255, 140, 26]): here only the ring of the cluster in alert. */
function isMajorOrange([r, g, b]: Rgb): boolean {
  return r >= 230 && g >= 110 && g <= 170 && b <= 70;
}

describe('map clusters (browser)', () => {
  const suite = useCitySuite({
    async seed({ running: { db } }) {
      const now = Date.now();
      await insertDevices(db, [...group, ...loners], now);
      await insertAlert(db, {
        ruleId: 'manhole.open',
        subject: 'iot:e2e-cl-mh-1',
        source: 'iot',
        severity: 3,
        title: '聚合测试井盖：井盖开启',
        detail: { metric: 'open', value: 1 },
        place: at(-0.0003, -0.0002),
        openedAt: new Date(now - 2 * MINUTE),
      });
    },
  });

  it(
    'groups crowded devices into one cluster whose hover card counts them, their alert and their silent device as GraphQL does',
    async () => {
      const { running } = suite;
      const { token } = await signIn(running.db, 'admin');
      const { devices } = await gql<{ devices: { id: string; state: string }[] }>(
        running.url,
        '{ devices { id state } }',
        {},
        { token },
      );
      const members = devices.filter((device) => group.some((seed) => seed.id === device.id));
      const expected = {
        count: members.length,
        alert: members.filter((device) => device.state === 'alert').length,
        silent: members.filter((device) => device.state === 'silent').length,
      };
      expect(expected).toEqual({ count: 7, alert: 1, silent: 1 });

      const { page, errors } = await suite.openWallScene('/?scene=iot');
      try {
        await page.addStyleTag({
          content: '.stage__bottom, .stage__toolbar, .time-bar { visibility: hidden; }',
        });
        const map = page.getByTestId('map');
        let ring: { x: number; y: number } | null = null;
        await expect
          .poll(async () => (ring = centroidOfPixels(await map.screenshot(), isMajorOrange)), poll)
          .not.toBeNull();
        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'map-clusters.png'), await page.screenshot());

        const box = await map.boundingBox();
        if (!box || !ring) throw new Error('the map is not on screen');
        const { x, y } = ring as { x: number; y: number };
        await page.mouse.move(box.x + x, box.y + y);
        const tooltip = page.getByTestId('map-tooltip');
        await expect.poll(() => tooltip.isVisible(), poll).toBe(true);
        const value = (label: string) =>
          tooltip.locator('.map-tooltip__row', { hasText: label }).locator('b').innerText();
        expect(await tooltip.locator('.map-tooltip__title').innerText()).toBe(
          `${expected.count} 个设备`,
        );
        expect(await value('点位数')).toBe(String(expected.count));
        expect(await value('告警')).toBe(String(expected.alert));
        expect(await value('静默')).toBe(String(expected.silent));
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
