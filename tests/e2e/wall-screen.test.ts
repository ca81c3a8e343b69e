import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '@city-twin/city';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.ts';
import { screenToken } from '../support/access.ts';
import { useCitySuite } from './support/city-suite.ts';
import { insertDevices, MINUTE, places } from './support/seed-devices.ts';
import { seedWall, wallDevices as devices } from './support/seed-wall.ts';
import { poll, unexpectedErrors } from './support/session.ts';
import {
  activeScene,
  artifactsDir,
  captureScene,
  expectWallLayout,
  showScene,
  wallScenes,
} from './support/wall.ts';

// The wall-screen shell against the real stack: the overview's key numbers from devices,
// cameras and alerts written straight into the city's database, the scene playlist and its
// pause on interaction, a gateway stopped and started again under an open screen, the language
// switch, and every scene at 1080p and 4K: its layout and legibility (support/wall.ts) and a
// screenshot (artifacts/e2e/wall-*.png, cockpit-*.png).
const uiDir = path.resolve(import.meta.dirname, '../../packages/twin-ui/dist');

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

const profiles = [
  { label: '1080p', viewport: { width: 1920, height: 1080 } },
  { label: '4k', viewport: { width: 3840, height: 2160 } },
] as const;

const leader = { username: 'e2e-wall-leader', role: 'leader', displayName: '赵敏' } as const;

describe('wall screen (browser)', () => {
  let token = '';
  const suite = useCitySuite({
    async seed({ running: { db } }) {
      await mkdir(artifactsDir, { recursive: true });
      await seedWall(db);
      token = (await screenToken(db)).token;
    },
  });

  /** A wall screen on `path` at 1920×1080, still (reduced motion). */
  const openWall = (
    path: string,
    options: { baseUrl?: string; ready?: boolean } = {},
  ): ReturnType<typeof suite.openWallScene> =>
    // A rotating screen may leave a scene before its map has drawn: the caller waits instead.
    suite.openWallScene(path, { reducedMotion: true, readyTimeoutMs: 90_000, ...options });

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
        const answer = await figures(suite.running.url);
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
    const { page, errors } = await openWall('/?rotate=overview,iot,video&interval=5&resume=30', {
      ready: false,
    });
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
      // (While a scene's code loads, the previous scene stays mounted but hidden.)
      const title = await page.getByTestId('app-title').filter({ visible: true }).boundingBox();
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
    const { running } = suite;
    const port = await freePort();
    const startGateway = async (): Promise<{ gateway: Gateway; url: string }> => {
      const gateway = createGateway({ db: running.db, port, uiDir, log: () => undefined });
      return { gateway, url: await gateway.start() };
    };
    let current = await startGateway();
    const { page, errors } = await openWall('/', { baseUrl: current.url });
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
      await insertDevices(running.db, [
        {
          id: 'wall-ns-02',
          type: 'noise',
          name: '湖滨区墙屏测试噪声点02',
          place: places.hubin,
          latest: { db: 45 },
          quietMinutes: 1,
        },
      ]);
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

  // One page per audience, resized from 1080p to 4K rather than opened again: the scenes'
  // code and data are loaded once.
  it('draws every wall scene at 1080p and 4K in a legible layout (screenshots in artifacts/e2e)', async () => {
    const { page, errors } = await openWall('/');
    try {
      for (const { label, viewport } of profiles) {
        await page.setViewportSize(viewport);
        await expect
          .poll(() => page.getByTestId('wall').getAttribute('data-profile'), poll)
          .toBe(label);
        for (const scene of wallScenes) {
          await showScene(page, scene);
          await expectWallLayout(page, `${scene} at ${label}`);
          await captureScene(page, `wall-${scene}-${label}`);
        }
      }
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 600_000);

  it("draws the leaders' cockpit at 1080p and 4K (screenshots in artifacts/e2e)", async () => {
    const { page, errors } = await suite.openSignedIn('/?scene=cockpit', leader, {
      reducedMotion: true,
    });
    try {
      const cockpit = page.getByTestId('cockpit-scene');
      for (const { label, viewport } of profiles) {
        await page.setViewportSize(viewport);
        // The cockpit's responsive layout follows the window: its box fills the new width.
        await expect
          .poll(async () => (await cockpit.boundingBox())?.width ?? 0, poll)
          .toBeGreaterThan(viewport.width * 0.9);
        await captureScene(page, `cockpit-${label}`);
      }
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 300_000);
});
