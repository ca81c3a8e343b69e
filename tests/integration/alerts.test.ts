import { loadAlertRules } from '@city-twin/alerts';
import {
  cameraEventTopic,
  cameraMetaTopic,
  cameraStatusTopic,
  iotMetaTopic,
  iotTelemetryTopic,
  ticketEventTopic,
  unitMetaTopic,
} from '@city-twin/events';
import { sweepAlerts } from '@city-twin/ingest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestStack } from '../support/ingest-stack.ts';
import { publishAll, type Message } from '../support/publish.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WEEK = 7 * 24 * HOUR;
const now = Date.now();
// Far apart, one district each, so only the trio in 湖滨区 can share an incident.
const LINGBAO = { lon: 110.894, lat: 34.517 }; // 411282
const MIANCHI = { lon: 111.76, lat: 34.77 }; // 411221
const LUSHI = { lon: 111.05, lat: 34.05 }; // 411224
const YIMA = { lon: 111.87, lat: 34.75 }; // 411281
const HUBIN = { lon: 111.2, lat: 34.77 }; // 411202
const HUBIN_300M = { lon: 111.203, lat: 34.771 };

const msg = (topic: string, body: Record<string, unknown>, retain = false): Message => ({
  topic,
  payload: JSON.stringify(body),
  retain,
});
const minutesAgo = (m: number) => now - m * MINUTE;

interface AlertRow {
  id: string;
  rule_id: string;
  subject: string;
  status: string;
  severity: number;
  count: number;
  incident_id: string | null;
  escalations: number;
}

type Stack = Awaited<ReturnType<typeof startIngestStack>>;

async function settle(stack: Stack, sql: string, expected: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await stack.db.query<{ n: number }>(sql);
    if (row!.n >= expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never reached ${expected}: ${sql}`);
}

describe('alert rules through Mosquitto and ingest', () => {
  let stack: Stack;
  const alerts = async (): Promise<AlertRow[]> =>
    stack.db.query<AlertRow>(
      `SELECT id, rule_id, subject, status, severity, count, incident_id, escalations
       FROM alert ORDER BY rule_id, subject`,
    );
  const byRule = async (ruleId: string) => (await alerts()).filter((a) => a.rule_id === ruleId);

  beforeAll(async () => {
    // The shipped heating rule watches the heating season only (15 Nov – 15 Mar); the test
    // runs all year, so its copy of the rule has no season.
    const shipped = loadAlertRules();
    const rules = {
      rules: shipped.rules.map((r) =>
        r.id === 'heating.supply-low' ? { ...r, season: undefined, months: undefined } : r,
      ),
    };
    stack = await startIngestStack('alerts-ingest', { alertRules: rules });
    await publishAll(stack.broker.url, [
      msg(
        iotMetaTopic('aq-1'),
        {
          eventId: 'aq-1:m',
          ts: minutesAgo(60),
          type: 'air_quality',
          name: '灵宝市监测站',
          ...LINGBAO,
        },
        true,
      ),
      msg(
        iotMetaTopic('hs-1'),
        {
          eventId: 'hs-1:m',
          ts: minutesAgo(60),
          type: 'heating',
          name: '湖滨区第三换热站',
          ...HUBIN,
        },
        true,
      ),
      msg(
        cameraMetaTopic('cam-fire'),
        { eventId: 'cf:m', ts: minutesAgo(60), name: '渑池县仓库', ...MIANCHI },
        true,
      ),
      msg(
        cameraMetaTopic('cam-off'),
        { eventId: 'co:m', ts: minutesAgo(60), name: '卢氏县路口', ...LUSHI },
        true,
      ),
      msg(
        cameraMetaTopic('cam-gate'),
        { eventId: 'cg:m', ts: minutesAgo(60), name: '第三换热站门口', ...HUBIN_300M },
        true,
      ),
      msg(
        unitMetaTopic('u-40'),
        {
          eventId: 'u-40:m',
          ts: minutesAgo(60),
          name: '义马市人民政府',
          kind: 'county_government',
        },
        true,
      ),
    ]);
    await settle(
      stack,
      'SELECT (SELECT count(*) FROM device) + (SELECT count(*) FROM camera) AS n',
      5,
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('opens a threshold alert after its duration, counts repeats, and clears it with hysteresis', async () => {
    // PM2.5 180 for 16 minutes (t−30 … t−15): open at t−20 (10 minutes held), 5 repeats;
    // then 100 (< 115) from t−14: cleared once it held 10 minutes, at t−4. Every reading while
    // open counts (1 + 5 breaching + 10 clearing = 16).
    const readings = [
      ...Array.from({ length: 16 }, (_, i) => [30 - i, 180] as const),
      ...Array.from({ length: 12 }, (_, i) => [14 - i, 100] as const),
    ].map(([m, pm25]) =>
      msg(iotTelemetryTopic('aq-1'), {
        eventId: `aq-1:${m}`,
        ts: minutesAgo(m),
        metrics: { pm25 },
      }),
    );
    await publishAll(stack.broker.url, readings);
    await settle(
      stack,
      `SELECT count(*)::int AS n FROM alert WHERE rule_id = 'air.pm25-heavy' AND status = 'resolved'`,
      1,
    );
    const [alert] = await byRule('air.pm25-heavy');
    expect(alert).toMatchObject({
      subject: 'iot:aq-1',
      status: 'resolved',
      count: 16,
      severity: 3,
    });
    const log = await stack.db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM alert_log WHERE entity = 'alert' AND entity_id = $1 ORDER BY id`,
      [alert!.id],
    );
    expect(log).toEqual([
      { actor: 'system', action: 'opened' },
      { actor: 'system', action: 'cleared' },
    ]);
  });

  it('delivers an alert raised by a published event to a graphql-ws subscriber', async () => {
    const client = createClient({
      url: `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: stack.authorization },
      retryAttempts: 0,
    });
    const received: {
      action: string;
      alert: { ruleId: string; subject: string; title: string };
    }[] = [];
    const subscribed = new Promise<void>((resolve) => {
      client.on('connected', () => resolve());
    });
    const first = new Promise<void>((resolve, reject) => {
      client.subscribe<{
        alertChanged: { action: string; alert: { ruleId: string; subject: string; title: string } };
      }>(
        {
          query:
            'subscription { alertChanged(minSeverity: 4) { action alert { ruleId subject title } } }',
        },
        {
          next: ({ data }) => {
            if (data) received.push(data.alertChanged);
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    try {
      await subscribed;
      // Let the gateway register the subscription before the event is published.
      await new Promise((r) => setTimeout(r, 300));
      await publishAll(stack.broker.url, [
        msg(
          cameraMetaTopic('cam-sub'),
          { eventId: 'cs:m', ts: minutesAgo(30), name: '义马市广场', ...YIMA },
          true,
        ),
      ]);
      await settle(stack, `SELECT count(*)::int AS n FROM camera WHERE id = 'cam-sub'`, 1);
      await publishAll(stack.broker.url, [
        msg(cameraEventTopic('cam-sub'), {
          eventId: 'cs1',
          ts: minutesAgo(0.5),
          type: 'fire_smoke',
          confidence: 0.95,
          severity: 5,
        }),
      ]);
      await first;
      expect(received[0]).toMatchObject({
        action: 'opened',
        alert: { ruleId: 'camera.fire-smoke', subject: 'video:cam-sub' },
      });
      expect(received[0]!.alert.title).toContain('义马市广场');
    } finally {
      await client.dispose();
    }
  });

  it('raises one camera alert per subject with a confidence floor, and one for a camera gone offline', async () => {
    await publishAll(stack.broker.url, [
      msg(cameraEventTopic('cam-fire'), {
        eventId: 'f1',
        ts: minutesAgo(3),
        type: 'fire_smoke',
        confidence: 0.9,
        severity: 5,
      }),
      msg(cameraEventTopic('cam-fire'), {
        eventId: 'f2',
        ts: minutesAgo(2),
        type: 'fire_smoke',
        confidence: 0.85,
        severity: 5,
      }),
      msg(cameraEventTopic('cam-fire'), {
        eventId: 'f3',
        ts: minutesAgo(1),
        type: 'fire_smoke',
        confidence: 0.3,
        severity: 2,
      }),
      msg(cameraStatusTopic('cam-off'), { eventId: 's1', ts: minutesAgo(1), online: false }),
    ]);
    await settle(stack, `SELECT count(*)::int AS n FROM alert WHERE source = 'video'`, 3);
    await settle(stack, `SELECT count(*)::int AS n FROM video_event`, 4);
    expect(
      (await byRule('camera.fire-smoke')).filter((a) => a.subject === 'video:cam-fire'),
    ).toMatchObject([{ subject: 'video:cam-fire', status: 'open', count: 2, severity: 4 }]);
    expect(await byRule('silence.camera-offline')).toMatchObject([
      { subject: 'video:cam-off', status: 'open', count: 1 },
    ]);
  });

  it('raises an overdue sign-off for a work order, and clears it when the unit signs', async () => {
    const topic = ticketEventTopic('T-OVERDUE');
    const created = {
      action: 'created',
      channel: 'phone',
      category: 'water_power',
      urgency: 'urgent',
      kind: 'help',
      summary: '小区停水',
      ...YIMA,
    };
    await publishAll(stack.broker.url, [
      msg(topic, { eventId: 'o1', ts: minutesAgo(50), ...created }),
      msg(topic, { eventId: 'o2', ts: minutesAgo(45), action: 'dispatched', unitId: 'u-40' }),
    ]);
    // Urgent: sign-off due 30 minutes after dispatch, t−15: overdue now.
    await settle(
      stack,
      `SELECT count(*)::int AS n FROM alert WHERE rule_id = 'hotline.overdue-sign'`,
      1,
    );
    expect(await byRule('hotline.overdue-sign')).toMatchObject([
      { subject: 'ticket:T-OVERDUE:overdue_sign:1', status: 'open', severity: 2 },
    ]);
    await publishAll(stack.broker.url, [
      msg(topic, { eventId: 'o3', ts: minutesAgo(1), action: 'signed', unitId: 'u-40' }),
    ]);
    await settle(
      stack,
      `SELECT count(*)::int AS n FROM alert WHERE rule_id = 'hotline.overdue-sign' AND status = 'resolved'`,
      1,
    );
  });

  it('groups a heating failure, a crowd at the station gate and a surge of heating complaints into one incident', async () => {
    // Supply 40 °C (< 45) for 40 minutes: the heating rule fires after 30.
    await publishAll(
      stack.broker.url,
      Array.from({ length: 9 }, (_, i) =>
        msg(iotTelemetryTopic('hs-1'), {
          eventId: `hs-1:${i}`,
          ts: minutesAgo(40 - i * 5),
          metrics: { supply_temp_c: 40 },
        }),
      ),
    );
    await settle(
      stack,
      `SELECT count(*)::int AS n FROM alert WHERE rule_id = 'heating.supply-low'`,
      1,
    );
    await publishAll(stack.broker.url, [
      msg(cameraEventTopic('cam-gate'), {
        eventId: 'g1',
        ts: minutesAgo(5),
        type: 'crowd_gathering',
        confidence: 0.92,
        severity: 3,
        count: 500,
      }),
    ]);
    await settle(stack, `SELECT count(*)::int AS n FROM alert WHERE rule_id = 'camera.crowd'`, 1);

    // Heating complaints in 湖滨区: 5 in this hour of the week for 8 weeks, 20 in this hour.
    const hour = Math.floor(now / HOUR) * HOUR;
    const complaint = (id: string, ts: number) =>
      msg(ticketEventTopic(id), {
        eventId: `${id}:1`,
        ts,
        action: 'created',
        channel: 'phone',
        category: 'heating',
        urgency: 'normal',
        kind: 'complaint',
        summary: '暖气不热',
        ...HUBIN,
      });
    const history = Array.from({ length: 8 }, (_, w) =>
      Array.from({ length: 5 }, (_, i) =>
        complaint(`H-${w + 1}-${i}`, hour - (w + 1) * WEEK + i * MINUTE),
      ),
    ).flat();
    await publishAll(stack.broker.url, history);
    await settle(stack, `SELECT count(*)::int AS n FROM ticket WHERE id LIKE 'H-%'`, 40);
    const start = Math.max(hour, now - 30_000);
    await publishAll(
      stack.broker.url,
      Array.from({ length: 20 }, (_, i) => complaint(`N-${i}`, start + i * 100)),
    );
    await settle(stack, `SELECT count(*)::int AS n FROM alert WHERE rule_id = 'hotline.surge'`, 1);

    const trio = (await alerts()).filter((a) =>
      ['heating.supply-low', 'camera.crowd', 'hotline.surge'].includes(a.rule_id),
    );
    expect(trio.map((a) => [a.rule_id, a.subject])).toEqual([
      ['camera.crowd', 'video:cam-gate'],
      ['heating.supply-low', 'iot:hs-1'],
      ['hotline.surge', 'surge:411202:heating'],
    ]);
    expect(new Set(trio.map((a) => a.incident_id)).size).toBe(1);
    const [incident] = await stack.db.query<{ district: string; severity: number; alerts: number }>(
      `SELECT i.district, i.severity, (SELECT count(*)::int FROM alert a WHERE a.incident_id = i.id) AS alerts
       FROM incident i WHERE i.id = $1`,
      [trio[0]!.incident_id],
    );
    expect(incident).toEqual({ district: '411202', severity: 3, alerts: 3 });
    // Every other alert stands alone: it is in its own district.
    const trioIncident = trio[0]!.incident_id;
    const others = (await alerts()).filter((a) => !trio.some((t) => t.id === a.id));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((a) => a.incident_id === trioIncident)).toEqual([]);
    const [surge] = await stack.db.query<{
      title: string;
      detail: { observed: number; baseline: number };
    }>(`SELECT title, detail FROM alert WHERE rule_id = 'hotline.surge'`);
    expect(surge!.detail).toMatchObject({ observed: 20, baseline: 5 });
    expect(surge!.title).toContain('湖滨区');
  });

  it('escalates an unacknowledged alert once per interval, with a notice in the outbox', async () => {
    const rules = loadAlertRules();
    const [surge] = await byRule('hotline.surge');
    // hotline.surge: acknowledge within 60 minutes.
    const escalations = async () =>
      (
        await stack.db.query<{ escalations: number; severity: number }>(
          'SELECT escalations, severity FROM alert WHERE id = $1',
          [surge!.id],
        )
      )[0]!;
    await sweepAlerts(stack.db, rules, new Date(now + 30 * MINUTE));
    expect(await escalations()).toEqual({ escalations: 0, severity: 3 });
    await sweepAlerts(stack.db, rules, new Date(now + 62 * MINUTE));
    expect(await escalations()).toEqual({ escalations: 1, severity: 4 });
    await sweepAlerts(stack.db, rules, new Date(now + 63 * MINUTE));
    expect((await escalations()).escalations).toBe(1);
    await sweepAlerts(stack.db, rules, new Date(now + 125 * MINUTE));
    expect(await escalations()).toEqual({ escalations: 2, severity: 4 });
    const notices = await stack.db.query<{ dedupe_key: string }>(
      `SELECT dedupe_key FROM notice_outbox WHERE kind = 'alert_escalation' AND dedupe_key LIKE $1 ORDER BY id`,
      [`${surge!.id}/%`],
    );
    expect(notices.map((n) => n.dedupe_key)).toEqual([`${surge!.id}/1`, `${surge!.id}/2`]);
    const log = await stack.db.query<{ action: string }>(
      `SELECT action FROM alert_log WHERE entity = 'alert' AND entity_id = $1 AND action = 'escalated'`,
      [surge!.id],
    );
    expect(log).toHaveLength(2);
  });
});
