import {
  cameraEventTopic,
  cameraMetaTopic,
  cameraStatusTopic,
  iotMetaTopic,
  iotTelemetryTopic,
} from '@city-twin/events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { screenToken } from '../support/access.ts';
import { authHeader, gql } from '../support/graphql.ts';
import { startIngestStack } from '../support/ingest-stack.ts';
import { publishAll, type Message } from '../support/publish.ts';

// The IoT and video scenes' API over devices, readings, camera statuses and AI detections
// published through Mosquitto and stored by ingest (which also raises the alerts that decide
// the states): exact counts, states, series from the rollups, and a paginated event list.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const now = Date.now();
const h0 = Math.floor(now / HOUR) * HOUR; // the current hour's start
const HUBIN = { lon: 111.2, lat: 34.77 }; // 湖滨区 411202
const LINGBAO = { lon: 110.894, lat: 34.517 }; // 灵宝市 411282
const MIANCHI = { lon: 111.76, lat: 34.77 }; // 渑池县 411221

const msg = (topic: string, body: Record<string, unknown>, retain = false): Message => ({
  topic,
  payload: JSON.stringify(body),
  retain,
});
const iso = (ms: number) => new Date(ms).toISOString();

const deviceMeta = (id: string, type: string, name: string, at: { lon: number; lat: number }) =>
  msg(iotMetaTopic(id), { eventId: `${id}:m`, ts: h0 - 6 * HOUR, type, name, ...at }, true);
const reading = (id: string, ts: number, metrics: Record<string, number>) =>
  msg(iotTelemetryTopic(id), { eventId: `${id}:${ts}`, ts, metrics });
const cameraMeta = (id: string, name: string, at: { lon: number; lat: number }) =>
  msg(cameraMetaTopic(id), { eventId: `${id}:m`, ts: h0 - 6 * HOUR, name, ...at }, true);
const detection = (id: string, n: number, ts: number, type: string, confidence = 0.9) =>
  msg(cameraEventTopic(id), { eventId: `${id}:e${n}`, ts, type, confidence, severity: 3 });

// aq-1 reads every 10 minutes over the three hours before h0: pm25 20, 24, … 88.
const aqHistory = Array.from({ length: 18 }, (_, i) =>
  reading('aq-1', h0 - 3 * HOUR + i * 10 * MINUTE, { pm25: 20 + i * 4, aqi: 40 }),
);
const aqLatestAt = Math.max(h0, now - MINUTE);

interface DeviceResult {
  id: string;
  state: string;
  alertSeverity: number | null;
  latest: { metric: string; value: number }[];
  openAlerts: { ruleId: string; severity: number }[];
}
interface KeyCount {
  key: string;
  count: number;
}
interface SeriesPoint {
  ts: string;
  value: number;
  min: number;
  max: number;
  count: number;
}
interface CameraEventNode {
  id: string;
  type: string;
  ts: string;
  district: string | null;
  cameraName: string | null;
}
interface EventPage {
  cameraEvents: {
    edges: { cursor: string; node: CameraEventNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const devicesQuery = `{ devices { id state alertSeverity latest { metric value }
  openAlerts { ruleId severity } } }`;
const seriesQuery = `query ($from: DateTime!, $to: DateTime!, $bucket: String) {
  device(id: "aq-1") { series(metric: "pm25", from: $from, to: $to, bucket: $bucket) {
    ts value min max count } } }`;
const eventsQuery = `query ($first: Int, $after: String, $types: [String!], $district: String) {
  cameraEvents(first: $first, after: $after, types: $types, district: $district) {
    edges { cursor node { id type ts district cameraName } }
    pageInfo { hasNextPage endCursor } } }`;

async function series(gatewayUrl: string, from: number, to: number, bucket: string | null) {
  const data = await gql<{ device: { series: SeriesPoint[] } }>(gatewayUrl, seriesQuery, {
    from: iso(from),
    to: iso(to),
    bucket,
  });
  return data.device.series.map((p) => ({ ...p, value: Math.round(p.value * 1000) / 1000 }));
}

async function errorCode(gatewayUrl: string, query: string) {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeader(gatewayUrl) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

describe('IoT and video scenes API over events published through Mosquitto', () => {
  let stack: Awaited<ReturnType<typeof startIngestStack>>;

  beforeAll(async () => {
    stack = await startIngestStack('iot-video-ingest');
    const { broker, gatewayUrl } = stack;
    // Metadata first, so every later event finds its device's or camera's district.
    await publishAll(broker.url, [
      deviceMeta('aq-1', 'air_quality', '湖滨区空气站', HUBIN),
      deviceMeta('mh-1', 'manhole', '灵宝市井盖', LINGBAO),
      deviceMeta('ns-1', 'noise', '渑池县噪声点', MIANCHI),
      deviceMeta('ht-1', 'heating', '湖滨区换热站', HUBIN),
      cameraMeta('cam-1', '湖滨区路口', HUBIN),
      cameraMeta('cam-2', '灵宝市广场', LINGBAO),
      cameraMeta('cam-3', '渑池县仓库', MIANCHI),
      cameraMeta('cam-4', '湖滨区桥头', HUBIN),
    ]);
    await vi.waitFor(
      async () => {
        const data = await gql<{ devices: unknown[]; cameras: unknown[] }>(
          gatewayUrl,
          '{ devices { id } cameras { id } }',
        );
        expect(data.devices.length + data.cameras.length).toBe(8);
      },
      { timeout: 20_000, interval: 200 },
    );
    await publishAll(broker.url, [
      ...aqHistory,
      reading('aq-1', aqLatestAt, { pm25: 50, aqi: 70 }),
      reading('mh-1', now - 2 * MINUTE, { open: 1, tilt_deg: 1, water_cm: 0 }),
      reading('ns-1', now - 2 * HOUR, { db: 55 }),
      msg(cameraStatusTopic('cam-1'), { eventId: 'cam-1:s', ts: now - 5 * MINUTE, online: true }),
      msg(cameraStatusTopic('cam-2'), { eventId: 'cam-2:s', ts: now - 5 * MINUTE, online: false }),
      msg(cameraStatusTopic('cam-3'), { eventId: 'cam-3:s', ts: now - 5 * MINUTE, online: true }),
      detection('cam-1', 1, now - 10 * MINUTE, 'illegal_parking'),
      detection('cam-1', 2, now - 20 * MINUTE, 'illegal_parking'),
      detection('cam-1', 3, now - 30 * MINUTE, 'illegal_parking'),
      detection('cam-1', 4, h0 - 5 * HOUR + 10 * MINUTE, 'garbage_overflow'),
      detection('cam-1', 5, h0 - 5 * HOUR + 20 * MINUTE, 'garbage_overflow'),
      detection('cam-2', 6, h0 - 4 * HOUR + 5 * MINUTE, 'garbage_overflow'),
      detection('cam-3', 7, now - 15 * MINUTE, 'fire_smoke', 0.95),
    ]);
    // Stored, and the alerts the batch raised (manhole open, fire) are in place.
    await vi.waitFor(
      async () => {
        const data = await gql<{
          cameraEvents: { edges: unknown[] };
          deviceSummary: { byState: KeyCount[] };
          cameraSummary: { byState: KeyCount[] };
        }>(
          gatewayUrl,
          `{ cameraEvents(first: 50) { edges { cursor } }
               deviceSummary { byState { key count } } cameraSummary { byState { key count } } }`,
        );
        const alerting = (rows: KeyCount[]) => rows.find((r) => r.key === 'alert')?.count;
        expect([
          data.cameraEvents.edges.length,
          alerting(data.deviceSummary.byState),
          alerting(data.cameraSummary.byState),
        ]).toEqual([7, 1, 1]);
      },
      { timeout: 20_000, interval: 200 },
    );
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives each device its state from its alerts and its last reading', async () => {
    const { devices } = await gql<{ devices: DeviceResult[] }>(stack.gatewayUrl, devicesQuery);
    const byId = new Map(devices.map((d) => [d.id, d]));
    expect(devices.map((d) => [d.id, d.state])).toEqual([
      ['aq-1', 'normal'],
      ['ht-1', 'unknown'],
      ['mh-1', 'alert'],
      ['ns-1', 'silent'],
    ]);
    expect(byId.get('aq-1')?.latest).toEqual([
      { metric: 'aqi', value: 70 },
      { metric: 'pm25', value: 50 },
    ]);
    expect(byId.get('aq-1')?.alertSeverity).toBeNull();
    expect(byId.get('mh-1')?.alertSeverity).toBe(3);
    expect(byId.get('mh-1')?.openAlerts).toEqual([{ ruleId: 'manhole.open', severity: 3 }]);
    expect(byId.get('ht-1')?.openAlerts).toEqual([]);
  });

  it('answers a wall screen as well as a person (every role reads the IoT and video scenes)', async () => {
    const { token } = await screenToken(stack.db);
    const data = await gql<{ deviceSummary: { total: number }; cameraSummary: { total: number } }>(
      stack.gatewayUrl,
      '{ deviceSummary { total } cameraSummary { total } }',
      {},
      { token },
    );
    expect(data).toEqual({ deviceSummary: { total: 4 }, cameraSummary: { total: 4 } });
  });

  it('counts devices by type, state and district, worst first in the attention list', async () => {
    const { deviceSummary } = await gql<{
      deviceSummary: {
        total: number;
        byType: KeyCount[];
        byState: KeyCount[];
        byDistrict: KeyCount[];
        attention: { id: string; state: string }[];
      };
    }>(
      stack.gatewayUrl,
      `{ deviceSummary { total byType { key count } byState { key count }
         byDistrict { key count } attention { id state } } }`,
    );
    expect(deviceSummary.total).toBe(4);
    expect(deviceSummary.byType).toEqual([
      { key: 'air_quality', count: 1 },
      { key: 'heating', count: 1 },
      { key: 'manhole', count: 1 },
      { key: 'noise', count: 1 },
    ]);
    expect(deviceSummary.byState).toEqual([
      { key: 'alert', count: 1 },
      { key: 'silent', count: 1 },
      { key: 'unknown', count: 1 },
      { key: 'normal', count: 1 },
    ]);
    expect(deviceSummary.byDistrict).toEqual([
      { key: '411202', count: 2 },
      { key: '411221', count: 1 },
      { key: '411282', count: 1 },
    ]);
    expect(deviceSummary.attention).toEqual([
      { id: 'mh-1', state: 'alert' },
      { id: 'ns-1', state: 'silent' },
    ]);

    const hubin = await gql<{ deviceSummary: { total: number; byState: KeyCount[] } }>(
      stack.gatewayUrl,
      `{ deviceSummary(district: "411202") { total byState { key count } } }`,
    );
    expect(hubin.deviceSummary.total).toBe(2);
    expect(hubin.deviceSummary.byState.filter((s) => s.count > 0)).toEqual([
      { key: 'unknown', count: 1 },
      { key: 'normal', count: 1 },
    ]);
  });

  it('reads hourly and 30-minute series from the rollups, odd windows from the readings', async () => {
    const { gatewayUrl, db } = stack;
    const hourly = await series(gatewayUrl, h0 - 3 * HOUR, h0, '1 hour');
    expect(hourly).toEqual([
      { ts: iso(h0 - 3 * HOUR), value: 30, min: 20, max: 40, count: 6 },
      { ts: iso(h0 - 2 * HOUR), value: 54, min: 44, max: 64, count: 6 },
      { ts: iso(h0 - HOUR), value: 78, min: 68, max: 88, count: 6 },
    ]);
    const halfHourly = await series(gatewayUrl, h0 - 3 * HOUR, h0, '30 minutes');
    expect(halfHourly.map((p) => [p.value, p.count])).toEqual([
      [24, 3],
      [36, 3],
      [48, 3],
      [60, 3],
      [72, 3],
      [84, 3],
    ]);
    // Five minutes into the first hour: only the five readings inside the window count.
    const odd = await series(gatewayUrl, h0 - 3 * HOUR + 5 * MINUTE, h0 - 2 * HOUR, '1 hour');
    expect(odd).toEqual([{ ts: iso(h0 - 3 * HOUR), value: 32, min: 24, max: 40, count: 5 }]);
    const raw = await series(gatewayUrl, h0 - 3 * HOUR, h0 - 2 * HOUR, null);
    expect(raw.map((p) => p.value)).toEqual([20, 24, 28, 32, 36, 40]);

    // With the raw readings gone (as after retention), aligned series still come from the rollups.
    await db.query(`DELETE FROM iot_reading WHERE device_id = 'aq-1' AND ts < $1`, [new Date(h0)]);
    expect(await series(gatewayUrl, h0 - 3 * HOUR, h0, '1 hour')).toEqual(hourly);
    expect(await series(gatewayUrl, h0 - 3 * HOUR, h0, '30 minutes')).toEqual(halfHourly);
    expect(await series(gatewayUrl, h0 - 3 * HOUR, h0 - 2 * HOUR, null)).toEqual([]);
  });

  it('gives each camera its state, and the summary its online rate and last hour by type', async () => {
    const { gatewayUrl } = stack;
    const { cameras, cameraSummary } = await gql<{
      cameras: { id: string; state: string; online: boolean | null; district: string }[];
      cameraSummary: {
        total: number;
        online: number;
        onlineRate: number;
        byState: KeyCount[];
        lastHourByType: KeyCount[];
        lastHourTotal: number;
      };
    }>(
      gatewayUrl,
      `{ cameras { id state online district }
         cameraSummary { total online onlineRate byState { key count }
           lastHourByType { key count } lastHourTotal } }`,
    );
    expect(cameras).toEqual([
      { id: 'cam-1', state: 'online', online: true, district: '411202' },
      { id: 'cam-2', state: 'offline', online: false, district: '411282' },
      { id: 'cam-3', state: 'alert', online: true, district: '411221' },
      { id: 'cam-4', state: 'unknown', online: null, district: '411202' },
    ]);
    expect(cameraSummary).toEqual({
      total: 4,
      online: 2,
      onlineRate: 0.5,
      byState: [
        { key: 'online', count: 1 },
        { key: 'alert', count: 1 },
        { key: 'offline', count: 1 },
        { key: 'unknown', count: 1 },
      ],
      lastHourByType: [
        { key: 'illegal_parking', count: 3 },
        { key: 'fire_smoke', count: 1 },
      ],
      lastHourTotal: 4,
    });

    const { camera } = await gql<{
      camera: {
        state: string;
        alertSeverity: number;
        statusAt: string;
        openAlerts: { ruleId: string }[];
        recentEvents: { type: string; confidence: number }[];
      };
    }>(
      gatewayUrl,
      `{ camera(id: "cam-3") { state alertSeverity statusAt openAlerts { ruleId }
         recentEvents { type confidence } } }`,
    );
    expect(camera.state).toBe('alert');
    expect(camera.alertSeverity).toBe(4);
    expect(camera.statusAt).toBe(iso(now - 5 * MINUTE));
    expect(camera.openAlerts).toEqual([{ ruleId: 'camera.fire-smoke' }]);
    expect(camera.recentEvents).toEqual([{ type: 'fire_smoke', confidence: 0.95 }]);
    const cam1 = await gql<{ camera: { recentEvents: { type: string }[] } }>(
      gatewayUrl,
      `{ camera(id: "cam-1") { recentEvents(first: 2) { type } } }`,
    );
    expect(cam1.camera.recentEvents).toEqual([
      { type: 'illegal_parking' },
      { type: 'illegal_parking' },
    ]);
    expect((await gql<{ camera: null }>(gatewayUrl, `{ camera(id: "nope") { id } }`)).camera).toBe(
      null,
    );
  });

  it('pages through the detections newest first, filtered by type and district', async () => {
    const { gatewayUrl } = stack;
    const seen: CameraEventNode[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const data: EventPage = await gql<EventPage>(gatewayUrl, eventsQuery, { first: 3, after });
      seen.push(...data.cameraEvents.edges.map((e) => e.node));
      if (!data.cameraEvents.pageInfo.hasNextPage) break;
      after = data.cameraEvents.pageInfo.endCursor;
    }
    expect(seen.map((e) => e.id)).toEqual([
      'cam-1:cam-1:e1',
      'cam-3:cam-3:e7',
      'cam-1:cam-1:e2',
      'cam-1:cam-1:e3',
      'cam-2:cam-2:e6',
      'cam-1:cam-1:e5',
      'cam-1:cam-1:e4',
    ]);
    expect(seen[0]?.cameraName).toBe('湖滨区路口');

    const garbage = await gql<EventPage>(gatewayUrl, eventsQuery, {
      types: ['garbage_overflow'],
    });
    expect(garbage.cameraEvents.edges.map((e) => e.node.id)).toEqual([
      'cam-2:cam-2:e6',
      'cam-1:cam-1:e5',
      'cam-1:cam-1:e4',
    ]);
    const mianchi = await gql<EventPage>(gatewayUrl, eventsQuery, { district: '411221' });
    expect(mianchi.cameraEvents.edges.map((e) => e.node.type)).toEqual(['fire_smoke']);

    expect(
      await errorCode(
        gatewayUrl,
        `{ cameraEvents(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }`,
      ),
    ).toBe('BAD_USER_INPUT');
    expect(await errorCode(gatewayUrl, `{ cameraEvents(first: 0) { edges { cursor } } }`)).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('counts detections per hour from the rollup and per quarter hour from the events', async () => {
    const { gatewayUrl } = stack;
    const hourly = await gql<{
      cameraEventCounts: { bucket: string; type: string; count: number }[];
    }>(
      gatewayUrl,
      `query ($from: DateTime!, $to: DateTime!) {
         cameraEventCounts(from: $from, to: $to) { bucket type count } }`,
      { from: iso(h0 - 6 * HOUR), to: iso(h0 - 3 * HOUR) },
    );
    expect(hourly.cameraEventCounts).toEqual([
      { bucket: iso(h0 - 5 * HOUR), type: 'garbage_overflow', count: 2 },
      { bucket: iso(h0 - 4 * HOUR), type: 'garbage_overflow', count: 1 },
    ]);
    const quarter = await gql<{ cameraEventCounts: { bucket: string; count: number }[] }>(
      gatewayUrl,
      `query ($from: DateTime!, $to: DateTime!) {
         cameraEventCounts(from: $from, to: $to, bucket: "15 minutes", district: "411202") {
           bucket count } }`,
      { from: iso(h0 - 5 * HOUR), to: iso(h0 - 4 * HOUR) },
    );
    expect(quarter.cameraEventCounts).toEqual([
      { bucket: iso(h0 - 5 * HOUR), count: 1 },
      { bucket: iso(h0 - 5 * HOUR + 15 * MINUTE), count: 1 },
    ]);
    expect(
      await errorCode(
        gatewayUrl,
        `{ cameraEventCounts(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { count } }`,
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(
        gatewayUrl,
        `{ cameraEventCounts(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", bucket: "soon") { count } }`,
      ),
    ).toBe('BAD_USER_INPUT');
  });
  it('judges silence by the silence rule in force after an administrator edits it', async () => {
    const { broker, gatewayUrl } = stack;
    await publishAll(broker.url, [
      deviceMeta('tr-1', 'traffic', '湖滨区交通检测器', HUBIN),
      reading('tr-1', Date.now() - 4 * MINUTE, { speed_kmh: 42, flow_vph: 900, occupancy: 0.2 }),
    ]);
    const stateOf = async () =>
      (
        await gql<{ device: { state: string } | null }>(
          gatewayUrl,
          '{ device(id: "tr-1") { state } }',
        )
      ).device?.state;
    // Four minutes quiet, within the traffic detectors' five.
    await vi.waitFor(async () => expect(await stateOf()).toBe('normal'), {
      timeout: 20_000,
      interval: 200,
    });
    const rule = {
      id: 'silence.traffic',
      kind: 'silence',
      name: { zh: '交通检测器停报', en: 'Traffic detector silent' },
      severity: 2,
      ackWithinMinutes: 120,
      target: 'traffic',
      afterMinutes: 2,
      offline: false,
    };
    await gql(
      gatewayUrl,
      'mutation ($rule: JSON!) { saveAlertRule(rule: $rule, note: "检测器每分钟上报") { version } }',
      { rule },
    );
    expect(await stateOf()).toBe('silent');
  });
});
