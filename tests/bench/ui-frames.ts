// UI benchmark (issue 7 "Measured", DESIGN §7 UI). Starts the demo city (simulators on: the
// map has the demo city's devices, cameras and stations) with a few days of 12345 history from
// the backfill, opens the built wall screen (packages/twin-ui/dist, from `pnpm build`; nothing
// is built here) in Debian's Chromium with software WebGL, and prints:
//   1. first meaningful frame of the overview on cold loads (fresh browser context each): the
//      time from navigation start until the map canvas has drawn district pixels and the first
//      data panel shows a number, polled in the page every 50 ms (support/ui-probes.ts);
//   2. the production bundle: every file of dist/assets, raw and gzip (node:zlib, level 9),
//      and the JS files each scene's URL requests on a fresh load;
//   3. frame rate at 1920×1080, per scene (every value of `scenes` in
//      packages/twin-ui/src/app/screen-location.ts, read at run time) and for a baseline page
//      holding one deck.gl Deck with no layers (deck.gl's standalone bundle of the same
//      version, served from 127.0.0.1). Each page runs as shipped for a window ("natural":
//      requestAnimationFrame callbacks/s, animation frames with WebGL draw calls/s, deck.gl
//      redraws/s — deck.gl redraws only on change, so an idle scene shows ~60 rAF/s and ~0
//      redraws), then with deck.gl's `_animate` prop set (a redraw every frame, "forced"):
//      forced redraws/s of a scene ÷ those of the empty Deck is the ratio of DESIGN §7;
//   4. CPU of the page over the natural window: the renderer's main thread (CDP
//      Performance.getMetrics TaskDuration delta ÷ wall time) and every Chromium process of
//      this run (renderer, GPU process with llvmpipe, browser; from /proc), in % of one core;
//   5. memory over an unattended rotation in one page (the app's own playlist, `?rotate=` with
//      `interval` = the dwell): once per scene a forced GC (HeapProfiler.collectGarbage), then JS
//      heap used, DOM nodes and event listeners (Performance.getMetrics). The first cycle is
//      warm-up; per scene, the first later sample is compared with the last.
// Asserts nothing; every wait is bounded and everything stops itself; only 127.0.0.1.
// Usage: pnpm bench:ui [--minutes 5] [--window 20] [--forced 10] [--dwell 15] [--cold 3] [--days 3]
// (the real memory run: --minutes 30)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { backfillHotline } from '@city-twin/city';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startTestCity } from '../support/city.ts';
import { writeBenchResult, type BenchFigure } from './support/bench-result.ts';
import { webglRenderer } from '../e2e/support/browser.ts';
import { launchWebGLBrowser, screenUrl } from '../e2e/support/session.ts';
import { serveBaseline } from './support/baseline-server.ts';
import {
  canvasSizesScript,
  runningAnimationsScript,
  chromiumTicks,
  findDecksScript,
  firstFrameScript,
  frameCounterScript,
} from './support/ui-probes.ts';

const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    minutes: { type: 'string', default: '5' },
    window: { type: 'string', default: '20' },
    forced: { type: 'string', default: '10' },
    dwell: { type: 'string', default: '15' },
    cold: { type: 'string', default: '3' },
    days: { type: 'string', default: '3' },
  },
});
const ROTATION_MS = Number(flags.minutes) * 60_000;
const NATURAL_MS = Number(flags.window) * 1000;
const FORCED_MS = Number(flags.forced) * 1000;
const DWELL_MS = Number(flags.dwell) * 1000;
const COLD_LOADS = Number(flags.cold);
const BACKFILL_DAYS = Number(flags.days);
const READY_TIMEOUT_MS = 60_000;
const SETTLE_MS = 3000;
const viewport = { width: 1920, height: 1080 };
const targets = { firstFrameMs: 3000, fpsShare: 0.5, idleCpu: 5, memoryDrift: 10 };

const root = path.resolve(import.meta.dirname, '../..');
const twinUi = path.join(root, 'packages/twin-ui');
const assetsDir = path.join(twinUi, 'dist/assets');
const deckBundle = path.join(twinUi, 'node_modules/@deck.gl/core/dist.min.js');

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;
const verdict = (pass: boolean) => (pass ? 'met' : 'NOT met');
const median = (values: number[]) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The scenes the app ships, as its source lists them now. */
function shippedScenes(): string[] {
  const source = readFileSync(path.join(twinUi, 'src/app/screen-location.ts'), 'utf8');
  const list = /export const scenes = \[([^\]]*)\]/.exec(source)?.[1];
  if (list === undefined) throw new Error('no `export const scenes = [...]` in screen-location.ts');
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

function machineLines(browserVersion: string, renderer: string): string[] {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model =
      execFileSync('sh', ['-c', "lscpu | sed -n 's/^Model name: *//p'"], { encoding: 'utf8' })
        .split('\n')[0]!
        .trim() || model;
  } catch {
    // lscpu missing: keep Node's name for the CPU
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // not a git checkout
  }
  const built = Number.isFinite(builtAt()) ? new Date(builtAt()).toISOString() : 'unknown';
  return [
    `code: ${commit}; twin-ui dist built ${built}`,
    `cores: ${cpus().length} × ${model}, RAM ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Chromium ${browserVersion}, WebGL: ${renderer}`,
    `Node ${process.version}`,
  ];
}

const loadLine = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

// ---------------------------------------------------------------- 2. bundle

interface Asset {
  name: string;
  raw: number;
  gzip: number;
}

/** When dist/index.html was last written, epoch ms (NaN while a rebuild has removed it). */
function builtAt(): number {
  try {
    return statSync(path.join(twinUi, 'dist/index.html')).mtimeMs;
  } catch {
    return Number.NaN;
  }
}

/** The assets, waiting (up to 60 s) for a rebuild in progress to finish. */
async function readAssetsSettled(): Promise<Asset[]> {
  for (let attempt = 0; attempt < 30 && !Number.isFinite(builtAt()); attempt += 1)
    await sleep(2000);
  return readAssets();
}

function readAssets(): Asset[] {
  return readdirSync(assetsDir)
    .map((name) => {
      const bytes = readFileSync(path.join(assetsDir, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

// ---------------------------------------------------------------- page helpers

async function newContext(browser: Browser, scripts: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  for (const content of scripts) await context.addInitScript({ content });
  return context;
}

async function metricsOf(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return new Map(metrics.map((metric) => [metric.name, metric.value]));
}

/** Waits for window.__twinReady, polling every 100 ms; false after the timeout. */
async function waitReady(page: Page, timeoutMs = READY_TIMEOUT_MS): Promise<boolean> {
  return page
    .waitForFunction('window.__twinReady === true', undefined, {
      polling: 100,
      timeout: timeoutMs,
    })
    .then(() => true)
    .catch(() => false);
}

interface Counters {
  raf: number;
  glFrames: number;
  drawCalls: number;
  deckDraws: number;
}

interface Snapshot extends Counters {
  at: number;
  task: number;
  ticks: number;
}

async function snapshot(page: Page, cdp: CDPSession): Promise<Snapshot> {
  const counters = await page.evaluate<Counters>(
    `({ raf: __bench.raf, glFrames: __bench.glFrames, drawCalls: __bench.drawCalls, deckDraws: __bench.deckDraws })`,
  );
  const metrics = await metricsOf(cdp);
  return {
    ...counters,
    at: performance.now(),
    task: metrics.get('TaskDuration') ?? Number.NaN,
    ticks: chromiumTicks(),
  };
}

interface Rates {
  seconds: number;
  raf: number;
  glFrames: number;
  drawCalls: number;
  deckDraws: number;
  /** Renderer main thread, % of one core. */
  mainCpu: number;
  /** Every Chromium process of this run, % of one core. */
  chromiumCpu: number;
}

function ratesBetween(a: Snapshot, b: Snapshot): Rates {
  const seconds = (b.at - a.at) / 1000;
  return {
    seconds,
    raf: (b.raf - a.raf) / seconds,
    glFrames: (b.glFrames - a.glFrames) / seconds,
    drawCalls: (b.drawCalls - a.drawCalls) / seconds,
    deckDraws: (b.deckDraws - a.deckDraws) / seconds,
    mainCpu: ((b.task - a.task) / seconds) * 100,
    chromiumCpu: ((b.ticks - a.ticks) / 100 / seconds) * 100,
  };
}

/**
 * Whether a page draws continuously: at least half of its animation frames have WebGL draw
 * calls (a rate alone would call a scene static on a machine too busy for 1 frame/s).
 */
function drawsContinuously(rates: Rates): boolean {
  return rates.glFrames > 0 && rates.glFrames >= 0.5 * rates.raf;
}

// ---------------------------------------------------------------- 1. first meaningful frame

interface ColdLoad {
  panel: number;
  map: number;
  ready: number;
  meaningful: number;
  domContentLoaded: number;
  firstContentfulPaint: number;
  jsRequests: number;
}

async function coldLoad(browser: Browser, url: string): Promise<ColdLoad> {
  const context = await newContext(browser, [firstFrameScript]);
  try {
    const page = await context.newPage();
    let jsRequests = 0;
    page.on('request', (request) => {
      if (request.resourceType() === 'script') jsRequests += 1;
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page
      .waitForFunction(
        'window.__fmf && window.__fmf.panel !== null && window.__fmf.map !== null',
        undefined,
        { polling: 250, timeout: READY_TIMEOUT_MS },
      )
      .catch(() => undefined);
    await waitReady(page, 10_000);
    const marks = await page.evaluate<{
      panel: number | null;
      map: number | null;
      ready: number | null;
    }>(`({ panel: __fmf.panel, map: __fmf.map, ready: __fmf.ready })`);
    const timing = await page.evaluate<{ dcl: number; fcp: number }>(`(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { dcl: navigation ? navigation.domContentLoadedEventEnd : NaN, fcp: paint ? paint.startTime : NaN };
    })()`);
    const panel = marks.panel ?? Number.NaN;
    const map = marks.map ?? Number.NaN;
    return {
      panel,
      map,
      ready: marks.ready ?? Number.NaN,
      meaningful: Math.max(panel, map),
      domContentLoaded: timing.dcl,
      firstContentfulPaint: timing.fcp,
      jsRequests,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- 3 + 4. frame rate, CPU

interface SceneFrames {
  scene: string;
  ready: boolean;
  decks: number;
  canvases: string;
  /** Running CSS and Web animations at the start of the natural window. */
  animations: number;
  natural: Rates;
  forced: Rates | null;
  /** The JS files the page loaded, with their sizes as served. */
  scripts: Asset[];
  errors: string[];
}

async function measureFrames(browser: Browser, scene: string, url: string): Promise<SceneFrames> {
  const context = await newContext(browser, [frameCounterScript]);
  try {
    const page = await context.newPage();
    const scripts: Asset[] = [];
    const bodies: Promise<void>[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() !== 'script') return;
      bodies.push(
        request
          .response()
          .then((response) => response?.body())
          .then((body) => {
            if (body === undefined) return;
            const name = path.basename(new URL(request.url()).pathname);
            scripts.push({ name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
          })
          .catch(() => undefined),
      );
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    const ready = await waitReady(page);
    await sleep(SETTLE_MS);
    const decks = await page.evaluate<number>(findDecksScript(null));
    const canvases = await page.evaluate<string>(canvasSizesScript);
    const animations = await page.evaluate<number>(runningAnimationsScript);

    const start = await snapshot(page, cdp);
    await sleep(NATURAL_MS);
    const end = await snapshot(page, cdp);
    const natural = ratesBetween(start, end);

    let forced: Rates | null = null;
    if (decks > 0) {
      await page.evaluate(findDecksScript(true));
      await sleep(1000); // the first forced frames pay for nothing but start-up
      const from = await snapshot(page, cdp);
      await sleep(FORCED_MS);
      const to = await snapshot(page, cdp);
      await page.evaluate(findDecksScript(false));
      forced = ratesBetween(from, to);
    }
    await Promise.race([Promise.all(bodies), sleep(10_000)]);
    return { scene, ready, decks, canvases, animations, natural, forced, scripts, errors };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- 5. memory over a rotation

interface MemorySample {
  cycle: number;
  scene: string;
  atSeconds: number;
  heap: number;
  nodes: number;
  listeners: number;
  canvases: number;
}

/**
 * One wall screen running the app's own playlist (`?rotate=` with no list: its default
 * rotation, `interval` = the dwell). Once per scene, most of the way through its dwell: a
 * forced GC, then the metrics. A cycle ends when the first scene sampled comes round again.
 */
async function rotate(
  browser: Browser,
  url: string,
): Promise<{ samples: MemorySample[]; notes: string[] }> {
  const context = await newContext(browser, []);
  const samples: MemorySample[] = [];
  const notes: string[] = [];
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const rotating = new URL(url);
    rotating.searchParams.set('rotate', '');
    rotating.searchParams.set('interval', String(DWELL_MS / 1000));
    await page.goto(rotating.toString());
    await waitReady(page);
    const started = performance.now();
    const sceneNow = () =>
      page.evaluate<string>(`new URLSearchParams(location.search).get('scene') || 'overview'`);
    let cycle = 0;
    // A new cycle starts when a scene comes round again (robust to a skipped sample).
    const seenThisCycle = new Set<string>();
    while (performance.now() - started < ROTATION_MS) {
      // Most of the way through this scene's dwell, then sample it.
      await sleep(DWELL_MS * 0.6);
      const scene = await sceneNow();
      await cdp.send('HeapProfiler.collectGarbage');
      const metrics = await metricsOf(cdp);
      const canvases = await page.evaluate<number>(`document.querySelectorAll('canvas').length`);
      if (seenThisCycle.has(scene)) {
        cycle += 1;
        seenThisCycle.clear();
      }
      seenThisCycle.add(scene);
      samples.push({
        cycle,
        scene,
        atSeconds: (performance.now() - started) / 1000,
        heap: metrics.get('JSHeapUsedSize') ?? Number.NaN,
        nodes: metrics.get('Nodes') ?? Number.NaN,
        listeners: metrics.get('JSEventListeners') ?? Number.NaN,
        canvases,
      });
      // Wait for the playlist to move on (bounded: two dwells).
      const deadline = performance.now() + DWELL_MS * 2;
      let current = scene;
      while (current === scene && performance.now() < deadline) {
        await sleep(200);
        current = await sceneNow();
      }
      if (current === scene) {
        notes.push(
          `the rotation stayed on ${scene} for two intervals (at ${fmt((performance.now() - started) / 1000)} s)`,
        );
      }
    }
    return { samples, notes };
  } catch (error) {
    notes.push(`the rotation stopped early: ${String(error)}`);
    return { samples, notes };
  } finally {
    await context.close();
  }
}

interface Drift {
  scene: string;
  first: MemorySample;
  last: MemorySample;
  heapChange: number;
  nodesChange: number;
}

function drifts(samples: MemorySample[], scenes: string[]): Drift[] {
  const result: Drift[] = [];
  for (const scene of scenes) {
    const later = samples.filter((sample) => sample.scene === scene && sample.cycle >= 1);
    const first = later[0];
    const last = later.at(-1);
    if (!first || !last || first === last) continue;
    result.push({
      scene,
      first,
      last,
      heapChange: ((last.heap - first.heap) / first.heap) * 100,
      nodesChange: ((last.nodes - first.nodes) / first.nodes) * 100,
    });
  }
  return result;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!existsSync(path.join(twinUi, 'dist/index.html')) || !existsSync(assetsDir)) {
    console.error(
      'packages/twin-ui/dist is missing: run `pnpm build` first (this script builds nothing).',
    );
    process.exitCode = 1;
    return;
  }
  if (!existsSync(deckBundle)) {
    console.error(`no deck.gl standalone bundle at ${deckBundle} for the baseline page`);
    process.exitCode = 1;
    return;
  }
  const scenes = shippedScenes();
  const loadAtStart = loadLine();
  const builtAtStart = builtAt();
  const out: string[] = [];
  const log = (line: string) => console.log(line);

  let city: Awaited<ReturnType<typeof startTestCity>> | undefined;
  let browser: Browser | undefined;
  let baseline: Awaited<ReturnType<typeof serveBaseline>> | undefined;
  const timer = setTimeout(() => {
    console.error('gave up after 90 minutes');
    process.exit(2);
  }, 90 * 60_000);
  timer.unref();
  try {
    log(`scenes: ${scenes.join(', ')}; load average at start ${loadAtStart}`);
    [city, browser, baseline] = await Promise.all([
      startTestCity(),
      launchWebGLBrowser(),
      serveBaseline(),
    ]);
    const probe = await browser.newPage();
    const renderer = (await webglRenderer(probe)) ?? 'none';
    await probe.close();
    log(`city at ${city.url}; backfilling ${BACKFILL_DAYS} days of 12345 history…`);
    const history = await backfillHotline(city.db, { days: BACKFILL_DAYS });
    log(
      `backfill: ${fmt(history.orders)} orders, ${fmt(history.events)} events in ${history.seconds.toFixed(1)} s`,
    );
    // Simulators announce devices, cameras and stations at start; give them a moment.
    await sleep(5000);

    // 1. cold loads of the overview
    const cold: ColdLoad[] = [];
    for (let i = 0; i < COLD_LOADS; i += 1) {
      const load = await coldLoad(browser, await screenUrl(city.db, city.url, '/'));
      log(
        `cold load ${i + 1}: meaningful ${fmt(load.meaningful)} ms (panel ${fmt(load.panel)}, map ${fmt(load.map)})`,
      );
      cold.push(load);
    }

    // 3 + 4. frame rate and CPU: the baseline, then every scene
    const frames: SceneFrames[] = [];
    frames.push(await measureFrames(browser, 'empty Deck (baseline)', baseline.url));
    log(`empty Deck: forced ${fmt(frames[0]!.forced?.deckDraws ?? Number.NaN, 1)}/s`);
    for (const scene of scenes) {
      const url = await screenUrl(
        city.db,
        city.url,
        scene === 'overview' ? '/' : `/?scene=${scene}`,
      );
      const result = await measureFrames(browser, scene, url);
      frames.push(result);
      log(
        `${scene}: rAF ${fmt(result.natural.raf, 1)}/s, GL frames ${fmt(result.natural.glFrames, 1)}/s, forced ${fmt(result.forced?.deckDraws ?? Number.NaN, 1)}/s, Chromium CPU ${fmt(result.natural.chromiumCpu)} %`,
      );
    }
    frames.push(await measureFrames(browser, 'empty Deck, again', baseline.url));
    log(`empty Deck again: forced ${fmt(frames.at(-1)!.forced?.deckDraws ?? Number.NaN, 1)}/s`);
    const loadMid = loadLine();

    // 5. memory over a rotation
    log(`rotation for ${fmt(ROTATION_MS / 60_000, 1)} min, ${fmt(DWELL_MS / 1000)} s per scene…`);
    const { samples, notes: rotationNotes } = await rotate(
      browser,
      await screenUrl(city.db, city.url, '/'),
    );
    const loadEnd = loadLine();
    // The bundle as it is now; other people may rebuild it while this runs.
    const assets = await readAssetsSettled();
    const rebuilt = builtAt() !== builtAtStart;

    // ------------------------------------------------------------ report
    out.push('', 'UI benchmark (issue 7, DESIGN §7 UI)');
    for (const line of machineLines(browser.version(), renderer)) out.push(`  ${line}`);
    out.push(
      `  load average (1, 5, 15 min): start ${loadAtStart}; after the frame rates ${loadMid}; end ${loadEnd}`,
      `  city: simulators on, ${BACKFILL_DAYS} days of 12345 history (${fmt(history.orders)} orders); viewport 1920×1080, DPR 1`,
    );

    out.push(
      '',
      `1. First meaningful frame of the overview, cold (fresh context), ms since navigation start`,
    );
    out.push(
      `   ${['load', 'DCL', 'FCP', 'panel', 'map', 'meaningful', '__twinReady', 'JS files'].map((h) => h.padStart(13)).join('')}`,
    );
    cold.forEach((load, i) =>
      out.push(
        `   ${[String(i + 1), fmt(load.domContentLoaded), fmt(load.firstContentfulPaint), fmt(load.panel), fmt(load.map), fmt(load.meaningful), fmt(load.ready), String(load.jsRequests)].map((c) => c.padStart(13)).join('')}`,
      ),
    );
    const fmfMedian = median(cold.map((load) => load.meaningful));
    out.push(
      `   median ${fmt(fmfMedian)} ms — target < ${fmt(targets.firstFrameMs)} ms: ${verdict(fmfMedian < targets.firstFrameMs)}` +
        ` (worst ${fmt(Math.max(...cold.map((load) => load.meaningful)))} ms)`,
    );

    const total = assets.reduce(
      (sum, asset) => ({ raw: sum.raw + asset.raw, gzip: sum.gzip + asset.gzip }),
      { raw: 0, gzip: 0 },
    );
    out.push('', '2. Production bundle, packages/twin-ui/dist/assets (gzip: node:zlib level 9)');
    for (const asset of assets) {
      out.push(
        `   ${asset.name.padEnd(48)}${kib(asset.raw).padStart(14)}${kib(asset.gzip).padStart(14)}`,
      );
    }
    out.push(
      `   ${'total'.padEnd(48)}${kib(total.raw).padStart(14)}${kib(total.gzip).padStart(14)}`,
    );
    out.push(
      '   JS files each scene loads (fresh load of its URL; sizes as served, gzip computed here):',
    );
    for (const result of frames.filter((frame) => scenes.includes(frame.scene))) {
      const raw = result.scripts.reduce((sum, script) => sum + script.raw, 0);
      const gzip = result.scripts.reduce((sum, script) => sum + script.gzip, 0);
      out.push(
        `   ${result.scene.padEnd(10)} ${result.scripts.length} files, ${kib(raw)} (${kib(gzip)} gzip): ${result.scripts.map((script) => script.name).join(', ')}`,
      );
    }

    if (rebuilt) {
      out.push(
        '   NOTE: dist was rebuilt during the run: the scenes may have loaded files of an earlier build',
      );
    }
    const baselines = frames.filter((frame) => !scenes.includes(frame.scene));
    // The machine's load drifts: the empty Deck is measured before and after the scenes.
    const baseFps = median(baselines.map((frame) => frame.forced?.deckDraws ?? Number.NaN));
    out.push(
      '',
      '3. Frame rate at 1920×1080 (per second; natural = as shipped, forced = deck.gl _animate, a redraw every frame)',
      `   ${'page'.padEnd(24)}${['ready', 'decks', 'rAF', 'GL frames', 'deck draws', 'forced', 'calls/frame', '÷ empty'].map((h) => h.padStart(12)).join('')}  canvases`,
    );
    for (const result of frames) {
      const forcedFps = result.forced?.deckDraws ?? Number.NaN;
      out.push(
        `   ${result.scene.padEnd(24)}${[result.ready ? 'yes' : 'NO', String(result.decks), fmt(result.natural.raf, 1), fmt(result.natural.glFrames, 1), fmt(result.natural.deckDraws, 1), fmt(forcedFps, 1), result.forced ? fmt(result.forced.drawCalls / result.forced.glFrames) : '—', Number.isFinite(forcedFps) ? `${fmt((forcedFps / baseFps) * 100)} %` : '—'].map((c) => c.padStart(12)).join('')}  ${result.canvases}`,
      );
    }
    out.push(
      `   empty Deck forced: ${baselines.map((frame) => fmt(frame.forced?.deckDraws ?? Number.NaN, 1)).join(' before, ')} after the scenes; ratios use the median`,
    );
    const sceneFrames = frames.filter((frame) => scenes.includes(frame.scene));
    const shares = sceneFrames.flatMap((result) => {
      // A scene without deck.gl (three.js) is judged by its own loop, if it draws continuously;
      // one that draws only on change cannot be forced from outside and is left out.
      const fps =
        result.forced?.deckDraws ??
        (drawsContinuously(result.natural) ? result.natural.glFrames : null);
      return fps === null ? [] : [{ scene: result.scene, share: fps / baseFps }];
    });
    const unjudged = sceneFrames.filter(
      (result) => !shares.some((share) => share.scene === result.scene),
    );
    const worst = shares.reduce((a, b) => (b.share < a.share ? b : a), shares[0]!);
    if (worst !== undefined) {
      out.push(
        `   lowest share: ${worst.scene} ${fmt(worst.share * 100)} % — target ≥ ${targets.fpsShare * 100} % for every scene: ${verdict(shares.every((share) => share.share >= targets.fpsShare))}`,
      );
    }
    if (unjudged.length > 0) {
      out.push(
        `   not judged (no deck.gl canvas and no continuous drawing): ${unjudged.map((result) => result.scene).join(', ')}`,
      );
    }

    out.push(
      '',
      `4. CPU over the natural window (${fmt(NATURAL_MS / 1000)} s), % of one core`,
      `   ${'page'.padEnd(24)}${['main thread', 'Chromium', 'GL frames/s', 'animations', 'static'].map((h) => h.padStart(13)).join('')}`,
    );
    for (const result of frames) {
      const still = !drawsContinuously(result.natural);
      out.push(
        `   ${result.scene.padEnd(24)}${[fmt(result.natural.mainCpu, 1), fmt(result.natural.chromiumCpu, 1), fmt(result.natural.glFrames, 1), String(result.animations), still ? 'yes' : 'no'].map((c) => c.padStart(13)).join('')}`,
      );
    }
    const staticScenes = sceneFrames.filter((result) => !drawsContinuously(result.natural));
    if (staticScenes.length === 0) {
      out.push(
        '   no scene was static (each drew in at least half its frames): the idle target could not be judged',
      );
    } else {
      const idle = staticScenes.reduce((a, b) =>
        b.natural.chromiumCpu > a.natural.chromiumCpu ? b : a,
      );
      out.push(
        `   busiest static scene: ${idle.scene}, ${fmt(idle.natural.mainCpu, 1)} % main thread, ${fmt(idle.natural.chromiumCpu, 1)} % all Chromium — target < ${targets.idleCpu} %: ${verdict(idle.natural.chromiumCpu < targets.idleCpu)} (all Chromium), ${verdict(idle.natural.mainCpu < targets.idleCpu)} (main thread)`,
      );
    }

    out.push(
      '',
      `5. Memory over a rotation of ${fmt(samples.at(-1)?.atSeconds ?? 0)} s (${fmt(DWELL_MS / 1000)} s per scene, after a forced GC; cycle 0 is warm-up)`,
      `   ${'cycle'.padStart(5)} ${'scene'.padEnd(10)}${['t s', 'heap MiB', 'nodes', 'listeners', 'canvases'].map((h) => h.padStart(11)).join('')}`,
    );
    for (const sample of samples) {
      out.push(
        `   ${String(sample.cycle).padStart(5)} ${sample.scene.padEnd(10)}${[fmt(sample.atSeconds), fmt(sample.heap / 2 ** 20, 2), fmt(sample.nodes), fmt(sample.listeners), String(sample.canvases)].map((c) => c.padStart(11)).join('')}`,
      );
    }
    const changes = drifts(samples, [...new Set(samples.map((sample) => sample.scene))]);
    if (changes.length === 0) {
      out.push('   too short for a comparison: no scene was sampled twice after the warm-up cycle');
    } else {
      for (const change of changes) {
        out.push(
          `   ${change.scene.padEnd(10)} cycle ${change.first.cycle} → ${change.last.cycle}: heap ${change.heapChange >= 0 ? '+' : ''}${fmt(change.heapChange, 1)} %, DOM nodes ${change.nodesChange >= 0 ? '+' : ''}${fmt(change.nodesChange, 1)} %`,
        );
      }
      const worstDrift = Math.max(
        ...changes.flatMap((c) => [Math.abs(c.heapChange), Math.abs(c.nodesChange)]),
      );
      out.push(
        `   largest change ${fmt(worstDrift, 1)} % — target within ±${targets.memoryDrift} %: ${verdict(worstDrift <= targets.memoryDrift)}`,
      );
    }

    for (const note of rotationNotes) out.push(`   NOTE: ${note}`);

    const errors = frames.flatMap((result) =>
      result.errors.map((error) => `${result.scene}: ${error}`),
    );
    if (errors.length > 0)
      out.push('', 'Page errors:', ...errors.slice(0, 20).map((error) => `   ${error}`));
    const notReady = frames.filter((result) => !result.ready).map((result) => result.scene);
    if (notReady.length > 0) {
      out.push(
        `NOTE: never set __twinReady within ${READY_TIMEOUT_MS / 1000} s (measured anyway): ${notReady.join(', ')}`,
      );
    }
    if (
      Number(loadAtStart.split(' ')[0]) > cpus().length * 0.5 ||
      Number(loadEnd.split(' ')[0]) > cpus().length * 0.5
    ) {
      out.push(
        `NOTE: the machine was busy (load average above half its ${cpus().length} cores): frame rates and timings are low by an unknown amount.`,
      );
    }
    console.log(out.join('\n'));
    // For `pnpm bench` (tests/bench/run-all.ts); none when BENCH_RESULT_FILE is unset.
    const largest = (values: number[]) => (values.length > 0 ? Math.max(...values) : Number.NaN);
    writeBenchResult('ui', [
      {
        measure: 'first meaningful frame, median of the cold loads',
        value: fmfMedian,
        unit: 'ms',
        target: { op: '<', bound: targets.firstFrameMs },
      },
      ...shares.map((s): BenchFigure => ({
        measure: `${s.scene}: forced frame rate ÷ empty Deck`,
        value: s.share * 100,
        unit: '%',
        target: { op: '>=', bound: targets.fpsShare * 100 },
      })),
      {
        measure: 'busiest static scene, all Chromium CPU',
        value: largest(staticScenes.map((r) => r.natural.chromiumCpu)),
        unit: '%',
        target: { op: '<', bound: targets.idleCpu },
      },
      {
        measure: 'largest heap or DOM-node change over the rotation',
        value: largest(changes.flatMap((c) => [Math.abs(c.heapChange), Math.abs(c.nodesChange)])),
        unit: '%',
        target: { op: '<=', bound: targets.memoryDrift },
      },
      { measure: 'bundle, all of dist/assets, gzip', value: total.gzip / 1024, unit: 'KiB' },
    ]);
  } finally {
    await browser?.close().catch(() => undefined);
    await city?.stop().catch(() => undefined);
    await baseline?.close();
    clearTimeout(timer);
  }
}

await main();
