// Client-side types of the 12345 hotline fields this UI reads, mirroring the gateway's
// schema.graphql (Query.tickets … Query.hotlineRules).

import type { LocalDate } from './period.ts';

/** Where a work order (工单) stands. */
export const ticketStatuses = [
  'created',
  'dispatched',
  'signed',
  'returned',
  'completed',
  'revisited',
  'reopened',
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** Work-order categories, in the wire contract's order. */
export const ticketCategories = [
  'heating',
  'roads',
  'wages',
  'education',
  'social_insurance',
  'housing',
  'environment',
  'traffic',
  'water_power',
  'other',
] as const;
export type TicketCategory = (typeof ticketCategories)[number];

/** Actions of a work order, as the trace lists them. */
export const ticketActions = [
  'created',
  'dispatched',
  'signed',
  'returned',
  'extension_requested',
  'extension_approved',
  'completed',
  'revisited',
  'reopened',
] as const;
export type TicketAction = (typeof ticketActions)[number];

/** Score facts a work order produces for its unit; `chase` (催办) is a notice without points. */
export const scoreItemKinds = [
  'sign_on_time',
  'complete_on_time',
  'overdue_sign',
  'overdue_complete',
  'chase',
  'unsatisfied',
  'reopened',
] as const;
export type ScoreItemKind = (typeof scoreItemKinds)[number];

/** A handling unit (承办单位). */
export type UnitRef = { id: string; name: string };

/** Figures over the orders accepted in a period, as they stand now (HotlineStats). */
export type HotlineFigures = {
  accepted: number;
  completed: number;
  due: number;
  /** 办结率, 0–1; null when nothing is due. */
  completionRate: number | null;
  callbacks: number;
  /** 满意率, 0–1; null without callbacks. */
  satisfactionRate: number | null;
  /** On-time sign-off (签收) rate, 0–1. */
  onTimeSignRate: number | null;
  /** Overdue for completion and still open (超期未办结). */
  overdueOpen: number;
};

/** The KPI strip: today's and this year's figures. */
export type HotlineKpis = { today: HotlineFigures; year: HotlineFigures };

/** One row of the unit ranking (承办单位排名). */
export type UnitRankRow = {
  unit: UnitRef;
  score: number;
  rank: number;
  previousScore: number;
  previousRank: number;
  /** score − previousScore. */
  change: number;
  /** Flagged for a talk (约谈). */
  flagged: boolean;
  flagReasons: string[];
};

export type UnitRanking = {
  from: LocalDate;
  to: LocalDate;
  previousFrom: LocalDate;
  previousTo: LocalDate;
  rows: UnitRankRow[];
};

/** An open order overdue for completion (超期工单). */
export type OverdueTicket = {
  id: string;
  category: string | null;
  summary: string | null;
  district: string | null;
  unit: UnitRef | null;
  dueAt: string | null;
  /** Seconds past the due time when the gateway answered. */
  overdueSeconds: number | null;
};

/** Where and what a work order is, for the map. */
export type TicketLocation = {
  id: string;
  category: string | null;
  status: TicketStatus;
  position: [lon: number, lat: number];
  createdAt: string | null;
};

/** Orders accepted per day and category. */
export type CategoryDayCount = { day: LocalDate; category: string; count: number };

/** One action of a work order, as received. */
export type TicketEvent = {
  eventId: string;
  ts: string;
  action: string;
  unit: UnitRef | null;
  /** reason, resolution, until or satisfaction, as sent. */
  detail: Readonly<Record<string, unknown>> | null;
};

/** One bonus, deduction or notice a work order produced for a unit. */
export type ScoreItem = {
  ticketId: string;
  kind: string;
  cycle: number;
  at: string;
  unit: UnitRef | null;
  points: number;
};

/** A work order with its full trace. */
export type TicketTrace = {
  id: string;
  status: TicketStatus;
  createdAt: string | null;
  channel: string | null;
  category: string | null;
  urgency: string | null;
  kind: string | null;
  summary: string | null;
  district: string | null;
  callerName: string | null;
  callerPhone: string | null;
  unit: UnitRef | null;
  signDueAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  resolution: string | null;
  extensions: number;
  returns: number;
  reopens: number;
  satisfaction: string | null;
  overdueSign: boolean;
  overdueComplete: boolean;
  overdueSeconds: number | null;
  chasedAt: string | null;
  events: TicketEvent[];
  scoreItems: ScoreItem[];
};

/** Count × points each of one kind of score fact. */
export type ScoreComponent = { kind: string; count: number; pointsEach: number; points: number };

/** One unit's score over a period, fact by fact. */
export type UnitScoreBreakdown = {
  unit: UnitRef;
  from: LocalDate;
  to: LocalDate;
  base: number;
  score: number;
  components: ScoreComponent[];
  items: ScoreItem[];
  /** Cursor of the next page of items, null when all are here. */
  nextCursor: string | null;
};

/** The scoring rules in force (shown with every formula). */
export type HotlineRules = {
  base: number;
  points: { kind: string; points: number }[];
  flagBelow: number;
  flagFallMoreThan: number;
};
