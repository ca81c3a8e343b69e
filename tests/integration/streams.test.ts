import {
  cameraEventTopic,
  cameraMetaTopic,
  cameraStatusTopic,
  iotMetaTopic,
  iotTelemetryTopic,
  ticketEventTopic,
  unitMetaTopic,
} from '@city-twin/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, ingestStatsQuery, type IngestStatsResult } from '../support/graphql.ts';
import { startIngestStack } from '../support/ingest-stack.ts';
import { publishAll, type Message } from '../support/publish.ts';

const HOUR = 3600_000;
const t0 = Math.floor((Date.now() - 30 * 24 * HOUR) / HOUR) * HOUR; // an hour boundary 30 days ago
// Points inside known districts, and one outside the city (Beijing).
const HUBIN = { lon: 111.2, lat: 34.77 }; // 湖滨区
const LINGBAO = { lon: 110.894, lat: 34.517 }; // 灵宝市
const MIANCHI = { lon: 111.76, lat: 34.77 }; // 渑池县
const BEIJING = { lon: 116.4, lat: 39.9 };

const msg = (topic: string, body: Record<string, unknown>, retain = false): Message => ({
  topic,
  payload: JSON.stringify(body),
  retain,
});

/** A work order's actions: returned once, re-dispatched, extended, completed, called back. */
function ticketFlow(ticketId: string): Message[] {
  const topic = ticketEventTopic(ticketId);
  const step = (n: number, offset: number, body: Record<string, unknown>) =>
    msg(topic, { eventId: `${ticketId}:${n}`, ts: t0 + offset, ...body });
  return [
    step(1, 0, {
      action: 'created',
      channel: 'phone',
      category: 'heating',
      urgency: 'normal',
      kind: 'complaint',
      summary: '小区暖气不热',
      ...HUBIN,
      caller: { name: '史女士', phone: '13800005678' },
    }),
    step(2, 10 * 60_000, { action: 'dispatched', unitId: 'u-07' }),
    step(3, 30 * 60_000, { action: 'returned', unitId: 'u-07', reason: '非本单位职责' }),
    step(4, HOUR, { action: 'dispatched', unitId: 'u-12' }),
    step(5, 2 * HOUR, { action: 'signed', unitId: 'u-12' }),
    step(6, 24 * HOUR, {
      action: 'extension_requested',
      unitId: 'u-12',
      until: t0 + 20 * 24 * HOUR,
    }),
    step(7, 25 * HOUR, {
      action: 'extension_approved',
      unitId: 'u-12',
      until: t0 + 20 * 24 * HOUR,
    }),
    step(8, 5 * 24 * HOUR, { action: 'completed', unitId: 'u-12', resolution: '已更换暖气阀门' }),
    step(9, 6 * 24 * HOUR, { action: 'revisited', satisfaction: 'satisfied' }),
  ];
}

/** A deterministic shuffle (no Math.random in tests). */
function shuffle<T>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 7919 + 13) % 101 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

describe('every stream of the wire contract through Mosquitto into storage', () => {
  let stack: Awaited<ReturnType<typeof startIngestStack>>;

  beforeAll(async () => {
    stack = await startIngestStack('streams-ingest');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores IoT, video and hotline events with their districts, rollups and derived state', async () => {
    const { db, gatewayUrl } = stack;
    const metas = [
      msg(
        iotMetaTopic('wl-1'),
        { eventId: 'wl-1:m', ts: t0, type: 'water_level', name: '黄河大坝水位站', ...HUBIN },
        true,
      ),
      msg(
        iotMetaTopic('amb-1'),
        { eventId: 'amb-1:m', ts: t0, type: 'ambulance', name: '120急救车01', ...LINGBAO },
        true,
      ),
      msg(
        iotMetaTopic('far-1'),
        { eventId: 'far-1:m', ts: t0, type: 'noise', name: '城外噪声点', ...BEIJING },
        true,
      ),
      msg(
        cameraMetaTopic('cam-1'),
        { eventId: 'cam-1:m', ts: t0, name: '渑池县广场', ...MIANCHI },
        true,
      ),
      msg(
        unitMetaTopic('u-12'),
        { eventId: 'u-12:m', ts: t0, name: '三门峡市供热公司', kind: 'enterprise' },
        true,
      ),
    ];
    const iot = [
      ...Array.from({ length: 120 }, (_, i) =>
        msg(iotTelemetryTopic('wl-1'), {
          eventId: `wl-1:${i}`,
          ts: t0 + i * 30_000,
          metrics: { level_m: 300 + i / 100, flow_m3s: 800 },
        }),
      ),
      msg(iotTelemetryTopic('amb-1'), {
        eventId: 'amb-1:1',
        ts: t0,
        metrics: { speed_kmh: 40, state: 1 },
        ...LINGBAO,
      }),
      msg(iotTelemetryTopic('amb-1'), {
        eventId: 'amb-1:2',
        ts: t0 + 2000,
        metrics: { speed_kmh: 50, state: 1 },
        ...BEIJING,
      }),
    ];
    const video = [
      msg(cameraStatusTopic('cam-1'), { eventId: 'cam-1:s1', ts: t0 + 1000, online: false }),
      msg(cameraStatusTopic('cam-1'), { eventId: 'cam-1:s2', ts: t0 + 5000, online: true }),
      msg(cameraEventTopic('cam-1'), {
        eventId: 'cam-1:e1',
        ts: t0 + 60_000,
        type: 'fire_smoke',
        confidence: 0.93,
        severity: 5,
      }),
      msg(cameraEventTopic('cam-1'), {
        eventId: 'cam-1:e2',
        ts: t0 + 90_000,
        type: 'crowd_gathering',
        confidence: 0.8,
        severity: 3,
        count: 140,
      }),
    ];
    const inOrder = ticketFlow('T-ordered');
    const shuffled = shuffle(ticketFlow('T-shuffled'));
    const duplicates = [...shuffled.slice(0, 4), iot[0]!, video[2]!];
    const conflict = msg(iotTelemetryTopic('wl-1'), {
      eventId: 'wl-1:0',
      ts: t0 + 1,
      metrics: { level_m: 1, flow_m3s: 1 },
    });

    await publishAll(stack.broker.url, metas);
    await publishAll(stack.broker.url, [...iot, ...video, ...inOrder]);
    // Shuffled, with repeats and a conflicting reuse of an eventId, in separate batches.
    await publishAll(stack.broker.url, shuffled.slice(0, 5));
    await publishAll(stack.broker.url, [...shuffled.slice(5), ...duplicates, conflict]);

    const expectedAccepted =
      metas.length + iot.length + video.length + inOrder.length + shuffled.length;
    await expect
      .poll(async () => (await gql<IngestStatsResult>(gatewayUrl, ingestStatsQuery)).ingestStats, {
        timeout: 30_000,
        interval: 200,
      })
      .toMatchObject({ accepted: expectedAccepted, duplicates: duplicates.length, rejected: 1 });
    const [letter] = await db.query<{ reason: string; topic: string }>(
      'SELECT reason, topic FROM dead_letter',
    );
    expect(letter).toEqual({ reason: 'event_id_conflict', topic: iotTelemetryTopic('wl-1') });

    // Districts at ingest: devices, camera events, ambulance positions, work orders.
    const devices = await db.query<{ id: string; district: string | null }>(
      'SELECT id, district FROM device ORDER BY id',
    );
    expect(devices).toEqual([
      { id: 'amb-1', district: '411282' },
      { id: 'far-1', district: null },
      { id: 'wl-1', district: '411202' },
    ]);
    const positions = await db.query<{ district: string | null }>(
      'SELECT district FROM iot_position ORDER BY ts',
    );
    expect(positions).toEqual([{ district: '411282' }, { district: null }]);
    const [counter] = await db.query<{ value: number }>(
      `SELECT value FROM ingest_counter WHERE name = 'outside_district'`,
    );
    expect(counter?.value).toBe(1);

    const cameraEvents = await db.query<{ type: string; district: string; count: number | null }>(
      'SELECT type, district, count FROM video_event ORDER BY ts',
    );
    expect(cameraEvents).toEqual([
      { type: 'fire_smoke', district: '411221', count: null },
      { type: 'crowd_gathering', district: '411221', count: 140 },
    ]);
    const [camera] = await db.query<{ online: boolean; status_ts: Date }>(
      'SELECT online, status_ts FROM camera',
    );
    expect(camera).toEqual({ online: true, status_ts: new Date(t0 + 5000) });
    const history = await db.query<{ online: boolean }>(
      'SELECT online FROM camera_status ORDER BY ts',
    );
    expect(history.map((h) => h.online)).toEqual([false, true]);

    // Rollups agree with the raw rows they summarise.
    const [raw] = await db.query<{ n: number; sum: number }>(
      `SELECT count(*)::int AS n, sum(value) AS sum FROM iot_reading WHERE device_id = 'wl-1' AND metric = 'level_m'`,
    );
    for (const table of ['iot_rollup_1m', 'iot_rollup_1h']) {
      const [rolled] = await db.query<{ n: number; sum: number }>(
        `SELECT sum(count)::int AS n, sum(sum) AS sum FROM ${table} WHERE device_id = 'wl-1' AND metric = 'level_m'`,
      );
      expect(rolled?.n, table).toBe(raw?.n);
      expect(rolled?.sum, table).toBeCloseTo(raw!.sum, 6);
    }
    const [minute] = await db.query<{ count: number; min: number; max: number }>(
      `SELECT count, min, max FROM iot_rollup_1m WHERE device_id = 'wl-1' AND metric = 'level_m' ORDER BY bucket LIMIT 1`,
    );
    expect(minute).toEqual({ count: 2, min: 300, max: 300.01 });
    const eventRollup = await db.query<{
      stream: string;
      district: string;
      type: string;
      count: number;
    }>(
      `SELECT stream, district, type, sum(count)::int AS count FROM event_rollup_1h
       WHERE (stream, type) IN (('video', 'fire_smoke'), ('hotline', 'created'), ('hotline_category', 'heating'))
       GROUP BY 1, 2, 3 ORDER BY 1, 3`,
    );
    expect(eventRollup).toEqual([
      { stream: 'hotline', district: '411202', type: 'created', count: 2 },
      { stream: 'hotline_category', district: '411202', type: 'heating', count: 2 },
      { stream: 'video', district: '411221', type: 'fire_smoke', count: 1 },
    ]);

    // A work order's state does not depend on arrival order or repeats.
    const tickets = await db.query<Record<string, unknown>>(
      `SELECT * FROM ticket WHERE id IN ('T-ordered', 'T-shuffled') ORDER BY id`,
    );
    expect(tickets).toHaveLength(2);
    const [ordered, mixed] = tickets.map(({ id: _id, ...state }) => state);
    expect(mixed).toEqual(ordered);
    expect(ordered).toMatchObject({
      status: 'revisited',
      district: '411202',
      unit_id: 'u-12',
      returns: 1,
      extensions: 1,
      satisfaction: 'satisfied',
      due_at: new Date(t0 + 20 * 24 * HOUR),
      overdue_sign: false,
      overdue_complete: false,
      event_count: 9,
    });
    const stamped = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hotline_event WHERE district = '411202'`,
    );
    expect(stamped[0]?.n).toBe(18);
  });

  it('dead-letters a message storage refuses and stores the rest of its batch', async () => {
    const { db } = stack;
    // Something the contract allows and the database refuses (here, a test-only constraint).
    await db.query('ALTER TABLE iot_reading ADD CONSTRAINT poison_for_test CHECK (value <> 666)');
    try {
      const batch = Array.from({ length: 100 }, (_, i) =>
        msg(iotTelemetryTopic('poison-1'), {
          eventId: `poison-1:${i}`,
          ts: t0 + i * 1000,
          metrics: { db: i === 37 ? 666 : 40 + (i % 20) },
        }),
      );
      await publishAll(stack.broker.url, batch);
      await expect
        .poll(
          async () =>
            (
              await db.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM dead_letter WHERE reason = 'storage_rejected'`,
              )
            )[0]?.n,
          {
            timeout: 30_000,
            interval: 100,
          },
        )
        .toBe(1);
      await expect
        .poll(
          async () =>
            (
              await db.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM iot_reading WHERE device_id = 'poison-1'`,
              )
            )[0]?.n,
          {
            timeout: 30_000,
            interval: 100,
          },
        )
        .toBe(99);
      const [letter] = await db.query<{ payload: string; detail: string }>(
        `SELECT payload, detail FROM dead_letter WHERE reason = 'storage_rejected'`,
      );
      expect(JSON.parse(letter!.payload)).toMatchObject({ eventId: 'poison-1:37' });
      expect(letter!.detail).toMatch(/poison_for_test/);
    } finally {
      await db.query('ALTER TABLE iot_reading DROP CONSTRAINT poison_for_test');
    }
  });
});
