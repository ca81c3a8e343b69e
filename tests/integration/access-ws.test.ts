import { createUser, issueSession, revokeScreen } from '@city-twin/access';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { screenToken, signIn } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';

// graphql-ws and identities: the socket is admitted at connection_init by its token, and
// closed when that token expires or is revoked, against the real gateway and PostgreSQL.

const alertChanged = `subscription { alertChanged(minSeverity: 1) { action alert { id district } } }`;

interface Closed {
  code: number;
  reason: string;
}

/** A raw graphql-transport-ws socket and how it closed. */
function rawSocket(url: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: { type: string }[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<Closed>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
  return { socket, opened, closed, messages };
}

describe('graphql-ws access', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url: string;
  const clients: Client[] = [];

  /** A graphql-ws client with `authorization` in connection_init, recording how it closed. */
  const client = (authorization: string) => {
    const record: { closed?: Closed; acknowledged: boolean } = { acknowledged: false };
    const c = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization },
      on: {
        connected: () => (record.acknowledged = true),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          record.closed = { code, reason };
        },
      },
      onNonLazyError: () => undefined,
    });
    clients.push(c);
    return { client: c, record };
  };

  /** Subscribes and collects events and errors. */
  const collect = (c: Client, query: string) => {
    const events: { action: string; alert: { id: string; district: string | null } }[] = [];
    const errors: unknown[] = [];
    let completed = false;
    c.subscribe<{ alertChanged: (typeof events)[number] }>(
      { query },
      {
        next: (result) => {
          if (result.errors) errors.push(...result.errors);
          if (result.data) events.push(result.data.alertChanged);
        },
        error: (error) => errors.push(error),
        complete: () => (completed = true),
      },
    );
    return {
      events,
      errors,
      get completed() {
        return completed;
      },
    };
  };

  const insertAlert = async (subject: string, district: string) => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
         title_en, detail, district, opened_at, last_seen_at)
       VALUES ('air.pm25-heavy', $1, 'iot', 'threshold', 3, 3, 'open', $1, $1, '{}', $2, now(), now())
       RETURNING id::text AS id`,
      [subject, district],
    );
    await db.query(`SELECT pg_notify('twin_alert', $1)`, [
      JSON.stringify({ id: row!.id, action: 'opened' }),
    ]);
    return row!.id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);
    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  it('closes a socket that sends no connection_init with 4408', async () => {
    const raw = rawSocket(url);
    await raw.opened;
    expect(await raw.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    expect(raw.messages).toEqual([]);
  });

  it('closes a socket whose connection_init has a bad token, or none, with 4403', async () => {
    for (const payload of [
      { authorization: 'Bearer not.a.token' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      {},
      undefined,
    ]) {
      const raw = rawSocket(url);
      await raw.opened;
      raw.socket.send(JSON.stringify({ type: 'connection_init', payload }));
      expect(await raw.closed).toEqual({ code: 4403, reason: 'Forbidden' });
      expect(raw.messages).toEqual([]);
    }
  });

  it('admits a valid token and delivers to it', async () => {
    const { authorization } = await signIn(db, 'leader');
    const { client: c, record } = client(authorization);
    const live = collect(c, alertChanged);
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(1);
    expect(record.acknowledged).toBe(true);
    const id = await insertAlert('iot:ws-admitted', '411202');
    await expect.poll(() => live.events.map((e) => e.alert.id)).toEqual([id]);
    await c.dispose();
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(0);
  });

  it('ends the subscription when the token expires mid-subscription (4403 Token expired)', async () => {
    const user = await createUser(db, {
      username: 'short.shift',
      password: 'short shift password',
      role: 'operator',
    });
    // A session of eight seconds (room for a slow machine to subscribe): expires while subscribed.
    const { token, expiresAt } = await issueSession(db, user, { hours: 8 / 3600 });
    const { client: c, record } = client(`Bearer ${token}`);
    const live = collect(c, alertChanged);
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(1);
    expect(record.closed).toBeUndefined();
    await expect
      .poll(() => record.closed, { timeout: 30_000 })
      .toEqual({ code: 4403, reason: 'Token expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(0);
    expect(live.errors.length + (live.completed ? 1 : 0)).toBeGreaterThan(0);
    // The expired token is refused from then on.
    const again = rawSocket(url);
    await again.opened;
    again.socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
    );
    expect((await again.closed).code).toBe(4403);
  });

  it('closes a revoked wall screen at once (4403 Token revoked), not its neighbours', async () => {
    const hall = await screenToken(db, { name: 'hall-ws' });
    const lobby = await screenToken(db, { name: 'lobby-ws' });
    const revoked = client(hall.authorization);
    const kept = client(lobby.authorization);
    collect(revoked.client, alertChanged);
    const keptLive = collect(kept.client, alertChanged);
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(2);
    await revokeScreen(db, 'hall-ws');
    await expect.poll(() => revoked.record.closed).toEqual({ code: 4403, reason: 'Token revoked' });
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(1);
    expect(kept.record.closed).toBeUndefined();
    const id = await insertAlert('iot:ws-after-revoke', '411203');
    await expect.poll(() => keptLive.events.map((e) => e.alert.id)).toContain(id);
    await kept.client.dispose();
  });

  it('delivers only its districts to a district-scoped subscriber', async () => {
    const whole = client((await signIn(db, 'leader')).authorization);
    const hubin = client((await signIn(db, 'leader', { districts: ['411202'] })).authorization);
    const all = collect(whole.client, alertChanged);
    const scoped = collect(hubin.client, alertChanged);
    await expect.poll(() => gateway.subscriptions.alertChanged).toBe(2);
    const outside = await insertAlert('iot:ws-lingbao', '411282');
    const inside = await insertAlert('iot:ws-hubin', '411202');
    await expect.poll(() => all.events.map((e) => e.alert.id)).toEqual([outside, inside]);
    await expect.poll(() => scoped.events.map((e) => e.alert.id)).toEqual([inside]);
    expect(scoped.errors).toEqual([]);
  });
});
