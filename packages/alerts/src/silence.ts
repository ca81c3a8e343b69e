import { formatNumber } from './labels.ts';
import type { SilenceRule } from './rules.ts';
import {
  isStale,
  MINUTE_MS,
  noDecision,
  stepEpisode,
  type AlertState,
  type AlertText,
  type Evaluation,
} from './state.ts';

/** What the caller knows of one device or camera when it checks for silence. */
export interface SilenceObservation {
  /** Time of its newest message (telemetry, status or event); null: none yet. */
  lastSeen: Date | null;
  /** Its reported status (cameras); null: it reports none (IoT devices). */
  online: boolean | null;
  /** The time of the check. */
  now: Date;
}

/**
 * Checks one device or camera for silence at `now`: it fires while nothing arrived for longer
 * than `afterMinutes` since `lastSeen`, or while it reports itself offline (`offline` rules).
 * A subject never seen (`lastSeen` null) is not judged silent; pass its registration time to
 * judge it. The value is the minutes since `lastSeen`. Checks not newer than the last accepted
 * one are ignored.
 */
export function evaluateSilence(
  rule: SilenceRule,
  state: AlertState,
  observation: SilenceObservation,
  subjectName: string,
): Evaluation {
  const { lastSeen, online, now } = observation;
  if (isStale(state, now)) return { state, decision: noDecision };
  const silentMinutes = lastSeen ? (now.getTime() - lastSeen.getTime()) / MINUTE_MS : 0;
  const silent =
    rule.afterMinutes !== null && lastSeen !== null && silentMinutes > rule.afterMinutes;
  const offline = rule.offline && online === false;
  const step = stepEpisode(state, now, silent || offline, lastSeen ?? now);
  if (step.type === 'none') return { state: step.state, decision: noDecision };

  const minutes = Math.floor(silentMinutes);
  const name = subjectName;
  let text: AlertText;
  if (step.type === 'resolve')
    text =
      rule.offline && online === true
        ? { zh: `${name}：恢复在线，预警解除`, en: `${name}: back online; resolved` }
        : { zh: `${name}：恢复上报，预警解除`, en: `${name}: reporting again; resolved` };
  else if (offline)
    text = lastSeen
      ? { zh: `${name}：离线（已 ${minutes} 分钟）`, en: `${name}: offline (for ${minutes} min)` }
      : { zh: `${name}：离线`, en: `${name}: offline` };
  else {
    const limit = formatNumber(rule.afterMinutes ?? 0);
    text = {
      zh: `${name}：已 ${minutes} 分钟未上报数据（超过 ${limit} 分钟）`,
      en: `${name}: no data for ${minutes} min (limit ${limit} min)`,
    };
  }
  return { state: step.state, decision: { type: step.type, at: now, value: minutes, text } };
}
