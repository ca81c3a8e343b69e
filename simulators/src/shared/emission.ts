/** The three event streams of the demo city. */
export const streamNames = ['iot', 'video', 'hotline'] as const;

/** One event stream: IoT network, video network, or the 12345 hotline. */
export type StreamName = (typeof streamNames)[number];

/** A payload of the wire contract: every one has an eventId and a ts. */
export interface ContractPayload {
  eventId: string;
  ts: string;
}

/** One message to publish. */
export interface Emission {
  topic: string;
  payload: ContractPayload;
  retain: boolean;
}

/**
 * A simulated stream. Apart from `between`, whose calls must move forward in time, answers
 * are pure functions of the seed and the arguments.
 */
export interface SimStream {
  readonly name: StreamName;
  /** Retained metadata, published on every (re)connect, stamped `at`. */
  meta(at: number): Emission[];
  /** What a consumer needs when the simulation starts at `at`, before live events. */
  opening(at: number): Emission[];
  /** Events stamped in (from, to]; `to` never passes the simulated clock, so neither do they. */
  between(from: number, to: number): Emission[];
  /** After an outage from `from` to `to`: events that must not stay lost (state changes). */
  recover(from: number, to: number): Emission[];
}
