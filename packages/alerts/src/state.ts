import { z } from 'zod';

const instant = z.iso.datetime({ offset: true });

/**
 * Where one (rule, subject) stands between two evaluations: plain JSON (instants as ISO
 * strings), so the caller can keep it in a jsonb column. `lastTs` is the time of the newest
 * input accepted; older input is ignored.
 */
export const alertStateSchema = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal('idle'), lastTs: instant.nullable() }),
  /** The condition holds since `since`, not yet long enough to open (threshold rules). */
  z.strictObject({ phase: z.literal('pending'), since: instant, lastTs: instant }),
  /**
   * An alert is open: the condition held since `since`; `clearingSince` is when the value
   * first went past the clear value while open (threshold rules with clearForMinutes).
   */
  z.strictObject({
    phase: z.literal('open'),
    since: instant,
    openedAt: instant,
    lastTs: instant,
    clearingSince: instant.nullable(),
  }),
]);

/** Where one (rule, subject) stands. */
export type AlertState = z.output<typeof alertStateSchema>;

/** The state of a subject never evaluated. */
export const initialAlertState: AlertState = Object.freeze({ phase: 'idle', lastTs: null });

/** Parses a stored state, with a readable error naming every bad field. */
export function parseAlertState(data: unknown): AlertState {
  const result = alertStateSchema.safeParse(data);
  if (!result.success) throw new Error(`alert state: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** A human text in Simplified Chinese (zh-CN) and English. */
export interface AlertText {
  zh: string;
  en: string;
}

/**
 * What the caller does with the alert of this (rule, subject): `open` one, `update` the open
 * one (still firing: bump its last-seen time and count), `resolve` it, or nothing.
 */
export type AlertDecision<Extra extends object = object> =
  | ({ type: 'open'; at: Date; value: number; text: AlertText } & Extra)
  | ({ type: 'update'; at: Date; value: number; text: AlertText } & Extra)
  | ({ type: 'resolve'; at: Date; value: number; text: AlertText } & Extra)
  | { type: 'none' };

/** The next state and the decision of one evaluation. */
export interface Evaluation<Decision = AlertDecision> {
  state: AlertState;
  decision: Decision;
}

export const MINUTE_MS = 60_000;

/** The decision to do nothing. */
export const noDecision = Object.freeze({ type: 'none' }) as { type: 'none' };

/** Whether input at `at` is not newer than the newest the state has accepted. */
export function isStale(state: AlertState, at: Date): boolean {
  return state.lastTs !== null && at.getTime() <= Date.parse(state.lastTs);
}

/**
 * One step of an alert without a pending phase: opens when `firing` and idle, updates when
 * firing and open, resolves when not firing and open.
 */
export function stepEpisode(
  state: AlertState,
  at: Date,
  firing: boolean,
  since: Date = at,
): { state: AlertState; type: 'open' | 'update' | 'resolve' | 'none' } {
  const ts = at.toISOString();
  if (state.phase === 'open') {
    if (firing) return { state: { ...state, lastTs: ts }, type: 'update' };
    return { state: { phase: 'idle', lastTs: ts }, type: 'resolve' };
  }
  if (!firing) return { state: { phase: 'idle', lastTs: ts }, type: 'none' };
  return {
    state: {
      phase: 'open',
      since: since.toISOString(),
      openedAt: ts,
      lastTs: ts,
      clearingSince: null,
    },
    type: 'open',
  };
}
