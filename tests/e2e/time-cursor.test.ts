import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningCity } from '@city-twin/city';
import { writeBatch } from '@city-twin/ingest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.ts';
import { centroidOfPixels, fractionOfPixels, type Rgb } from './support/pixels.ts';
import {
  launchWebGLBrowser,
  openPage,
  poll,
  startQuietCity,
  unexpectedErrors,
  waitForTwinReady,
  wallScreen,
  withScreenToken,
} from './support/session.ts';

// One time cursor: last night's heating failure replayed on the alert centre. Two alerts are
// written straight into the city's database at known times of a past 14-hour window: a critical
// (red) heating alert open from 2 h to 5 h into it, and a major (orange) one opened 8 h in and
// still open. The replay URL, the slider and playing at speed move the cursor; the alert list
// and the rings on the map follow it; the live button returns to the present.
const artifactsDir = path.resolve(import.meta.dirname, '../../artifacts/e2e');
const testMs = 240_000;
const hourMs = 3_600_000;

// Last night in the city: 18:00 to 08:00 China time, the finished night before now.
const chinaOffsetMs = 8 * hourMs;
const dayMs = 24 * hourMs;
const now = Date.now();
let nightEnd = Math.floor((now + chinaOffsetMs) / dayMs) * dayMs - chinaOffsetMs + 8 * hourMs;
if (nightEnd > now) nightEnd -= dayMs;
const from = nightEnd - 14 * hourMs;
const to = nightEnd;

const heating = {
  failure: {
    subject: 'iot:e2e-heat-01',
    severity: 4,
    title: '湖滨区测试换热站01：供水温度 38 ℃，低于 45 ℃ 持续 30 分钟',
    openedAt: from + 2 * hourMs,
    resolvedAt: from + 5 * hourMs,
    lon: 111.2,
    lat: 34.77,
  },
  pressure: {
    subject: 'iot:e2e-heat-02',
    severity: 3,
    title: '陕州区测试换热站02：供水压力 0.21 MPa，低于 0.3 MPa',
    openedAt: from + 8 * hourMs,
    resolvedAt: null,
    lon: 111.1,
    lat: 34.72,
  },
};

const detections = [
  { eventId: 'e2e-night-cam:smoke', ts: from + 2 * hourMs, type: 'fire_smoke' },
  { eventId: 'e2e-night-cam:garbage', ts: from + 9 * hourMs, type: 'garbage_overflow' },
];

// An ambulance's night: at the first place 20:00–22:00, at the second from 22:00.
const ambulance = {
  id: 'e2e-amb-01',
  now: { lon: 111.22, lat: 34.7 },
  track: [
    { ts: from + 2 * hourMs, lon: 111.12, lat: 34.75 },
    { ts: from + 4 * hourMs, lon: 111.45, lat: 34.62 },
  ],
};

/** Instants every `stepMs` over [start, end]. */
function instants(start: number, end: number, stepMs: number): Date[] {
  const out: Date[] = [];
  for (let t = start; t <= end; t += stepMs) out.push(new Date(t));
  return out;
}

// Heating stations' readings: 01 all night (its failure alert is open 20:00–23:00), 02 until
// midnight (then quiet: silent; its pressure alert opens at 02:00). The ambulance reports
// while on the road, 20:00–23:00.
const readings: { deviceId: string; type: string; metric: string; at: Date[] }[] = [
  {
    deviceId: 'e2e-heat-01',
    type: 'heating',
    metric: 'supply_temp_c',
    at: instants(from, to, 300_000),
  },
  {
    deviceId: 'e2e-heat-02',
    type: 'heating',
    metric: 'supply_temp_c',
    at: instants(from, from + 6 * hourMs, 300_000),
  },
  {
    deviceId: ambulance.id,
    type: 'ambulance',
    metric: 'state',
    at: instants(from + 2 * hourMs, from + 5 * hourMs, 120_000),
  },
];

// A second camera online all along; the night camera goes offline 22:00–03:00.
const cameraStatuses: { cameraId: string; ts: number; online: boolean }[] = [
  { cameraId: 'e2e-night-cam', ts: from - dayMs, online: true },
  { cameraId: 'e2e-night-cam', ts: from + 4 * hourMs, online: false },
  { cameraId: 'e2e-night-cam', ts: from + 9 * hourMs, online: true },
  { cameraId: 'e2e-night-cam-2', ts: from - dayMs, online: true },
];

const created = (kind: string, urgency: string) => ({
  action: 'created',
  channel: 'phone',
  category: 'heating',
  urgency,
  kind,
  summary: '暖气不热',
  // Away from the heating stations, so their alerts' colours on the map are theirs alone.
  lon: 111.05,
  lat: 34.55,
});
// Work orders of the night: an urgent one dispatched at 19:05, signed late at 22:00 and
// completed at 06:00 (overdue overnight); a complaint accepted at 20:00, signed, still open.
const ticketActions: [string, number, Record<string, unknown>][] = [
  ['e2e-T1', from + hourMs, created('help', 'urgent')],
  ['e2e-T1', from + hourMs + 300_000, { action: 'dispatched', unitId: 'e2e-unit' }],
  ['e2e-T1', from + 4 * hourMs, { action: 'signed', unitId: 'e2e-unit' }],
  ['e2e-T1', from + 12 * hourMs, { action: 'completed', unitId: 'e2e-unit', resolution: '已修复' }],
  ['e2e-T2', from + 2 * hourMs, created('complaint', 'normal')],
  ['e2e-T2', from + 2 * hourMs + 600_000, { action: 'dispatched', unitId: 'e2e-unit' }],
  ['e2e-T2', from + 2 * hourMs + 900_000, { action: 'signed', unitId: 'e2e-unit' }],
];

/** The normal state's green ([0, 214, 143]), an ambulance's dot. */
function isNormalGreen([r, g, b]: Rgb): boolean {
  return r <= 60 && g >= 170 && b >= 100 && b <= g - 40;
}

/** The critical severity's red ([255, 59, 72]). */
function isCriticalRed([r, g, b]: Rgb): boolean {
  return r >= 180 && g <= 110 && b <= 120;
}

/** The major severity's orange ([255, 140, 26]). */
function isMajorOrange([r, g, b]: Rgb): boolean {
  return r >= 200 && g >= 100 && g <= 165 && b <= 80;
}

/** A parameter of the page's URL (the cursor writes it after each render: poll it). */
const urlParam = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

/** The cursor's time as the time bar writes it in Chinese. */
const zhCursorTime = (at: number) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);

const iso = (at: number) => new Date(at).toISOString();
/** An instant as the URL writes it: to the second, without milliseconds. */
const urlInstant = (at: number) => iso(at).replace('.000Z', 'Z');

/** What covers the map besides its layers: hidden while its pixels are counted. */
const overlays = '.stage__bottom, .stage__toolbar, .time-bar { visibility: hidden; }';

describe('time cursor (browser)', () => {
  let city: Awaited<ReturnType<typeof startQuietCity>> | undefined;
  let running: RunningCity | undefined;
  let browser: Browser | undefined;
  const ids: Record<keyof typeof heating, string> = { failure: '', pressure: '' };

  beforeAll(async () => {
    [city, browser] = await Promise.all([startQuietCity(), launchWebGLBrowser()]);
    running = city.running;
    for (const [key, alert] of Object.entries(heating) as [
      keyof typeof heating,
      (typeof heating)['failure' | 'pressure'],
    ][]) {
      const [row] = await running.db.query<{ id: string }>(
        `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
           title_en, detail, district, lon, lat, opened_at, last_seen_at, resolved_at, resolved_by)
         VALUES ('heating.supply-low', $1, 'iot', 'threshold', $2, $2, $3, $4, $4, '{}', '411202',
           $5, $6, $7, $7, $8, CASE WHEN $8::timestamptz IS NULL THEN NULL ELSE 'system' END)
         RETURNING id::text`,
        [
          alert.subject,
          alert.severity,
          alert.resolvedAt === null ? 'open' : 'resolved',
          alert.title,
          alert.lon,
          alert.lat,
          new Date(alert.openedAt),
          alert.resolvedAt === null ? null : new Date(alert.resolvedAt),
        ],
      );
      ids[key] = row?.id ?? '';
    }
    // A camera that saw smoke at 20:00 and overflowing garbage at 03:00 (raw rows and rollup).
    await running.db.query(
      `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
       VALUES ('e2e-night-cam', '湖滨区测试摄像头夜间', 111.2, 34.77, '411202', $1, 'e2e-night-cam:meta',
         true, $1)`,
      [new Date(from - dayMs)],
    );
    await running.db.query(
      `WITH stored AS (
         INSERT INTO video_event (ts, event_id, camera_id, type, confidence, severity, district)
         SELECT u.ts, u.event_id, 'e2e-night-cam', u.type, 0.9, 3, '411202'
         FROM unnest($1::timestamptz[], $2::text[], $3::text[]) AS u(ts, event_id, type)
         RETURNING ts, type, district
       )
       INSERT INTO event_rollup_1h (bucket, stream, district, type, count)
       SELECT twin_bucket('1 hour', ts), 'video', district, type, count(*) FROM stored GROUP BY 1, 3, 4`,
      [
        detections.map((d) => new Date(d.ts)),
        detections.map((d) => d.eventId),
        detections.map((d) => d.type),
      ],
    );
    await running.db.query(
      `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id, latest)
       VALUES ($1, 'ambulance', '测试救护车01', $2, $3, '411202', $4, $1 || ':meta', '{"state": 1}')`,
      [ambulance.id, ambulance.now.lon, ambulance.now.lat, new Date(from - dayMs)],
    );
    await running.db.query(
      `INSERT INTO iot_position (ts, device_id, lon, lat, district, event_id)
       SELECT ts, $1, lon, lat, '411202', $1 || ':' || n
       FROM unnest($2::timestamptz[], $3::float8[], $4::float8[]) WITH ORDINALITY AS p(ts, lon, lat, n)`,
      [
        ambulance.id,
        ambulance.track.map((p) => new Date(p.ts)),
        ambulance.track.map((p) => p.lon),
        ambulance.track.map((p) => p.lat),
      ],
    );
    for (const series of readings) {
      await running.db.query(
        // latest_ts stays unset: live, the stations have not reported (no silence alerts now).
        `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id, latest)
         VALUES ($1, $2, $1, 111.2, 34.77, '411202', $3, $1 || ':meta', jsonb_build_object($4::text, 1))
         ON CONFLICT (id) DO NOTHING`,
        [series.deviceId, series.type, new Date(from - dayMs), series.metric],
      );
      await running.db.query(
        `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
         SELECT ts, $1, $2, 1, $1 || ':' || n FROM unnest($3::timestamptz[]) WITH ORDINALITY AS r(ts, n)`,
        [series.deviceId, series.metric, series.at],
      );
    }
    // The hourly rollup, as ingest keeps it.
    await running.db.query(
      `INSERT INTO iot_rollup_1h (bucket, device_id, metric, count, sum, min, max)
       SELECT twin_bucket('1 hour', ts), device_id, metric, count(*), sum(value), min(value), max(value)
       FROM iot_reading WHERE device_id LIKE 'e2e-%' GROUP BY 1, 2, 3`,
    );
    await running.db.query(
      `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
       VALUES ('e2e-night-cam-2', '湖滨区测试摄像头二', 111.21, 34.76, '411202', $1, 'e2e-night-cam-2:meta',
         true, $1)`,
      [new Date(from - dayMs)],
    );
    await running.db.query(
      `INSERT INTO camera_status (ts, camera_id, online, event_id)
       SELECT ts, camera_id, online, camera_id || ':' || n
       FROM unnest($1::timestamptz[], $2::text[], $3::boolean[]) WITH ORDINALITY AS s(ts, camera_id, online, n)`,
      [
        cameraStatuses.map((c) => new Date(c.ts)),
        cameraStatuses.map((c) => c.cameraId),
        cameraStatuses.map((c) => c.online),
      ],
    );
    // The work orders through ingest's own batch writer, so their rows are derived as in production.
    await writeBatch(
      running.db,
      ticketActions.map(([ticketId, ts, fields], index) => ({
        topic: `twin/hotline/ticket/${ticketId}/event`,
        payload: Buffer.from(
          JSON.stringify({ eventId: `${ticketId}-${index}`, ts: iso(ts), ...fields }),
        ),
        messageId: index,
        generation: 0,
        receivedAt: Date.now(),
      })),
      { prefix: 'twin', workerId: 'e2e-time-cursor' },
    );
    await mkdir(artifactsDir, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  /** The ids in the alert list, in order. */
  const listedIds = (page: Page) =>
    page
      .getByTestId('alert-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-alert-id')));

  /** The alert ids the API says were open at `at`. */
  async function openAtApi(token: string, at: number): Promise<string[]> {
    const answer = await gql<{ alerts: { edges: { node: { id: string } }[] } }>(
      running!.url,
      `query ($at: DateTime) { alerts(openAt: $at, first: 50) { edges { node { id } } } }`,
      { at: iso(at) },
      { token },
    );
    return answer.alerts.edges.map((edge) => edge.node.id);
  }

  /** The share of the map's pixels for which `predicate` holds (overlays hidden). */
  async function mapShare(page: Page, predicate: (rgb: Rgb) => boolean): Promise<number> {
    const png = await page.getByTestId('map').screenshot({ style: overlays });
    return fractionOfPixels(png, predicate);
  }

  it(
    'replays last night: the link, the slider and playing move the alerts on the list and the map',
    async () => {
      if (!running || !browser) throw new Error('the city did not start');
      const at = from + 3 * hourMs;
      const screen = await wallScreen(
        running.db,
        running.url,
        `/?scene=alerts&from=${iso(from)}&to=${iso(to)}&at=${iso(at)}&speed=600`,
      );
      const { page, errors } = await openPage(browser, { reducedMotion: true });
      try {
        await page.goto(screen.url);
        await waitForTwinReady(page);
        const bar = page.getByTestId('time-bar');
        expect(await bar.getAttribute('data-mode')).toBe('replay');
        const cursorTime = page.getByTestId('time-cursor-at');
        expect(await cursorTime.innerText()).toBe(zhCursorTime(at));

        // 21:00: the heating failure is open (the pressure alert is not yet), as the API says.
        await expect.poll(() => listedIds(page), poll).toEqual([ids.failure]);
        expect(await openAtApi(screen.token, at)).toEqual([ids.failure]);
        await expect.poll(() => mapShare(page, isCriticalRed), poll).toBeGreaterThan(0.00001);
        expect(await mapShare(page, isMajorOrange)).toBe(0);
        await writeFile(path.join(artifactsDir, 'time-cursor-replay.png'), await page.screenshot());

        // The slider to 02:30: the failure was resolved, the pressure alert is open.
        const later = from + 8.5 * hourMs;
        await page.getByTestId('time-slider').fill(String(later));
        await expect.poll(() => cursorTime.innerText(), poll).toBe(zhCursorTime(later));
        await expect.poll(() => listedIds(page), poll).toEqual([ids.pressure]);
        expect(await openAtApi(screen.token, later)).toEqual([ids.pressure]);
        await expect.poll(() => mapShare(page, isCriticalRed), poll).toBe(0);
        await expect.poll(() => mapShare(page, isMajorOrange), poll).toBeGreaterThan(0.00001);
        await expect.poll(() => urlParam(page, 'at'), poll).toBe(urlInstant(later));

        // Back to 19:00 and play at 600×: within seconds the failure opens on the list.
        await page.getByTestId('time-slider').fill(String(from + hourMs));
        await expect.poll(() => listedIds(page), poll).toEqual([]);
        await page.getByTestId('time-play').click();
        await expect
          .poll(async () => Date.parse((await cursorTime.getAttribute('data-at')) ?? ''), poll)
          .toBeGreaterThan(from + hourMs);
        await expect.poll(() => listedIds(page), poll).toContain(ids.failure);
        await expect.poll(() => urlParam(page, 'play'), poll).toBe('1');
        await page.getByTestId('time-play').click();
        await expect.poll(() => urlParam(page, 'play'), poll).toBeNull();
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'returns to live: the replay leaves the URL and the list shows the alerts open now',
    async () => {
      if (!running || !browser) throw new Error('the city did not start');
      const screen = await wallScreen(
        running.db,
        running.url,
        `/?scene=alerts&from=${iso(from)}&to=${iso(to)}&at=${iso(from + 3 * hourMs)}`,
      );
      const { page, errors } = await openPage(browser, { reducedMotion: true });
      try {
        await page.goto(screen.url);
        await waitForTwinReady(page);
        await expect.poll(() => listedIds(page), poll).toEqual([ids.failure]);

        await page.getByTestId('time-live').click();
        const bar = page.getByTestId('time-bar');
        await expect.poll(() => bar.getAttribute('data-mode'), poll).toBe('live');
        expect(await page.getByTestId('time-slider').count()).toBe(0);
        await expect
          .poll(() => ['from', 'to', 'at'].filter((name) => urlParam(page, name) !== null), poll)
          .toEqual([]);
        expect(urlParam(page, 'scene')).toBe('alerts');
        // Live: the pressure alert is open now; the failure was resolved (the other tests'
        // work orders may have alerts of their own).
        const heatingIds: (string | null)[] = [ids.failure, ids.pressure];
        await expect
          .poll(async () => (await listedIds(page)).filter((id) => heatingIds.includes(id)), poll)
          .toEqual([ids.pressure]);
        await expect.poll(() => mapShare(page, isMajorOrange), poll).toBeGreaterThan(0.00001);
        expect(await mapShare(page, isCriticalRed)).toBe(0);

        // And 回放 starts a replay of last night, paused at its start.
        await page.getByTestId('time-replay').click();
        await expect.poll(() => bar.getAttribute('data-mode'), poll).toBe('replay');
        expect(await page.getByTestId('time-cursor-at').innerText()).toBe(zhCursorTime(from));
        await expect.poll(() => urlParam(page, 'from'), poll).toBe(urlInstant(from));
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'replays the video network: latest detections and detections per hour end at the cursor',
    async () => {
      if (!running || !browser) throw new Error('the city did not start');
      const at = from + 3 * hourMs;
      const screen = await wallScreen(
        running.db,
        running.url,
        `/?scene=video&from=${iso(from)}&to=${iso(to)}&at=${iso(at)}`,
      );
      /** Detections per hour over the 24 hours up to the cursor's hour, as the API counts them. */
      const densityTotal = async (cursorAt: number) => {
        const end = Math.ceil(cursorAt / hourMs) * hourMs;
        const answer = await gql<{ cameraEventCounts: { count: number }[] }>(
          running!.url,
          `query ($from: DateTime!, $to: DateTime!) {
            cameraEventCounts(from: $from, to: $to, bucket: "1 hour") { count }
          }`,
          { from: iso(end - dayMs), to: iso(end) },
          { token: screen.token },
        );
        return answer.cameraEventCounts.reduce((sum, row) => sum + row.count, 0);
      };
      const { page, errors } = await openPage(browser, { reducedMotion: true });
      try {
        await page.goto(screen.url);
        await waitForTwinReady(page);
        const latest = page.getByTestId('latest-detections').locator('li');
        const density = page.getByTestId('event-density');

        // 21:00: only the smoke has been seen.
        await expect.poll(() => latest.count(), poll).toBe(1);
        expect(await densityTotal(at)).toBe(1);
        await expect.poll(() => density.getAttribute('data-total'), poll).toBe('1');

        // 04:00: both detections, newest first.
        const later = from + 10 * hourMs;
        await page.getByTestId('time-slider').fill(String(later));
        await expect.poll(() => latest.count(), poll).toBe(2);
        expect(await densityTotal(later)).toBe(2);
        await expect.poll(() => density.getAttribute('data-total'), poll).toBe('2');
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  /** The China Standard Time day of an instant. */
  const chinaDay = (at: number) => new Date(at + chinaOffsetMs).toISOString().slice(0, 10);

  type Figures = {
    deviceSummary: { total: number; byState: { key: string; count: number }[] };
    cameraSummary: { total: number; online: number };
    today: { accepted: number; overdueOpen: number; completionRate: number | null };
    year: { accepted: number; overdueOpen: number };
    open: { id: string }[];
    overdue: { id: string }[];
  };

  /** What the API answers at `at` (null: now), as the scenes ask it. */
  async function figuresAt(token: string, at: number | null): Promise<Figures> {
    const day = chinaDay(at ?? Date.now());
    return gql<Figures>(
      running!.url,
      `query ($at: DateTime, $openAt: DateTime!, $day: LocalDate!, $yearStart: LocalDate!) {
        deviceSummary(at: $at) { total byState { key count } }
        cameraSummary(at: $at) { total online }
        today: hotlineStats(from: $day, to: $day, at: $at) { accepted overdueOpen completionRate }
        year: hotlineStats(from: $yearStart, to: $day, at: $at) { accepted overdueOpen }
        open: ticketsOpenAt(at: $openAt, first: 100) { id }
        overdue: ticketsOpenAt(at: $openAt, overdue: true, first: 50) { id }
      }`,
      {
        at: at === null ? null : iso(at),
        openAt: iso(at ?? Date.now()),
        day,
        yearStart: `${day.slice(0, 4)}-01-01`,
      },
      { token },
    );
  }

  const stateCount = (figures: Figures, state: string) =>
    figures.deviceSummary.byState.find((row) => row.key === state)?.count ?? -1;

  /** A scene's figure as shown (small counts: their digits). */
  const shown = (page: Page, selector: string) => page.locator(selector).first().innerText();

  it(
    'replays the IoT and video figures: device states and camera summary equal the API at the cursor',
    async () => {
      if (!running || !browser) throw new Error('the city did not start');
      const early = from + 3 * hourMs;
      const late = from + 7 * hourMs;
      const iotScreen = await wallScreen(
        running.db,
        running.url,
        `/?scene=iot&from=${iso(from)}&to=${iso(to)}&at=${iso(early)}`,
      );
      const token = iotScreen.token;
      const [atEarly, atLate, live] = await Promise.all([
        figuresAt(token, early),
        figuresAt(token, late),
        figuresAt(token, null),
      ]);
      // What the seeded night says: 21:00 heat-01 in alert, the rest reporting; 01:00 heat-02
      // and the ambulance quiet; now heat-02's pressure alert is open.
      expect([stateCount(atEarly, 'alert'), stateCount(atEarly, 'silent')]).toEqual([1, 0]);
      expect([stateCount(atLate, 'alert'), stateCount(atLate, 'silent')]).toEqual([0, 2]);
      expect(stateCount(live, 'alert')).toBe(1);
      expect([atEarly.cameraSummary.online, atLate.cameraSummary.online]).toEqual([2, 1]);
      expect(live.cameraSummary.online).toBe(2);

      const { page, errors } = await openPage(browser, { reducedMotion: true });
      try {
        await page.goto(iotScreen.url);
        await waitForTwinReady(page);
        const stateFigure = (state: string) =>
          shown(page, `[data-testid="device-states"] [data-state="${state}"] b`);
        for (const [at, figures] of [
          [early, atEarly],
          [late, atLate],
        ] as const) {
          if (at !== early) await page.getByTestId('time-slider').fill(String(at));
          for (const state of ['alert', 'silent', 'unknown', 'normal']) {
            await expect
              .poll(() => stateFigure(state), poll)
              .toBe(String(stateCount(figures, state)));
          }
        }
        await writeFile(path.join(artifactsDir, 'time-cursor-iot.png'), await page.screenshot());

        // The video scene at 01:00: one camera of two online, as the API says (two now).
        await page.goto(
          withScreenToken(
            running.url,
            `/?scene=video&from=${iso(from)}&to=${iso(to)}&at=${iso(late)}`,
            token,
          ),
        );
        await waitForTwinReady(page);
        await expect
          .poll(() => shown(page, '[data-testid="camera-online"] b'), poll)
          .toBe(String(atLate.cameraSummary.online));
        expect(await shown(page, '[data-testid="camera-total"] b')).toBe(
          String(atLate.cameraSummary.total),
        );
        await page.getByTestId('time-slider').fill(String(early));
        await expect
          .poll(() => shown(page, '[data-testid="camera-online"] b'), poll)
          .toBe(String(atEarly.cameraSummary.online));
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'replays the hotline and the overview: KPIs, overdue orders and the map equal the API at the cursor',
    async () => {
      if (!running || !browser) throw new Error('the city did not start');
      const evening = from + 3 * hourMs;
      const dawn = from + 10 * hourMs;
      const screen = await wallScreen(
        running.db,
        running.url,
        `/?scene=hotline&from=${iso(from)}&to=${iso(to)}&at=${iso(evening)}`,
      );
      const [atEvening, atDawn, live] = await Promise.all([
        figuresAt(screen.token, evening),
        figuresAt(screen.token, dawn),
        figuresAt(screen.token, null),
      ]);
      // 21:00: both orders open; 04:00 the urgent one overdue (completed only at 06:00); now
      // it is completed and only the complaint is open.
      expect(atEvening.open.map((t) => t.id)).toEqual(['e2e-T2', 'e2e-T1']);
      expect(atDawn.overdue.map((t) => t.id)).toEqual(['e2e-T1']);
      expect(live.open.map((t) => t.id)).toEqual(['e2e-T2']);
      expect(live.overdue.map((t) => t.id)).not.toContain('e2e-T1');

      const { page, errors } = await openPage(browser, { reducedMotion: true });
      try {
        await page.goto(screen.url);
        await waitForTwinReady(page);
        const overdueIds = () =>
          page
            .getByTestId('overdue-ticket')
            .evaluateAll((items) => items.map((item) => item.getAttribute('data-ticket-id')));
        for (const [at, figures] of [
          [evening, atEvening],
          [dawn, atDawn],
        ] as const) {
          if (at !== evening) await page.getByTestId('time-slider').fill(String(at));
          await expect
            .poll(() => shown(page, '[data-testid="kpi-accepted-today-value"]'), poll)
            .toBe(String(figures.today.accepted));
          await expect
            .poll(() => shown(page, '[data-testid="kpi-accepted-year-value"]'), poll)
            .toBe(String(figures.year.accepted));
          await expect
            .poll(() => shown(page, '[data-testid="kpi-overdue-open-value"]'), poll)
            .toBe(String(figures.year.overdueOpen));
          await expect.poll(overdueIds, poll).toEqual(figures.overdue.map((t) => t.id));
          await expect
            .poll(() => shown(page, '[data-testid="map-order-count"] b'), poll)
            .toBe(String(figures.open.length));
        }
        await writeFile(
          path.join(artifactsDir, 'time-cursor-hotline.png'),
          await page.screenshot(),
        );

        // The overview at 04:00: every stream's key figures as the API answers them then.
        await page.goto(
          withScreenToken(
            running.url,
            `/?scene=overview&from=${iso(from)}&to=${iso(to)}&at=${iso(dawn)}`,
            screen.token,
          ),
        );
        await waitForTwinReady(page);
        const value = (name: string) => page.getByTestId(`kpi-${name}`).getAttribute('data-value');
        await expect
          .poll(() => value('devices-alert'), poll)
          .toBe(String(stateCount(atDawn, 'alert')));
        await expect
          .poll(() => value('devices-silent'), poll)
          .toBe(String(stateCount(atDawn, 'silent')));
        await expect.poll(() => value('devices'), poll).toBe(String(atDawn.deviceSummary.total));
        await expect
          .poll(() => value('cameras-online'), poll)
          .toBe(String(atDawn.cameraSummary.online));
        await expect.poll(() => value('orders-today'), poll).toBe(String(atDawn.today.accepted));
        await expect.poll(() => value('overdue'), poll).toBe(String(atDawn.today.overdueOpen));
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );

  it(
    'replays the ambulances: each stands where its readings placed it at the cursor',
    async () => {
      if (!running || !browser) throw new Error('the city did not start');
      // Reporting now, so its dot is the normal state's green.
      await running.db.query(`UPDATE device SET latest_ts = now() WHERE id = $1`, [ambulance.id]);
      const at = from + 2.5 * hourMs;
      const screen = await wallScreen(
        running.db,
        running.url,
        `/?scene=iot&from=${iso(from)}&to=${iso(to)}&at=${iso(at)}`,
      );
      const positionAt = async (cursorAt: number) => {
        const answer = await gql<{ devicePositionsAt: { deviceId: string; lon: number }[] }>(
          running!.url,
          `query ($at: DateTime!) { devicePositionsAt(at: $at, type: "ambulance") { deviceId lon } }`,
          { at: iso(cursorAt) },
          { token: screen.token },
        );
        return answer.devicePositionsAt;
      };
      const { page, errors } = await openPage(browser, { reducedMotion: true });
      try {
        await page.goto(screen.url);
        await waitForTwinReady(page);
        const greenX = async () =>
          centroidOfPixels(
            await page.getByTestId('map').screenshot({ style: overlays }),
            isNormalGreen,
          )?.x ?? null;

        // Only the ambulances on the map: the heating stations' dots are green too.
        await page.locator('[data-testid="device-layers"] button[data-type="heating"]').click();
        expect(await positionAt(at)).toEqual([{ deviceId: ambulance.id, lon: 111.12 }]);
        let westX = 0;
        await expect.poll(async () => (westX = (await greenX()) ?? 0), poll).toBeGreaterThan(0);

        // 22:30: it has driven east.
        const later = from + 4.5 * hourMs;
        expect(await positionAt(later)).toEqual([{ deviceId: ambulance.id, lon: 111.45 }]);
        await page.getByTestId('time-slider').fill(String(later));
        await expect.poll(async () => (await greenX()) ?? 0, poll).toBeGreaterThan(westX + 40);

        // 18:30: not yet on the road, so not on the map.
        await page.getByTestId('time-slider').fill(String(from + hourMs / 2));
        expect(await positionAt(from + hourMs / 2)).toEqual([]);
        await expect.poll(() => greenX(), poll).toBeNull();
        expect(unexpectedErrors(errors)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    testMs,
  );
});
