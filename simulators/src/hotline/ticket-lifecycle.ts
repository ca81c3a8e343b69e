import type { DistrictCode } from '../shared/geo.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import { logNormal, pick, pickWeighted, uniform, type Rng } from '../shared/random.ts';
import {
  addServiceMinutes,
  addWorkingMinutes,
  WORKING_DAY_MINUTES,
} from '../shared/work-calendar.ts';
import { callerOf } from './callers.ts';
import { misdispatchedUnit, responsibleUnit } from './routing.ts';
import { reopenReasons, returnReasons, type RequestTemplate, type TextContext } from './texts.ts';
import type {
  Satisfaction,
  Ticket,
  TicketCategory,
  TicketChannel,
  TicketKind,
  TicketStep,
  TicketStepBody,
} from './ticket.ts';

/** Where a request is about. */
export interface TicketPlace {
  lon: number;
  lat: number;
  district: DistrictCode;
}

/** Everything decided about a work order before its life is simulated. */
export interface TicketDraft {
  id: string;
  createdAt: number;
  category: TicketCategory;
  template: RequestTemplate;
  place: TicketPlace;
  text: TextContext;
}

/** Odds of the work-order life, tuned to the city's 96.53 % completion and 95.03 % satisfaction. */
export const lifecycleOdds = {
  /** Dispatched to the wrong unit first, which returns it (退单). */
  misdispatch: 0.06,
  /** Never completed: stuck with its unit (the 3.47 % the city has not closed). */
  stuck: 0.0347,
  /** Extension (延期) requested, for complaints and reports / other kinds. */
  extension: { long: 0.08, short: 0.02 },
  extensionApproved: 0.9,
  /** Completed orders whose caller is reached for the callback (回访). */
  revisit: 0.88,
  /** Unsatisfied callbacks before the adjustments below. */
  unsatisfied: 0.04,
  /** Of the unsatisfied, share reopened (重办). */
  reopen: 0.3,
} as const;

const channels: ReadonlyArray<readonly [TicketChannel, number]> = [
  ['phone', 0.62],
  ['app', 0.14],
  ['wechat', 0.14],
  ['web', 0.07],
  ['video', 0.03],
];
/** Share of requests by channel that leave a name and number. */
const callerShare: Readonly<Record<TicketChannel, number>> = {
  phone: 0.95,
  video: 0.95,
  app: 0.9,
  wechat: 0.9,
  web: 0.8,
};
/** Median share of the deadline a unit takes to complete, by kind. */
const completionPace: Readonly<Record<TicketKind, number>> = {
  consultation: 0.12,
  help: 0.3,
  complaint: 0.35,
  report: 0.35,
  suggestion: 0.3,
};
/** Nothing simulated happens later than this after creation (the stream's look-back covers it). */
export const MAX_TICKET_LIFE_MS = 45 * DAY_MS;

const minutes = (n: number): number => Math.round(n * MINUTE_MS);

/** Completion deadline in office minutes: 3 working days for consultations and help, else 13. */
export const deadlineMinutes = (kind: TicketKind): number =>
  (kind === 'consultation' || kind === 'help' ? 3 : 13) * WORKING_DAY_MINUTES;

function satisfactionOf(rng: Rng, unsatisfiedOdds: number): Satisfaction {
  if (rng() < unsatisfiedOdds) return 'unsatisfied';
  return rng() < 0.85 ? 'satisfied' : 'basically_satisfied';
}

/**
 * Simulates one work order from its draft: created → dispatched (sometimes returned and
 * dispatched again) → signed → (sometimes an extension) → completed → revisited (rarely
 * reopened and handled again). Pure in the draft and the rng.
 */
export function buildTicket(draft: TicketDraft, rng: Rng): Ticket {
  const { id, createdAt, category, template, place, text } = draft;
  const kind = template.kind;
  const urgent = rng() < template.urgentShare;
  const channel = pickWeighted(rng, channels);
  const caller = rng() < callerShare[channel] ? callerOf(rng) : undefined;
  const steps: TicketStep[] = [];
  let at = createdAt;
  const add = (body: TicketStepBody, when: number): void => {
    // Each step strictly after the previous one, to the second.
    at = Math.max(when, steps.length > 0 ? at + 1000 : when);
    steps.push({ ...body, ticketId: id, index: steps.length, at });
  };

  add(
    {
      action: 'created',
      channel,
      category,
      urgency: urgent ? 'urgent' : 'normal',
      kind,
      summary: template.text(text),
      lon: place.lon,
      lat: place.lat,
      ...(caller ? { caller } : {}),
    },
    createdAt,
  );
  const unitId = responsibleUnit(category, template.units, place.district, rng);
  // 派单: the hotline centre works around the clock.
  let next = at + minutes(logNormal(rng, urgent ? 4 : 12, 0.6));
  const misdispatched = rng() < lifecycleOdds.misdispatch;
  if (misdispatched) {
    const wrong = misdispatchedUnit(unitId, rng);
    add({ action: 'dispatched', unitId: wrong }, next);
    next = urgent
      ? at + minutes(logNormal(rng, 10, 0.7))
      : addWorkingMinutes(at, logNormal(rng, 40, 0.8));
    add({ action: 'returned', unitId: wrong, reason: pick(rng, returnReasons) }, next);
    next = at + minutes(logNormal(rng, 15, 0.6));
  }
  add({ action: 'dispatched', unitId }, next);
  const dispatchedAt = at;
  // 签收: within 2 office hours (urgent: 30 minutes, day or night); a few are late.
  add(
    { action: 'signed', unitId },
    urgent ? at + minutes(logNormal(rng, 8, 0.8)) : addWorkingMinutes(at, logNormal(rng, 25, 0.9)),
  );
  const signedAt = at;
  const deadline = deadlineMinutes(kind);
  const due = urgent ? dispatchedAt + DAY_MS : addWorkingMinutes(dispatchedAt, deadline);
  const stuck = rng() < lifecycleOdds.stuck;

  let completionDue = due;
  let extendedUntil: number | undefined;
  const long = kind === 'complaint' || kind === 'report';
  if (!urgent && rng() < (long ? lifecycleOdds.extension.long : lifecycleOdds.extension.short)) {
    const extraDays = rng() < 0.6 ? 5 : 10;
    const until = addWorkingMinutes(due, extraDays * WORKING_DAY_MINUTES);
    add(
      { action: 'extension_requested', unitId, until },
      addWorkingMinutes(signedAt, deadline * uniform(rng, 0.5, 0.9)),
    );
    if (rng() < lifecycleOdds.extensionApproved) {
      add(
        { action: 'extension_approved', unitId, until },
        addWorkingMinutes(at, logNormal(rng, 120, 0.7)),
      );
      completionDue = until;
      extendedUntil = until;
    }
  }

  const finish = (): Ticket => ({
    id,
    createdAt,
    category,
    kind,
    urgency: urgent ? 'urgent' : 'normal',
    district: place.district,
    unitId,
    steps: steps.filter((s) => s.at <= createdAt + MAX_TICKET_LIFE_MS),
  });
  if (stuck) return finish();

  let done: number;
  if (urgent) done = signedAt + Math.min(30 * HOUR_MS, logNormal(rng, 3, 0.7) * HOUR_MS);
  else if (extendedUntil !== undefined)
    done = addWorkingMinutes(at, uniform(rng, 0.2, 0.9) * 5 * WORKING_DAY_MINUTES);
  else
    done = addWorkingMinutes(
      signedAt,
      Math.min(1.6, logNormal(rng, completionPace[kind], 0.7)) * deadline,
    );
  add({ action: 'completed', unitId, resolution: template.done(text) }, done);
  const overdue = at > completionDue;

  if (!caller || rng() >= lifecycleOdds.revisit) return finish();
  const unsatisfiedOdds =
    lifecycleOdds.unsatisfied *
    (overdue ? 2.5 : 1) *
    (category === 'wages' || category === 'heating' ? 1.3 : 1) *
    (misdispatched ? 1.3 : 1);
  const satisfaction = satisfactionOf(rng, unsatisfiedOdds);
  add({ action: 'revisited', satisfaction }, addServiceMinutes(at, uniform(rng, 30, 1800), 8, 20));
  if (satisfaction !== 'unsatisfied' || rng() >= lifecycleOdds.reopen) return finish();

  // 重办: back to the same unit, handled within a few working days, called back once more.
  add(
    { action: 'reopened', reason: pick(rng, reopenReasons) },
    at + logNormal(rng, 4, 1) * HOUR_MS,
  );
  add({ action: 'dispatched', unitId }, at + minutes(logNormal(rng, 15, 0.6)));
  add({ action: 'signed', unitId }, addWorkingMinutes(at, logNormal(rng, 30, 0.9)));
  add(
    { action: 'completed', unitId, resolution: template.done(text) },
    addWorkingMinutes(at, Math.min(1.6, logNormal(rng, 0.35, 0.6)) * 3 * WORKING_DAY_MINUTES),
  );
  add(
    { action: 'revisited', satisfaction: satisfactionOf(rng, 0.2) },
    addServiceMinutes(at, uniform(rng, 30, 1500), 8, 20),
  );
  return finish();
}
