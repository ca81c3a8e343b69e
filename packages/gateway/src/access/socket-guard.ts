import { ACCESS_CHANNEL, checkToken, type Viewer } from '@city-twin/access';
import type { Db } from '@city-twin/db';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { authenticateBearer, bearerToken } from '../context.ts';

/** Close reasons a wall screen tells apart (all with code 4403 Forbidden). */
export const CLOSE_REASONS = {
  refused: 'Forbidden',
  expired: 'Token expired',
  revoked: 'Token revoked',
} as const;

/** Longest delay setTimeout takes (~24.8 days); later expiries are caught by the recheck. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Admitted {
  token: string;
  viewer: Viewer;
  expiry: NodeJS.Timeout | null;
}

/**
 * Who holds each graphql-ws socket: admitted at connection_init with a valid token, closed
 * (4403) when the token expires, and when its user or screen is revoked (announced on
 * ACCESS_CHANNEL, and rechecked every `recheckMs` in case an announcement was missed).
 */
export function createSocketGuard(db: Db, log: (line: string) => void, recheckMs = 60_000) {
  const admitted = new Map<WebSocket, Admitted>();
  let unlisten: (() => Promise<void>) | null = null;
  let interval: NodeJS.Timeout | null = null;

  const release = (socket: WebSocket) => {
    const entry = admitted.get(socket);
    if (entry?.expiry) clearTimeout(entry.expiry);
    admitted.delete(socket);
  };
  const refuse = (socket: WebSocket, reason: string) => {
    release(socket);
    socket.close(CloseCode.Forbidden, reason);
  };

  async function recheck(): Promise<void> {
    // Many sockets share a token (a wall screen's on every tab): each is checked once.
    const checked = new Map<string, ReturnType<typeof checkToken>>();
    for (const [socket, entry] of [...admitted]) {
      let check = checked.get(entry.token);
      if (!check) {
        check = checkToken(db, entry.token);
        checked.set(entry.token, check);
      }
      try {
        entry.viewer = (await check).viewer;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (typeof code === 'string' && code.startsWith('TWIN_')) {
          refuse(
            socket,
            code === 'TWIN_TOKEN_EXPIRED' ? CLOSE_REASONS.expired : CLOSE_REASONS.revoked,
          );
        } else {
          log(`socket recheck failed: ${(error as Error).message}`);
        }
      }
    }
  }

  return {
    /** Sockets held by signed-in viewers. */
    get size(): number {
      return admitted.size;
    },
    /**
     * Admits `socket` for the `authorization` of its connection_init payload; false (graphql-ws
     * then closes 4403) for no token or a refused one.
     */
    async admit(socket: WebSocket, authorization: unknown): Promise<Viewer | false> {
      let verified;
      try {
        verified = await authenticateBearer(db, authorization);
      } catch {
        return false;
      }
      const token = bearerToken(authorization);
      if (!verified || !token || socket.readyState !== socket.OPEN) return false;
      let expiry: NodeJS.Timeout | null = null;
      if (verified.expiresAt) {
        const delay = Math.max(0, verified.expiresAt.getTime() - Date.now());
        if (delay <= MAX_TIMER_MS)
          expiry = setTimeout(() => refuse(socket, CLOSE_REASONS.expired), delay);
      }
      admitted.set(socket, { token, viewer: verified.viewer, expiry });
      socket.once('close', () => release(socket));
      return verified.viewer;
    },
    /** The viewer holding `socket`, null when it was not admitted. */
    viewerOf(socket: WebSocket): Viewer | null {
      return admitted.get(socket)?.viewer ?? null;
    },
    async start(): Promise<void> {
      unlisten = await db.listen(ACCESS_CHANNEL, () => void recheck());
      interval = setInterval(() => void recheck(), recheckMs);
      interval.unref();
    },
    async stop(): Promise<void> {
      if (interval) clearInterval(interval);
      interval = null;
      for (const socket of [...admitted.keys()]) release(socket);
      await unlisten?.();
      unlisten = null;
    },
  };
}
