import { describe, expect, it } from 'vitest';
import { canActOnAlerts, reduceSession, type SessionState, type Viewer } from './session-state.ts';

const screen = { kind: 'screen', token: 'screen-token' } as const;
const person = { kind: 'person', token: 'person-token', expiresAt: null } as const;
const leader: Viewer = {
  username: 'li.na',
  displayName: '李娜',
  role: 'leader',
  districts: null,
  screen: null,
};
const wall: Viewer = { ...leader, username: 'hall', role: 'screen', screen: '指挥大厅主屏' };

describe('reduceSession', () => {
  it('signs a checked screen token in, and shows the refusal when it is revoked', () => {
    let state: SessionState = reduceSession(
      { phase: 'signedOut', notice: null },
      { type: 'check', credential: screen },
    );
    expect(state).toEqual({ phase: 'checking', credential: screen, unreachable: false });
    state = reduceSession(state, { type: 'unreachable', token: screen.token });
    expect(state).toEqual({ phase: 'checking', credential: screen, unreachable: true });
    state = reduceSession(state, { type: 'verified', token: screen.token, viewer: wall });
    expect(state).toEqual({ phase: 'signedIn', credential: screen, viewer: wall });
    state = reduceSession(state, { type: 'refused', token: screen.token });
    expect(state).toEqual({ phase: 'screenRefused', credential: screen });
    // The periodic retry finds the token valid again.
    state = reduceSession(state, { type: 'verified', token: screen.token, viewer: wall });
    expect(state.phase).toBe('signedIn');
  });

  it('sends a person whose token was refused back to the login page with a notice', () => {
    const state = reduceSession(
      { phase: 'signedIn', credential: person, viewer: leader },
      { type: 'refused', token: person.token },
    );
    expect(state).toEqual({ phase: 'signedOut', notice: 'expired' });
  });

  it('ignores answers about a token that is no longer the current one', () => {
    const signedIn: SessionState = { phase: 'signedIn', credential: person, viewer: leader };
    expect(reduceSession(signedIn, { type: 'refused', token: 'older-token' })).toBe(signedIn);
    const signedOut: SessionState = { phase: 'signedOut', notice: null };
    expect(
      reduceSession(signedOut, { type: 'verified', token: person.token, viewer: leader }),
    ).toBe(signedOut);
  });

  it('lets operators and admins act on alerts, not leaders or screens', () => {
    expect(canActOnAlerts({ ...leader, role: 'operator' })).toBe(true);
    expect(canActOnAlerts({ ...leader, role: 'admin' })).toBe(true);
    expect(canActOnAlerts(leader)).toBe(false);
    expect(canActOnAlerts(wall)).toBe(false);
    expect(canActOnAlerts(null)).toBe(false);
  });
});
