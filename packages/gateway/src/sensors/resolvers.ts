import { rulesOfKind, type AlertRules } from '@city-twin/alerts';
import type { Queryable } from '@city-twin/db';
import type { RuleSetStore } from '../alerts/rule-set.ts';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import {
  bucketedSeries,
  listDevices,
  listDevicesAt,
  openAlertsOf,
  positionsAt,
  rawSeries,
  rollupSeries,
  type DeviceFilter,
  type DeviceRow,
  type DeviceState,
  type ExpectedIntervals,
  type RollupTable,
} from './queries.ts';

const MAX_RAW_POINTS = 10_000;
const MAX_BUCKETS = 10_000;
const ATTENTION_DEFAULT = 10;
const ATTENTION_MAX = 100;
/** A moving device without a position in the hour before an instant is not placed at it. */
const POSITION_LOOK_BACK_S = 3600;
/** Quiet this long, a device of a type no silence rule names counts as silent. */
const FALLBACK_SILENCE_MINUTES = 60;
const bucketPattern = /^(\d{1,4}) (second|minute|hour|day)s?$/;
const unitSeconds = { second: 1, minute: 60, hour: 3600, day: 86400 } as const;
const deviceStates: readonly DeviceState[] = ['alert', 'silent', 'unknown', 'normal'];

export function parseBucketSeconds(bucket: string): number {
  const match = bucketPattern.exec(bucket.trim());
  if (!match)
    throw badInput(`bucket must look like '5 minutes' or '1 hour', got '${bucket.slice(0, 40)}'`);
  const seconds = Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds];
  if (seconds <= 0) throw badInput('bucket must be positive');
  return seconds;
}

/**
 * The coarsest rollup whose buckets nest in both the asked bucket and the window (so every
 * rollup bucket falls wholly in one answer bucket and wholly inside [from, to)); null: raw rows.
 */
export function chooseRollup(bucketSeconds: number, from: Date, to: Date): RollupTable | null {
  const fits = (width: number) =>
    bucketSeconds % width === 0 &&
    from.getTime() % (width * 1000) === 0 &&
    to.getTime() % (width * 1000) === 0;
  if (fits(3600)) return 'iot_rollup_1h';
  if (fits(60)) return 'iot_rollup_1m';
  return null;
}

/** Each device type's expected reporting interval, from the silence rules in force. */
function toExpectedIntervals(rules: AlertRules): ExpectedIntervals {
  const byType = new Map<string, number>();
  for (const rule of rulesOfKind(rules, 'silence')) {
    if (rule.target === 'camera' || rule.afterMinutes === null) continue;
    const known = byType.get(rule.target);
    byType.set(
      rule.target,
      known === undefined ? rule.afterMinutes : Math.min(known, rule.afterMinutes),
    );
  }
  return {
    types: [...byType.keys()],
    minutes: [...byType.values()].map((minutes) => Math.ceil(minutes)),
    fallbackMinutes: FALLBACK_SILENCE_MINUTES,
  };
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string) {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Worst first: alerts by severity, then silent devices, each longest quiet first. */
function toAttention(devices: readonly DeviceRow[], first: number): DeviceRow[] {
  const rank = (d: DeviceRow) => (d.state === 'alert' ? 0 : 1);
  return devices
    .filter((d) => d.state === 'alert' || d.state === 'silent')
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (b.alert_severity ?? 0) - (a.alert_severity ?? 0) ||
        (a.latest_ts?.getTime() ?? 0) - (b.latest_ts?.getTime() ?? 0) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, first);
}

/**
 * Resolvers of the IoT network: devices, their state and series, and the summary. A device
 * is silent after its type's silence rule in the rule set in force.
 */
export function createSensorResolvers({ ruleSet }: { ruleSet: RuleSetStore }) {
  let cached: { rules: AlertRules; intervals: ExpectedIntervals } | null = null;
  const expectedIntervals = async (db: Queryable): Promise<ExpectedIntervals> => {
    const inForce = (await ruleSet.current(db)).rules;
    if (cached?.rules !== inForce)
      cached = { rules: inForce, intervals: toExpectedIntervals(inForce) };
    return cached.intervals;
  };
  // Now, or as of `at` in replay.
  const readDevices = async (db: Queryable, filter: DeviceFilter, at: Date | null | undefined) =>
    at
      ? listDevicesAt(db, filter, await expectedIntervals(db), at)
      : listDevices(db, filter, await expectedIntervals(db));
  return {
    Query: {
      devices: (
        _: unknown,
        args: { type?: string | null; district?: string | null; at?: Date | null },
        { db }: Context,
      ) =>
        readDevices(
          db,
          { type: args.type ?? null, district: args.district ?? null, id: null },
          args.at,
        ),
      device: async (_: unknown, args: { id: string }, { db }: Context) =>
        (
          await listDevices(
            db,
            { type: null, district: null, id: args.id },
            await expectedIntervals(db),
          )
        )[0] ?? null,
      devicePositionsAt: (_: unknown, args: { at: Date; type?: string | null }, { db }: Context) =>
        positionsAt(db, args.at, POSITION_LOOK_BACK_S, args.type ?? null),
      deviceSummary: async (
        _: unknown,
        args: { district?: string | null; attentionFirst?: number | null; at?: Date | null },
        { db }: Context,
      ) => {
        const first = args.attentionFirst ?? ATTENTION_DEFAULT;
        if (!Number.isInteger(first) || first < 0 || first > ATTENTION_MAX) {
          throw badInput(`attentionFirst must be between 0 and ${ATTENTION_MAX}, got ${first}`);
        }
        const devices = await readDevices(
          db,
          { type: null, district: args.district ?? null, id: null },
          args.at,
        );
        const byState = countBy(devices, (d) => d.state);
        return {
          total: devices.length,
          byType: countBy(devices, (d) => d.type),
          // Every state, zero included, in a fixed order.
          byState: deviceStates.map((state) => ({
            key: state,
            count: byState.find((row) => row.key === state)?.count ?? 0,
          })),
          byDistrict: countBy(devices, (d) => d.district ?? ''),
          attention: toAttention(devices, first),
        };
      },
    },
    Device: {
      latest: (device: DeviceRow) =>
        Object.entries(device.latest)
          .map(([metric, value]) => ({ metric, value }))
          .sort((a, b) => a.metric.localeCompare(b.metric)),
      latestTs: (device: DeviceRow) => device.latest_ts,
      alertSeverity: (device: DeviceRow) => device.alert_severity,
      openAlerts: (device: DeviceRow, _: unknown, { db }: Context) =>
        device.open_alert_count === 0 ? [] : openAlertsOf(db, 'iot', device.id),
      series: async (
        device: DeviceRow,
        args: { metric: string; from: Date; to: Date; bucket?: string | null },
        { db }: Context,
      ) => {
        if (args.to.getTime() <= args.from.getTime()) throw badInput('`to` must be after `from`');
        if (!args.bucket)
          return rawSeries(db, device.id, args.metric, args.from, args.to, MAX_RAW_POINTS);
        const seconds = parseBucketSeconds(args.bucket);
        if ((args.to.getTime() - args.from.getTime()) / 1000 / seconds > MAX_BUCKETS) {
          throw badInput(`at most ${MAX_BUCKETS} buckets per series; use a wider bucket`);
        }
        const interval = `${seconds} seconds`;
        const rollup = chooseRollup(seconds, args.from, args.to);
        return rollup
          ? rollupSeries(db, rollup, device.id, args.metric, args.from, args.to, interval)
          : bucketedSeries(db, device.id, args.metric, args.from, args.to, interval);
      },
    },
  };
}
