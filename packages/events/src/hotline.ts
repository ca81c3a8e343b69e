import { z } from 'zod';
import { commonFields, latSchema, lonSchema, subjectIdSchema, tsSchema } from './common.ts';

/** Kinds of handling units (承办单位). */
export const unitKinds = [
  'city_department',
  'county_government',
  'township',
  'public_institution',
  'enterprise',
  'other',
] as const;

/** Channels a request arrives by. */
export const ticketChannels = ['phone', 'app', 'web', 'wechat', 'video'] as const;
/** Work-order categories. */
export const ticketCategories = [
  'heating',
  'roads',
  'wages',
  'education',
  'social_insurance',
  'housing',
  'environment',
  'traffic',
  'water_power',
  'other',
] as const;
/** Urgency of a work order. */
export const ticketUrgencies = ['urgent', 'normal'] as const;
/** Kind of request; decides the completion deadline. */
export const ticketKinds = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const;
/** Callback (回访) outcomes. */
export const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
/** Every action of a work order. */
export const ticketActions = [
  'created',
  'dispatched',
  'signed',
  'returned',
  'extension_requested',
  'extension_approved',
  'completed',
  'revisited',
  'reopened',
] as const;

/** A work-order action. */
export type TicketAction = (typeof ticketActions)[number];

const unitIdSchema = subjectIdSchema;
const text = (max: number) => z.string().min(1).max(max);
const ticketFields = {
  ...commonFields,
  /** Must equal the topic's ticket id when present. */
  ticketId: z.string().optional(),
};

/** `twin/hotline/unit/{unitId}/meta` (retained): a handling unit. */
export const unitMetaSchema = z.strictObject({
  ...commonFields,
  /** Must equal the topic's unit id when present. */
  unitId: z.string().optional(),
  /** Official name, e.g. 三门峡市人力资源和社会保障局. */
  name: text(200),
  kind: z.enum(unitKinds),
  /** District code of a county-level unit. */
  district: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

/** `twin/hotline/ticket/{ticketId}/event`: one action on a work order, by `action`. */
export const ticketEventSchema = z.discriminatedUnion('action', [
  z.strictObject({
    ...ticketFields,
    action: z.literal('created'),
    channel: z.enum(ticketChannels),
    category: z.enum(ticketCategories),
    urgency: z.enum(ticketUrgencies),
    kind: z.enum(ticketKinds),
    /** What the citizen asked, as recorded by the operator. */
    summary: text(2000),
    /** Longitude, degrees, of the matter. */
    lon: lonSchema,
    /** Latitude, degrees, of the matter. */
    lat: latSchema,
    /** Personal data: masked for every role but operator. */
    caller: z
      .strictObject({
        name: text(100),
        phone: z.string().regex(/^\+?[0-9](?:[ -]{0,3}[0-9]){2,31}$/),
      })
      .optional(),
  }),
  z.strictObject({ ...ticketFields, action: z.literal('dispatched'), unitId: unitIdSchema }),
  z.strictObject({ ...ticketFields, action: z.literal('signed'), unitId: unitIdSchema }),
  z.strictObject({
    ...ticketFields,
    action: z.literal('returned'),
    unitId: unitIdSchema,
    reason: text(1000),
  }),
  z.strictObject({
    ...ticketFields,
    action: z.literal('extension_requested'),
    unitId: unitIdSchema,
    until: tsSchema,
  }),
  z.strictObject({
    ...ticketFields,
    action: z.literal('extension_approved'),
    unitId: unitIdSchema,
    until: tsSchema,
  }),
  z.strictObject({
    ...ticketFields,
    action: z.literal('completed'),
    unitId: unitIdSchema,
    resolution: text(2000),
  }),
  z.strictObject({
    ...ticketFields,
    action: z.literal('revisited'),
    satisfaction: z.enum(satisfactions),
  }),
  z.strictObject({ ...ticketFields, action: z.literal('reopened'), reason: text(1000) }),
]);

/** Parsed unit metadata. */
export type UnitMeta = z.output<typeof unitMetaSchema>;
/** Parsed work-order action. */
export type TicketEvent = z.output<typeof ticketEventSchema>;
