import type { RunningCity } from '@city-twin/city';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startMosquitto, type TestBroker } from '../../support/mosquitto.ts';
import {
  ensurePerson,
  launchWebGLBrowser,
  openPage,
  screenUrl,
  signIn,
  startQuietCity,
  waitForTwinReady,
} from './session.ts';

// One quiet city and one WebGL browser for the tests of a file, started before them and
// stopped after them, with the ways those tests open a page.

/** What a suite's tests reach once `beforeAll` ran (reading earlier throws). */
export interface CitySuite {
  readonly running: RunningCity;
  readonly browser: Browser;
  /** The test Mosquitto the city listens to (only with `broker: true`). */
  readonly broker: TestBroker;
  /** A new page on `path` (`/?scene=iot` …) as a new wall screen, once its scene drew its data. */
  openWallScene(path: string, options?: OpenOptions): Promise<OpenedPage>;
  /** A new page on `path` signed in as `person` (created on first use), once it drew its data. */
  openSignedIn(path: string, person: Person, options?: OpenOptions): Promise<OpenedPage>;
}

export type OpenedPage = { page: Page; errors: string[] };

export type OpenOptions = {
  /** Still animations (e.g. no looping ranking board). */
  reducedMotion?: boolean;
  viewport?: { width: number; height: number };
  /** Wait for `window.__twinReady` (default); a caller that waits for something else says no. */
  ready?: boolean;
  /** The gateway to open (default: the city's own). */
  baseUrl?: string;
  /** How long to wait for `__twinReady` (default: `poll.timeout`). */
  readyTimeoutMs?: number;
};

export type Person = {
  username: string;
  role: 'leader' | 'operator' | 'admin';
  displayName?: string;
};

/**
 * Registers `beforeAll`/`afterAll` hooks that start a city without simulators (on a test
 * Mosquitto with `broker: true`, else on its embedded broker) and Chromium, then run `seed`.
 */
export function useCitySuite(
  options: {
    broker?: boolean;
    seed?: (suite: CitySuite) => Promise<void>;
    timeoutMs?: number;
  } = {},
): CitySuite {
  let broker: TestBroker | undefined;
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let browser: Browser | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} did not start`);
    return value;
  };

  const ready = async (page: Page, options: OpenOptions): Promise<void> => {
    if (options.ready ?? true) await waitForTwinReady(page, options.readyTimeoutMs);
  };
  const suite: CitySuite = {
    get running() {
      return started(city, 'city').running;
    },
    get browser() {
      return started(browser, 'browser');
    },
    get broker() {
      return started(broker, 'broker');
    },
    async openWallScene(path, pageOptions = {}) {
      const opened = await openPage(suite.browser, pageOptions);
      const baseUrl = pageOptions.baseUrl ?? suite.running.url;
      await opened.page.goto(await screenUrl(suite.running.db, baseUrl, path));
      await ready(opened.page, pageOptions);
      return opened;
    },
    async openSignedIn(path, person, pageOptions = {}) {
      const { password } = await ensurePerson(suite.running.db, person);
      const opened = await openPage(suite.browser, pageOptions);
      const baseUrl = pageOptions.baseUrl ?? suite.running.url;
      await signIn(opened.page, baseUrl, person.username, password, path);
      await ready(opened.page, pageOptions);
      return opened;
    },
  };

  beforeAll(async () => {
    const startCity = async () => {
      if (!options.broker) return startQuietCity();
      broker = await startMosquitto();
      return startQuietCity({ mqttUrl: broker.url });
    };
    // Both started side by side; what did start is kept for afterAll even when the other failed.
    const [cityResult, browserResult] = await Promise.allSettled([
      startCity(),
      launchWebGLBrowser(),
    ]);
    if (cityResult.status === 'fulfilled') city = cityResult.value;
    if (browserResult.status === 'fulfilled') browser = browserResult.value;
    for (const result of [cityResult, browserResult]) {
      if (result.status === 'rejected') throw result.reason;
    }
    await options.seed?.(suite);
  }, options.timeoutMs ?? 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
    await broker?.stop();
  });

  return suite;
}
