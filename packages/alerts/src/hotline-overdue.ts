import { chinaTime, formatDuration } from './labels.ts';
import type { HotlineOverdueRule } from './rules.ts';
import {
  isStale,
  MINUTE_MS,
  noDecision,
  stepEpisode,
  type AlertState,
  type AlertText,
  type Evaluation,
} from './state.ts';

/** A work-order fact as the hotline derives it (its `TicketItem` has these fields). */
export interface OverdueFact {
  ticket_id: string;
  kind: string;
  /** Which dispatch or completion clock. */
  cycle: number;
  /** When it became true: the missed deadline, or when the chase notice was raised. */
  at: Date;
  unit_id: string;
}

/** What the caller knows of the fact's work order when it evaluates. */
export interface OverdueContext {
  /** Display name of the unit the fact belongs to. */
  unitName: string;
  /**
   * When the obligation was met or ended: the late sign-off (overdue_sign), the completion
   * (overdue_complete, chase), or a return or re-dispatch that took the order from the unit;
   * null while it is still outstanding.
   */
  settledAt: Date | null;
  /** The time of the evaluation. */
  now: Date;
}

/**
 * Evaluates one overdue or chase fact of a work order (subject: order, kind and cycle). An
 * outstanding fact opens the alert, and updates it on later evaluations; settling resolves it.
 * A fact already settled when first seen (signed late, completed late) raises nothing: the
 * score records it. The value is the minutes from the fact's time to `now` (or to the
 * settlement); `at` is `now`, or the settlement for `resolve`. Evaluations not newer than the
 * last accepted one are ignored.
 */
export function evaluateHotlineOverdue(
  rule: HotlineOverdueRule,
  state: AlertState,
  fact: OverdueFact,
  context: OverdueContext,
): Evaluation {
  const { unitName, settledAt, now } = context;
  if (fact.kind !== rule.factKind || isStale(state, now)) return { state, decision: noDecision };
  const step = stepEpisode(state, now, settledAt === null, fact.at);
  if (step.type === 'none') return { state: step.state, decision: noDecision };

  const until = settledAt ?? now;
  const minutes = Math.max(0, (until.getTime() - fact.at.getTime()) / MINUTE_MS);
  const late = formatDuration(minutes);
  const due = chinaTime(fact.at);
  const id = fact.ticket_id;
  let text: AlertText;
  if (step.type === 'resolve')
    text =
      rule.factKind === 'overdue_sign'
        ? {
            zh: `工单 ${id}：${unitName} 的签收逾期已了结，预警解除`,
            en: `Work order ${id}: ${unitName}'s overdue sign-off is settled; resolved`,
          }
        : {
            zh: `工单 ${id}：${unitName} 的办结逾期已了结，预警解除`,
            en: `Work order ${id}: ${unitName}'s overdue completion is settled; resolved`,
          };
  else
    switch (rule.factKind) {
      case 'overdue_sign':
        text = {
          zh: `工单 ${id}：${unitName} 超时未签收（期限 ${due}，已超 ${late.zh}）`,
          en: `Work order ${id}: not signed off by ${unitName} (due ${due}, ${late.en} overdue)`,
        };
        break;
      case 'overdue_complete':
        text = {
          zh: `工单 ${id}：${unitName} 超期未办结（期限 ${due}，已超 ${late.zh}）`,
          en: `Work order ${id}: not completed by ${unitName} (due ${due}, ${late.en} overdue)`,
        };
        break;
      case 'chase':
        text = {
          zh: `工单 ${id}：${unitName} 逾期未办结，已于 ${due} 催办`,
          en: `Work order ${id}: still not completed by ${unitName}, chased at ${due}`,
        };
        break;
      default: {
        const unreachable: never = rule.factKind;
        throw new Error(`unknown fact kind ${String(unreachable)}`);
      }
    }
  const at = step.type === 'resolve' ? until : now;
  return {
    state: step.state,
    decision: { type: step.type, at, value: Math.floor(minutes), text },
  };
}
