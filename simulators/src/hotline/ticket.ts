import type { DistrictCode } from '../shared/geo.ts';

/** Work-order category, as in the wire contract. */
export type TicketCategory =
  | 'heating'
  | 'roads'
  | 'wages'
  | 'education'
  | 'social_insurance'
  | 'housing'
  | 'environment'
  | 'traffic'
  | 'water_power'
  | 'other';
/** Kind of request; decides the completion deadline. */
export type TicketKind = 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion';
/** How the request came in. */
export type TicketChannel = 'phone' | 'app' | 'web' | 'wechat' | 'video';
/** Callback (回访) outcome. */
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** What happened at one step of a work order (the contract's action fields; times in ms). */
export type TicketStepBody =
  | {
      action: 'created';
      channel: TicketChannel;
      category: TicketCategory;
      urgency: 'urgent' | 'normal';
      kind: TicketKind;
      summary: string;
      lon: number;
      lat: number;
      caller?: { name: string; phone: string };
    }
  | { action: 'dispatched' | 'signed'; unitId: string }
  | { action: 'returned'; unitId: string; reason: string }
  | { action: 'extension_requested' | 'extension_approved'; unitId: string; until: number }
  | { action: 'completed'; unitId: string; resolution: string }
  | { action: 'revisited'; satisfaction: Satisfaction }
  | { action: 'reopened'; reason: string };

/** One step of a work order: its body, when, and its ordinal within the order. */
export type TicketStep = TicketStepBody & {
  ticketId: string;
  /** 0 for `created`, then 1, 2 … in time order. */
  index: number;
  at: number;
};

/** A work order (工单) with its whole simulated life. */
export interface Ticket {
  /** `T{YYYYMMDD}-{NNNNNN}`: creation date (China time) and the day's sequence number. */
  id: string;
  createdAt: number;
  category: TicketCategory;
  kind: TicketKind;
  urgency: 'urgent' | 'normal';
  district: DistrictCode;
  /** The unit that finally handles it. */
  unitId: string;
  steps: TicketStep[];
}
