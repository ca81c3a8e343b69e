export * from './rules.ts';
export {
  alertStateSchema,
  initialAlertState,
  parseAlertState,
  type AlertDecision,
  type AlertState,
  type AlertText,
  type Evaluation,
} from './state.ts';
export * from './labels.ts';
export * from './threshold.ts';
export * from './silence.ts';
export * from './camera-event.ts';
export * from './hotline-overdue.ts';
export * from './surge.ts';
