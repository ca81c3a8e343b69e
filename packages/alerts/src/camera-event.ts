import type { CameraEventType } from '@city-twin/events';
import { cameraEventLabels, formatNumber } from './labels.ts';
import type { CameraEventRule } from './rules.ts';
import {
  isStale,
  MINUTE_MS,
  noDecision,
  stepEpisode,
  type AlertDecision,
  type AlertState,
  type AlertText,
  type Evaluation,
} from './state.ts';

/** The fields of a camera event the rules read (a parsed `CameraEvent` has them). */
export interface CameraDetection {
  ts: Date;
  type: CameraEventType;
  /** Detector confidence, 0–1. */
  confidence: number;
  /** People, vehicles … when the detector counts. */
  count?: number;
}

/** A camera decision: the value is the confidence; the count comes along. */
export type CameraEventDecision = AlertDecision<{ count: number | null }>;

const percent = (confidence: number): string => `${Math.round(confidence * 100)}%`;

/** Whether `event` is one the rule alerts on: its type, confident enough, counting enough. */
export function qualifies(rule: CameraEventRule, event: CameraDetection): boolean {
  if (event.type !== rule.eventType || event.confidence < rule.minConfidence) return false;
  return rule.minCount === undefined || (event.count ?? -1) >= rule.minCount;
}

/**
 * Evaluates one camera event: a qualifying detection opens the camera's alert, or updates it
 * when open; other events give no decision and leave the state as it was. Events not newer
 * than the newest accepted are ignored. Open alerts resolve through
 * {@link evaluateCameraQuiet}.
 */
export function evaluateCameraEvent(
  rule: CameraEventRule,
  state: AlertState,
  event: CameraDetection,
  cameraName: string,
): Evaluation<CameraEventDecision> {
  if (!qualifies(rule, event) || isStale(state, event.ts)) return { state, decision: noDecision };
  const step = stepEpisode(state, event.ts, true);
  const label = cameraEventLabels[rule.eventType];
  const counted =
    event.count !== undefined && label.counted
      ? {
          zh: `，约 ${event.count} ${label.counted.zh}`,
          en: `, about ${event.count} ${label.counted.en}`,
        }
      : { zh: '', en: '' };
  const again = step.type === 'update';
  const text: AlertText = {
    zh: `${cameraName}：${again ? '再次' : ''}检测到${label.zh}${counted.zh}（置信度 ${percent(event.confidence)}）`,
    en: `${cameraName}: ${label.en} detected${again ? ' again' : ''}${counted.en} (confidence ${percent(event.confidence)})`,
  };
  return {
    state: step.state,
    decision: {
      type: step.type === 'open' ? 'open' : 'update',
      at: event.ts,
      value: event.confidence,
      count: event.count ?? null,
      text,
    },
  };
}

/**
 * Resolves a camera's open alert once no qualifying detection came for `clearAfterMinutes`
 * before `now`; the caller runs it periodically. Otherwise no decision and the state unchanged.
 */
export function evaluateCameraQuiet(
  rule: CameraEventRule,
  state: AlertState,
  now: Date,
  cameraName: string,
): Evaluation<CameraEventDecision> {
  if (state.phase !== 'open') return { state, decision: noDecision };
  const quietMs = now.getTime() - Date.parse(state.lastTs);
  if (quietMs < rule.clearAfterMinutes * MINUTE_MS) return { state, decision: noDecision };
  const label = cameraEventLabels[rule.eventType];
  const minutes = formatNumber(rule.clearAfterMinutes);
  return {
    state: { phase: 'idle', lastTs: state.lastTs },
    decision: {
      type: 'resolve',
      at: now,
      value: 0,
      count: null,
      text: {
        zh: `${cameraName}：${minutes} 分钟内未再检测到${label.zh}，预警解除`,
        en: `${cameraName}: no ${label.en} for ${minutes} min; resolved`,
      },
    },
  };
}
