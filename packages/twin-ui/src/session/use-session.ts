import { useSyncExternalStore } from 'react';
import { readSession, subscribeSession } from './session-store.ts';
import type { SessionState, Viewer } from './session-state.ts';

/** The session state; re-renders on every change. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, readSession);
}

/** The signed-in viewer, or null. */
export function useViewer(): Viewer | null {
  const session = useSession();
  return session.phase === 'signedIn' ? session.viewer : null;
}
