import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useCitySuite } from './support/city-suite.ts';
import { places } from './support/seed-devices.ts';
import {
  chinaDate,
  created,
  dayMs,
  hourMs,
  publishHotline,
  todayBase,
  type UnitSeed,
} from './support/seed-hotline.ts';
import { poll } from './support/session.ts';

// The 12345 scene against the real stack: work orders published through Mosquitto, stored by
// ingest, served by the gateway, drawn by the built UI. The city runs without simulators so
// every figure on the screen comes from the orders below.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
// Software WebGL is slow: generous waits (`poll`), each shorter than the test.
const testMs = 90_000;
// The scene as a leader sees it: everything, with callers' personal data masked.
const leader = { username: 'e2e-leader', role: 'leader', displayName: '李娜' } as const;

const now = Date.now();
// Long enough ago that its completion deadline (3 working days) has passed whatever holidays fell.
const oldBase = now - 40 * dayMs;

const units: UnitSeed[] = [
  { id: 'e2e-u-1', name: '三门峡市测试住建局', kind: 'city_department' },
  { id: 'e2e-u-2', name: '湖滨区测试街道办事处', kind: 'township', district: '411202' },
  { id: 'e2e-u-3', name: '灵宝市测试人社局', kind: 'county_government', district: '411282' },
];

const summary = '小区供暖不热，请尽快处理';
const orders = {
  // Accepted today, handled to the end: 受理 派单 签收 办结 回访.
  done: {
    id: 'E2E-T-DONE',
    base: todayBase(now),
    steps: [
      created(places.hubin, 'complaint', 'heating', summary),
      { action: 'dispatched', unitId: 'e2e-u-1' },
      { action: 'signed', unitId: 'e2e-u-1' },
      { action: 'completed', unitId: 'e2e-u-1', resolution: '已维修供暖管道' },
      { action: 'revisited', satisfaction: 'satisfied' },
    ],
  },
  // Accepted today, returned by one unit and signed by another: 受理 派单 退单 派单 签收.
  returned: {
    id: 'E2E-T-RETURNED',
    base: todayBase(now) + 10_000,
    steps: [
      created(places.hubin, 'help', 'roads', summary),
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
      created(places.lingbao, 'consultation', 'wages', summary),
      { action: 'dispatched', unitId: 'e2e-u-3' },
      { action: 'signed', unitId: 'e2e-u-3' },
    ],
  },
};

const acceptedToday = [orders.done, orders.returned].length;

describe('12345 hotline scene (browser)', () => {
  const suite = useCitySuite({
    broker: true,
    seed: ({ broker }) =>
      publishHotline(broker.url, {
        units,
        orders: Object.values(orders),
        unitsSince: now - 2 * hourMs,
      }),
  });

  /**
   * Opens the hotline scene at 1920×1080 signed in as the leader and waits until the map drew
   * the orders.
   */
  const openScene = () =>
    // No looping ranking board: a test clicks rows that stand still.
    suite.openSignedIn('/?scene=hotline', leader, { reducedMotion: true });

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
