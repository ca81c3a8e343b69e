import { readdirSync, readFileSync } from 'node:fs';

// What the UI benchmark runs inside the page, as strings: the tests compile without the DOM
// library. Every probe is bounded: counters only, one 50 ms poll that stops itself.

/**
 * Installed before any page script: counts requestAnimationFrame callbacks (`raf`), WebGL draw
 * calls, and animation frames in which at least one draw call happened (`glFrames`, so a
 * three.js loop counts too). `deckDraws` is filled once {@link findDecks} wrapped the decks.
 */
export const frameCounterScript = `(() => {
  if (window.__bench) return;
  const bench = { raf: 0, glFrames: 0, drawCalls: 0, deckDraws: 0, drew: false };
  window.__bench = bench;
  const tick = () => {
    bench.raf += 1;
    if (bench.drew) { bench.glFrames += 1; bench.drew = false; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const names = ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'];
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== 'function') continue;
      proto[name] = function (...args) { bench.drawCalls += 1; bench.drew = true; return original.apply(this, args); };
    }
  }
})();`;

/**
 * Installed before any page script on the cold loads: every 50 ms, from navigation start, checks
 * whether the first data panel shows a number (a digit in the first `.panel`'s first
 * `.figure__value`) and whether the map canvas has drawn district pixels (≥ 1 % of it cyan, read
 * back by drawing the WebGL canvas into a 192×108 2D canvas; the colour test is the e2e tests'
 * isDistrictCyan). Times are performance.now(), i.e. ms since navigation start. Stops after
 * both, or after 120 s.
 */
export const firstFrameScript = `(() => {
  const marks = { panel: null, map: null, ready: null, checks: 0, mapFraction: 0 };
  window.__fmf = marks;
  const probe = document.createElement('canvas');
  probe.width = 192;
  probe.height = 108;
  const context = probe.getContext('2d', { willReadFrequently: true });
  const isCyan = (r, g, b) => b >= 80 && g >= 60 && b - r >= 50 && g - r >= 35;
  const timer = setInterval(() => {
    const now = performance.now();
    marks.checks += 1;
    if (marks.ready === null && window.__twinReady === true) marks.ready = now;
    if (marks.panel === null) {
      const panel = document.querySelector('.panel');
      const value = panel && panel.querySelector('.figure__value');
      if (value && /\\d/.test(value.textContent || '')) marks.panel = now;
    }
    if (marks.map === null) {
      const canvas = document.querySelector('[data-testid="map"] canvas');
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        context.clearRect(0, 0, 192, 108);
        context.drawImage(canvas, 0, 0, 192, 108);
        const data = context.getImageData(0, 0, 192, 108).data;
        let cyan = 0;
        for (let i = 0; i < data.length; i += 4) if (isCyan(data[i], data[i + 1], data[i + 2])) cyan += 1;
        const fraction = cyan / (192 * 108);
        if (fraction >= 0.01) { marks.map = now; marks.mapFraction = fraction; }
      }
    }
    if ((marks.panel !== null && marks.map !== null && marks.ready !== null) || now > 120000) {
      clearInterval(timer);
    }
  }, 50);
})();`;

/**
 * Finds the page's deck.gl instances — `window.__benchDeck` (the baseline page) or the Deck held
 * in a React ref by each DeckGL component above a canvas (read from React's fiber of the
 * canvas or its parents) — wraps each one's `_drawLayers` to count real redraws into
 * `__bench.deckDraws`, and returns their number. `animate` sets deck.gl's `_animate` prop
 * (redraw every animation frame) on all of them.
 */
export function findDecksScript(animate: boolean | null): string {
  return `(() => {
  const found = new Set(window.__benchDeck ? [window.__benchDeck] : []);
  const isDeck = (value) => value && typeof value.setProps === 'function' && typeof value._drawLayers === 'function';
  for (const canvas of document.querySelectorAll('canvas')) {
    let element = canvas;
    for (let up = 0; element && up < 6; up += 1, element = element.parentElement) {
      const key = Object.keys(element).find((name) => name.startsWith('__reactFiber$'));
      let fiber = key ? element[key] : null;
      for (let depth = 0; fiber && depth < 40; depth += 1, fiber = fiber.return) {
        let hook = fiber.memoizedState;
        for (let i = 0; hook && typeof hook === 'object' && 'next' in hook && i < 80; i += 1, hook = hook.next) {
          const held = hook.memoizedState;
          const deck = held && typeof held === 'object' && held.current && held.current.deck;
          if (isDeck(deck)) found.add(deck);
        }
      }
    }
  }
  for (const deck of found) {
    if (!deck.__benchWrapped) {
      const original = deck._drawLayers;
      deck._drawLayers = function (...args) { window.__bench.deckDraws += 1; return original.apply(this, args); };
      deck.__benchWrapped = true;
    }
    ${animate === null ? '' : `deck.setProps({ _animate: ${animate} });`}
  }
  return found.size;
})()`;
}

/** The sizes (CSS and backing store) of the page's canvases, e.g. "1280×860". */
export const canvasSizesScript = `Array.from(document.querySelectorAll('canvas'))
  .filter((canvas) => canvas.width > 1 && canvas.height > 1)
  .map((canvas) => canvas.width + '×' + canvas.height).join(', ')`;

/** The baseline: a 1920×1080 page with one Deck and no layers, from deck.gl's standalone bundle. */
export const baselinePage = `<!doctype html>
<html><head><meta charset="utf-8"><style>html,body{margin:0;width:100%;height:100%;background:#061224;overflow:hidden}</style></head>
<body><script src="/deck-core.min.js"></script><script>
  window.__benchDeck = new deck.Deck({
    initialViewState: { longitude: 111.2, latitude: 34.45, zoom: 8 },
    controller: false,
    layers: [],
    onAfterRender: () => { window.__twinReady = true; },
  });
</script></body></html>`;

/** Cumulative CPU ticks (utime + stime, 1/100 s) of this process's Chromium descendants. */
export function chromiumTicks(): number {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      continue; // exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    comm.set(pid, stat.slice(stat.indexOf('(') + 1, close));
    const fields = stat.slice(close + 2).split(' ');
    parent.set(pid, Number(fields[1]));
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  let total = 0;
  for (const [pid, name] of comm) {
    if (!/chrom/i.test(name)) continue;
    let ancestor = parent.get(pid);
    for (let depth = 0; ancestor !== undefined && ancestor > 1 && depth < 20; depth += 1) {
      if (ancestor === process.pid) {
        total += ticks.get(pid) ?? 0;
        break;
      }
      ancestor = parent.get(ancestor);
    }
  }
  return total;
}

/** How many CSS and Web animations run now (each can make the compositor draw every frame). */
export const runningAnimationsScript = `document.getAnimations().filter((animation) => animation.playState === 'running').length`;
