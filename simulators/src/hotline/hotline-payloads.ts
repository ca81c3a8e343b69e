import { toChinaIso } from '../shared/china-time.ts';
import { hashSeed } from '../shared/random.ts';
import type { TicketStep } from './ticket.ts';
import type { Unit, UnitKind } from './units.ts';

/** `twin/hotline/unit/{id}/meta` payload. */
export interface UnitMetaPayload {
  eventId: string;
  ts: string;
  name: string;
  kind: UnitKind;
  district?: string;
}

/** `twin/hotline/ticket/{id}/event` payload: the step's fields, times as ISO strings. */
export type TicketEventPayload = { eventId: string; ts: string; ticketId: string } & Record<
  string,
  unknown
>;

/** A unit's metadata; the eventId hashes the content. */
export function toUnitMetaPayload(unit: Unit, at: number): UnitMetaPayload {
  const version = hashSeed(unit.name, unit.kind, unit.district ?? '').toString(36);
  return {
    eventId: `${unit.id}:meta:${version}`,
    ts: toChinaIso(at),
    name: unit.name,
    kind: unit.kind,
    ...(unit.district ? { district: unit.district } : {}),
  };
}

/** One step of a work order as published: eventId `{ticketId}:{NN}-{action}`. */
export function toTicketEventPayload(step: TicketStep): TicketEventPayload {
  const { ticketId, index, at, ...body } = step;
  return {
    eventId: `${ticketId}:${String(index).padStart(2, '0')}-${body.action}`,
    ts: toChinaIso(at),
    ticketId,
    ...body,
    ...('until' in body ? { until: toChinaIso(body.until) } : {}),
  };
}
