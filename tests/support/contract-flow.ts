import { iotMetaTopic, iotTelemetryTopic } from '@city-twin/events';
import type { Db } from '@city-twin/db';
import { expect } from 'vitest';
import { gql, ingestStatsQuery, type IngestStatsResult } from './graphql.ts';
import { publishAll, testDeviceMetas, testTelemetry, type Message } from './publish.ts';

const DEVICES = 10;

/** The five invalid messages of the foundation's acceptance list, each with its expected reason. */
export function invalidMessages(): (Message & { reason: string })[] {
  const ts = new Date().toISOString();
  return [
    { topic: iotTelemetryTopic('it-aq-0'), payload: 'not json at all {', reason: 'not_json' },
    {
      topic: iotTelemetryTopic('it-aq-1'),
      payload: JSON.stringify({ eventId: 'bad-1', metrics: { pm25: 3 } }),
      reason: 'missing_field',
    },
    {
      topic: iotTelemetryTopic('it-aq-2'),
      payload: `{"eventId":"bad-2","ts":"${ts}","metrics":{"pm25":NaN}}`,
      reason: 'non_finite_number',
    },
    {
      topic: iotMetaTopic('it-bad-lat'),
      payload: JSON.stringify({
        eventId: 'bad-3',
        ts,
        type: 'air_quality',
        name: 'x',
        lon: 111.2,
        lat: 123.4,
      }),
      reason: 'out_of_range',
    },
    {
      topic: iotMetaTopic('it-bad-type'),
      payload: JSON.stringify({
        eventId: 'bad-4',
        ts,
        type: 'toaster',
        name: 'x',
        lon: 111.2,
        lat: 34.7,
      }),
      reason: 'unknown_device_type',
    },
  ];
}

/**
 * Publishes 1,000 valid telemetry messages (100 of them twice), 10 device metas and the
 * five invalid messages, then checks storage, dead letters, ingestStats and series.
 */
export async function runContractFlow(options: {
  mqttUrl: string;
  gatewayUrl: string;
  db: Db;
}): Promise<void> {
  const { mqttUrl, gatewayUrl, db } = options;
  const metas = testDeviceMetas(DEVICES);
  const telemetry = testTelemetry(1000, DEVICES);
  const invalid = invalidMessages();
  await publishAll(mqttUrl, metas);
  await publishAll(mqttUrl, [...telemetry, ...telemetry.slice(0, 100), ...invalid]);

  await expect
    .poll(async () => (await gql<IngestStatsResult>(gatewayUrl, ingestStatsQuery)).ingestStats, {
      timeout: 30_000,
      interval: 200,
    })
    .toMatchObject({ accepted: 1000 + DEVICES, duplicates: 100, rejected: 5 });

  const [stored] = await db.query<{ events: number; rows: number }>(
    `SELECT count(DISTINCT event_id)::int AS events, count(*)::int AS rows FROM iot_reading`,
  );
  expect(stored).toEqual({ events: 1000, rows: 2000 });

  const letters = await db.query<{ reason: string; topic: string; payload: string }>(
    'SELECT reason, topic, payload FROM dead_letter ORDER BY id',
  );
  expect(letters).toHaveLength(5);
  expect(new Set(letters.map((l) => l.reason))).toEqual(new Set(invalid.map((m) => m.reason)));
  expect(letters.find((l) => l.reason === 'not_json')?.payload).toBe('not json at all {');

  const { ingestStats } = await gql<IngestStatsResult>(gatewayUrl, ingestStatsQuery);
  expect(ingestStats.byReason.map((r) => [r.reason, r.count]).sort()).toEqual(
    invalid.map((m) => [m.reason, 1]).sort(),
  );

  // device.series returns exactly the stored values of one device, raw and bucketed.
  const mine = telemetry
    .filter((m) => m.topic === iotTelemetryTopic('it-aq-3'))
    .map((m) => JSON.parse(m.payload as string) as { ts: number; metrics: { pm25: number } });
  const from = new Date(mine[0]!.ts).toISOString();
  const to = new Date(mine.at(-1)!.ts + 1).toISOString();
  const { device } = await gql<{
    device: {
      district: string;
      latest: { metric: string; value: number }[];
      raw: { ts: string; value: number }[];
      hourly: { value: number; count: number }[];
    };
  }>(
    gatewayUrl,
    `query ($from: DateTime!, $to: DateTime!) { device(id: "it-aq-3") {
       district latest { metric value }
       raw: series(metric: "pm25", from: $from, to: $to) { ts value }
       hourly: series(metric: "pm25", from: $from, to: $to, bucket: "1 hour") { value count } } }`,
    { from, to },
  );
  expect(device.district).toBe('411202');
  expect(device.raw.map((p) => [Date.parse(p.ts), p.value])).toEqual(
    mine.map((m) => [m.ts, m.metrics.pm25]),
  );
  expect(device.hourly.reduce((n, b) => n + b.count, 0)).toBe(mine.length);
  expect(device.latest.find((l) => l.metric === 'pm25')?.value).toBe(mine.at(-1)!.metrics.pm25);
}
