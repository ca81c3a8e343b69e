import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenToken } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';
import { gql } from '../support/graphql.ts';

// `alerts(openAt:)` replays the alert list: the alerts open at an instant, with the status each
// had then. Alerts of last night's heating failure are written with SQL at known times.

const at = (time: string) => `2026-12-04T${time}+08:00`;

interface Seed {
  subject: string;
  opened: string;
  acknowledged?: string;
  resolved?: string;
}

const seeds: Seed[] = [
  // Opened 19:00, acknowledged 20:00, resolved 23:00.
  { subject: 'iot:heat-01', opened: '19:00:00', acknowledged: '20:00:00', resolved: '23:00:00' },
  // Opened 21:00, never handled.
  { subject: 'iot:heat-02', opened: '21:00:00' },
  // Opened and resolved before the night began.
  { subject: 'iot:heat-03', opened: '12:00:00', resolved: '13:00:00' },
];

const listQuery = `query ($openAt: DateTime, $status: [AlertStatus!]) {
  alerts(openAt: $openAt, status: $status, first: 10) { edges { node { subject status } } }
}`;

type ListAnswer = { alerts: { edges: { node: { subject: string; status: string } }[] } };

describe('alerts open at an instant (replay)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url = '';
  let token = '';

  const openAt = async (time: string, status?: string[]) => {
    const answer = await gql<ListAnswer>(url, listQuery, { openAt: at(time), status }, { token });
    return answer.alerts.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url, onError: () => undefined });
    await migrate(db);
    for (const seed of seeds) {
      await db.query(
        `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
           title_en, detail, district, opened_at, last_seen_at, acknowledged_at, acknowledged_by,
           resolved_at, resolved_by)
         VALUES ('heating.supply-low', $1, 'iot', 'threshold', 3, 3, $2, '供热不足', 'heating low',
           '{}', '411202', $3, $3, $4, CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE 'op' END,
           $5, CASE WHEN $5::timestamptz IS NULL THEN NULL ELSE 'op' END)`,
        [
          seed.subject,
          seed.resolved ? 'resolved' : seed.acknowledged ? 'acknowledged' : 'open',
          at(seed.opened),
          seed.acknowledged ? at(seed.acknowledged) : null,
          seed.resolved ? at(seed.resolved) : null,
        ],
      );
    }
    token = (await screenToken(db)).token;
    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  it('lists the alerts open at the instant, newest first, with the status they had then', async () => {
    expect(await openAt('18:30:00')).toEqual([]);
    expect(await openAt('19:00:00')).toEqual([{ subject: 'iot:heat-01', status: 'open' }]);
    expect(await openAt('20:30:00')).toEqual([{ subject: 'iot:heat-01', status: 'acknowledged' }]);
    expect(await openAt('22:00:00')).toEqual([
      { subject: 'iot:heat-02', status: 'open' },
      { subject: 'iot:heat-01', status: 'acknowledged' },
    ]);
    // Resolved at 23:00: from then on only the unhandled one is open.
    expect(await openAt('23:00:00')).toEqual([{ subject: 'iot:heat-02', status: 'open' }]);
    expect(await openAt('12:30:00')).toEqual([{ subject: 'iot:heat-03', status: 'open' }]);
  });

  it('filters on the status at the instant', async () => {
    expect(await openAt('22:00:00', ['open'])).toEqual([
      { subject: 'iot:heat-02', status: 'open' },
    ]);
    expect(await openAt('22:00:00', ['acknowledged'])).toEqual([
      { subject: 'iot:heat-01', status: 'acknowledged' },
    ]);
    expect(await openAt('22:00:00', ['resolved'])).toEqual([]);
  });

  it('without openAt lists every alert with its status now', async () => {
    const answer = await gql<ListAnswer>(url, listQuery, {}, { token });
    expect(answer.alerts.edges.map((e) => e.node)).toEqual([
      { subject: 'iot:heat-02', status: 'open' },
      { subject: 'iot:heat-01', status: 'resolved' },
      { subject: 'iot:heat-03', status: 'resolved' },
    ]);
  });
});
