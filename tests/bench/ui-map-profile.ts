// Where a scene's forced frame time goes (issue 7): opens each deck.gl scene of the built wall
// screen (packages/twin-ui/dist; nothing is built here) at 1920×1080 with the demo city, sets
// deck.gl's `_animate` (a redraw every frame) and measures deck.gl redraws/s with:
//   all        every layer, the page as shipped (first and again after the others);
//   no layers  deck.gl's layerFilter drawing nothing (the canvas is still cleared and composited);
//   -<layer>   every layer but one top-level layer;
//   map only   every layer, with the page around the map hidden and CSS animations stopped.
// and the same for the empty-Deck baseline page of ui-frames.ts. Prints the figures and their
// ratio to the baseline; asserts nothing.
// Usage: pnpm --filter @city-twin/tests exec tsx bench/ui-map-profile.ts [--seconds 4] [--scenes overview,iot]
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { backfillHotline, createCity } from '@city-twin/city';
import { createTestDatabase } from '../support/database.ts';
import { launchWebGLBrowser, screenUrl } from '../e2e/support/session.ts';
import { serveBaseline } from './support/baseline-server.ts';
import { findDecksScript, frameCounterScript } from './support/ui-probes.ts';

const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '4' },
    scenes: { type: 'string', default: 'overview,hotline,alerts,iot,video' },
    ui: { type: 'string', default: '' },
  },
});
const WINDOW_MS = Number(flags.seconds) * 1000;

/** Forced deck.gl redraws per second over the window. */
async function forcedRate(page: Page): Promise<number> {
  await sleep(700);
  const a = await page.evaluate<number>('__bench.deckDraws');
  const start = performance.now();
  await sleep(WINDOW_MS);
  const b = await page.evaluate<number>('__bench.deckDraws');
  return ((b - a) * 1000) / (performance.now() - start);
}

/** Runs `expression` on every deck of the page (found by findDecksScript). */
const onDecks = (body: string) => `(() => {
  const decks = [];
  ${findDecksScript(null).replace('return found.size;', 'window.__decks = [...found]; return 0;')};
  for (const deck of window.__decks) { ${body} }
  return window.__decks.length;
})()`;

const hidePage = `(() => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }' +
    ' body * { visibility: hidden !important; } [data-testid="map"], [data-testid="map"] * { visibility: visible !important; }';
  document.head.append(style);
})()`;

/** The demo city (embedded broker, simulators on) serving the UI from `uiDir`. */
async function startCity(uiDir: string | undefined) {
  const database = await createTestDatabase();
  const city = createCity({
    databaseUrl: database.url,
    port: 0,
    simulate: true,
    simulator: { intervalsMs: { air_quality: 2000 } },
    log: () => undefined,
    ...(uiDir ? { uiDir } : {}),
  });
  const running = await city.start();
  await backfillHotline(running.db, { days: 1 });
  return {
    url: running.url,
    db: running.db,
    async stop() {
      await city.stop();
      await database.drop();
    },
  };
}

async function main(): Promise<void> {
  const city = await startCity(flags.ui || undefined);
  console.log(`UI from ${flags.ui || 'packages/twin-ui/dist'}`);
  const browser = await launchWebGLBrowser();
  const baseline = await serveBaseline();
  const rows: string[] = [];
  try {
    await sleep(5000);
    const measure = async (url: string, label: string, scene: boolean) => {
      const context = await browser.newContext({
        viewport: { width: 1920, height: 1080 },
        deviceScaleFactor: 1,
      });
      await context.addInitScript({ content: frameCounterScript });
      const page = await context.newPage();
      await page.goto(url);
      await page
        .waitForFunction('window.__twinReady === true', undefined, { timeout: 60_000 })
        .catch(() => undefined);
      await sleep(2000);
      await page.evaluate(findDecksScript(true));
      const results: [string, number][] = [['all', await forcedRate(page)]];
      if (scene) {
        const ids = await page.evaluate<string[]>(
          onDecks('') +
            ` && window.__decks.flatMap((deck) => deck.layerManager.getLayers().filter((l) => !l.parent).map((l) => l.id))`,
        );
        await page.evaluate(onDecks('deck.setProps({ layerFilter: () => false });'));
        results.push(['no layers', await forcedRate(page)]);
        for (const id of ids) {
          await page.evaluate(
            onDecks(
              `deck.setProps({ layerFilter: ({ layer }) => !(layer.id === ${JSON.stringify(id)} || layer.id.startsWith(${JSON.stringify(id + '-')})) });`,
            ),
          );
          results.push([`-${id}`, await forcedRate(page)]);
        }
        await page.evaluate(onDecks('deck.setProps({ layerFilter: null });'));
        // The first window may still pay for start-up: all layers once more.
        results.push(['all, again', await forcedRate(page)]);
        await page.evaluate(hidePage);
        results.push(['map only', await forcedRate(page)]);
        const sizes = await page.evaluate<string>(
          `Array.from(document.querySelectorAll('canvas')).map((c) => c.width + '×' + c.height).join(', ')`,
        );
        results.push([`canvas ${sizes}`, Number.NaN]);
      }
      await context.close();
      return { label, results };
    };
    const base = await measure(baseline.url, 'empty Deck', false);
    const baseRate = base.results[0]![1];
    rows.push(`empty Deck: ${baseRate.toFixed(1)}/s`);
    for (const scene of String(flags.scenes).split(',')) {
      const url = await screenUrl(
        city.db,
        city.url,
        scene === 'overview' ? '/' : `/?scene=${scene}`,
      );
      const { results } = await measure(url, scene, true);
      rows.push(
        `${scene}: ` +
          results
            .map(([name, rate]) =>
              Number.isFinite(rate)
                ? `${name} ${rate.toFixed(1)}/s (${((rate / baseRate) * 100).toFixed(0)} %)`
                : name,
            )
            .join('; '),
      );
      console.log(rows.at(-1));
    }
  } finally {
    console.log(rows.join('\n'));
    await browser.close();
    await city.stop();
    await baseline.close();
  }
}

await main();
