import { z } from 'zod';
import { commonFields, latSchema, lonSchema, subjectIdSchema } from './common.ts';
import { deviceCatalogue, isDeviceType, type DeviceType } from './catalogue.ts';

const metricNames = new Set<string>(
  Object.values(deviceCatalogue).flatMap((spec) => Object.keys(spec.metrics)),
);

const unknownType = { message: 'unknown device type', params: { reason: 'unknown_device_type' } };
const deviceTypeSchema = z.string().refine(isDeviceType, unknownType);

/** `twin/iot/{deviceId}/meta` (retained): what and where a device is. */
export const iotMetaSchema = z.strictObject({
  ...commonFields,
  /** Must equal the topic's device id when present. */
  deviceId: z.string().optional(),
  /** Device type from the catalogue. */
  type: deviceTypeSchema,
  /** Display name (Chinese as installed). */
  name: z.string().min(1).max(200),
  /** Longitude, degrees. */
  lon: lonSchema,
  /** Latitude, degrees. */
  lat: latSchema,
  /** Owning unit, a hotline unit id. */
  unitId: subjectIdSchema.optional(),
});

/** Parsed device metadata. */
export type IotMeta = Omit<z.output<typeof iotMetaSchema>, 'type'> & { type: DeviceType };

/** `twin/iot/{deviceId}/telemetry`: one reading of one or more metrics. */
export const iotTelemetrySchema = z
  .strictObject({
    ...commonFields,
    /** Must equal the topic's device id when present. */
    deviceId: z.string().optional(),
    /** Metric name → finite value, in the catalogue's unit. */
    metrics: z
      .record(
        z.string().refine((name) => metricNames.has(name), {
          message: 'unknown metric',
          params: { reason: 'unknown_metric' },
        }),
        z.number().finite(),
      )
      .refine((metrics) => Object.keys(metrics).length > 0, 'metrics is empty'),
    /** Longitude, degrees (moving devices). */
    lon: lonSchema.optional(),
    /** Latitude, degrees (moving devices). */
    lat: latSchema.optional(),
  })
  .refine((t) => (t.lon === undefined) === (t.lat === undefined), {
    message: 'lon and lat come together',
    path: ['lat'],
    params: { reason: 'missing_field' },
  });

/** Parsed telemetry reading. */
export type IotTelemetry = z.output<typeof iotTelemetrySchema>;
