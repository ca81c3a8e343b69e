import { backfillHotline } from '@city-twin/city';
import type { CDPSession, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useCitySuite } from './support/city-suite.ts';
import {
  type AlertSeed,
  type CameraSeed,
  type DeviceSeed,
  insertAlert,
  insertCameras,
  insertDevices,
  near,
  places,
} from './support/seed-devices.ts';
import { poll, unexpectedErrors } from './support/session.ts';
import { wallScenes } from './support/wall.ts';

// Issue 7: a wall screen left alone must not grow. One screen runs the app's own playlist
// (every wall scene, the shortest dwell the app allows) over a city with content in every scene:
// two days of 12345 history from the backfill, stations, cameras and open alerts. Each time the
// overview comes round with its figures filled in, the page is garbage-collected and measured.
// The first round is warm-up (code loads, caches fill); the last round is compared with the
// first after it.
//
// What is asserted, and why (runs on this 2-core machine, Chromium on llvmpipe, 6 s a scene):
// - DOM nodes and event listeners within ±10 %: with nothing leaking they repeat exactly
//   (622 nodes, 212 listeners on the overview every round). Before the deck.gl map freed its
//   device (map/use-device-release.ts) the same test read nodes 4,210 → 7,798 → 11,386 and
//   listeners 450 → 688 → 926 in rounds 1–3.
// - Live WebGL contexts: the overview's map holds one; before the fix 6 → 11 → 16 (every
//   scene's map stayed alive until Chromium's limit of 16 dropped the oldest).
// - No 3D city renderer once the 3D city has gone (window.__twinCity3dRenderers).
// - JS heap: not held to ±10 % here. After a forced GC it still rises a few per cent a round in
//   the first minutes (12.84 → 13.33 → 13.59 MiB, +6 % over rounds 1–3) with no object of the
//   app's growing: heap-snapshot censuses put the rise in V8's optimised code and in the
//   browser's bounded buffers (resource and layout-shift timing entries, DevTools' network
//   records for the test's CDP session). The leak read 15.94 → 22.72 MiB (+43 %). The bound is
//   +25 % over the rounds; the ±10 % of issue 7 is judged over 30 minutes by
//   `pnpm bench:ui --minutes 30`.
const dwellSeconds = 6;
/** Rounds after the warm-up one. */
const measuredRounds = 3;
const heapBound = 0.25;

const devices: DeviceSeed[] = Array.from({ length: 12 }, (_, index) => ({
  id: `e2e-mem-aq-${String(index + 1).padStart(2, '0')}`,
  type: 'air_quality',
  name: `内存测试空气站${index + 1}`,
  place: near(index % 2 === 0 ? places.hubin : places.shanzhou, index * 0.01, index * 0.004),
  latest: { pm25: 20 + index * 6, aqi: 30 + index * 12 },
  // Fresh readings: no silence alert opens while the test runs (the rule waits 10 minutes).
  quietMinutes: 0,
}));

// All online: an offline camera would open an alert at the next sweep and change the ticker.
const cameras: CameraSeed[] = Array.from({ length: 8 }, (_, index) => ({
  id: `e2e-mem-cam-${index + 1}`,
  name: `内存测试摄像机${index + 1}`,
  place: near(index % 2 === 0 ? places.mianchi : places.lingbao, index * 0.01),
  online: true,
}));

// Twelve or more open alerts fill the ticker's first listing (12 items) on every visit, whatever
// the hotline history's own overdue alerts do meanwhile.
const alerts: AlertSeed[] = Array.from({ length: 12 }, (_, index) => ({
  ruleId: `e2e.memory.${index + 1}`,
  subject: `iot:${devices[index]!.id}`,
  source: 'iot',
  severity: ((index % 4) + 1) as AlertSeed['severity'],
  title: `内存测试告警${index + 1}`,
  titleEn: `Memory test alert ${index + 1}`,
  place: devices[index]!.place,
  openedAt: new Date(Date.now() - (index + 1) * 60_000),
}));

const suite = useCitySuite({
  timeoutMs: 180_000,
  seed: async ({ running }) => {
    await backfillHotline(running.db, { days: 2 });
    await insertDevices(running.db, devices);
    await insertCameras(running.db, cameras);
    for (const alert of alerts) await insertAlert(running.db, alert);
  },
});

type Sample = {
  round: number;
  nodes: number;
  listeners: number;
  heapMiB: number;
  canvases: number;
  /** WebGL contexts still reachable after GC and not lost. */
  liveWebGL: number;
  renderers3d: number;
};

// String expressions: the tests compile without the DOM library.
const sceneNow = `new URLSearchParams(location.search).get('scene') ?? 'overview'`;
/** Items the ticker shows from its first listing (alert-feed.ts). */
const tickerFirstListing = 12;
/** The overview is shown with its figures, its ticker and its map. */
const overviewFilled = `(() =>
  (${sceneNow}) === 'overview' &&
  document.querySelector('[data-testid="kpi-devices"] .kpi-figure__value')?.textContent === '${devices.length}' &&
  document.querySelectorAll('[data-testid="ticker-item"]').length === ${tickerFirstListing} &&
  document.querySelector('[data-testid="map"] canvas') !== null)()`;

/** Live WebGL contexts: every instance the heap still holds (queryObjects collects first). */
async function liveWebGLContexts(cdp: CDPSession): Promise<number> {
  let live = 0;
  for (const prototype of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
    const { result } = (await cdp.send('Runtime.evaluate', {
      expression: `${prototype}.prototype`,
      objectGroup: 'wall-memory',
    })) as { result: { objectId?: string } };
    if (result.objectId === undefined) throw new Error(`no ${prototype} in the page`);
    const { objects } = (await cdp.send('Runtime.queryObjects', {
      prototypeObjectId: result.objectId,
      objectGroup: 'wall-memory',
    })) as { objects: { objectId?: string } };
    const { result: count } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration:
        'function () { return this.filter((gl) => !gl.isContextLost()).length; }',
      returnByValue: true,
    })) as { result: { value: number } };
    live += count.value;
  }
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'wall-memory' });
  return live;
}

async function measure(page: Page, cdp: CDPSession, round: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const metric = (name: string): number => {
    const value = metrics.find((item) => item.name === name)?.value;
    if (value === undefined) throw new Error(`Performance.getMetrics has no ${name}`);
    return value;
  };
  return {
    round,
    nodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    heapMiB: Math.round((metric('JSHeapUsedSize') / 2 ** 20) * 100) / 100,
    canvases: await page.evaluate<number>(`document.querySelectorAll('canvas').length`),
    liveWebGL: await liveWebGLContexts(cdp),
    renderers3d: await page.evaluate<number>(`window.__twinCity3dRenderers ?? 0`),
  };
}

it('keeps DOM nodes, listeners, WebGL contexts and the heap flat over an unattended rotation', async () => {
  const { page, errors } = await suite.openWallScene(`/?rotate=&interval=${dwellSeconds}`, {
    ready: false,
  });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // The scenes shown since the last sample (the playlist announces each with popstate).
    await page.evaluate(`(() => {
      window.__memoryScenes = new Set([${sceneNow}]);
      window.addEventListener('popstate', () => window.__memoryScenes.add(${sceneNow}));
    })()`);
    const waitFor = (expression: string, timeout: number) =>
      page.waitForFunction(expression, undefined, { polling: poll.interval, timeout });
    const roundMs = wallScenes.length * dwellSeconds * 1000;

    const samples: Sample[] = [];
    const shownPerRound: string[][] = [];
    let late = 0;
    // A sample that took so long the playlist moved on is dropped; the next round stands in.
    for (let round = 0; samples.length <= measuredRounds && late <= 2; round += 1) {
      if (round > 0) {
        // Away from the overview and round the whole playlist back to it.
        await waitFor(`(${sceneNow}) !== 'overview'`, roundMs);
      }
      await waitFor(overviewFilled, roundMs + poll.timeout);
      const shown = await page.evaluate<string[]>(`(() => {
        const shown = [...window.__memoryScenes];
        window.__memoryScenes = new Set([${sceneNow}]);
        return shown;
      })()`);
      const sample = await measure(page, cdp, round);
      if (!(await page.evaluate<boolean>(overviewFilled))) {
        late += 1;
        continue;
      }
      samples.push(sample);
      shownPerRound.push(shown);
    }
    expect(samples.length, 'rounds sampled while the overview was still shown').toBe(
      measuredRounds + 1,
    );
    console.log(
      `wall memory, one sample per round on the overview (${dwellSeconds} s a scene):\n` +
        samples.map((sample) => JSON.stringify(sample)).join('\n'),
    );

    // The rotation went through every wall scene in every measured round.
    for (const shown of shownPerRound.slice(1)) {
      expect([...shown].sort()).toEqual([...wallScenes].sort());
    }
    const first = samples[1]!;
    const last = samples.at(-1)!;
    for (const sample of samples.slice(1)) {
      expect(sample.liveWebGL, `round ${sample.round}: live WebGL contexts`).toBe(1);
      expect(sample.renderers3d, `round ${sample.round}: 3D renderers`).toBe(0);
      expect(sample.canvases, `round ${sample.round}: canvases`).toBe(first.canvases);
    }
    expect(last.nodes).toBeGreaterThanOrEqual(first.nodes * 0.9);
    expect(last.nodes).toBeLessThanOrEqual(first.nodes * 1.1);
    expect(last.listeners).toBeGreaterThanOrEqual(first.listeners * 0.9);
    expect(last.listeners).toBeLessThanOrEqual(first.listeners * 1.1);
    expect(last.heapMiB).toBeLessThanOrEqual(first.heapMiB * (1 + heapBound));
    expect(unexpectedErrors(errors)).toEqual([]);
  } finally {
    await page.close();
  }
}, 240_000);
