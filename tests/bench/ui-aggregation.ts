// Work orders aggregated on the GPU at 100,000+ points (issue 7, DESIGN §7 UI). Opens the built
// hotline scene (packages/twin-ui/dist, from `pnpm build`; nothing is built here) at 1920×1080 on a
// quiet city, then hands the scene's own TicketLayer (the shipped class, in the shipped page, over
// the real districts) 100,000 and 200,000 synthetic orders around the district seats, and prints
// for each: the time from handing over the points to the first frame drawn with them (attribute
// upload and GPU aggregation), the hexagons drawn, and the forced frame rate (deck.gl `_animate`,
// a redraw every frame) as a ratio to an empty 1920×1080 Deck measured in the same run (before
// and after the scene). Asserts nothing; only 127.0.0.1.
// Usage: pnpm bench:ui-aggregation [--points 100000,200000] [--forced 10] [--ui <built dist>]
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { webglRenderer } from '../e2e/support/browser.ts';
import { createCity } from '@city-twin/city';
import { createTestDatabase } from '../support/database.ts';
import { launchWebGLBrowser, screenUrl, waitForTwinReady } from '../e2e/support/session.ts';
import { serveBaseline } from './support/baseline-server.ts';
import { writeBenchResult, type BenchFigure } from './support/bench-result.ts';
import { findDecksScript, frameCounterScript } from './support/ui-probes.ts';

const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    points: { type: 'string', default: '100000,200000' },
    forced: { type: 'string', default: '10' },
    ui: { type: 'string', default: '' },
  },
});
const pointCounts = String(flags.points).split(',').map(Number);
const FORCED_MS = Number(flags.forced) * 1000;
const viewport = { width: 1920, height: 1080 };
const target = 0.5;

/**
 * In the page: `count` orders, deterministic, 90 % around the six district seats (normal spread
 * 0.02°–0.12°, the urban districts densest) and 10 % spread over the city's extent; then every
 * TicketLayer the page's decks are given is cloned with these orders instead of the scene's
 * (the scene's own re-renders included), and the time until the next drawn frame is kept in
 * `__aggregation.ms`.
 */
function swapOrdersScript(count: number): string {
  return `(() => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const normal = () => Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  const seats = [[111.2, 34.77, 0.03, 5], [111.1, 34.72, 0.06, 2], [111.76, 34.77, 0.08, 1],
    [110.894, 34.517, 0.1, 2], [111.87, 34.72, 0.04, 1], [111.05, 34.05, 0.12, 1]];
  const weights = seats.reduce((sum, seat) => sum + seat[3], 0);
  const categories = ['heating', 'water', 'roads', 'noise', 'sanitation', 'traffic'];
  const tickets = new Array(${count});
  for (let i = 0; i < ${count}; i += 1) {
    let lon, lat;
    if (random() < 0.1) {
      lon = 110.4 + random() * 1.6;
      lat = 33.6 + random() * 1.4;
    } else {
      let pick = random() * weights;
      let seat = seats[0];
      for (const candidate of seats) { pick -= candidate[3]; if (pick <= 0) { seat = candidate; break; } }
      lon = seat[0] + normal() * seat[2];
      lat = seat[1] + normal() * seat[2] * 0.8;
    }
    tickets[i] = { id: 'B' + i, category: categories[i % categories.length], status: 'accepted',
      position: [lon, lat], createdAt: null };
  }
  const deck = window.__benchDecks[0];
  const swap = (layers) => layers.map((layer) =>
    layer && layer.constructor && layer.constructor.layerName === 'TicketLayer'
      ? layer.clone({ tickets }) : layer);
  if (!deck.__originalSetProps) deck.__originalSetProps = deck.setProps.bind(deck);
  deck.setProps = (props) => deck.__originalSetProps(props && props.layers ? { ...props, layers: swap(props.layers) } : props);
  const state = { ms: null, swapped: 0 };
  window.__aggregation = state;
  const before = window.__bench.deckDraws;
  const start = performance.now();
  deck.setProps({ layers: deck.props.layers });
  state.swapped = deck.props.layers.filter((layer) => layer && layer.props && layer.props.tickets === tickets).length;
  const check = () => {
    if (window.__bench.deckDraws > before) state.ms = performance.now() - start;
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;
}

/**
 * The page's HexagonLayers: the cells of their grid (the hexagons drawn, empty ones discarded on
 * the GPU) and the largest count in one cell, as "cells, max count".
 */
const hexagonCellsScript = `(() => {
  const deck = window.__benchDecks[0];
  const found = [];
  for (const layer of deck.layerManager.getLayers()) {
    if (layer.constructor.layerName !== 'HexagonLayer') continue;
    const aggregator = layer.state.aggregator;
    const domain = aggregator ? aggregator.getResultDomain(0) : null;
    found.push((aggregator ? aggregator.binCount : 0) + ' cells, max ' + (domain ? domain[1] : '?'));
  }
  return found.join('; ') || 'none';
})()`;

/** Finds the page's decks (wrapping their draws) and keeps them in `__benchDecks`. */
const keepDecksScript = `(() => {
  ${findDecksScript(null).replace('return found.size;', 'window.__benchDecks = [...found]; return found.size;')}
  return window.__benchDecks.length;
})()`;

/** Forced deck.gl redraws per second over FORCED_MS, after a second of warm-up. */
async function forcedRate(page: Page): Promise<number> {
  await page.evaluate(findDecksScript(true));
  await sleep(1000);
  const from = await page.evaluate<number>('__bench.deckDraws');
  const start = performance.now();
  await sleep(FORCED_MS);
  const to = await page.evaluate<number>('__bench.deckDraws');
  return ((to - from) * 1000) / (performance.now() - start);
}

type Row = { label: string; rate: number; aggregationMs: number | null; cells: string | null };

async function measure(
  browser: Browser,
  url: string,
  label: string,
  points: number | null,
): Promise<Row> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  try {
    await context.addInitScript({ content: frameCounterScript });
    const page = await context.newPage();
    await page.goto(url);
    await waitForTwinReady(page, 60_000);
    await sleep(1500);
    const decks = await page.evaluate<number>(keepDecksScript);
    if (decks === 0) throw new Error(`${label}: no deck.gl canvas`);
    let aggregationMs: number | null = null;
    let cells: string | null = null;
    if (points !== null) {
      await page.evaluate(swapOrdersScript(points));
      const swapped = await page.evaluate<number>('__aggregation.swapped');
      if (swapped !== 1) throw new Error(`${label}: found ${swapped} TicketLayers, expected 1`);
      await page.waitForFunction('window.__aggregation.ms !== null', undefined, {
        polling: 100,
        timeout: 120_000,
      });
      aggregationMs = await page.evaluate<number>('__aggregation.ms');
    }
    const rate = await forcedRate(page);
    if (points !== null) cells = await page.evaluate<string>(hexagonCellsScript);
    return { label, rate, aggregationMs, cells };
  } finally {
    await context.close();
  }
}

/** A city without simulators on a fresh test database, serving the UI from `uiDir`. */
async function startQuietCity(uiDir: string) {
  const database = await createTestDatabase();
  const city = createCity({
    databaseUrl: database.url,
    port: 0,
    simulate: false,
    log: () => undefined,
    ...(uiDir ? { uiDir } : {}),
  });
  try {
    const running = await city.start();
    return {
      running,
      async stop() {
        await city.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function main(): Promise<void> {
  const [city, browser, baseline] = await Promise.all([
    startQuietCity(flags.ui),
    launchWebGLBrowser(),
    serveBaseline(),
  ]);
  try {
    const probe = await browser.newPage();
    const renderer = (await webglRenderer(probe)) ?? 'none';
    await probe.close();
    const hotline = async () => screenUrl(city.running.db, city.running.url, '/?scene=hotline');
    const rows: Row[] = [];
    const log = (row: Row) => {
      rows.push(row);
      console.log(`${row.label}: forced ${row.rate.toFixed(1)}/s`);
    };
    log(await measure(browser, baseline.url, 'empty Deck (baseline)', null));
    log(await measure(browser, await hotline(), 'hotline scene, as shipped', null));
    for (const count of pointCounts) {
      log(
        await measure(
          browser,
          await hotline(),
          `hotline, ${count.toLocaleString('en-US')} orders`,
          count,
        ),
      );
    }
    log(await measure(browser, baseline.url, 'empty Deck, again', null));

    const baselines = rows.filter((row) => row.label.startsWith('empty Deck'));
    const base = baselines.reduce((sum, row) => sum + row.rate, 0) / baselines.length;
    const out = [
      '',
      'Work orders aggregated on the GPU (hexagons, deck.gl HexagonLayer gpuAggregation)',
      `  Chromium ${browser.version()}, WebGL: ${renderer}; viewport 1920×1080, DPR 1`,
      `  ${'page'.padEnd(30)}${['forced/s', '÷ empty', 'first frame'].map((h) => h.padStart(13)).join('')}  hexagon grid`,
    ];
    for (const row of rows) {
      out.push(
        `  ${row.label.padEnd(30)}${[
          row.rate.toFixed(1),
          `${((row.rate / base) * 100).toFixed(0)} %`,
          row.aggregationMs === null ? '—' : `${Math.round(row.aggregationMs)} ms`,
        ]
          .map((cell) => cell.padStart(13))
          .join('')}  ${row.cells ?? '—'}`,
      );
    }
    out.push(
      `  empty Deck: ${baselines.map((row) => row.rate.toFixed(1)).join(' before, ')} after; ratios use their mean`,
    );
    const scenes = rows.filter((row) => !row.label.startsWith('empty Deck'));
    const lowest = scenes.reduce((a, b) => (b.rate < a.rate ? b : a));
    out.push(
      `  lowest: ${lowest.label} ${((lowest.rate / base) * 100).toFixed(0)} % — target ≥ ${target * 100} %: ${lowest.rate / base >= target ? 'met' : 'NOT met'}`,
    );
    console.log(out.join('\n'));
    // For `pnpm bench` (tests/bench/run-all.ts); none when BENCH_RESULT_FILE is unset.
    writeBenchResult(
      'ui-aggregation',
      scenes.flatMap((row): BenchFigure[] => [
        {
          measure: `${row.label}: forced frame rate ÷ empty Deck`,
          value: (row.rate / base) * 100,
          unit: '%',
          target: { op: '>=', bound: target * 100 },
        },
        ...(row.aggregationMs === null
          ? []
          : [
              {
                measure: `${row.label}: first frame with them`,
                value: row.aggregationMs,
                unit: 'ms',
              },
            ]),
      ]),
    );
  } finally {
    await browser.close().catch(() => undefined);
    await city.stop().catch(() => undefined);
    await baseline.close();
  }
}

await main();
