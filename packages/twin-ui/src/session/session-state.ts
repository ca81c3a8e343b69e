/** The roles of the access policy (DESIGN.md §6). */
export const roles = ['screen', 'leader', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who the gateway says the token belongs to (`query me`). */
export type Viewer = {
  username: string;
  displayName: string;
  role: Role;
  /** District codes the viewer is limited to, or null for the whole city. */
  districts: readonly string[] | null;
  /** The wall screen's name for a screen token, else null. */
  screen: string | null;
};

/**
 * Where a token came from: a wall screen's URL (`?screen=<token>`, long-lived, never asks
 * anyone to log in) or a person's login (ends at `expiresAt`).
 */
export type Credential =
  { kind: 'screen'; token: string } | { kind: 'person'; token: string; expiresAt: string | null };

/** What the screen shows: the login page, a check in progress, the scenes, or a refusal. */
export type SessionState =
  | { phase: 'signedOut'; notice: 'expired' | null }
  /** A stored token is being checked with `me`; `unreachable` once the gateway did not answer. */
  | { phase: 'checking'; credential: Credential; unreachable: boolean }
  | { phase: 'signedIn'; credential: Credential; viewer: Viewer }
  /** A wall screen's token was refused (expired, revoked): a styled notice that retries. */
  | { phase: 'screenRefused'; credential: Extract<Credential, { kind: 'screen' }> };

export type SessionEvent =
  | { type: 'check'; credential: Credential }
  | { type: 'verified'; token: string; viewer: Viewer }
  | { type: 'unreachable'; token: string }
  | { type: 'refused'; token: string }
  | { type: 'signedIn'; credential: Credential; viewer: Viewer }
  | { type: 'signedOut' };

/** The token of a state, if it holds one. */
export function tokenOf(state: SessionState): string | null {
  return state.phase === 'signedOut' ? null : state.credential.token;
}

/**
 * The next state. Answers about a token other than the current one (a request sent before a
 * sign-in or sign-out) change nothing.
 */
export function reduceSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'check':
      return { phase: 'checking', credential: event.credential, unreachable: false };
    case 'signedIn':
      return { phase: 'signedIn', credential: event.credential, viewer: event.viewer };
    case 'signedOut':
      return { phase: 'signedOut', notice: null };
    case 'verified':
      if (tokenOf(state) !== event.token || state.phase === 'signedOut') return state;
      return { phase: 'signedIn', credential: state.credential, viewer: event.viewer };
    case 'unreachable':
      if (state.phase !== 'checking' || state.credential.token !== event.token) return state;
      return state.unreachable ? state : { ...state, unreachable: true };
    case 'refused': {
      if (tokenOf(state) !== event.token || state.phase === 'signedOut') return state;
      const { credential } = state;
      switch (credential.kind) {
        case 'screen':
          return state.phase === 'screenRefused' ? state : { phase: 'screenRefused', credential };
        case 'person':
          return { phase: 'signedOut', notice: 'expired' };
        default: {
          const unknownCredential: never = credential;
          return unknownCredential;
        }
      }
    }
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

/** Whether a viewer may acknowledge, resolve, assign and reopen alerts. */
export function canActOnAlerts(viewer: Viewer | null): boolean {
  return viewer?.role === 'operator' || viewer?.role === 'admin';
}
