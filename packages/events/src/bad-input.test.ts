import { describe, expect, it } from 'vitest';
import {
  badInputCases,
  corpusNow,
  disputedCases,
  validEdgeCases,
  type BadInputCase,
} from './bad-input.corpus.ts';
import { parseMessage, rejectReasons, type ParseResult, type RejectReason } from './parse.ts';

/** Reasons only ingest gives (stored events, the database); parseMessage never does. */
const ingestReasons: RejectReason[] = ['event_id_conflict', 'storage_rejected'];

const run = (c: { topic: string; payload: string | Buffer; prefix?: string }): ParseResult =>
  parseMessage(c.topic, typeof c.payload === 'string' ? Buffer.from(c.payload) : c.payload, {
    now: corpusNow,
    prefix: c.prefix,
  });

/** The outcome as one comparable string: the reason, or `accepted`. */
const outcome = (result: ParseResult): RejectReason | 'accepted' =>
  result.ok ? 'accepted' : result.reason;

describe('bad-input corpus', () => {
  it('has at least 200 cases with unique names, covering every reason parseMessage can give', () => {
    expect(badInputCases.length).toBeGreaterThanOrEqual(200);
    const names = [...badInputCases, ...validEdgeCases, ...disputedCases].map((c) => c.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    // Ingest decides these against stored events and the database, never parseMessage.
    const covered = new Set(badInputCases.map((c) => c.reason));
    expect(rejectReasons.filter((reason) => !covered.has(reason))).toEqual(ingestReasons);
  });

  it('has enough cases for the reasons text PostgreSQL cannot store and overflows', () => {
    const count = (reason: RejectReason) => badInputCases.filter((c) => c.reason === reason).length;
    expect(count('invalid_text')).toBeGreaterThanOrEqual(8);
    const overflows = badInputCases.filter(
      (c) => c.reason === 'non_finite_number' && /\d[eE]\d{3}|\d{400}/.test(c.payload.toString()),
    );
    expect(overflows.length).toBeGreaterThanOrEqual(5);
  });

  it('pins only disputed outcomes that differ from the proposal', () => {
    expect(disputedCases.filter((c) => c.current === c.proposed).map((c) => c.name)).toEqual([]);
  });

  it.each(badInputCases)('rejects $reason: $name', (c: BadInputCase) => {
    const result = run(c);
    expect(outcome(result), result.ok ? 'accepted' : result.detail).toBe(c.reason);
    expect(typeof (result.ok ? '' : result.detail)).toBe('string');
  });

  it.each(validEdgeCases)('accepts $name', (c) => {
    const result = run(c);
    expect(outcome(result), result.ok ? '' : result.detail).toBe('accepted');
    if (result.ok && c.expect) expect(result.event.payload).toMatchObject(c.expect);
  });

  // Pinned so a change is noticed; when parse.ts adopts `proposed`, move the case into the corpus.
  it.each(disputedCases)('$name: currently $current (proposed: $proposed)', (c) => {
    expect(outcome(run(c))).toBe(c.current);
  });
});
