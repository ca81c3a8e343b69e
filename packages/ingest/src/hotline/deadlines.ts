import type { TicketEvent } from '@city-twin/events';

type Created = Extract<TicketEvent, { action: 'created' }>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CHINA_OFFSET = 8 * HOUR;

/**
 * Deadline rules of DESIGN.md §3 on the calendar clock. The working-day calendar
 * (weekends, public holidays, make-up days) is the hotline issue's and replaces these
 * two functions; the ticket state and its derivation do not change with it.
 */
export const deadlineRules = {
  /** 签收 sign-off due after dispatch. */
  signWithinMs: { urgent: 30 * 60_000, normal: 2 * HOUR },
  /** 限时办结 completion due, in days after dispatch, by kind; urgent orders the same day. */
  completeWithinDays: { consultation: 3, help: 3, complaint: 13, report: 13, suggestion: 13 },
} as const;

/** When sign-off is due for an order dispatched at `dispatchedAt`. */
export function signDeadline(dispatchedAt: Date, urgency: Created['urgency'] | undefined): Date {
  return new Date(dispatchedAt.getTime() + deadlineRules.signWithinMs[urgency ?? 'normal']);
}

/** When completion is due for an order whose clock starts at `from`. */
export function completionDeadline(
  from: Date,
  created: Pick<Created, 'urgency' | 'kind'> | undefined,
): Date {
  const t = from.getTime();
  if (created?.urgency === 'urgent') {
    // End of the same day in China Standard Time.
    return new Date(Math.floor((t + CHINA_OFFSET) / DAY) * DAY + DAY - CHINA_OFFSET - 1);
  }
  return new Date(t + deadlineRules.completeWithinDays[created?.kind ?? 'complaint'] * DAY);
}
