// The token every request carries, kept apart from the session store so the GraphQL client
// and the socket can read it without importing the store (which itself sends requests).

/** Why a token was refused: an HTTP answer (401 / UNAUTHENTICATED) or a closed socket. */
export type Rejection = 'http' | 'socket';

let currentToken: string | null = null;
let rejectionListener: ((token: string, via: Rejection) => void) | null = null;

/** The bearer token of the signed-in person or wall screen, or null when anonymous. */
export function readToken(): string | null {
  return currentToken;
}

/** Sets the token requests carry from now on (the session store is its only writer). */
export function setToken(token: string | null): void {
  currentToken = token;
}

/** `Authorization: Bearer …` for an HTTP request made with `token`, or nothing. */
export function toAuthorizationHeader(token: string | null): Record<string, string> {
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

/** The graphql-ws `connection_init` payload for the current token. */
export function toConnectionInitPayload(): Record<string, unknown> {
  return currentToken === null ? {} : { authorization: `Bearer ${currentToken}` };
}

/**
 * Tells the session store the gateway refused `token`. Requests still in flight with an older
 * token report that one, which the store ignores.
 */
export function reportRejectedToken(token: string | null, via: Rejection): void {
  if (token !== null) rejectionListener?.(token, via);
}

/** Registers the one listener for refused tokens (the session store). */
export function onTokenRejected(listener: (token: string, via: Rejection) => void): void {
  rejectionListener = listener;
}
