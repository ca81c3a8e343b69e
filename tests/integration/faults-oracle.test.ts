import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../faults/support/ledger.ts';
import { checkLedger, deadLetterKey, formatReport } from '../faults/support/oracle.ts';

// The checker's arithmetic on small constructed ledgers (no services).
const stored = (key: string, acks = 1, attempts = 1): LedgerEntry => ({
  key,
  expect: { kind: 'stored', rows: 2 },
  attempts,
  acks,
});
const poison = (key: string, reason: string, acks = 1): LedgerEntry => ({
  key,
  expect: { kind: 'dead_letter', reason },
  attempts: 1,
  acks,
});

describe('fault oracle arithmetic', () => {
  it('finds nothing wrong when every acknowledged event is stored once', () => {
    const report = checkLedger([stored('a'), stored('b', 2, 2), poison('t/p', 'not_json')], {
      rows: new Map([
        ['a', 2],
        ['b', 2],
      ]),
      deadLetters: new Map([['t/p', ['not_json']]]),
    });
    expect(report).toMatchObject({
      lost: 0,
      unexpected: 0,
      duplicateRows: 0,
      wronglyDeadLettered: 0,
      deadLettersMissing: 0,
      attempted: 3,
      acknowledged: 3,
      republished: 1,
      stored: 2,
      deadLettered: 1,
    });
  });

  it('counts acknowledged-but-missing as lost, and unacknowledged-missing apart', () => {
    const report = checkLedger([stored('a'), stored('b'), stored('c', 0), stored('d', 0)], {
      rows: new Map([['d', 2]]),
      deadLetters: new Map(),
    });
    expect(report.lost).toBe(2);
    expect(report.lostKeys).toEqual(['a', 'b']);
    expect(report.unacknowledgedMissing).toBe(1);
    expect(report.storedWithoutAck).toBe(1);
    expect(report.stored).toBe(1);
  });

  it('counts rows beyond the expected set as duplicates and unknown keys as unexpected', () => {
    const report = checkLedger([stored('a'), stored('b')], {
      rows: new Map([
        ['a', 4],
        ['b', 3],
        ['ghost', 2],
      ]),
      deadLetters: new Map([['never-sent', ['not_json', 'not_json']]]),
    });
    expect(report.duplicateRows).toBe(3);
    expect(report.unexpected).toBe(3);
    expect(report.lost).toBe(0);
  });

  it('checks dead letters by reason: missing, wrong reason, repeated, and valid events dead-lettered', () => {
    const report = checkLedger(
      [
        poison('p1', 'not_json'),
        poison('p2', 'missing_field'),
        poison('p3', 'ts_in_future'),
        poison('p4', 'not_json', 0),
        stored('ok'),
      ],
      {
        rows: new Map([['p3', 2]]),
        deadLetters: new Map([
          ['p1', ['not_json', 'not_json']],
          ['p2', ['invalid_type']],
          ['ok', ['invalid_type']],
        ]),
      },
    );
    expect(report.deadLettered).toBe(1);
    expect(report.repeatedDeadLetters).toBe(1);
    // p2 has the wrong reason, p3 was stored instead: both missing from the dead letters.
    expect(report.deadLettersMissing).toBe(2);
    expect(report.unexpected).toBe(1);
    expect(report.wronglyDeadLettered).toBe(1);
    expect(report.unacknowledgedMissing).toBe(1);
  });

  it('keys a dead letter by the eventId in its payload, else by its topic', () => {
    expect(deadLetterKey('twin/iot/x/telemetry', '{"eventId": "x:1","ts":1}')).toBe('x:1');
    expect(deadLetterKey('twin/iot/x/telemetry', '{"eventId": 12')).toBe('twin/iot/x/telemetry');
  });

  it('prints every count on one line', () => {
    const line = formatReport(
      'demo',
      checkLedger([stored('a')], { rows: new Map(), deadLetters: new Map() }),
    );
    expect(line).toMatch(/^\[oracle demo\] lost=1 unexpected=0 duplicateRows=0 .* e\.g\. lost a$/);
  });
});
