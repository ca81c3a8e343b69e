import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import { bucketedSeries, findDevice, listDevices, rawSeries, type DeviceRow } from './queries.ts';

const MAX_RAW_POINTS = 10_000;
const MAX_BUCKETS = 10_000;
const bucketPattern = /^(\d{1,4}) (second|minute|hour|day)s?$/;
const unitSeconds = { second: 1, minute: 60, hour: 3600, day: 86400 } as const;

function parseBucketSeconds(bucket: string): number {
  const match = bucketPattern.exec(bucket.trim());
  if (!match)
    throw badInput(`bucket must look like '5 minutes' or '1 hour', got '${bucket.slice(0, 40)}'`);
  const seconds = Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds];
  if (seconds <= 0) throw badInput('bucket must be positive');
  return seconds;
}

export const sensorResolvers = {
  Query: {
    devices: (
      _: unknown,
      args: { type?: string | null; district?: string | null },
      { db }: Context,
    ) => listDevices(db, args.type ?? null, args.district ?? null),
    device: (_: unknown, args: { id: string }, { db }: Context) => findDevice(db, args.id),
  },
  Device: {
    latest: (device: DeviceRow) =>
      Object.entries(device.latest)
        .map(([metric, value]) => ({ metric, value }))
        .sort((a, b) => a.metric.localeCompare(b.metric)),
    latestTs: (device: DeviceRow) => device.latest_ts,
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
      return bucketedSeries(db, device.id, args.metric, args.from, args.to, `${seconds} seconds`);
    },
  },
};
