import { isRecord } from '../graphql/parse.ts';
import type { Credential } from './session-state.ts';

/** The URL parameter that carries a wall screen's token: `/?screen=<token>`. */
export const screenTokenParam = 'screen';
const personSessionKey = 'city-twin.session';

/**
 * The credential this page starts with: a wall screen's token from the URL (it stays there, so
 * a reload or a scene switch keeps it), else the person signed in in this tab, else none.
 */
export function readStoredCredential(search: string): Credential | null {
  const screenToken = new URLSearchParams(search).get(screenTokenParam)?.trim();
  if (screenToken) return { kind: 'screen', token: screenToken };
  return readPersonSession();
}

/**
 * A person's session lives in this tab's session storage: it ends with the tab, and another
 * person at the same console signs in again.
 */
function readPersonSession(): Credential | null {
  let text: string | null;
  try {
    text = window.sessionStorage.getItem(personSessionKey);
  } catch {
    return null;
  }
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.token !== 'string' || value.token === '') return null;
    const expiresAt = typeof value.expiresAt === 'string' ? value.expiresAt : null;
    if (expiresAt !== null && Date.parse(expiresAt) <= Date.now()) return null;
    return { kind: 'person', token: value.token, expiresAt };
  } catch {
    return null;
  }
}

/** Keeps a person's session for reloads of this tab, or forgets it (`null`). */
export function storePersonSession(credential: Credential | null): void {
  try {
    if (credential?.kind === 'person') {
      window.sessionStorage.setItem(
        personSessionKey,
        JSON.stringify({ token: credential.token, expiresAt: credential.expiresAt }),
      );
    } else {
      window.sessionStorage.removeItem(personSessionKey);
    }
  } catch {
    // Storage can be disabled (kiosk profiles): the session lasts until the page reloads.
  }
}
