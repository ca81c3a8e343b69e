import { describe, expect, it } from 'vitest';
import { parseHandlingStatus, refusalOf, type HandlingAction } from './transitions.ts';

const allowed = (status: 'open' | 'acknowledged' | 'resolved', action: HandlingAction) =>
  refusalOf('alert', '12', status, action) === null;

describe('alert handling transitions', () => {
  it('go open → acknowledged → resolved, and resolved → open by reopening', () => {
    expect(allowed('open', 'acknowledged')).toBe(true);
    expect(allowed('acknowledged', 'resolved')).toBe(true);
    expect(allowed('open', 'resolved')).toBe(true);
    expect(allowed('resolved', 'reopened')).toBe(true);
  });

  it('refuse the rest with a sentence naming the alert', () => {
    expect(refusalOf('alert', '12', 'resolved', 'acknowledged')).toBe('alert 12 is resolved');
    expect(refusalOf('alert', '12', 'acknowledged', 'acknowledged')).toBe(
      'alert 12 is already acknowledged',
    );
    expect(refusalOf('incident', '3', 'resolved', 'resolved')).toBe(
      'incident 3 is already resolved',
    );
    expect(refusalOf('alert', '12', 'open', 'reopened')).toBe('alert 12 is not resolved');
    expect(refusalOf('alert', '12', 'acknowledged', 'reopened')).toBe('alert 12 is not resolved');
  });

  it('assign only what is not resolved', () => {
    expect(allowed('open', 'assigned')).toBe(true);
    expect(allowed('acknowledged', 'assigned')).toBe(true);
    expect(refusalOf('alert', '7', 'resolved', 'assigned')).toBe('alert 7 is resolved');
  });

  it('treat an unknown stored status as a broken row', () => {
    expect(() => parseHandlingStatus('closed')).toThrow('unknown alert status closed');
    expect(parseHandlingStatus('acknowledged')).toBe('acknowledged');
  });
});
