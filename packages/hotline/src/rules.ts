import { readFileSync } from 'node:fs';
import { z } from 'zod';
import defaults from '../data/hotline-rules.json' with { type: 'json' };

/** Kinds of score fact a work order can produce for its unit. */
export const scoreKinds = [
  'sign_on_time',
  'complete_on_time',
  'overdue_sign',
  'overdue_complete',
  'unsatisfied',
  'reopened',
] as const;
/** A kind of score fact. */
export type ScoreKind = (typeof scoreKinds)[number];
/** Every fact a work order produces: the score kinds and the chase notice (no points). */
export type ItemKind = ScoreKind | 'chase';

const clock = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const span = z
  .string()
  .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'a working-hours span is HH:MM-HH:MM')
  .refine((s) => s.split('-').every((t) => clock.test(t)), 'not a time of day')
  .refine((s) => {
    const [a, b] = s.split('-') as [string, string];
    return minutesOf(a) < minutesOf(b);
  }, 'a span must end after it starts');
const workingDays = z.number().int().min(0).max(60);

/** The hotline rules as the deployment edits them (data/hotline-rules.json). */
export const hotlineRulesSchema = z.strictObject({
  /** Office hours, China Standard Time, in order and not overlapping. */
  workingHours: z
    .array(span)
    .min(1)
    .refine((spans) => {
      const bounds = spans.flatMap((s) => s.split('-').map(minutesOf));
      return bounds.every((b, i) => i === 0 || b > bounds[i - 1]!);
    }, 'working-hours spans must be in order and must not overlap'),
  signOff: z.strictObject({
    /** 签收 due this many working hours after dispatch. */
    normalWorkingHours: z.number().positive().max(80),
    /** Urgent orders: due this many minutes after dispatch, day or night. */
    urgentMinutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60),
  }),
  completion: z.strictObject({
    /** 办结 due at the end of the n-th working day after dispatch; urgent orders the same day. */
    workingDays: z.strictObject({
      consultation: workingDays,
      help: workingDays,
      complaint: workingDays,
      report: workingDays,
      suggestion: workingDays,
    }),
  }),
  score: z.strictObject({
    base: z.number(),
    points: z.strictObject(
      Object.fromEntries(scoreKinds.map((k) => [k, z.number().finite()])) as Record<
        ScoreKind,
        z.ZodNumber
      >,
    ),
  }),
  flag: z.strictObject({
    /** Flagged for a talk (约谈) below this score … */
    below: z.number(),
    /** … or when the score falls by more than this against the previous period. */
    fallMoreThan: z.number().nonnegative(),
  }),
  dailyNotice: z.strictObject({
    /** Local time the previous day's score notices are written (HH:MM). */
    at: z.string().regex(clock, 'HH:MM'),
  }),
});

/** Parsed hotline rules. */
export type HotlineRules = z.output<typeof hotlineRulesSchema>;

/** Parses rules data, with a readable error naming every bad field. */
export function parseHotlineRules(data: unknown, source = 'hotline rules'): HotlineRules {
  const result = hotlineRulesSchema.safeParse(data);
  if (!result.success) throw new Error(`${source}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** The shipped defaults (DESIGN.md §3). */
export const defaultHotlineRules: HotlineRules = parseHotlineRules(
  defaults,
  'data/hotline-rules.json',
);

/**
 * Reads rules from a JSON file: `path`, else `HOTLINE_RULES_FILE`, else the shipped defaults.
 */
export function loadHotlineRules(path = process.env.HOTLINE_RULES_FILE): HotlineRules {
  if (!path) return defaultHotlineRules;
  return parseHotlineRules(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Working-hours spans as minutes of the day, [start, end). */
export function workingSpans(rules: HotlineRules): [start: number, end: number][] {
  return rules.workingHours.map((s) => {
    const [a, b] = s.split('-') as [string, string];
    return [minutesOf(a), minutesOf(b)];
  });
}
