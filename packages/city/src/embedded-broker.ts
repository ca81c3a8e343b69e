import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  createAedesAccessHooks,
  createPacketSizeGuard,
  generatePassword,
  MAX_PACKET_BYTES,
  toIdentity,
  withCredentials,
} from '@city-twin/mqtt-access';
import { Aedes } from 'aedes';

/** How to start the embedded broker. */
export interface EmbeddedBrokerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Topic prefix the identities' rights are under (default `twin`). */
  prefix?: string;
  /**
   * Further identities and their passwords (`device:<id>`, `camera:<id>`, `hotline`); `ingest` and
   * `simulator` always exist, with random passwords unless given here.
   */
  passwords?: Record<string, string>;
}

/** A running in-process MQTT broker; nobody connects without one of its identities. */
export interface EmbeddedBroker {
  /** `mqtt://host:port`, without credentials. */
  address: string;
  /** The URL carrying an identity's username and password. */
  urlFor(identity: string): string;
  stop(): Promise<void>;
}

/**
 * Starts an aedes MQTT 3.1.1 broker on a local port, enforcing the identities' topic rights,
 * the 64 KiB payload limit and Mosquitto's packet limit (@city-twin/mqtt-access). Passwords live
 * only in this process.
 */
export async function startEmbeddedBroker(
  options: EmbeddedBrokerOptions = {},
): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const passwords = new Map<string, string>([
    ['ingest', generatePassword()],
    ['simulator', generatePassword()],
  ]);
  for (const [name, password] of Object.entries(options.passwords ?? {})) {
    toIdentity(name);
    passwords.set(name, password);
  }
  const hooks = createAedesAccessHooks({ passwords, prefix: options.prefix });
  const broker = await Aedes.createBroker({
    authenticate: hooks.authenticate,
    authorizePublish: hooks.authorizePublish,
    authorizeSubscribe: hooks.authorizeSubscribe,
  });
  const server: Server = createServer((socket) => {
    // aedes reads each connection with socket.read(); a packet announcing more than the limit
    // closes the connection at its header, before its body is buffered (Mosquitto's
    // max_packet_size does the same).
    const guard = createPacketSizeGuard(MAX_PACKET_BYTES);
    const read = socket.read.bind(socket);
    socket.read = (size?: number) => {
      const chunk: unknown = read(size);
      if (chunk instanceof Uint8Array && !guard.feed(chunk)) {
        socket.destroy();
        return null;
      }
      return chunk;
    };
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = `mqtt://${host}:${(server.address() as AddressInfo).port}`;
  return {
    address,
    urlFor(identity) {
      const password = passwords.get(identity);
      if (password === undefined)
        throw new Error(`the embedded broker has no identity ${identity}`);
      return withCredentials(address, identity, password);
    },
    async stop() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
