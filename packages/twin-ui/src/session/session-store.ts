import { requestGraphQL } from '../graphql/client.ts';
import { GraphQLRequestError } from '../graphql/graphql-error.ts';
import { readStoredCredential, storePersonSession } from './credential-storage.ts';
import { loginOperation, meOperation } from './session-operations.ts';
import { reduceSession, type SessionEvent, type SessionState, tokenOf } from './session-state.ts';
import { onTokenRejected, type Rejection, setToken } from './session-token.ts';

/** While a stored token cannot be checked (gateway down) it is checked again this often. */
export const unreachableRetryMs = 5_000;
/** A refused wall-screen token is tried again this often (restored, or the gateway is back). */
export const refusedRetryMs = 10_000;
/** A closed socket asks `me` at most this often. */
const recheckGapMs = 3_000;
/** setTimeout's longest delay. */
const maxTimerMs = 2_147_483_647;

/** Why a login failed, as the login page says it. */
export type LoginError = 'badCredentials' | 'tooManyAttempts' | 'unreachable' | 'failed';

type Store = {
  state: SessionState;
  listeners: Set<() => void>;
  checkTimer: ReturnType<typeof setTimeout> | null;
  expiryTimer: ReturnType<typeof setTimeout> | null;
  lastRecheckAt: number;
};

let store: Store | null = null;

/** The store, started on first use from the URL and this tab's storage. */
function started(): Store {
  if (store !== null) return store;
  const credential = readStoredCredential(window.location.search);
  const created: Store = {
    state: { phase: 'signedOut', notice: null },
    listeners: new Set(),
    checkTimer: null,
    expiryTimer: null,
    lastRecheckAt: 0,
  };
  store = created;
  onTokenRejected(handleRejection);
  if (credential !== null) dispatch({ type: 'check', credential });
  return created;
}

/** The current session state (for useSyncExternalStore). */
export function readSession(): SessionState {
  return started().state;
}

/** Calls `listener` after every change; returns the unsubscribe. */
export function subscribeSession(listener: () => void): () => void {
  const { listeners } = started();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function dispatch(event: SessionEvent): void {
  const current = started();
  const previous = current.state;
  const next = reduceSession(previous, event);
  if (next === previous) return;
  current.state = next;
  setToken(tokenOf(next));
  afterChange(current, previous, next);
  for (const listener of current.listeners) listener();
}

/** Timers and storage that follow a change of state. */
function afterChange(current: Store, previous: SessionState, next: SessionState): void {
  if (next.phase === 'signedOut') storePersonSession(null);
  if (current.expiryTimer !== null) clearTimeout(current.expiryTimer);
  current.expiryTimer = null;
  if (next.phase === 'signedIn' && next.credential.kind === 'person') {
    storePersonSession(next.credential);
    const expiresAt =
      next.credential.expiresAt === null ? NaN : Date.parse(next.credential.expiresAt);
    // At expiry the gateway refuses the token: ask it then rather than wait for the next poll.
    if (Number.isFinite(expiresAt)) {
      const delay = Math.min(Math.max(expiresAt - Date.now() + 1_000, 0), maxTimerMs);
      current.expiryTimer = setTimeout(() => void recheckSession(), delay);
    }
  }
  const tokenChanged = tokenOf(previous) !== tokenOf(next);
  switch (next.phase) {
    case 'checking':
      if (tokenChanged || previous.phase !== 'checking') scheduleCheck(0);
      break;
    case 'screenRefused':
      if (tokenChanged || previous.phase !== 'screenRefused') scheduleCheck(refusedRetryMs);
      break;
    case 'signedIn':
    case 'signedOut':
      scheduleCheck(null);
      break;
    default: {
      const unknownState: never = next;
      return unknownState;
    }
  }
}

/** Runs `me` after `delayMs` (null: cancels the pending run). */
function scheduleCheck(delayMs: number | null): void {
  const current = started();
  if (current.checkTimer !== null) clearTimeout(current.checkTimer);
  current.checkTimer = delayMs === null ? null : setTimeout(() => void runCheck(), delayMs);
}

/** Checks the token of a `checking` or `screenRefused` state, and again later while it stays so. */
async function runCheck(): Promise<void> {
  const current = started();
  current.checkTimer = null;
  const state = current.state;
  if (state.phase !== 'checking' && state.phase !== 'screenRefused') return;
  const token = state.credential.token;
  await verify(token);
  const after = current.state;
  if (current.checkTimer !== null || tokenOf(after) !== token) return;
  if (after.phase === 'checking') scheduleCheck(unreachableRetryMs);
  else if (after.phase === 'screenRefused') scheduleCheck(refusedRetryMs);
}

/** Asks the gateway who `token` belongs to and records the answer. */
async function verify(token: string): Promise<void> {
  try {
    const viewer = await requestGraphQL(meOperation);
    if (viewer === null) dispatch({ type: 'refused', token });
    else dispatch({ type: 'verified', token, viewer });
  } catch (error) {
    if (isUnauthenticated(error)) dispatch({ type: 'refused', token });
    else dispatch({ type: 'unreachable', token });
  }
}

/** Asks `me` again for the signed-in token (after a closed socket, or at expiry). */
export async function recheckSession(): Promise<void> {
  const current = started();
  const state = current.state;
  if (state.phase !== 'signedIn') return;
  const now = Date.now();
  if (now - current.lastRecheckAt < recheckGapMs) return;
  current.lastRecheckAt = now;
  await verify(state.credential.token);
}

function handleRejection(token: string, via: Rejection): void {
  switch (via) {
    case 'http':
      dispatch({ type: 'refused', token });
      return;
    case 'socket':
      // A socket closes for other reasons too: let `me` decide.
      void recheckSession();
      return;
    default: {
      const unknownVia: never = via;
      return unknownVia;
    }
  }
}

function isUnauthenticated(error: unknown): boolean {
  return (
    error instanceof GraphQLRequestError &&
    (error.status === 401 || error.errors.some((item) => item.code === 'UNAUTHENTICATED'))
  );
}

/** Signs a person in; on success the app shows the scenes, else the reason comes back. */
export async function signIn(username: string, password: string): Promise<LoginError | null> {
  try {
    const session = await requestGraphQL(loginOperation, {
      variables: { username, password },
    });
    dispatch({
      type: 'signedIn',
      credential: { kind: 'person', token: session.token, expiresAt: session.expiresAt },
      viewer: session.viewer,
    });
    return null;
  } catch (error) {
    return toLoginError(error);
  }
}

/** Forgets this tab's session: the login page shows. */
export function signOut(): void {
  dispatch({ type: 'signedOut' });
}

function toLoginError(error: unknown): LoginError {
  if (!(error instanceof GraphQLRequestError)) return 'failed';
  if (error.code === 'TWIN_GATEWAY_UNREACHABLE') return 'unreachable';
  const codes = error.errors.map((item) => item.code);
  if (error.status === 429 || codes.some((code) => code !== null && /RATE|TOO_MANY/.test(code))) {
    return 'tooManyAttempts';
  }
  if (
    error.status === 401 ||
    codes.includes('UNAUTHENTICATED') ||
    codes.includes('BAD_USER_INPUT')
  ) {
    return 'badCredentials';
  }
  if (error.code === 'TWIN_GATEWAY_HTTP_ERROR' && (error.status ?? 0) >= 500) return 'unreachable';
  return 'failed';
}
