import { describe, expect, it } from 'vitest';
import {
  badInputCases,
  corpusNow,
  disputedCases,
  validEdgeCases,
  type BadInputCase,
} from './bad-input.corpus.ts';
import { parseMessage, rejectReasons, type ParseResult, type RejectReason } from './parse.ts';

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
    // event_id_conflict is decided by ingest against stored events, never by parseMessage.
    const covered = new Set(badInputCases.map((c) => c.reason));
    expect(rejectReasons.filter((reason) => !covered.has(reason))).toEqual(['event_id_conflict']);
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
