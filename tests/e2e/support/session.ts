import { randomBytes } from 'node:crypto';
import { createScreen, createUser, findUser, issueSession } from '@city-twin/access';
import { createCity, type RunningCity } from '@city-twin/city';
import type { Db } from '@city-twin/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase } from '../../support/database.ts';
import { collectPageErrors, launchBrowser, webglRenderer } from './browser.ts';

// Authenticated browser sessions for the e2e tests: wall screens open from a screen-token URL,
// people sign in through the login page, as they do in production.

/** Software WebGL is slow: generous waits, polled every 100 ms (never per animation frame). */
export const poll = { timeout: 45_000, interval: 100 };

/** Password of the people the tests create (the gateway's minimum length is met). */
export const testPassword = 'e2e-Password-2026';

/**
 * Launches Chromium and fails fast, saying why, when it has no WebGL2 (rather than time out
 * waiting for a map that never draws).
 */
export async function launchWebGLBrowser(): Promise<Browser> {
  const browser = await launchBrowser();
  const probe = await browser.newPage();
  try {
    if ((await webglRenderer(probe)) === null) {
      throw new Error('no WebGL2 renderer in headless Chromium');
    }
  } catch (error) {
    await browser.close();
    throw error;
  } finally {
    await probe.close().catch(() => undefined);
  }
  return browser;
}

/**
 * The city on a fresh test database without simulators, so the only data on screen is the
 * test's own; its broker is `mqttUrl` (a test Mosquitto) or the embedded one. `stop()` stops
 * the city and drops the database.
 */
export async function startQuietCity(
  options: { mqttUrl?: string } = {},
): Promise<{ running: RunningCity; stop(): Promise<void> }> {
  const database = await createTestDatabase();
  const city = createCity({
    databaseUrl: database.url,
    ...(options.mqttUrl === undefined ? {} : { mqttUrl: options.mqttUrl }),
    port: 0,
    simulate: false,
    log: () => undefined,
  });
  const stop = async (): Promise<void> => {
    await city.stop();
    await database.drop();
  };
  try {
    return { running: await city.start(), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** A new page (1920×1080 unless told) collecting its errors; `reducedMotion` keeps animations still. */
export async function openPage(
  target: Browser | BrowserContext,
  options: { reducedMotion?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await target.newPage({
    viewport: options.viewport ?? { width: 1920, height: 1080 },
  });
  if (options.reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
  return { page, errors: collectPageErrors(page) };
}

/** Waits until the scene drew its first data (Window.__twinReady, set by the UI). */
export async function waitForTwinReady(page: Page, timeoutMs = poll.timeout): Promise<void> {
  await page.waitForFunction('window.__twinReady === true', undefined, {
    polling: poll.interval,
    timeout: timeoutMs,
  });
}

/** A wall screen registered in the city's database, with its token and its URL. */
export async function wallScreen(
  db: Db,
  baseUrl: string,
  path = '/',
  name = `e2e-screen-${randomBytes(3).toString('hex')}`,
): Promise<{ name: string; token: string; url: string }> {
  const { token } = await createScreen(db, { name });
  return { name, token, url: withScreenToken(baseUrl, path, token) };
}

/** The URL of `path` (`/?scene=alerts` …) for a new wall screen: `…?screen=<token>`. */
export async function screenUrl(db: Db, baseUrl: string, path = '/'): Promise<string> {
  return (await wallScreen(db, baseUrl, path)).url;
}

/** `path` on `baseUrl` with a screen token parameter added. */
export function withScreenToken(baseUrl: string, path: string, token: string): string {
  const url = new URL(path, baseUrl);
  url.searchParams.set('screen', token);
  return url.toString();
}

/** A person who can sign in: created once per database, with {@link testPassword}. */
export async function ensurePerson(
  db: Db,
  person: { username: string; role: 'leader' | 'operator' | 'admin'; displayName?: string },
): Promise<{ username: string; password: string }> {
  if ((await findUser(db, person.username)) === null) {
    await createUser(db, { ...person, password: testPassword });
  }
  return { username: person.username, password: testPassword };
}

/** `Authorization: Bearer …` of a fresh session of an existing user, for direct API calls. */
export async function bearerFor(db: Db, username: string): Promise<string> {
  const user = await findUser(db, username);
  if (user === null) throw new Error(`no user ${username}`);
  return `Bearer ${(await issueSession(db, user)).token}`;
}

/**
 * Opens `path` on `baseUrl`, signs in through the login page and waits until the header shows
 * who signed in. Throws with the page's own message when the login is refused.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  path = '/',
): Promise<void> {
  await page.goto(new URL(path, baseUrl).toString());
  await submitLogin(page, username, password);
  const badge = page.getByTestId('session-user');
  const error = page.getByTestId('login-error');
  // Either the scenes replace the login page, or the page says why not.
  // (A string expression: the tests compile without the DOM library.)
  await page.waitForFunction(
    `document.querySelector('[data-testid="session-user"], [data-testid="login-error"]') !== null`,
    undefined,
    { polling: poll.interval, timeout: poll.timeout },
  );
  if ((await error.count()) > 0) {
    throw new Error(`login of ${username} refused: ${await error.innerText()}`);
  }
  await badge.waitFor({ state: 'visible', timeout: poll.timeout });
}

/** Fills and sends the login form once it is on screen (the app decides first who is there). */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.waitFor({ state: 'visible', timeout: poll.timeout });
  await form.getByTestId('login-username').fill(username);
  await form.getByTestId('login-password').fill(password);
  await form.getByTestId('login-submit').click();
}

/**
 * Console errors minus the browser's own line for each HTTP error status, which a refused
 * token (401) or a refused login is expected to produce.
 */
export function unexpectedErrors(errors: readonly string[]): string[] {
  return errors.filter((line) => !/Failed to load resource: .*status of 401/.test(line));
}
