import type { DistrictCode } from '../shared/geo.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import { logNormal, pick, pickWeighted, uniform, type Rng } from '../shared/random.ts';
import {
  addServiceMinutes,
  addWorkingMinutes,
  completionDueAt,
  completionWorkingDays,
  signDueAt,
  workingMinutesBetween,
  WORKING_DAY_MINUTES,
} from '../shared/work-calendar.ts';
import { callerOf } from './callers.ts';
import { unitProfile, type UnitProfile } from './profiles.ts';
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

/**
 * City-wide odds of the work-order life. What depends on the unit (sign-off and completion
 * pace, lateness, stuck orders, unhappy callers) is in its profile (profiles.ts); together they
 * come to about the city's 96.53 % completion and 95.03 % satisfaction.
 */
export const lifecycleOdds = {
  /** Dispatched to the wrong unit first, which returns it (退单). */
  misdispatch: 0.06,
  /** Extension (延期) requested, for complaints and reports / other kinds. */
  extension: { long: 0.08, short: 0.02 },
  extensionApproved: 0.9,
  /** Completed orders whose caller is reached for the callback (回访). */
  revisit: 0.88,
  /** Unsatisfied callbacks before the unit's profile and the adjustments below. */
  unsatisfied: 0.0375,
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
/** Median share of the completion window a unit takes, by kind (before the unit's pace). */
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

function satisfactionOf(rng: Rng, unsatisfiedOdds: number): Satisfaction {
  if (rng() < unsatisfiedOdds) return 'unsatisfied';
  return rng() < 0.85 ? 'satisfied' : 'basically_satisfied';
}

/** When a unit of `profile` signs off an order dispatched at `dispatchedAt` (签收). */
function signOffAt(rng: Rng, profile: UnitProfile, dispatchedAt: number, urgent: boolean): number {
  const due = signDueAt(dispatchedAt, urgent);
  if (urgent) {
    const window = (due - dispatchedAt) / MINUTE_MS;
    if (rng() < profile.lateSign) return due + minutes(logNormal(rng, 20, 0.8));
    return (
      dispatchedAt +
      minutes(Math.min(0.95 * window, logNormal(rng, profile.signPace * window, 0.7)))
    );
  }
  if (rng() < profile.lateSign) return addWorkingMinutes(due, logNormal(rng, 90, 0.9));
  const window = workingMinutesBetween(dispatchedAt, due);
  return addWorkingMinutes(
    dispatchedAt,
    Math.min(0.95 * window, logNormal(rng, profile.signPace * window, 0.9)),
  );
}

/**
 * When a unit of `profile` completes work started at `from` and due at `due`: on time at a share
 * of the office time left (`share`), or, for the profile's late share, some working days after.
 */
function completionAt(
  rng: Rng,
  profile: UnitProfile,
  from: number,
  due: number,
  share: number,
  urgent: boolean,
): number {
  if (rng() < profile.lateCompletion)
    return urgent
      ? due + minutes(logNormal(rng, 240, 0.8))
      : addWorkingMinutes(due, logNormal(rng, 1.5 * WORKING_DAY_MINUTES, 0.8));
  // Urgent orders are worked around the clock, so late-evening ones often run into the next day.
  if (urgent) return from + minutes(logNormal(rng, 150 * profile.completionPace, 0.7));
  const window = workingMinutesBetween(from, due);
  return addWorkingMinutes(from, Math.min(share, uniform(rng, 0.85, 0.98)) * window);
}

/**
 * Simulates one work order from its draft: created → dispatched (sometimes returned and
 * dispatched again) → signed → (sometimes an extension) → completed → revisited (rarely
 * reopened and handled again). Deadlines follow the hotline rules and calendar; how the unit
 * meets them, its profile. Pure in the draft and the rng.
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
  const profile = unitProfile(unitId);
  const workingDays = completionWorkingDays(kind);
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
  add({ action: 'signed', unitId }, signOffAt(rng, profile, dispatchedAt, urgent));
  const signedAt = at;
  const due = completionDueAt(dispatchedAt, urgent, workingDays);
  const stuck = rng() < profile.stuck;

  let completionDue = due;
  let extended = false;
  const long = kind === 'complaint' || kind === 'report';
  if (!urgent && rng() < (long ? lifecycleOdds.extension.long : lifecycleOdds.extension.short)) {
    const until = completionDueAt(due, false, rng() < 0.6 ? 5 : 10);
    const window = workingMinutesBetween(signedAt, due);
    add(
      { action: 'extension_requested', unitId, until },
      addWorkingMinutes(signedAt, window * uniform(rng, 0.5, 0.9)),
    );
    if (rng() < lifecycleOdds.extensionApproved) {
      add(
        { action: 'extension_approved', unitId, until },
        addWorkingMinutes(at, logNormal(rng, 120, 0.7)),
      );
      completionDue = until;
      extended = true;
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

  const share = extended
    ? uniform(rng, 0.2, 0.9)
    : logNormal(rng, completionPace[kind] * profile.completionPace, 0.6);
  add(
    { action: 'completed', unitId, resolution: template.done(text) },
    completionAt(rng, profile, at, completionDue, share, urgent),
  );
  const overdue = at > completionDue;

  if (!caller || rng() >= lifecycleOdds.revisit) return finish();
  const unsatisfiedOdds =
    lifecycleOdds.unsatisfied *
    profile.unsatisfied *
    (overdue ? 2.5 : 1) *
    (category === 'wages' || category === 'heating' ? 1.3 : 1) *
    (misdispatched ? 1.3 : 1);
  const satisfaction = satisfactionOf(rng, unsatisfiedOdds);
  add({ action: 'revisited', satisfaction }, addServiceMinutes(at, uniform(rng, 30, 1800), 8, 20));
  if (satisfaction !== 'unsatisfied' || rng() >= lifecycleOdds.reopen) return finish();

  // 重办: back to the same unit, whose new completion clock starts at the reopening.
  add(
    { action: 'reopened', reason: pick(rng, reopenReasons) },
    at + logNormal(rng, 4, 1) * HOUR_MS,
  );
  const reopenDue = completionDueAt(at, urgent, workingDays);
  add({ action: 'dispatched', unitId }, at + minutes(logNormal(rng, 15, 0.6)));
  add({ action: 'signed', unitId }, signOffAt(rng, profile, at, urgent));
  add(
    { action: 'completed', unitId, resolution: template.done(text) },
    completionAt(
      rng,
      profile,
      at,
      reopenDue,
      logNormal(rng, 0.3 * profile.completionPace, 0.6),
      urgent,
    ),
  );
  add(
    { action: 'revisited', satisfaction: satisfactionOf(rng, 0.2) },
    addServiceMinutes(at, uniform(rng, 30, 1500), 8, 20),
  );
  return finish();
}
