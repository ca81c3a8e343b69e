import { z } from 'zod';

/** Largest accepted payload, in bytes (wire contract v1). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Oldest accepted event time, relative to the receiver's clock. */
export const MAX_PAST_MS = 400 * 24 * 3600 * 1000;
/** Latest accepted event time (device clocks run ahead), relative to the receiver's clock. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

/** Unique per source; the idempotency key. */
export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'eventId must be 1-128 chars of [A-Za-z0-9._:-]');

/** Id of a device, camera, unit or work order: the alphabet of topic ids. */
export const subjectIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'ids are 1-128 chars of [A-Za-z0-9._:-]');

/**
 * Address of a stream or image: http(s), rtsp(s) or rtmp with a host, no whitespace, at most
 * 2 KiB, kept exactly as sent (`z.url` alone accepts `rtsp:` and trims what it keeps).
 */
export const mediaUrlSchema = z
  .string()
  .regex(
    /^(https?|rtsps?|rtmp):\/\/[^\s/?#]+\S*$/i,
    'a URL with an http(s), rtsp(s) or rtmp scheme and a host',
  )
  .max(2048)
  .refine((url) => URL.canParse(url), 'not a URL');

/** Event time: ISO-8601 with offset, or epoch milliseconds; parsed to a Date. */
export const tsSchema = z
  .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
  .transform((value) => new Date(value))
  .refine((date) => Number.isFinite(date.getTime()), 'ts is not a valid time');

/** Longitude, degrees WGS84. */
export const lonSchema = z.number().min(-180).max(180);
/** Latitude, degrees WGS84. */
export const latSchema = z.number().min(-90).max(90);

/** Fields every payload carries. */
export const commonFields = {
  eventId: eventIdSchema,
  ts: tsSchema,
};

/** Why the time window rejected `ts`, or null when it is inside the window. */
export function checkTsWindow(
  ts: Date,
  now: number = Date.now(),
): 'ts_too_old' | 'ts_in_future' | null {
  const t = ts.getTime();
  if (t < now - MAX_PAST_MS) return 'ts_too_old';
  if (t > now + MAX_FUTURE_MS) return 'ts_in_future';
  return null;
}
