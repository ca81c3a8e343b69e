import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ticketEventTopic, unitMetaTopic } from '@city-twin/events';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto } from '../support/mosquitto.ts';
import { publishAll, type Message } from '../support/publish.ts';
import {
  ensurePerson,
  launchWebGLBrowser,
  openPage,
  poll,
  signIn,
  startQuietCity,
  testPassword,
  waitForTwinReady,
} from './support/session.ts';

// The 12345 scene against the real stack: work orders published through Mosquitto, stored by
// ingest, served by the gateway, drawn by the built UI. The city runs without simulators so
// every figure on the screen comes from the orders below.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
// Software WebGL is slow: generous waits (`poll`), each shorter than the test.
const testMs = 90_000;
// The scene as a leader sees it: everything, with callers' personal data masked.
const leader = { username: 'e2e-leader', role: 'leader', displayName: '李娜' } as const;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const chinaOffsetMs = 8 * hourMs;
const chinaDate = (instant: number) => new Date(instant + chinaOffsetMs).toISOString().slice(0, 10);

const now = Date.now();
// Today's orders start 20 minutes ago, but never before today began in Sanmenxia.
const todayStart = Date.parse(`${chinaDate(now)}T00:00:00+08:00`);
const todayBase = Math.max(now - 20 * 60_000, todayStart + 1_000);
// Long enough ago that its completion deadline (3 working days) has passed whatever holidays fell.
const oldBase = now - 40 * dayMs;

const HUBIN = { lon: 111.2, lat: 34.77 }; // 湖滨区 411202
const LINGBAO = { lon: 110.894, lat: 34.517 }; // 灵宝市 411282

const units = [
  { id: 'e2e-u-1', name: '三门峡市测试住建局', kind: 'city_department' },
  { id: 'e2e-u-2', name: '湖滨区测试街道办事处', kind: 'township', district: '411202' },
  { id: 'e2e-u-3', name: '灵宝市测试人社局', kind: 'county_government', district: '411282' },
];

type Step = Record<string, unknown>;

/** One order's actions, a second apart from `base`. */
function order(id: string, base: number, steps: Step[]): Message[] {
  return steps.map((body, index) => ({
    topic: ticketEventTopic(id),
    payload: JSON.stringify({
      eventId: `${id}:${String(index + 1).padStart(2, '0')}`,
      ts: new Date(base + index * 1_000).toISOString(),
      ...body,
    }),
  }));
}

const created = (place: typeof HUBIN, kind: string, category: string) => ({
  action: 'created',
  channel: 'phone',
  category,
  urgency: 'normal',
  kind,
  summary: '小区供暖不热，请尽快处理',
  ...place,
  caller: { name: '张先生', phone: '13800000000' },
});

const orders = {
  // Accepted today, handled to the end: 受理 派单 签收 办结 回访.
  done: {
    id: 'E2E-T-DONE',
    base: todayBase,
    steps: [
      created(HUBIN, 'complaint', 'heating'),
      { action: 'dispatched', unitId: 'e2e-u-1' },
      { action: 'signed', unitId: 'e2e-u-1' },
      { action: 'completed', unitId: 'e2e-u-1', resolution: '已维修供暖管道' },
      { action: 'revisited', satisfaction: 'satisfied' },
    ],
  },
  // Accepted today, returned by one unit and signed by another: 受理 派单 退单 派单 签收.
  returned: {
    id: 'E2E-T-RETURNED',
    base: todayBase + 10_000,
    steps: [
      created(HUBIN, 'help', 'roads'),
      { action: 'dispatched', unitId: 'e2e-u-2' },
      { action: 'returned', unitId: 'e2e-u-2', reason: '非本单位职责' },
      { action: 'dispatched', unitId: 'e2e-u-3' },
      { action: 'signed', unitId: 'e2e-u-3' },
    ],
  },
  // A consultation signed forty days ago and never completed: overdue now.
  overdue: {
    id: 'E2E-T-OVERDUE',
    base: oldBase,
    steps: [
      created(LINGBAO, 'consultation', 'wages'),
      { action: 'dispatched', unitId: 'e2e-u-3' },
      { action: 'signed', unitId: 'e2e-u-3' },
    ],
  },
};

const acceptedToday = [orders.done, orders.returned].length;

describe('12345 hotline scene (browser)', () => {
  let broker: Awaited<ReturnType<typeof startMosquitto>> | undefined;
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let url = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    [broker, browser] = await Promise.all([startMosquitto(), launchWebGLBrowser()]);
    city = await startQuietCity({ mqttUrl: broker.url });
    url = city.running.url;
    await ensurePerson(city.running.db, leader);

    const ts = new Date(now - 2 * hourMs).toISOString();
    await publishAll(broker.url, [
      ...units.map(({ id, ...meta }) => ({
        topic: unitMetaTopic(id),
        retain: true,
        payload: JSON.stringify({ eventId: `${id}:meta`, ts, ...meta }),
      })),
      ...Object.values(orders).flatMap(({ id, base, steps }) => order(id, base, steps)),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
    await broker?.stop();
  });

  /**
   * Opens the hotline scene at 1920×1080 signed in as the leader and waits until the map drew
   * the orders.
   */
  async function openScene(): Promise<{ page: Page; errors: string[] }> {
    if (!browser) throw new Error('the browser did not start');
    // No looping ranking board: a test clicks rows that stand still.
    const { page, errors } = await openPage(browser, { reducedMotion: true });
    await signIn(page, url, leader.username, testPassword, '/?scene=hotline');
    await waitForTwinReady(page);
    return { page, errors };
  }

  it(
    'shows the accepted count, ranks the units and lists the overdue order, without console errors',
    async () => {
      const { page, errors } = await openScene();
      try {
        await expect
          .poll(() => page.getByTestId('kpi-accepted-today-value').innerText(), poll)
          .toBe(String(acceptedToday));
        const thisYear = Object.values(orders).filter(
          ({ base }) => chinaDate(base).slice(0, 4) === chinaDate(now).slice(0, 4),
        ).length;
        expect(await page.getByTestId('kpi-accepted-year-value').innerText()).toBe(
          String(thisYear),
        );

        const ranking = page.getByTestId('unit-ranking');
        await expect
          .poll(() => ranking.getByTestId('ranking-row').count(), poll)
          .toBe(units.length);
        const names = await ranking.getByTestId('ranking-unit-name').allInnerTexts();
        expect([...names].sort()).toEqual(units.map((unit) => unit.name).sort());

        const overdue = page.locator(
          `[data-testid="overdue-ticket"][data-ticket-id="${orders.overdue.id}"]`,
        );
        await expect.poll(() => overdue.count(), poll).toBe(1);
        expect(await overdue.getByTestId('overdue-duration').innerText()).toMatch(
          /^超期 \d+天\d+小时$/,
        );
        expect(await page.getByTestId('overdue-ticket').count()).toBe(1);

        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'hotline-scene.png'), await page.screenshot());
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'opens the trace of an overdue order and of an order behind a unit score, step by step',
    async () => {
      const { page, errors } = await openScene();
      try {
        const overdue = page.locator(
          `[data-testid="overdue-ticket"][data-ticket-id="${orders.overdue.id}"]`,
        );
        await expect.poll(() => overdue.count(), poll).toBe(1);
        await overdue.getByRole('button').click();

        const trace = page.getByTestId('ticket-trace');
        await expect.poll(() => trace.getAttribute('data-ticket-id'), poll).toBe(orders.overdue.id);
        expect(await trace.getByTestId('trace-step').allInnerTexts()).toHaveLength(
          orders.overdue.steps.length,
        );
        expect(await actionsOf(page)).toEqual(['受理', '派单', '签收']);
        // Personal data as the API returns it to a leader: masked.
        expect(await trace.getByTestId('trace-caller').innerText()).toBe('张**');
        expect(await trace.getByTestId('trace-phone').innerText()).toBe('138****0000');

        // A leader opens a unit's score, then the order behind one of its records.
        await page.getByTestId('drawer-close').click();
        await page
          .locator('[data-testid="ranking-row"][data-unit-id="e2e-u-1"]')
          .getByRole('button')
          .click();
        const breakdown = page.getByTestId('score-breakdown');
        await expect.poll(() => breakdown.getByTestId('formula-base').count(), poll).toBe(1);
        expect(await breakdown.getByTestId('formula-base').innerText()).toBe('1,000');
        // Signed and completed on time: base + 0.5 + 1.
        await expect
          .poll(() => breakdown.getByTestId('formula-score').innerText(), poll)
          .toBe('1,001.5');
        const records = breakdown.getByTestId('breakdown-ticket');
        await expect.poll(() => records.count(), poll).toBe(2);
        await records.first().click();

        await expect.poll(() => trace.getAttribute('data-ticket-id'), poll).toBe(orders.done.id);
        await expect
          .poll(() => actionsOf(page), poll)
          .toEqual(['受理', '派单', '签收', '办结', '回访']);
        expect(await page.getByTestId('drawer-back').count()).toBe(1);

        await writeFile(path.join(artifactsDir, 'hotline-trace.png'), await page.screenshot());
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});

/** The action names down the trace's timeline, in order. */
async function actionsOf(page: Page): Promise<string[]> {
  return page.locator('[data-testid="trace-step"] .timeline__action').allInnerTexts();
}
