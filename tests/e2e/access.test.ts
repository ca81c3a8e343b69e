import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { disableUser, revokeScreen } from '@city-twin/access';
import type { RunningCity } from '@city-twin/city';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fractionOfPixels, isDistrictCyan, type Rgb } from './support/pixels.ts';
import {
  ensurePerson,
  launchWebGLBrowser,
  openPage,
  poll,
  signIn,
  startQuietCity,
  submitLogin,
  testPassword,
  unexpectedErrors,
  waitForTwinReady,
  wallScreen,
} from './support/session.ts';

// Access control as people and wall screens meet it, against the real gateway: the login page,
// sign-in as a leader and as an operator (whose name goes into the alert log), a wall screen
// opened from its token URL, the styled notice when that token is revoked, and the screen
// coming back by itself when the token is valid again. No simulators: the only alert is ours.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 100_000;

const leader = { username: 'e2e-leader', role: 'leader', displayName: '李娜' } as const;
const operator = { username: 'e2e-operator', role: 'operator', displayName: '张伟' } as const;
const HUBIN = { district: '411202', lon: 111.2, lat: 34.77 }; // 湖滨区

/** The notice's amber (#ffb020): title, sign and frame; nothing else on that page has it. */
function isNoticeAmber([r, g, b]: Rgb): boolean {
  return r >= 200 && g >= 120 && g <= 200 && b <= 80;
}

describe('access (browser)', () => {
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let running: RunningCity | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [city, browser] = await Promise.all([startQuietCity(), launchWebGLBrowser()]);
    running = city.running;
    await ensurePerson(running.db, leader);
    await ensurePerson(running.db, operator);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  function started(): { running: RunningCity; browser: Browser } {
    if (!running || !browser) throw new Error('the city or the browser did not start');
    return { running, browser };
  }

  /** An open alert written as ingest writes it, announced on `twin_alert`. */
  async function raiseAlert(title: string): Promise<string> {
    const { db } = started().running;
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
         title_en, detail, district, lon, lat, opened_at, last_seen_at)
       VALUES ('manhole.open', 'iot:e2e-mh-01', 'iot', 'threshold', 3, 3, 'open', $1,
         'Hubin test manhole 01: cover open', '{"metric":"open","value":1}', $2, $3, $4, now(), now())
       RETURNING id::text`,
      [title, HUBIN.district, HUBIN.lon, HUBIN.lat],
    );
    const id = row?.id ?? '';
    await db.query(
      `INSERT INTO alert_log (entity, entity_id, actor, action, note) VALUES ('alert', $1, 'system', 'opened', $2)`,
      [id, title],
    );
    await db.query(`SELECT pg_notify('twin_alert', $1)`, [
      JSON.stringify({ id, action: 'opened' }),
    ]);
    return id;
  }

  it(
    'says 用户名或密码错误 for a wrong password and stays on the login page',
    async () => {
      const { running, browser } = started();
      const { page, errors } = await openPage(browser);
      try {
        await page.goto(`${running.url}/`);
        await submitLogin(page, leader.username, 'not-the-password');
        const error = page.getByTestId('login-error');
        await expect.poll(() => error.count(), poll).toBe(1);
        expect(await error.innerText()).toBe('用户名或密码错误');
        expect(await error.getAttribute('data-error')).toBe('badCredentials');
        expect(await page.getByTestId('login-form').isVisible()).toBe(true);
        expect(await page.getByTestId('session-user').count()).toBe(0);

        // In English too.
        await page.getByTestId('lang-toggle').click();
        await expect.poll(() => error.innerText(), poll).toBe('Wrong username or password');

        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'access-login-error.png'), await page.screenshot());
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'signs a leader in to the overview, with their name in the header, and signs them out',
    async () => {
      const { running, browser } = started();
      const { page, errors } = await openPage(browser);
      try {
        await signIn(page, running.url, leader.username, testPassword);
        await waitForTwinReady(page);
        expect(await page.getByTestId('session-user').innerText()).toBe(leader.displayName);
        expect(await page.getByTestId('session-badge').getAttribute('data-role')).toBe('leader');
        expect(await page.getByTestId('district-list').innerText()).toContain('灵宝市');
        expect(
          fractionOfPixels(await page.getByTestId('map').screenshot(), isDistrictCyan),
          'district edges and fill',
        ).toBeGreaterThan(0.02);

        // A reload keeps the session of this tab.
        await page.reload();
        await expect.poll(() => page.getByTestId('session-user').count(), poll).toBe(1);
        expect(await page.getByTestId('login-form').count()).toBe(0);

        await page.getByTestId('sign-out').click();
        await expect.poll(() => page.getByTestId('login-form').count(), poll).toBe(1);
        await page.reload();
        await expect.poll(() => page.getByTestId('login-form').count(), poll).toBe(1);
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'shows alert actions to an operator, not to a leader, and logs the acknowledgement under the operator’s name',
    async () => {
      const { running, browser } = started();
      const title = '湖滨区测试井盖01：井盖开启';
      const alertId = await raiseAlert(title);
      const note = '已通知湖滨区市政值守人员到场核查';

      const openAlert = async (username: string) => {
        const { page, errors } = await openPage(browser, { reducedMotion: true });
        await signIn(page, running.url, username, testPassword, '/?scene=alerts');
        await waitForTwinReady(page);
        const item = page.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"]`);
        await expect.poll(() => item.count(), poll).toBe(1);
        await item.getByRole('button').click();
        const detail = page.getByTestId('alert-detail');
        await expect.poll(() => detail.getAttribute('data-alert-id'), poll).toBe(alertId);
        return { page, errors, detail };
      };

      const asLeader = await openAlert(leader.username);
      try {
        expect(await asLeader.detail.getByTestId('alert-detail-title').innerText()).toBe(title);
        expect(await asLeader.detail.getByTestId('alert-actions').count()).toBe(0);
        expect(unexpectedErrors(asLeader.errors)).toEqual([]);
      } finally {
        await asLeader.page.close();
      }

      const { page, errors, detail } = await openAlert(operator.username);
      try {
        await detail.getByTestId('action-note').fill(note);
        await detail.getByTestId('action-acknowledge').click();
        const acknowledged = detail.locator(
          '[data-testid="log-entry"][data-action="acknowledged"]',
        );
        await expect.poll(() => acknowledged.count(), poll).toBe(1);
        expect(await acknowledged.getByTestId('log-actor').innerText()).toBe(operator.displayName);
        expect(await acknowledged.getByTestId('log-note').innerText()).toBe(note);
        const [row] = await running.db.query<{ acknowledged_by: string | null }>(
          `SELECT acknowledged_by FROM alert WHERE id = $1`,
          [alertId],
        );
        expect(row?.acknowledged_by).toBe(operator.displayName);
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'opens a wall screen from its token URL, shows 屏幕授权已失效 when the token is revoked, and comes back when it is valid again',
    async () => {
      const { running, browser } = started();
      const screen = await wallScreen(running.db, running.url, '/', 'command-hall-e2e');
      const { page, errors } = await openPage(browser);
      try {
        await page.goto(screen.url);
        await waitForTwinReady(page);
        expect(await page.getByTestId('login-form').count()).toBe(0);
        expect(await page.getByTestId('session-user').innerText()).toBe(screen.name);
        expect(await page.getByTestId('sign-out').count()).toBe(0);

        await revokeScreen(running.db, screen.name);
        const notice = page.getByTestId('access-notice');
        // The next poll (5 s) or the closed socket finds the token refused.
        await expect.poll(() => notice.getAttribute('data-kind'), poll).toBe('screenRefused');
        expect(await page.getByTestId('access-notice-title').innerText()).toBe('屏幕授权已失效');
        expect(await page.getByTestId('access-notice-detail').innerText()).toContain('已被撤销');
        const shot = await page.screenshot();
        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'access-screen-refused.png'), shot);
        // Styled, not blank: the amber notice on the dark command-centre background.
        expect(fractionOfPixels(shot, isNoticeAmber), 'amber notice').toBeGreaterThan(0.003);
        expect(
          fractionOfPixels(shot, ([r, g, b]) => r < 40 && g < 60 && b < 80),
          'dark background',
        ).toBeGreaterThan(0.6);
        expect(await page.getByTestId('map').count()).toBe(0);

        // Restored (the revocation undone in the database): the next retry opens the screen.
        await page.evaluate('window.__twinReady = false');
        await running.db.query(
          `UPDATE wall_screen SET revoked_at = NULL, token_version = token_version - 1 WHERE name = $1`,
          [screen.name],
        );
        await waitForTwinReady(page);
        expect(await notice.count()).toBe(0);
        expect(await page.getByTestId('session-user').innerText()).toBe(screen.name);
        expect(
          fractionOfPixels(await page.getByTestId('map').screenshot(), isDistrictCyan),
          'district edges and fill',
        ).toBeGreaterThan(0.02);
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'sends a person whose session was ended back to the login page, saying so',
    async () => {
      const { running, browser } = started();
      const person = { username: 'e2e-leader-ended', role: 'leader', displayName: '王强' } as const;
      await ensurePerson(running.db, person);
      const { page, errors } = await openPage(browser);
      try {
        await signIn(page, running.url, person.username, testPassword);
        await waitForTwinReady(page);
        await disableUser(running.db, person.username);
        // The next poll (5 s) is refused: the login page, with the reason on it.
        const notice = page.getByTestId('login-notice');
        await expect.poll(() => notice.count(), poll).toBe(1);
        expect(await notice.innerText()).toBe('登录已过期或已失效，请重新登录');
        expect(await page.getByTestId('map').count()).toBe(0);
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'starts a wall screen while the gateway is unreachable with a styled notice, and opens it when the gateway is back',
    async () => {
      const { running, browser } = started();
      const screen = await wallScreen(running.db, running.url, '/', 'outage-e2e');
      const { page, errors } = await openPage(browser);
      try {
        await page.route('**/graphql', (route) => route.abort('connectionrefused'));
        await page.goto(screen.url);
        const notice = page.getByTestId('access-notice');
        await expect.poll(() => notice.getAttribute('data-kind'), poll).toBe('unreachable');
        expect(await page.getByTestId('access-notice-title').innerText()).toBe(
          '无法连接指挥中心服务',
        );
        expect(
          fractionOfPixels(await page.screenshot(), isNoticeAmber),
          'amber notice',
        ).toBeGreaterThan(0.003);

        await page.unroute('**/graphql');
        await waitForTwinReady(page);
        expect(await notice.count()).toBe(0);
        expect(await page.getByTestId('session-user').innerText()).toBe(screen.name);
        const refused = errors.filter((line) => !/ERR_CONNECTION_REFUSED|ERR_FAILED/.test(line));
        expect(unexpectedErrors(refused)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
