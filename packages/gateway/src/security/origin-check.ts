import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket upgrade may proceed, by its Origin: absent (not a browser; it still has
 * to authenticate), the gateway's own (the same host and port as the Host header), or one of
 * `allowedOrigins`. Stops cross-site WebSocket hijacking: a page elsewhere opening a socket
 * with the wall screen's cookies or network position.
 */
export function isAllowedOrigin(
  request: IncomingMessage,
  allowedOrigins: readonly string[],
): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and anything malformed
  }
  if (allowedOrigins.includes(url.origin)) return true;
  const host = request.headers.host;
  return host !== undefined && url.host === host.toLowerCase();
}

/** `ws`'s verifyClient: a foreign Origin gets 403 and no socket. */
export function createOriginCheck(allowedOrigins: readonly string[]) {
  return (
    info: { req: IncomingMessage },
    callback: (result: boolean, code?: number, message?: string) => void,
  ): void => {
    if (isAllowedOrigin(info.req, allowedOrigins)) callback(true);
    else callback(false, 403, 'Forbidden origin');
  };
}
