// graphql-ws on a `ws` server: graphql-ws's own `useServer` (graphql-ws/use/ws, MIT, which its
// docs invite to copy and adjust), with one change: how results are written. useServer waits
// for each message to reach the kernel before the next, so a subscriber costs one write
// system call per message; on this machine's VM that was a third of the gateway's CPU when
// one commit announced many alerts. Here a socket's messages are corked until the next turn
// of the event loop and written together, and a sender waits only when its socket holds
// more than MAX_UNFLUSHED bytes (a slow client: its bounded queue then drops the oldest).
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import {
  CloseCode,
  handleProtocols,
  makeServer,
  type ConnectionInitMessage,
  type Disposable,
  type ServerOptions,
} from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';

/** What graphql-ws hooks get besides the connection: the socket and its upgrade request. */
export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

const MAX_UNFLUSHED = 64 * 1024;
/** Messages a subscriber writes per turn of the event loop before it lets others run. */
const MAX_PER_TURN = 32;

/** Serves graphql-ws on `ws`; `dispose` closes every socket (1001) and the server. */
export function useCoalescingServer(
  options: ServerOptions<ConnectionInitMessage['payload'], Extra>,
  ws: WebSocketServer,
  keepAliveMs = 12_000,
): Disposable {
  const server = makeServer(options);
  ws.options.handleProtocols = handleProtocols;

  // Sockets corked in this turn, uncorked together by one setImmediate.
  const corked = new Map<Socket, number>();
  let flush: NodeJS.Immediate | null = null;
  const nextTurn = () =>
    new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
  const uncorkAll = () => {
    flush = null;
    for (const raw of corked.keys()) raw.uncork();
    corked.clear();
  };
  /** Corks `raw` until the next turn; returns how many messages it took in this turn. */
  const cork = (raw: Socket): number => {
    const count = corked.get(raw);
    if (count !== undefined) {
      corked.set(raw, count + 1);
      return count + 1;
    }
    raw.cork();
    corked.set(raw, 1);
    flush ??= setImmediate(uncorkAll);
    return 1;
  };

  ws.once('error', (error) => {
    console.error('[gateway] WebSocket server error:', error);
    for (const client of ws.clients)
      client.close(CloseCode.InternalServerError, 'Internal server error');
  });

  ws.on('connection', (socket, request) => {
    const raw = request.socket as Socket;
    socket.once('error', () =>
      socket.close(CloseCode.InternalServerError, 'Internal server error'),
    );

    // Pings the client; one that does not answer within keepAliveMs is dropped.
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval =
      keepAliveMs > 0
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => {
              if (pongWait) clearTimeout(pongWait);
              pongWait = null;
            });
            socket.ping();
          }, keepAliveMs)
        : null;

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          const count = cork(raw);
          if (socket.bufferedAmount < MAX_UNFLUSHED) {
            socket.send(data);
            return count >= MAX_PER_TURN ? nextTurn() : undefined;
          }
          return new Promise<void>((resolve, reject) =>
            socket.send(data, (error) => (error ? reject(error) : resolve())),
          );
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', async (message) => {
            try {
              // Text frames only: anything else is not the protocol.
              await cb(String(message));
            } catch (error) {
              console.error('[gateway] WebSocket message failed:', error);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );

    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      if (pingInterval) clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of ws.clients) client.close(1001, 'Going away');
      ws.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        ws.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
