import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { gql } from '../support/graphql.ts';
import { useCitySuite } from './support/city-suite.ts';
import { insertAlert, insertDevices, insertReadings, places } from './support/seed-devices.ts';
import {
  chinaDate,
  created,
  dayMs,
  hourMs,
  publishHotline,
  todayBase,
  type UnitSeed,
} from './support/seed-hotline.ts';
import { bearerFor, ensurePerson, poll, unexpectedErrors } from './support/session.ts';

// The leaders' cockpit against the real stack: work orders published through Mosquitto, stored
// by ingest, served by the gateway, shown by the built UI to a leader who signed in. The city
// runs without simulators, so every figure comes from the orders below.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 120_000;
const leader = { username: 'e2e-cockpit-leader', role: 'leader', displayName: '王强' } as const;

const now = Date.now();
// The period the leader's link opens: the last 30 days; compared with the 30 days before.
const period = { from: chinaDate(now - 29 * dayMs), to: chinaDate(now) };
const previous = { from: chinaDate(now - 59 * dayMs), to: chinaDate(now - 30 * dayMs) };

const units: UnitSeed[] = [
  { id: 'e2e-c-1', name: '三门峡市驾驶舱测试住建局', kind: 'city_department' },
  { id: 'e2e-c-2', name: '灵宝市驾驶舱测试人社局', kind: 'county_government', district: '411282' },
];

const noiseMeter = { id: 'e2e-c-ns-01', name: '灵宝市驾驶舱测试噪声点01' };
/** Hours of readings the meter sent before it fell quiet. */
const noiseHours = 48;
// A comma and quotes, so the CSV export has to quote the field.
const noiseAlertTitle = '灵宝市驾驶舱测试噪声点01：噪声超标, "夜间"';

const summary = '拖欠工资，请尽快处理';
const orders = {
  // This period: handled to the end today.
  done: {
    id: 'E2E-C-DONE',
    base: todayBase(now),
    steps: [
      created(places.hubin, 'complaint', 'heating', summary),
      { action: 'dispatched', unitId: 'e2e-c-1' },
      { action: 'signed', unitId: 'e2e-c-1' },
      { action: 'completed', unitId: 'e2e-c-1', resolution: '已维修供暖管道' },
      { action: 'revisited', satisfaction: 'satisfied' },
    ],
  },
  // This period: a consultation signed twenty days ago and never completed, overdue now.
  overdue: {
    id: 'E2E-C-OVERDUE',
    base: now - 20 * dayMs,
    steps: [
      created(places.lingbao, 'consultation', 'wages', summary),
      { action: 'dispatched', unitId: 'e2e-c-2' },
      { action: 'signed', unitId: 'e2e-c-2' },
    ],
  },
  // The previous period: completed at once, the citizen satisfied.
  earlier: {
    id: 'E2E-C-EARLIER',
    base: now - 45 * dayMs,
    steps: [
      created(places.lingbao, 'help', 'roads', summary),
      { action: 'dispatched', unitId: 'e2e-c-2' },
      { action: 'signed', unitId: 'e2e-c-2' },
      { action: 'completed', unitId: 'e2e-c-2', resolution: '已修复路面' },
      { action: 'revisited', satisfaction: 'satisfied' },
    ],
  },
};

type Figures = { accepted: number; completionRate: number | null; satisfactionRate: number | null };
const statsQuery = /* GraphQL */ `
  query ($from: LocalDate!, $to: LocalDate!, $previousFrom: LocalDate!, $previousTo: LocalDate!) {
    current: hotlineStats(from: $from, to: $to) {
      accepted
      completionRate
      satisfactionRate
    }
    previous: hotlineStats(from: $previousFrom, to: $previousTo) {
      accepted
      completionRate
      satisfactionRate
    }
  }
`;

/** A rate as the zh-CN screen writes it: 66.7%, '—' without one. */
const toPercentText = (rate: number | null) =>
  rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;

/** Splits CSV text (CRLF lines, fields quoted only when needed) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

describe("leaders' cockpit (browser)", () => {
  let token = '';
  const suite = useCitySuite({
    broker: true,
    timeoutMs: 180_000,
    async seed({ broker, running: { db } }) {
      await ensurePerson(db, leader);
      token = (await bearerFor(db, leader.username)).replace(/^Bearer /, '');
      await publishHotline(broker.url, {
        units,
        orders: Object.values(orders),
        unitsSince: now - 50 * dayMs,
      });
      // Every order stored before a page opens (vi.waitFor: expect.poll runs inside tests only).
      await vi.waitFor(async () => {
        const data = await gql<{ current: Figures; previous: Figures }>(
          url(),
          statsQuery,
          { ...period, previousFrom: previous.from, previousTo: previous.to },
          { token },
        );
        expect([data.current.accepted, data.previous.accepted]).toEqual([2, 1]);
      }, poll);

      // A noise meter in 灵宝市 quiet for three hours (silent: it needs attention), with hourly
      // readings over two days before that, and an open alert, written as ingest writes them.
      await insertDevices(db, [
        {
          ...noiseMeter,
          type: 'noise',
          place: places.lingbao,
          latest: { db: 48 },
          quietMinutes: 180,
        },
      ]);
      const lastHour = Math.floor(now / hourMs) * hourMs;
      // Ingest keeps a per-minute and an hourly rollup; the 7-day chart reads the hourly one.
      await insertReadings(db, {
        deviceId: noiseMeter.id,
        metric: 'db',
        readings: Array.from({ length: noiseHours }, (_, index) => ({
          ts: new Date(lastHour - (index + 4) * hourMs + 30 * 60_000),
          value: 45 + (index % 8),
        })),
        rollups: ['minute', 'hour'],
      });
      await insertAlert(db, {
        ruleId: 'noise.high',
        subject: `iot:${noiseMeter.id}`,
        source: 'iot',
        severity: 2,
        title: noiseAlertTitle,
        titleEn: 'Lingbao test noise meter 01: too loud',
        detail: { metric: 'db', value: 72 },
        place: places.lingbao,
        openedAt: new Date(Date.now() - 5 * 60_000),
      });
    },
  });
  const url = () => suite.running.url;

  async function openCockpit(search: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await suite.openSignedIn(`/${search}`, leader, { ready: false });
    try {
      await page.getByTestId('cockpit-scene').waitFor({ state: 'visible', timeout: poll.timeout });
    } catch (error) {
      // What the page showed instead, for the report.
      await mkdir(artifactsDir, { recursive: true });
      await writeFile(path.join(artifactsDir, 'cockpit-not-open.png'), await page.screenshot());
      throw new Error(`the cockpit did not open (${page.url()}; errors: ${errors.join(' | ')})`, {
        cause: error,
      });
    }
    return { page, errors };
  }

  const crumbsOf = (page: Page) =>
    page.locator('[data-testid="cockpit-crumbs"] li').allInnerTexts();

  it(
    'compares the period with the previous one and with chosen days, figures as the API answers them',
    async () => {
      const { page, errors } = await openCockpit(
        `?scene=cockpit&period=${period.from}..${period.to}`,
      );
      try {
        const answer = await gql<{ current: Figures; previous: Figures }>(
          url(),
          statsQuery,
          { ...period, previousFrom: previous.from, previousTo: previous.to },
          { token },
        );
        const figure = (key: string, side: 'current' | 'previous' | 'change') =>
          page
            .locator(`[data-testid="compare-figure"][data-figure="${key}"]`)
            .getByTestId(`compare-${side}`)
            .innerText();
        await expect
          .poll(() => figure('accepted', 'current'), poll)
          .toBe(String(answer.current.accepted));
        expect(await figure('accepted', 'previous')).toBe(String(answer.previous.accepted));
        for (const key of ['completionRate', 'satisfactionRate'] as const) {
          expect(await figure(key, 'current')).toBe(toPercentText(answer.current[key]));
          expect(await figure(key, 'previous')).toBe(toPercentText(answer.previous[key]));
        }
        // The change in percentage points of the rates as shown: 50.0% vs 100.0% → −50.
        const { current, previous: before } = answer;
        if (current.completionRate === null || before.completionRate === null) {
          throw new Error('both periods have orders due');
        }
        const change =
          Math.round(current.completionRate * 1000) / 10 -
          Math.round(before.completionRate * 1000) / 10;
        const sign = change > 0 ? '+' : change < 0 ? '−' : '';
        expect(await figure('completionRate', 'change')).toBe(
          `${sign}${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(Math.abs(change))} 个百分点`,
        );
        expect(await page.getByTestId('compare-previous-range').innerText()).toContain(
          previous.from,
        );
        await page
          .locator('[data-testid="cockpit-districts"] [data-testid="cockpit-row"]')
          .first()
          .waitFor({ state: 'visible', timeout: poll.timeout });
        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'cockpit-city.png'), await page.screenshot());

        // Compared with chosen days instead, through the custom range form: a range that ends
        // before it starts is refused, a valid one goes into the URL and the figures.
        const chosen = { from: chinaDate(now - 89 * dayMs), to: chinaDate(now - 60 * dayMs) };
        await page.locator('[data-testid="compare-picker"] [data-compare="custom"]').click();
        const form = page.locator('[data-testid="compare-picker"] form');
        const [fromInput, toInput] = [form.locator('input').nth(0), form.locator('input').nth(1)];
        await fromInput.fill(chosen.to);
        await toInput.fill(chosen.from);
        expect(await form.getByRole('button').isDisabled()).toBe(true);
        expect(await form.locator('.period-picker__error').innerText()).toBe(
          '开始日期不能晚于结束日期',
        );
        await fromInput.fill(chosen.from);
        await toInput.fill(chosen.to);
        await form.getByRole('button').click();
        await expect
          .poll(() => new URL(page.url()).searchParams.get('compare'), poll)
          .toBe(`${chosen.from}..${chosen.to}`);
        const chosenAnswer = await gql<{ current: Figures; previous: Figures }>(
          url(),
          statsQuery,
          { ...period, previousFrom: chosen.from, previousTo: chosen.to },
          { token },
        );
        await expect
          .poll(() => figure('accepted', 'previous'), poll)
          .toBe(String(chosenAnswer.previous.accepted));
        expect(await figure('accepted', 'current')).toBe(String(answer.current.accepted));
        expect(await page.getByTestId('compare-previous-range').innerText()).toContain(chosen.from);
        expect(await form.count()).toBe(0);
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'drills from the city to one overdue order, keeps the path in the URL and restores it on reload',
    async () => {
      const { page, errors } = await openCockpit(
        `?scene=cockpit&period=${period.from}..${period.to}`,
      );
      try {
        expect(await crumbsOf(page)).toEqual(['全市']);
        const districtRow = page.locator(
          '[data-testid="cockpit-districts"] [data-testid="cockpit-row"][data-key="411282"]',
        );
        await districtRow.waitFor({ state: 'visible', timeout: poll.timeout });
        await districtRow.click();
        await expect
          .poll(() => new URL(page.url()).searchParams.get('district'), poll)
          .toBe('411282');

        const unitRow = page.locator(
          '[data-testid="cockpit-ranking"] [data-testid="cockpit-row"][data-key="e2e-c-2"]',
        );
        await unitRow.waitFor({ state: 'visible', timeout: poll.timeout });
        // The district's ranking lists its own units only.
        expect(
          await page.locator('[data-testid="cockpit-ranking"] [data-testid="cockpit-row"]').count(),
        ).toBe(1);
        await unitRow.click();
        await expect.poll(() => new URL(page.url()).searchParams.get('unit'), poll).toBe('e2e-c-2');

        const orderRow = page.locator(
          `[data-testid="cockpit-overdue"] [data-testid="cockpit-row"][data-key="${orders.overdue.id}"]`,
        );
        await orderRow.waitFor({ state: 'visible', timeout: poll.timeout });
        await orderRow.click();

        const trace = page.getByTestId('ticket-trace');
        await expect.poll(() => trace.getAttribute('data-ticket-id'), poll).toBe(orders.overdue.id);
        const answer = await gql<{ ticket: { callerName: string; callerPhone: string } }>(
          url(),
          `query ($id: ID!) { ticket(id: $id) { callerName callerPhone } }`,
          { id: orders.overdue.id },
          { token },
        );
        expect(answer.ticket.callerName).toBe('张**');
        expect(await trace.getByTestId('trace-caller').innerText()).toBe(answer.ticket.callerName);
        expect(await trace.getByTestId('trace-phone').innerText()).toBe(answer.ticket.callerPhone);
        expect(await trace.getByTestId('trace-step').count()).toBe(orders.overdue.steps.length);

        const crumbPath = ['全市', '灵宝市', units[1]?.name, `工单 ${orders.overdue.id}`];
        await expect.poll(() => crumbsOf(page), poll).toEqual(crumbPath);
        const params = new URL(page.url()).searchParams;
        expect(Object.fromEntries(params)).toEqual({
          scene: 'cockpit',
          period: `${period.from}..${period.to}`,
          district: '411282',
          unit: 'e2e-c-2',
          ticket: orders.overdue.id,
        });

        await mkdir(artifactsDir, { recursive: true });
        await writeFile(path.join(artifactsDir, 'cockpit-trace.png'), await page.screenshot());

        // The link opens the same view.
        await page.reload();
        await expect.poll(() => trace.getAttribute('data-ticket-id'), poll).toBe(orders.overdue.id);
        await expect.poll(() => crumbsOf(page), poll).toEqual(crumbPath);

        // Back climbs one level at a time; the breadcrumb jumps to the city.
        await page.goBack();
        await expect.poll(() => new URL(page.url()).searchParams.get('ticket'), poll).toBeNull();
        await page.locator('[data-crumb="city"] button').click();
        await expect.poll(() => crumbsOf(page), poll).toEqual(['全市']);
        expect(new URL(page.url()).searchParams.get('district')).toBeNull();
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'exports the unit ranking as a UTF-8 CSV with a BOM whose rows match the table',
    async () => {
      const { page, errors } = await openCockpit(
        `?scene=cockpit&period=${period.from}..${period.to}`,
      );
      try {
        const table = page.getByTestId('cockpit-ranking');
        const rows = table.getByTestId('cockpit-row');
        await expect.poll(() => rows.count(), poll).toBe(units.length);
        const shown = await Promise.all(
          (await rows.all()).map(async (row) => ({
            rank: await row.locator('[data-column="rank"]').innerText(),
            unit: await row.locator('[data-column="unit"]').innerText(),
          })),
        );

        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: poll.timeout }),
          table.getByTestId('csv-export').click(),
        ]);
        expect(download.suggestedFilename()).toBe(`unit-ranking_${period.from}_${period.to}.csv`);
        const bytes = await readFile(await download.path());
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const csv = parseCsv(bytes.subarray(3).toString('utf8'));
        // The table's own headings, in Chinese.
        const headings = await table.locator('thead th').allInnerTexts();
        expect(headings).toContain('排名');
        expect(csv[0]).toEqual(headings);
        expect(csv.slice(1).map(([rank, unit]) => ({ rank, unit }))).toEqual(shown);

        // The scores as the API ranks them.
        const answer = await gql<{
          unitRanking: { rows: { unit: { id: string }; score: number }[] };
        }>(
          url(),
          `query ($from: LocalDate!, $to: LocalDate!) {
            unitRanking(from: $from, to: $to) { rows { unit { id } score } }
          }`,
          period,
          { token },
        );
        expect(csv.slice(1).map((row) => Number(row[2]))).toEqual(
          answer.unitRanking.rows.map((row) => row.score),
        );
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'drills from a district to a device and its 7-day series, and exports the open alerts',
    async () => {
      const { page, errors } = await openCockpit('?scene=cockpit&district=411282');
      try {
        // The district's open alerts as the API lists them (the overdue order raises one too).
        const alertTitles = page.locator(
          '[data-testid="cockpit-alerts"] [data-testid="cockpit-row"] [data-column="title"]',
        );
        const listed = async () => {
          const data = await gql<{ alerts: { edges: { node: { title: string } }[] } }>(
            url(),
            `{ alerts(status: [open, acknowledged], district: "411282", first: 50) {
                edges { node { title } } } }`,
            {},
            { token },
          );
          return data.alerts.edges.map((edge) => edge.node.title).sort();
        };
        await expect
          .poll(async () => {
            const [shown, answer] = await Promise.all([alertTitles.allInnerTexts(), listed()]);
            return shown.length > 0 && JSON.stringify([...shown].sort()) === JSON.stringify(answer);
          }, poll)
          .toBe(true);
        const shown = await alertTitles.allInnerTexts();
        expect(shown).toContain(noiseAlertTitle);
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: poll.timeout }),
          page.getByTestId('cockpit-alerts').getByTestId('csv-export').click(),
        ]);
        const bytes = await readFile(await download.path());
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const text = bytes.subarray(3).toString('utf8');
        // The title holds a comma and quotes: quoted, its quotes doubled.
        expect(text).toContain('"灵宝市驾驶舱测试噪声点01：噪声超标, ""夜间"""');
        const csv = parseCsv(text);
        expect(csv.slice(1).map((row) => row[1])).toEqual(shown);

        const device = page.locator(
          `[data-testid="cockpit-devices"] [data-device="${noiseMeter.id}"]`,
        );
        await device.waitFor({ state: 'visible', timeout: poll.timeout });
        await device.click();
        await expect
          .poll(() => new URL(page.url()).searchParams.get('device'), poll)
          .toBe(noiseMeter.id);
        await expect.poll(() => crumbsOf(page), poll).toEqual(['全市', '灵宝市', noiseMeter.name]);
        await page
          .getByTestId('device-detail')
          .waitFor({ state: 'visible', timeout: poll.timeout });

        await page.locator('[data-testid="cockpit-device"] [data-window="7d"]').click();
        await expect.poll(() => new URL(page.url()).searchParams.get('window'), poll).toBe('7d');
        const week = page.getByTestId('device-week-series').getByTestId('series-chart');
        await expect.poll(() => week.getAttribute('data-points'), poll).toBe(String(noiseHours));

        // The link opens the same device and window.
        await page.reload();
        await expect.poll(() => week.getAttribute('data-points'), poll).toBe(String(noiseHours));
        expect(await crumbsOf(page)).toEqual(['全市', '灵宝市', noiseMeter.name]);
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
