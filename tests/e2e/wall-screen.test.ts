import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, type RunningCity } from '@city-twin/city';
import { createGateway, type Gateway } from '@city-twin/gateway';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.ts';
import { screenToken } from '../support/access.ts';
import { fractionOfPixels } from './support/pixels.ts';
import {
  launchWebGLBrowser,
  openPage,
  poll,
  screenUrl,
  startQuietCity,
  unexpectedErrors,
  waitForTwinReady,
} from './support/session.ts';

// The wall-screen shell against the real stack: the overview's key numbers from devices,
// cameras and alerts written straight into the city's database, the scene playlist and its
// pause on interaction, a gateway stopped and started again under an open screen, the language
// switch, and screenshots of every scene at 1080p and 4K (artifacts/e2e/wall-*.png).
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const uiDir = path.resolve(import.meta.dirname, '../../packages/twin-ui/dist');
const MINUTE = 60_000;
const HUBIN = { district: '411202', lon: 111.2, lat: 34.77 }; // 湖滨区
const LINGBAO = { district: '411282', lon: 110.894, lat: 34.517 }; // 灵宝市

type DeviceSeed = {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  district: string;
  latest: Record<string, number>;
  quietMinutes: number;
};

const devices: DeviceSeed[] = [
  ...Array.from({ length: 5 }, (_, i) => ({
    id: `wall-aq-0${i + 1}`,
    type: 'air_quality',
    name: `墙屏测试空气站0${i + 1}`,
    ...HUBIN,
    lon: HUBIN.lon + i * 0.02,
    latest: { pm25: 35 + i, aqi: 55 + i * 10 },
    quietMinutes: 1,
  })),
  {
    id: 'wall-mh-01',
    type: 'manhole',
    name: '湖滨区墙屏测试井盖01',
    ...HUBIN,
    lat: HUBIN.lat - 0.01,
    latest: { open: 1, tilt_deg: 2, water_cm: 10 },
    quietMinutes: 1,
  },
  {
    id: 'wall-ns-01',
    type: 'noise',
    name: '灵宝市墙屏测试噪声点01',
    ...LINGBAO,
    latest: { db: 50 },
    quietMinutes: 240,
  },
];

const cameras = [
  { id: 'wall-cam-01', name: '墙屏测试摄像机01', online: true },
  { id: 'wall-cam-02', name: '墙屏测试摄像机02', online: true },
  { id: 'wall-cam-03', name: '墙屏测试摄像机03', online: false },
];

const alerts = [
  {
    subject: 'iot:wall-mh-01',
    rule: 'manhole.open',
    severity: 3,
    title: '湖滨区墙屏测试井盖01：井盖开启',
  },
  { subject: 'iot:wall-x-01', rule: 'wall.test.a', severity: 4, title: '墙屏测试告警A' },
  { subject: 'iot:wall-x-02', rule: 'wall.test.b', severity: 3, title: '墙屏测试告警B' },
];

type Figures = {
  deviceSummary: { total: number; byState: { key: string; count: number }[] };
  cameraSummary: { total: number; online: number; onlineRate: number | null };
  hotlineStats: {
    accepted: number;
    completionRate: number | null;
    satisfactionRate: number | null;
    overdueOpen: number;
  };
  alerts: { edges: { node: { severity: number } }[] };
};

const figuresQuery = /* GraphQL */ `
  query WallFigures($today: LocalDate!) {
    deviceSummary {
      total
      byState {
        key
        count
      }
    }
    cameraSummary {
      total
      online
      onlineRate
    }
    hotlineStats(from: $today, to: $today) {
      accepted
      completionRate
      satisfactionRate
      overdueOpen
    }
    alerts(status: [open, acknowledged], first: 100) {
      edges {
        node {
          severity
        }
      }
    }
  }
`;

/** Today in Sanmenxia (UTC+8). */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 60 * MINUTE).toISOString().slice(0, 10);
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}

/** Lit pixels: anything brighter than the navy background. */
function isLit([r, g, b]: [number, number, number]): boolean {
  return r + g + b > 150;
}

async function insertDevice(running: RunningCity, device: DeviceSeed): Promise<void> {
  await running.db.query(
    `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id, latest, latest_ts)
     VALUES ($1, $2, $3, $4, $5, $6, now() - interval '1 day', $1 || ':meta', $7, $8)`,
    [
      device.id,
      device.type,
      device.name,
      device.lon,
      device.lat,
      device.district,
      JSON.stringify(device.latest),
      new Date(Date.now() - device.quietMinutes * MINUTE),
    ],
  );
}

/** The wall's scenes (the 3D city joins when its scene is finished). */
const wallScenes = ['overview', 'iot', 'video', 'hotline', 'alerts'];

const activeScene = (page: Page): Promise<string | null> =>
  page.locator('[data-testid="scene-switch"] .is-active').getAttribute('data-scene');

describe('wall screen (browser)', () => {
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let running: RunningCity | undefined;
  let browser: Browser | undefined;
  let token = '';

  beforeAll(async () => {
    await mkdir(artifactsDir, { recursive: true });
    [city, browser] = await Promise.all([startQuietCity(), launchWebGLBrowser()]);
    running = city.running;
    const { db } = running;
    for (const device of devices) await insertDevice(running, device);
    for (const camera of cameras) {
      await db.query(
        `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
         VALUES ($1, $2, $3, $4, $5, now() - interval '1 day', $1 || ':meta', $6, now() - interval '5 minutes')`,
        [camera.id, camera.name, HUBIN.lon + 0.01, HUBIN.lat, HUBIN.district, camera.online],
      );
    }
    for (const alert of alerts) {
      await db.query(
        `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
           title_en, detail, district, lon, lat, opened_at, last_seen_at)
         VALUES ($1, $2, 'iot', 'threshold', $3, $3, 'open', $4, $4, '{}', $5, $6, $7,
           now() - interval '3 minutes', now())`,
        [
          alert.rule,
          alert.subject,
          alert.severity,
          alert.title,
          HUBIN.district,
          HUBIN.lon,
          HUBIN.lat,
        ],
      );
    }
    token = (await screenToken(db)).token;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  async function openWall(
    path: string,
    baseUrl?: string,
    options: { viewport?: { width: number; height: number }; ready?: boolean } = {},
  ): Promise<{ page: Page; errors: string[] }> {
    if (!browser || !running) throw new Error('the city or the browser did not start');
    const { page, errors } = await openPage(browser, { reducedMotion: true });
    await page.setViewportSize(options.viewport ?? { width: 1920, height: 1080 });
    await page.goto(await screenUrl(running.db, baseUrl ?? running.url, path));
    // A rotating screen may leave a scene before its map has drawn: the caller waits instead.
    if (options.ready ?? true) await waitForTwinReady(page, 90_000);
    return { page, errors };
  }

  async function figures(baseUrl: string): Promise<Figures> {
    return gql<Figures>(baseUrl, figuresQuery, { today: chinaToday() }, { token });
  }

  it("shows the three streams' key numbers as GraphQL answers them, in either language", async () => {
    const { page, errors } = await openWall('/');
    try {
      expect(await page.getByTestId('wall').getAttribute('data-profile')).toBe('1080p');
      const kpi = (name: string) =>
        page.locator(`[data-testid="kpi-${name}"] .kpi-figure__value`).innerText();
      const severityFigure = (severity: number) =>
        page.locator(`[data-testid="indicators-alerts"] [data-severity="${severity}"]`).innerText();
      // What GraphQL answers, as the screen should show it. Ingest may raise a silence alert
      // meanwhile, so both sides are read afresh at each poll.
      const expected = async () => {
        const answer = await figures(running!.url);
        const byState = (key: string) =>
          String(answer.deviceSummary.byState.find((item) => item.key === key)?.count ?? 0);
        const severities = (severity: number) =>
          String(answer.alerts.edges.filter((edge) => edge.node.severity === severity).length);
        return {
          devices: String(answer.deviceSummary.total),
          alert: byState('alert'),
          silent: byState('silent'),
          onlineRate: percent(answer.cameraSummary.onlineRate),
          online: `${answer.cameraSummary.online}/${answer.cameraSummary.total}`,
          accepted: String(answer.hotlineStats.accepted),
          completion: percent(answer.hotlineStats.completionRate),
          satisfaction: percent(answer.hotlineStats.satisfactionRate),
          overdue: String(answer.hotlineStats.overdueOpen),
          critical: severities(4),
          major: severities(3),
          minor: severities(2),
          tickerItems: answer.alerts.edges.length,
        };
      };
      const shown = async (): Promise<Awaited<ReturnType<typeof expected>>> => ({
        devices: await kpi('devices'),
        alert: await kpi('devices-alert'),
        silent: await kpi('devices-silent'),
        onlineRate: await kpi('camera-online-rate'),
        online: await kpi('cameras-online'),
        accepted: await kpi('orders-today'),
        completion: await kpi('completion-rate'),
        satisfaction: await kpi('satisfaction-rate'),
        overdue: await kpi('overdue'),
        critical: await severityFigure(4),
        major: await severityFigure(3),
        minor: await severityFigure(2),
        tickerItems: await page.getByTestId('ticker-item').count(),
      });
      await expect
        .poll(async () => {
          const [screen, answer] = await Promise.all([shown(), expected()]);
          return JSON.stringify(screen) === JSON.stringify(answer)
            ? 'match'
            : JSON.stringify({ screen, answer });
        }, poll)
        .toBe('match');
      // And what was written: 7 devices, 2 of 3 cameras online, 2 major alerts and a critical one.
      const screen = await shown();
      expect(screen.devices).toBe(String(devices.length));
      expect(screen.onlineRate).toBe('66.67%');
      expect(screen.online).toBe('2/3');
      expect(screen.major).toBe('2');
      expect(screen.critical).toBe('1');

      const iotTitle = page.locator('[data-testid="indicators-iot"] .panel__title > span').first();
      expect(await iotTitle.innerText()).toBe('物联感知');
      expect(await page.locator('[data-testid="kpi-devices"] .kpi-figure__label').innerText()).toBe(
        '设备总数',
      );
      await page.getByTestId('lang-toggle').click();
      await expect.poll(() => iotTitle.innerText(), poll).toBe('IoT network');
      expect(await page.locator('[data-testid="kpi-devices"] .kpi-figure__label').innerText()).toBe(
        'Devices',
      );
      expect(
        await page
          .locator('[data-testid="indicators-hotline"] .panel__title > span')
          .first()
          .innerText(),
      ).toBe('12345 hotline · today');
      await page.getByTestId('lang-toggle').click();
      await expect.poll(() => iotTitle.innerText(), poll).toBe('物联感知');
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 150_000);

  it('rotates through the playlist and pauses while someone uses the screen', async () => {
    const { page, errors } = await openWall(
      '/?rotate=overview,iot,video&interval=5&resume=30',
      undefined,
      { ready: false },
    );
    try {
      const indicator = page.getByTestId('rotation-indicator');
      await indicator.waitFor({ timeout: poll.timeout });
      expect(await indicator.getAttribute('data-phase')).toBe('rotating');
      expect(await indicator.innerText()).toContain('轮播中');
      expect(await indicator.innerText()).toContain('下一场景：物联感知');

      await expect.poll(() => activeScene(page), poll).toBe('iot');
      expect(new URL(page.url()).searchParams.get('scene')).toBe('iot');
      await expect.poll(() => indicator.innerText(), poll).toContain('下一场景：视联网');

      // A click anywhere (on the title, by coordinates: it has no handler of its own).
      const title = await page.getByTestId('app-title').boundingBox();
      if (!title) throw new Error('no title on the screen');
      await page.mouse.click(title.x + title.width / 2, title.y + title.height / 2);
      await expect.poll(() => indicator.getAttribute('data-phase'), poll).toBe('paused');
      expect(await indicator.innerText()).toContain('已暂停');
      const pausedOn = await activeScene(page);
      const pausedAt = Date.now();
      // Watched through more than two intervals: the scene stays while paused.
      const seen = new Set<string | null>();
      await expect
        .poll(
          async () => {
            seen.add(await activeScene(page));
            return Date.now() - pausedAt;
          },
          { timeout: 30_000, interval: 250 },
        )
        .toBeGreaterThan(12_000);
      expect([...seen]).toEqual([pausedOn]);
      expect(await indicator.getAttribute('data-phase')).toBe('paused');

      // Left alone for the quiet period, it rotates on.
      await expect
        .poll(() => indicator.getAttribute('data-phase'), { ...poll, timeout: 60_000 })
        .toBe('rotating');
      await expect.poll(() => activeScene(page), { ...poll, timeout: 60_000 }).not.toBe(pausedOn);
      // Switching scenes every 5 s stops subscriptions while they wait to reconnect: no
      // unhandled rejection may come of it (it once did, as 'pageerror: Object').
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('shows the reconnecting state while the gateway is down and recovers without a reload', async () => {
    if (!running) throw new Error('the city did not start');
    const port = await freePort();
    const startGateway = async (): Promise<{ gateway: Gateway; url: string }> => {
      const gateway = createGateway({ db: running!.db, port, uiDir, log: () => undefined });
      return { gateway, url: await gateway.start() };
    };
    let current = await startGateway();
    const { page, errors } = await openWall('/', current.url);
    try {
      const devicesFigure = page.locator('[data-testid="kpi-devices"] .kpi-figure__value');
      await expect.poll(() => devicesFigure.innerText(), poll).toBe(String(devices.length));
      await page.evaluate('window.__sameDocument = true');

      await current.gateway.stop();
      const banner = page.getByTestId('link-banner');
      await expect.poll(() => banner.innerText(), poll).toContain('正在重连…');
      expect(await banner.innerText()).toMatch(/数据截至 \d{2}:\d{2}/);
      await page.screenshot({ path: path.join(artifactsDir, 'wall-reconnecting.png') });

      // A device joins while the screen cannot see it.
      await insertDevice(running, {
        id: 'wall-ns-02',
        type: 'noise',
        name: '湖滨区墙屏测试噪声点02',
        ...HUBIN,
        latest: { db: 45 },
        quietMinutes: 1,
      });
      current = await startGateway();
      await expect
        .poll(() => devicesFigure.innerText(), { ...poll, timeout: 90_000 })
        .toBe(String(devices.length + 1));
      await expect.poll(() => banner.count(), { ...poll, timeout: 60_000 }).toBe(0);
      expect(await page.evaluate('window.__sameDocument')).toBe(true);
      // The outage itself leaves the browser's connection-refused lines, nothing else.
      expect(
        unexpectedErrors(errors).filter(
          (line) =>
            !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET/.test(
              line,
            ),
        ),
      ).toEqual([]);
    } finally {
      await page.close();
      await current.gateway.stop();
      await running.db.query(`DELETE FROM device WHERE id = 'wall-ns-02'`);
    }
  }, 240_000);

  for (const [label, viewport] of [
    ['1080p', { width: 1920, height: 1080 }],
    ['4k', { width: 3840, height: 2160 }],
  ] as const) {
    it(`draws every scene at ${label} (screenshots in artifacts/e2e)`, async () => {
      const { page, errors } = await openWall('/', undefined, { viewport });
      try {
        expect(await page.getByTestId('wall').getAttribute('data-profile')).toBe(label);
        for (const scene of wallScenes) {
          if (scene !== 'overview') {
            await page.evaluate('window.__twinReady = false');
            await page.locator(`[data-testid="scene-switch"] [data-scene="${scene}"]`).click();
            await waitForTwinReady(page, 90_000);
          }
          // The map's region of the screen is drawn, not blank.
          const box = await page.locator('canvas').first().boundingBox();
          if (!box) throw new Error(`no map canvas on ${scene}`);
          await expect
            .poll(
              async () =>
                fractionOfPixels(await page.screenshot({ clip: box, timeout: 120_000 }), isLit),
              { ...poll, timeout: 120_000 },
            )
            .toBeGreaterThan(0.005);
          const shot = await page.screenshot({ timeout: 120_000 });
          expect(shot.length).toBeGreaterThan(50_000);
          expect(fractionOfPixels(shot, isLit)).toBeGreaterThan(0.02);
          await writeFile(path.join(artifactsDir, `wall-${scene}-${label}.png`), shot);
        }
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    }, 900_000);
  }
});
