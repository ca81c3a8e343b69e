import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Box, fractionsOfPixelsIn, isLit } from './pixels.ts';
import { poll, waitForTwinReady } from './session.ts';

// Wall-screen scenes as the browser tests walk through them: switch, wait, measure, capture.

/** Where screenshots go (kept by CI as test artifacts). */
export const artifactsDir = path.resolve(import.meta.dirname, '../../../artifacts/e2e');

/** Every scene of a wall screen's switcher, in its order; the cockpit is for people only. */
export const wallScenes = ['overview', 'hotline', 'alerts', 'iot', 'video', 'city3d'] as const;
export type WallScene = (typeof wallScenes)[number];

/** The scene the header marks as shown. */
export function activeScene(page: Page): Promise<string | null> {
  return page.locator('[data-testid="scene-switch"] .is-active').getAttribute('data-scene');
}

/** Switches to `scene` through the header (if it is not shown) and waits until it drew its data. */
export async function showScene(page: Page, scene: WallScene): Promise<void> {
  if ((await activeScene(page)) === scene) return;
  await page.evaluate('window.__twinReady = false');
  await page.locator(`[data-testid="scene-switch"] [data-scene="${scene}"]`).click();
  await waitForTwinReady(page, 90_000);
}

/**
 * Screenshots the page into artifacts/e2e/<name>.png once the scene's canvas (the map or the
 * 3D city, when it has one) shows lit pixels, and checks the screen as a whole is not blank.
 */
export async function captureScene(page: Page, name: string): Promise<void> {
  const canvas = page.locator('.stage canvas').first();
  const canvasBox: Box | null = (await canvas.count()) > 0 ? await canvas.boundingBox() : null;
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('the page has no fixed viewport');
  const screen: Box = { x: 0, y: 0, ...viewport };
  let shot: Buffer = Buffer.alloc(0);
  let litScreen = 0;
  // A canvas can still be blank in the first frames after a switch: screenshots until it drew.
  await expect
    .poll(
      async () => {
        shot = await page.screenshot({ timeout: 120_000 });
        const [screenFraction = 0, canvasFraction = 1] = fractionsOfPixelsIn(
          shot,
          canvasBox === null ? [screen] : [screen, canvasBox],
          isLit,
        );
        litScreen = screenFraction;
        return canvasFraction;
      },
      { ...poll, timeout: 120_000 },
    )
    .toBeGreaterThan(0.005);
  expect(litScreen).toBeGreaterThan(0.02);
  await writeFile(path.join(artifactsDir, `${name}.png`), shot);
}

// Legibility. ISO 9241-3 (display ergonomics) sets 16 minutes of arc as the smallest character
// height and prefers 20–22′. A glyph h pixels tall on a screen H pixels high, seen from D screen
// heights away, subtends (h / H) / D radians; 16′ is 0.00465 rad. The AV sizing rule "4-6-8"
// puts the farthest viewer of detailed content (numbers, tables) at 4 screen heights. So:
// - key figures (the numbers the wall is for) at least H / 54 (20 px at 1080, 40 px at 2160):
//   16′ from 4 screen heights, the back of a command-centre room;
// - every other text at least H / 108 (10 px at 1080): 16′ from 2 screen heights, the
//   operators' desks in front of the wall.
// The font size is measured (its em box, which a CJK glyph nearly fills) in device pixels: the
// CSS size times the wall canvas's scale. Text drawn inside the map's canvas is not measured.
const allTextRatio = 1 / 108;
const keyFigureRatio = 1 / 54;
/** The key figures of each scene: the numbers the wall is there to show. */
const keyFigures = [
  '.kpi-figure__value',
  '.stage__count b',
  '.scene-total b',
  '[data-testid="kpi-accepted-today-value"]',
].join(', ');

type TextSample = { text: string; px: number; selector: string; key: boolean };
type Layout = {
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  layout: Box | null;
  /** Overlays float over the map (the centre), never over a panel or the header. */
  blocks: (Box & { kind: 'header' | 'panel' | 'centre' | 'overlay'; name: string })[];
  stage: Box | null;
  canvas: Box | null;
};

/**
 * The visible text of the page: each text node's element, its font size in device pixels and
 * whether it is a key figure. (A string expression: the tests compile without the DOM library.)
 */
function readText(page: Page): Promise<TextSample[]> {
  return page.evaluate<TextSample[]>(`(() => {
    const wall = document.querySelector('.wall__canvas');
    const scale = wall ? wall.getBoundingClientRect().width / wall.offsetWidth : 1;
    const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const samples = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const el = node.parentElement;
      if (!text || !el) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const onScreen = [...range.getClientRects()].some((r) => r.width > 0 && r.height > 0
        && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight);
      if (!onScreen) continue;
      samples.push({
        text: text.slice(0, 40),
        px: parseFloat(getComputedStyle(el).fontSize) * scale,
        selector: name(el),
        key: el.matches(${JSON.stringify(keyFigures)}),
      });
    }
    return samples;
  })()`);
}

/** The boxes that make the layout: the header, and every block in the scene's columns. */
function readLayout(page: Page): Promise<Layout> {
  return page.evaluate<Layout>(`(() => {
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const kinds = [
      ['header', '.header'],
      ['panel', 'main.layout > .column > *'],
      ['centre', 'main.layout > .center > *'],
      ['overlay', '.time-bar, .rotation-indicator'],
    ];
    const blocks = kinds.flatMap(([kind, selector]) => [...document.querySelectorAll(selector)]
      .filter((el) => el.checkVisibility())
      .map((el) => ({ kind, name: el.dataset.testid || el.className, ...box(el) })));
    const root = document.documentElement;
    return {
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      scrollHeight: root.scrollHeight,
      clientHeight: root.clientHeight,
      layout: box(document.querySelector('main.layout')),
      blocks,
      stage: box(document.querySelector('main.layout .stage')),
      canvas: box(document.querySelector('main.layout .stage canvas')),
    };
  })()`);
}

/** The area two boxes share, in square pixels. */
function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** Whether `inner` lies within `outer`, give or take a pixel of rounding. */
function isInside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

/**
 * Checks the scene on screen fills the window without a scrollbar, every block of it (header,
 * panels, the map) inside the window and none over another, the map the widest, and every text
 * and key figure at least its legible size (see above). `where` names the scene in messages.
 * Soft assertions: one run reports every problem of every scene.
 */
export async function expectWallLayout(page: Page, where: string): Promise<void> {
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('the page has no fixed viewport');
  const screen: Box = { x: 0, y: 0, ...viewport };
  const layout = await readLayout(page);
  // No scrollbar: the page is exactly the screen.
  expect.soft(layout.scrollWidth, where).toBe(layout.clientWidth);
  expect.soft(layout.scrollHeight, where).toBe(layout.clientHeight);
  // The scene spans the screen's width, and the map (or 3D city) takes the widest part.
  expect.soft(layout.layout?.width ?? 0, where).toBeGreaterThanOrEqual(viewport.width - 1);
  if (layout.stage === null || layout.canvas === null) throw new Error(`no map on ${where}`);
  const sceneBlocks = layout.blocks.filter(
    (block) => block.kind === 'panel' || block.kind === 'centre',
  );
  expect.soft(layout.stage.width, where).toBe(Math.max(...sceneBlocks.map((block) => block.width)));
  expect.soft(isInside(layout.canvas, layout.stage), where).toBe(true);
  // Every block on the screen, none over another (overlays only over the map and its column).
  const outside = layout.blocks.filter((block) => !isInside(block, screen));
  expect.soft(outside, `${where}: blocks outside the screen`).toEqual([]);
  const overlapping = layout.blocks.flatMap((a, i) =>
    layout.blocks
      .slice(i + 1)
      .filter((b) => !([a.kind, b.kind].includes('overlay') && [a.kind, b.kind].includes('centre')))
      .filter((b) => overlapArea(a, b) > 1)
      .map((b) => `${a.name} × ${b.name}`),
  );
  expect.soft(overlapping, `${where}: overlapping blocks`).toEqual([]);

  const text = await readText(page);
  expect.soft(text.length, where).toBeGreaterThan(20);
  const smallest = viewport.height * allTextRatio;
  const tooSmall = text.filter((sample) => sample.px < smallest - 0.01);
  expect.soft(tooSmall, `${where}: text under ${smallest.toFixed(1)} px`).toEqual([]);
  const figures = text.filter((sample) => sample.key);
  expect.soft(figures.length, `${where}: key figures`).toBeGreaterThan(0);
  const smallestFigure = viewport.height * keyFigureRatio;
  const smallFigures = figures.filter((sample) => sample.px < smallestFigure - 0.01);
  expect.soft(smallFigures, `${where}: key figures under ${smallestFigure} px`).toEqual([]);
}
