import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium fonts-noto-cjk`); no browser is downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a closed network and software WebGL. playwright-core already passes `--headless`
 * (the new headless mode in current Chromium), `--no-sandbox` and a fresh temporary
 * `--user-data-dir` for each launch(), and forbids setting the latter; the flags here make
 * the intent explicit. WebGL2 comes from ANGLE on EGL with Mesa llvmpipe (`--use-angle=gl-egl`),
 * 2–4× faster here than SwiftShader (`--use-angle=swiftshader --enable-unsafe-swiftshader`,
 * kept as the fallback through CHROMIUM_GL=swiftshader).
 */
export function chromiumArgs(gl = process.env.CHROMIUM_GL ?? 'egl'): string[] {
  const base = [
    '--headless=new',
    '--no-sandbox',
    '--no-first-run',
    // Without these Chromium keeps calling home and floods a closed network.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
  const webgl =
    gl === 'swiftshader'
      ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader']
      : ['--use-angle=gl-egl', '--ignore-gpu-blocklist'];
  return [...base, ...webgl];
}

/** Launches headless Chromium with a fresh profile. Close it with `browser.close()`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
}

/** Errors a page reported: console messages of type 'error' and uncaught exceptions. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** The WebGL renderer string the page gets, e.g. "ANGLE (Mesa/X.org, llvmpipe …)", or null. */
export function webglRenderer(page: Page): Promise<string | null> {
  // A string expression: the tests compile without the DOM library.
  return page.evaluate<string | null>(`(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  })()`);
}
