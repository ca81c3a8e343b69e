import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  cameraEventTypes,
  deviceCatalogue,
  deviceTypes,
  ticketCategories,
  type DeviceType,
} from '@city-twin/events';
import defaults from '../data/alert-rules.json' with { type: 'json' };

/** Kinds of alert rule. */
export const alertRuleKinds = [
  'threshold',
  'silence',
  'camera_event',
  'hotline_overdue',
  'hotline_surge',
] as const;
/** A kind of alert rule. */
export type AlertRuleKind = (typeof alertRuleKinds)[number];

/** Hotline facts that raise alerts (a subset of the hotline's `ItemKind`). */
export const overdueFactKinds = ['overdue_sign', 'overdue_complete', 'chase'] as const;
/** A hotline fact kind that raises alerts. */
export type OverdueFactKind = (typeof overdueFactKinds)[number];

const DAY_MINUTES = 24 * 60;
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ruleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a rule id is 1-64 characters of [a-z0-9._-]');
const names = z.strictObject({
  /** Simplified Chinese (zh-CN). */
  zh: z.string().min(1).max(100),
  en: z.string().min(1).max(100),
});
const minutes = z
  .number()
  .nonnegative()
  .max(366 * DAY_MINUTES);
const positiveMinutes = minutes.positive();
const districtCode = z.string().regex(/^\d{6}$/, 'a district is its 6-digit code, e.g. 411202');
const monthDay = z
  .string()
  .regex(/^(\d{2})-(\d{2})$/, 'a date of the year is MM-DD')
  .refine((s) => {
    const [m, d] = s.split('-').map(Number) as [number, number];
    return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth[m - 1]!;
  }, 'not a date of the year');
const isRegExp = (source: string): boolean => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
};

const common = {
  id: ruleId,
  /** Display names, zh-CN and English. */
  name: names,
  /** 1 info, 2 minor, 3 major, 4 critical. */
  severity: z.number().int().min(1).max(4),
  /** An open alert not acknowledged within this many minutes is escalated. */
  ackWithinMinutes: z
    .number()
    .int()
    .positive()
    .max(7 * DAY_MINUTES),
};

/** Which devices or cameras a rule watches; every given field must match. */
export const alertScopeSchema = z.strictObject({
  /** Only subjects in these districts. */
  districts: z.array(districtCode).min(1).optional(),
  /** Only these device or camera ids. */
  deviceIds: z.array(z.string().min(1)).min(1).optional(),
  /** Only subjects whose name matches this regular expression (JavaScript, `u` flag). */
  nameMatches: z.string().min(1).refine(isRegExp, 'not a valid regular expression').optional(),
});

const thresholdRuleSchema = z
  .strictObject({
    ...common,
    kind: z.literal('threshold'),
    deviceType: z.enum(deviceTypes),
    /** A metric of `deviceType` in the device catalogue. */
    metric: z.string().min(1),
    /** `above`: fires while the value is > `value`; `below`: while it is < `value`. */
    operator: z.enum(['above', 'below']),
    value: z.number(),
    /** Hysteresis: an open alert closes only once the value is past this (< for above, > for below). */
    clearValue: z.number(),
    /** The condition must hold this long before the alert opens (0: at the first reading). */
    forMinutes: minutes,
    /** …and the value must stay past `clearValue` this long before it closes. */
    clearForMinutes: minutes.default(0),
    /** Only in these months (1–12, China Standard Time). */
    months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
    /** Only from `from` to `to` inclusive (MM-DD, China Standard Time; may wrap the new year). */
    season: z.strictObject({ from: monthDay, to: monthDay }).optional(),
    scope: alertScopeSchema.optional(),
  })
  .superRefine((rule, ctx) => {
    const metrics = Object.keys(deviceCatalogue[rule.deviceType].metrics);
    if (!metrics.includes(rule.metric))
      ctx.addIssue({
        code: 'custom',
        path: ['metric'],
        message: `${rule.metric} is not a metric of ${rule.deviceType} (${metrics.join(', ')})`,
      });
    if (rule.operator === 'above' ? rule.clearValue > rule.value : rule.clearValue < rule.value)
      ctx.addIssue({
        code: 'custom',
        path: ['clearValue'],
        message: `clearValue must be ${rule.operator === 'above' ? '≤' : '≥'} value for operator ${rule.operator}`,
      });
  });

const silenceRuleSchema = z
  .strictObject({
    ...common,
    kind: z.literal('silence'),
    /** A device type, or `camera`. */
    target: z.enum([...deviceTypes, 'camera']),
    /** Fires when nothing arrived for longer than this; null: reporting gaps are not judged. */
    afterMinutes: positiveMinutes.nullable(),
    /** Fires while the subject reports itself offline (camera status online = false). */
    offline: z.boolean().default(false),
    scope: alertScopeSchema.optional(),
  })
  .refine((rule) => rule.afterMinutes !== null || rule.offline, {
    path: ['afterMinutes'],
    message: 'a silence rule needs afterMinutes, offline: true, or both',
  });

const cameraEventRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('camera_event'),
  eventType: z.enum(cameraEventTypes),
  /** Detections below this confidence (0–1) are ignored. */
  minConfidence: z.number().min(0).max(1),
  /** Detections counting fewer (people, vehicles …) are ignored; without a count too. */
  minCount: z.number().int().nonnegative().optional(),
  /** An open alert resolves when no qualifying detection came for this long. */
  clearAfterMinutes: positiveMinutes,
  scope: alertScopeSchema.optional(),
});

const hotlineOverdueRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('hotline_overdue'),
  /** The work-order fact that raises it. */
  factKind: z.enum(overdueFactKinds),
});

const hotlineSurgeRuleSchema = z
  .strictObject({
    ...common,
    kind: z.literal('hotline_surge'),
    /** Baseline: the same hour of the week over this many previous weeks. */
    weeks: z.number().int().min(2).max(52).default(8),
    /** Fewer weeks of history than this: no judgement. */
    minWeeks: z.number().int().min(1).max(52).default(4),
    /** Robust z-score (observed − median) / spread that raises it. */
    minScore: z.number().positive().default(4),
    /** …and at least this many orders in the hour. */
    minCount: z.number().int().positive().default(8),
    /** Floor of the spread, so a baseline of zeros does not alarm on a couple of orders. */
    minSpread: z.number().positive().default(1),
    /** Only these categories (all when absent). */
    categories: z.array(z.enum(ticketCategories)).min(1).optional(),
    /** Only these districts (all when absent). */
    districts: z.array(districtCode).min(1).optional(),
  })
  .refine((rule) => rule.minWeeks <= rule.weeks, {
    path: ['minWeeks'],
    message: 'minWeeks must not exceed weeks',
  });

/** One alert rule of any kind. */
export const alertRuleSchema = z.discriminatedUnion('kind', [
  thresholdRuleSchema,
  silenceRuleSchema,
  cameraEventRuleSchema,
  hotlineOverdueRuleSchema,
  hotlineSurgeRuleSchema,
]);

/** The alert rules as the deployment edits them (data/alert-rules.json). */
export const alertRulesSchema = z.strictObject({
  rules: z.array(alertRuleSchema).superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id ${rule.id}` });
      seen.add(rule.id);
    });
  }),
});

/** A parsed alert rule. */
export type AlertRule = z.output<typeof alertRuleSchema>;
/** Parsed alert rules. */
export type AlertRules = z.output<typeof alertRulesSchema>;
/** A rule of one kind. */
export type AlertRuleOf<K extends AlertRuleKind> = Extract<AlertRule, { kind: K }>;
/** An IoT metric threshold with duration and hysteresis. */
export type ThresholdRule = AlertRuleOf<'threshold'>;
/** A device type or cameras not reporting, or reporting offline. */
export type SilenceRule = AlertRuleOf<'silence'>;
/** A camera AI event type above a confidence (and count). */
export type CameraEventRule = AlertRuleOf<'camera_event'>;
/** A hotline overdue or chase fact. */
export type HotlineOverdueRule = AlertRuleOf<'hotline_overdue'>;
/** Hotline orders per district and category per hour far above their seasonal baseline. */
export type HotlineSurgeRule = AlertRuleOf<'hotline_surge'>;
/** Which subjects a device or camera rule watches. */
export type AlertScope = z.output<typeof alertScopeSchema>;

/** Parses rules data, with a readable error naming every bad field. */
export function parseAlertRules(data: unknown, source = 'alert rules'): AlertRules {
  const result = alertRulesSchema.safeParse(data);
  if (!result.success) throw new Error(`${source}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** The shipped defaults (docs/alert-rules.md). */
export const defaultAlertRules: AlertRules = parseAlertRules(defaults, 'data/alert-rules.json');

/** Reads rules from a JSON file; the shipped defaults when `path` is empty. */
export function loadAlertRules(path?: string): AlertRules {
  if (!path) return defaultAlertRules;
  return parseAlertRules(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** The rules of one kind, in file order. */
export function rulesOfKind<K extends AlertRuleKind>(rules: AlertRules, kind: K): AlertRuleOf<K>[] {
  return rules.rules.filter((rule): rule is AlertRuleOf<K> => rule.kind === kind);
}

/** A device or camera as rules see it. */
export interface AlertSubject {
  id: string;
  /** Device type, or `camera`. */
  type: DeviceType | 'camera';
  name: string;
  /** District code, when located. */
  district?: string | null;
}

const patterns = new Map<string, RegExp>();

/** Whether `subject` is within `scope` (every given field must match; no scope: everything). */
export function inScope(scope: AlertScope | undefined, subject: AlertSubject): boolean {
  if (!scope) return true;
  if (scope.districts && !(subject.district && scope.districts.includes(subject.district)))
    return false;
  if (scope.deviceIds && !scope.deviceIds.includes(subject.id)) return false;
  if (scope.nameMatches) {
    let pattern = patterns.get(scope.nameMatches);
    if (!pattern) {
      pattern = new RegExp(scope.nameMatches, 'u');
      patterns.set(scope.nameMatches, pattern);
    }
    if (!pattern.test(subject.name)) return false;
  }
  return true;
}

/** Whether a threshold, silence or camera rule watches `subject`. */
export function appliesTo(
  rule: ThresholdRule | SilenceRule | CameraEventRule,
  subject: AlertSubject,
): boolean {
  switch (rule.kind) {
    case 'threshold':
      return subject.type === rule.deviceType && inScope(rule.scope, subject);
    case 'silence':
      return subject.type === rule.target && inScope(rule.scope, subject);
    case 'camera_event':
      return subject.type === 'camera' && inScope(rule.scope, subject);
    default: {
      const unreachable: never = rule;
      throw new Error(`not a subject rule: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** When an alert opened at `openedAt` under `rule` is escalated if nobody acknowledged it. */
export function escalationDueAt(rule: AlertRule, openedAt: Date): Date {
  return new Date(openedAt.getTime() + rule.ackWithinMinutes * 60_000);
}
