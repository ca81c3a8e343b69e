import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { writeBatch } from '@city-twin/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenToken } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';
import { gql } from '../support/graphql.ts';

// Every figure at the time cursor (replay) over rows written at known times on the night of
// 2026-12-04 (China Standard Time): device states from readings and alerts, camera statuses
// and detections, and work orders whose actions go through ingest's own batch writer (so
// their rows are derived as in production), then asked for at instants before their end.

const at = (day: string, time: string) => `2026-12-${day}T${time}+08:00`;
const night = (time: string) => at('04', time);

/** Readings every 5 minutes over [from, to] (heating's silence rule expects one in 10). */
function everyFiveMinutes(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 300_000) {
    out.push(new Date(t).toISOString());
  }
  return out;
}

const devices: { id: string; readings: string[] }[] = [
  // Reports all night; an alert is open 21:00–23:00.
  { id: 'heat-a', readings: everyFiveMinutes(night('18:00:00'), night('23:55:00')) },
  // Stops reporting at 20:00.
  { id: 'heat-b', readings: everyFiveMinutes(night('18:00:00'), night('20:00:00')) },
  // Reports for the first time at 22:00.
  { id: 'heat-c', readings: everyFiveMinutes(night('22:00:00'), night('23:55:00')) },
];

const cameraStatuses: [string, string, boolean][] = [
  ['cam-1', night('18:00:00'), true],
  ['cam-1', night('21:00:00'), false],
  ['cam-1', night('23:00:00'), true],
  ['cam-2', night('18:00:00'), true],
  ['cam-3', night('22:00:00'), true],
];
const detections: [string, string, string][] = [
  ['d1', night('20:10:00'), 'crowd_gathering'],
  ['d2', night('20:20:00'), 'crowd_gathering'],
  ['d3', night('20:50:00'), 'crowd_gathering'],
  ['d4', night('21:20:00'), 'fire_smoke'],
];

const created = (kind: string, urgency: string) => ({
  action: 'created',
  channel: 'phone',
  category: 'heating',
  urgency,
  kind,
  summary: '暖气不热',
  lon: 111.2,
  lat: 34.77,
});

// T1 consultation: completed the same afternoon, called back the next morning.
// T2 urgent: signed 2 h after dispatch (urgent sign-off is due in 30 min), completed two days
// later (urgent orders are due the same day). T3 complaint: dispatched in the evening, open.
const actions: [string, string, Record<string, unknown>][] = [
  ['T1', night('09:00:00'), created('consultation', 'normal')],
  ['T1', night('09:05:00'), { action: 'dispatched', unitId: 'u-heat' }],
  ['T1', night('09:30:00'), { action: 'signed', unitId: 'u-heat' }],
  ['T1', night('15:00:00'), { action: 'completed', unitId: 'u-heat', resolution: '已修复' }],
  ['T1', at('05', '10:00:00'), { action: 'revisited', satisfaction: 'satisfied' }],
  ['T2', night('10:00:00'), created('help', 'urgent')],
  ['T2', night('10:05:00'), { action: 'dispatched', unitId: 'u-heat' }],
  ['T2', night('12:05:00'), { action: 'signed', unitId: 'u-heat' }],
  ['T2', at('06', '09:00:00'), { action: 'completed', unitId: 'u-heat', resolution: '已修复' }],
  ['T3', night('20:00:00'), created('complaint', 'normal')],
  ['T3', night('20:10:00'), { action: 'dispatched', unitId: 'u-heat' }],
];

const deviceQuery = `query ($at: DateTime) {
  devices(type: "heating", at: $at) { id state alertSeverity latestTs }
  deviceSummary(at: $at, attentionFirst: 5) { total byState { key count } attention { id } }
}`;
type DeviceAnswer = {
  devices: { id: string; state: string; alertSeverity: number | null; latestTs: string | null }[];
  deviceSummary: {
    total: number;
    byState: { key: string; count: number }[];
    attention: { id: string }[];
  };
};

const cameraQuery = `query ($at: DateTime) {
  cameras(at: $at) { id online state statusAt }
  cameraSummary(at: $at) { total online onlineRate lastHourTotal lastHourByType { key count } }
}`;
type CameraAnswer = {
  cameras: { id: string; online: boolean | null; state: string; statusAt: string | null }[];
  cameraSummary: {
    total: number;
    online: number;
    onlineRate: number | null;
    lastHourTotal: number;
    lastHourByType: { key: string; count: number }[];
  };
};

const statsQuery = `query ($at: DateTime) {
  hotlineStats(from: "2026-12-04", to: "2026-12-04", at: $at) {
    accepted completed due completionRate callbacks satisfactionRate overdueSign overdueOpen
  }
}`;
type StatsAnswer = {
  hotlineStats: {
    accepted: number;
    completed: number;
    due: number;
    completionRate: number | null;
    callbacks: number;
    satisfactionRate: number | null;
    overdueSign: number;
    overdueOpen: number;
  };
};

const openQuery = `query ($at: DateTime!, $overdue: Boolean) {
  ticketsOpenAt(at: $at, overdue: $overdue, first: 100) {
    id status completedAt overdueComplete overdueSeconds dueAt
  }
}`;
type OpenAnswer = {
  ticketsOpenAt: {
    id: string;
    status: string;
    completedAt: string | null;
    overdueComplete: boolean;
    overdueSeconds: number | null;
    dueAt: string | null;
  }[];
};

describe('figures at the time cursor (replay)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url = '';
  let token = '';
  const ask = <T>(query: string, variables: Record<string, unknown>) =>
    gql<T>(url, query, variables, { token });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url, onError: () => undefined });
    await migrate(db);

    for (const device of devices) {
      const last = device.readings.at(-1)!;
      await db.query(
        `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id, latest, latest_ts)
         VALUES ($1, 'heating', $1, 111.2, 34.77, '411202', $2, 'meta', '{"supply_temp_c": 60}', $3)`,
        [device.id, night('00:00:00'), last],
      );
      await db.query(
        `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
         SELECT ts, $1, 'supply_temp_c', 60, $1 || ':' || ts FROM unnest($2::timestamptz[]) AS ts`,
        [device.id, device.readings],
      );
    }
    // The hourly rollup as ingest keeps it.
    await db.query(
      `INSERT INTO iot_rollup_1h (bucket, device_id, metric, count, sum, min, max)
       SELECT twin_bucket('1 hour', ts), device_id, metric, count(*), sum(value), min(value), max(value)
       FROM iot_reading GROUP BY 1, 2, 3`,
    );
    await db.query(
      `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
         title_en, detail, district, opened_at, last_seen_at, resolved_at, resolved_by)
       VALUES ('heating.supply-low', 'iot:heat-a', 'iot', 'threshold', 3, 3, 'resolved', '供热不足',
         'heating low', '{}', '411202', $1, $1, $2, 'op')`,
      [night('21:00:00'), night('23:00:00')],
    );

    for (const id of ['cam-1', 'cam-2', 'cam-3']) {
      const statuses = cameraStatuses.filter(([camera]) => camera === id);
      const [, lastTs, lastOnline] = statuses.at(-1)!;
      await db.query(
        `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
         VALUES ($1, $1, 111.2, 34.77, '411202', $2, 'meta', $3, $4)`,
        [id, night('00:00:00'), lastOnline, lastTs],
      );
    }
    for (const [camera, ts, online] of cameraStatuses) {
      await db.query(
        `INSERT INTO camera_status (ts, camera_id, online, event_id) VALUES ($1, $2, $3, $4)`,
        [ts, camera, online, `${camera}@${ts}`],
      );
    }
    for (const [eventId, ts, type] of detections) {
      await db.query(
        `INSERT INTO video_event (ts, event_id, camera_id, type, confidence, severity, district)
         VALUES ($1, $2, 'cam-2', $3, 0.9, 3, '411202')`,
        [ts, eventId, type],
      );
    }

    // Work orders through ingest's batch writer, derived at a fixed "now" after the night.
    await writeBatch(
      db,
      actions.map(([ticketId, ts, fields], index) => ({
        topic: `twin/hotline/ticket/${ticketId}/event`,
        payload: Buffer.from(JSON.stringify({ eventId: `${ticketId}-${index}`, ts, ...fields })),
        messageId: index,
        generation: 0,
        receivedAt: Date.parse(at('07', '12:00:00')),
      })),
      { prefix: 'twin', workerId: 'replay-test', now: Date.parse(at('07', '12:00:00')) },
    );

    token = (await screenToken(db)).token;
    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  const statesAt = async (instant: string | null) => {
    const answer = await ask<DeviceAnswer>(deviceQuery, { at: instant });
    return {
      states: Object.fromEntries(answer.devices.map((d) => [d.id, d.state])),
      devices: answer.devices,
      byState: Object.fromEntries(answer.deviceSummary.byState.map((r) => [r.key, r.count])),
      attention: answer.deviceSummary.attention.map((d) => d.id),
    };
  };

  it('answers each device state as of the cursor: alert, silent, never reported, normal', async () => {
    const evening = await statesAt(night('19:00:00'));
    expect(evening.states).toEqual({ 'heat-a': 'normal', 'heat-b': 'normal', 'heat-c': 'unknown' });

    const duringAlert = await statesAt(night('21:30:00'));
    expect(duringAlert.states).toEqual({
      'heat-a': 'alert',
      'heat-b': 'silent',
      'heat-c': 'unknown',
    });
    expect(duringAlert.byState).toEqual({ alert: 1, silent: 1, unknown: 1, normal: 0 });
    expect(duringAlert.attention).toEqual(['heat-a', 'heat-b']);
    const heatA = duringAlert.devices.find((d) => d.id === 'heat-a')!;
    const heatB = duringAlert.devices.find((d) => d.id === 'heat-b')!;
    expect(heatA.alertSeverity).toBe(3);
    // The last reading at or before the cursor: in its hour (raw), or through the hourly rollup.
    expect(Date.parse(heatA.latestTs!)).toBe(Date.parse(night('21:30:00')));
    expect(Date.parse(heatB.latestTs!)).toBe(Date.parse(night('20:00:00')));

    const late = await statesAt(night('23:30:00'));
    expect(late.states).toEqual({ 'heat-a': 'normal', 'heat-b': 'silent', 'heat-c': 'normal' });
    expect(late.byState).toEqual({ alert: 0, silent: 1, unknown: 0, normal: 2 });

    // Live (now, days later): all three have been quiet since the night.
    const live = await statesAt(null);
    expect(live.byState).toEqual({ alert: 0, silent: 3, unknown: 0, normal: 0 });
  });

  it('answers the camera summary as of the cursor: statuses then, detections in the hour before', async () => {
    const answer = await ask<CameraAnswer>(cameraQuery, { at: night('21:30:00') });
    expect(Object.fromEntries(answer.cameras.map((c) => [c.id, c.state]))).toEqual({
      'cam-1': 'offline',
      'cam-2': 'online',
      'cam-3': 'unknown',
    });
    expect(answer.cameraSummary).toMatchObject({ total: 3, online: 1, lastHourTotal: 2 });
    expect(answer.cameraSummary.onlineRate).toBeCloseTo(1 / 3);
    expect(answer.cameraSummary.lastHourByType).toEqual([
      { key: 'crowd_gathering', count: 1 },
      { key: 'fire_smoke', count: 1 },
    ]);

    const late = await ask<CameraAnswer>(cameraQuery, { at: night('23:30:00') });
    expect(late.cameraSummary).toMatchObject({ total: 3, online: 3, lastHourTotal: 0 });
    expect(late.cameras.find((c) => c.id === 'cam-1')!.statusAt).toBe(
      new Date(night('23:00:00')).toISOString(),
    );
  });

  it('answers the hotline figures of a day as they stood at the cursor', async () => {
    const noon = await ask<StatsAnswer>(statsQuery, { at: night('12:00:00') });
    // T1 and T2 accepted; T2's urgent sign-off (due 10:35) not made by noon.
    expect(noon.hotlineStats).toMatchObject({
      accepted: 2,
      completed: 0,
      due: 0,
      completionRate: null,
      overdueSign: 1,
      overdueOpen: 0,
    });

    const nextMorning = await ask<StatsAnswer>(statsQuery, { at: at('05', '08:00:00') });
    // T1 completed; T2 overdue (urgent: due the same day) and open; T3 open, not yet due.
    expect(nextMorning.hotlineStats).toEqual({
      accepted: 3,
      completed: 1,
      due: 2,
      completionRate: 0.5,
      callbacks: 0,
      satisfactionRate: null,
      overdueSign: 1,
      overdueOpen: 1,
    });

    // Sunday morning every order's actions so far are stored ones (no derivation again): T3's
    // sign-off fact is dated Monday (its deadline), so it does not count yet.
    const sunday = await ask<StatsAnswer>(statsQuery, { at: at('06', '10:00:00') });
    expect(sunday.hotlineStats).toEqual({
      accepted: 3,
      completed: 2,
      due: 2,
      completionRate: 1,
      callbacks: 1,
      satisfactionRate: 1,
      overdueSign: 1,
      overdueOpen: 0,
    });

    // Now: T2 completed (late), T1 called back satisfied.
    const now = await ask<StatsAnswer>(statsQuery, { at: null });
    expect(now.hotlineStats).toMatchObject({
      accepted: 3,
      completed: 2,
      callbacks: 1,
      satisfactionRate: 1,
      overdueOpen: 0,
    });
  });

  it('lists the work orders open at the cursor, each as it stood then', async () => {
    const noon = await ask<OpenAnswer>(openQuery, { at: night('12:00:00') });
    expect(noon.ticketsOpenAt.map((t) => [t.id, t.status])).toEqual([
      ['T2', 'dispatched'],
      ['T1', 'signed'],
    ]);

    const nextMorning = await ask<OpenAnswer>(openQuery, { at: at('05', '08:00:00') });
    expect(nextMorning.ticketsOpenAt.map((t) => [t.id, t.status, t.completedAt])).toEqual([
      ['T3', 'dispatched', null],
      ['T2', 'signed', null],
    ]);
    const overdue = await ask<OpenAnswer>(openQuery, { at: at('05', '08:00:00'), overdue: true });
    expect(overdue.ticketsOpenAt.map((t) => t.id)).toEqual(['T2']);
    const t2 = overdue.ticketsOpenAt[0]!;
    // Overdue seconds count to the cursor, not to now.
    expect(t2.overdueSeconds).toBe(
      (Date.parse(at('05', '08:00:00')) - Date.parse(t2.dueAt!)) / 1000,
    );

    // After T2's completion only T3 is open (it still is).
    const later = await ask<OpenAnswer>(openQuery, { at: at('06', '10:00:00') });
    expect(later.ticketsOpenAt.map((t) => t.id)).toEqual(['T3']);
  });
});
